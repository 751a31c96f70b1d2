"""What the search index holds for each kind of content, built from the content itself.

`build(obj)` returns an Entry (or None when the object should not be findable: unpublished,
deleted, outside any community). The access keys come from the permissions module, so the
index and the pages agree on who may see what.

A translation (intranet/i18n.py) is an entry of its own, in its language: its title and text
are its own, and everything else (community, access, author, date, facets, address) is its
source page's, so it is found by whoever may read the source, and only while the source is.
"""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.utils import timezone

from intranet.community import permissions
from intranet.community.models import PostPage
from intranet.html import html_to_text
from intranet.i18n import LANGUAGE_PARAMETER, is_translation, source_of
from intranet.learning.models import LearningPathPage, ModulePage
from intranet.library.models import LibraryItemPage
from intranet.library.text import document_text
from intranet.people.models import Profile
from intranet.wiki.diff import visible_lines
from intranet.wiki.models import WikiPage

from .models import Kind

MAX_BODY = 200_000


@dataclass
class Entry:
    key: str
    kind: str
    title: str
    url: str
    body: str = ""
    community_id: int | None = None
    author_id: int | None = None
    date: datetime.datetime | None = None
    language: str = ""
    document_type: str = ""
    outcome: str = ""
    access: list = field(default_factory=list)
    facets: list = field(default_factory=list)  # (name, value, label)

    @property
    def year(self):
        return self.date.year if self.date else None


def key_of(obj):
    if isinstance(obj, Profile):
        return f"person:{obj.pk}"
    kind = KINDS[type(obj)]
    return f"{kind}:{obj.pk}"


KINDS = {
    PostPage: Kind.POST,
    LibraryItemPage: Kind.LIBRARY,
    WikiPage: Kind.WIKI,
    LearningPathPage: "path",
    ModulePage: "module",
}


def _terms(name, objects):
    return [(name, obj.slug, obj.name) for obj in objects]


def _tags(tags):
    return [("tag", tag.slug, tag.name) for tag in tags]


def _source(page):
    """The page whose community, access and facets an entry of `page` takes: the page itself,
    or the source of a translation; None for an alias of one or a translation of a page that
    is gone (or, in a rebuild, not live)."""
    if not is_translation(page):
        return page
    if page.alias_of_id is not None:  # the source's text, kept in another language's tree
        return None
    if hasattr(page, "_search_source"):  # given by sources(), for every page at once
        return page._search_source
    return source_of(page)


def _language(page):
    return page.locale.language_code if page.locale_id else ""


def _url(page, source):
    """A translation has no address of its own: it is read at its source's, in its language."""
    if page is source:
        return page.url
    return f"{source.url}?{urlencode({LANGUAGE_PARAMETER: _language(page)})}"


def _in_community(page, source):
    """The live community of a live page (and of its live source), or None: only those are
    findable."""
    if source is None or not page.live or not source.live:
        return None
    community = source.community
    if community is None or not community.live:
        return None
    return community


def post(page):
    source = _source(page)
    community = _in_community(page, source)
    if community is None:
        return None
    comments = [  # the discussion is the source's, in whatever language it was held
        html_to_text(comment.body)
        for comment in (source.comments.all() if page is source else [])
        if comment.deleted_at is None
    ]
    return Entry(
        key=key_of(page),
        kind=Kind.POST,
        title=page.title,
        url=_url(page, source),
        body="\n".join([html_to_text(page.body), *comments])[:MAX_BODY],
        community_id=community.pk,
        author_id=source.owner_id,
        date=source.first_published_at,
        language=_language(page),
        access=permissions.content_keys(community),
        facets=[
            *_terms("customer", source.customers.all()),
            *_terms("product", source.products.all()),
            *_tags(source.tags.all()),
        ],
    )


def library_item(page):
    source = _source(page)
    community = _in_community(page, source)
    if community is None:
        return None
    text = ""
    if page is source:  # a translation translates the summary; the files are the source's
        latest = page.files.order_by("-version").select_related("document").first()
        if latest is not None:
            with latest.document.file.open("rb") as f:
                text = document_text(latest.filename, f.read())
    dated = timezone.make_aware(datetime.datetime.combine(source.document_date, datetime.time(12)))
    return Entry(
        key=key_of(page),
        kind=Kind.LIBRARY,
        title=page.title,
        url=_url(page, source),
        body="\n".join([page.summary, text])[:MAX_BODY],
        community_id=community.pk,
        author_id=source.owner_id,
        date=dated,
        # An item names the language of its document; a translation is in its locale's.
        language=page.language if page is source else _language(page),
        document_type=source.document_type,
        outcome=source.outcome,
        access=permissions.content_keys(community),
        facets=[
            *_terms("customer", source.customers.all()),
            *_terms("product", source.products.all()),
            *_tags(source.tags.all()),
        ],
    )


def wiki_page(page):
    source = _source(page)
    community = _in_community(page, source)
    if community is None:
        return None
    lines = visible_lines(page.title, page.body.raw_data)[1:]
    return Entry(
        key=key_of(page),
        kind=Kind.WIKI,
        title=page.title,
        url=_url(page, source),
        body="\n".join(lines)[:MAX_BODY],
        community_id=community.pk,
        author_id=(
            source.latest_revision.user_id if source.latest_revision_id else source.owner_id
        ),
        date=source.last_published_at,
        language=_language(page),
        access=permissions.content_keys(community),
    )


def _learning_access(path):
    """A path's (and its modules') keys: its community's, or everyone's for a site-wide path;
    None when it is not findable at all."""
    if path is None or not path.live:
        return None
    if path.community_id is None:
        return [permissions.EVERYONE]
    community = path.community
    return permissions.content_keys(community) if community.live else None


def learning_path(page):
    source = _source(page)
    access = _learning_access(source) if page.live else None
    if access is None:
        return None
    return Entry(
        key=key_of(page),
        kind=Kind.LEARNING,
        title=page.title,
        url=_url(page, source),
        body="\n".join([page.summary, *visible_lines("", page.intro.raw_data)[1:]])[:MAX_BODY],
        community_id=source.community_id,
        author_id=source.owner_id,
        date=source.last_published_at,
        language=_language(page),
        access=access,
        facets=_tags(source.topics.all()),
    )


def learning_module(page):
    source = _source(page)
    findable = page.live and source is not None and source.live
    access = _learning_access(source.learning_path) if findable else None
    if access is None:
        return None
    lines = visible_lines(page.title, page.body.raw_data)[1:]
    return Entry(
        key=key_of(page),
        kind=Kind.LEARNING,
        title=page.title,
        url=_url(page, source),
        body="\n".join(lines)[:MAX_BODY],
        community_id=source.community_id,
        author_id=source.owner_id,
        date=source.last_published_at,
        language=_language(page),
        access=access,
    )


def person(profile):
    user = profile.user
    if not user.is_active:
        return None
    about = [
        profile.title,
        str(profile.division or ""),
        str(profile.location or ""),
        *(str(job) for job in profile.job_functions.all()),
        profile.bio,
        *(tag.name for tag in profile.expertise.all()),
        *(tag.name for tag in profile.interests.all()),
    ]
    return Entry(
        key=key_of(profile),
        kind=Kind.PERSON,
        title=user.get_full_name() or user.username,
        url=profile.get_absolute_url(),
        body="\n".join(part for part in about if part),
        date=user.date_joined,
        access=[permissions.EVERYONE],
        facets=_tags([*profile.expertise.all(), *profile.interests.all()]),
    )


BUILDERS = {
    PostPage: post,
    LibraryItemPage: library_item,
    WikiPage: wiki_page,
    LearningPathPage: learning_path,
    ModulePage: learning_module,
    Profile: person,
}


def build(obj):
    return BUILDERS[type(obj)](obj)


class WithSources:
    """The pages of a queryset, each translation given its source from among them, so a
    rebuild reads no page twice (a translation of a page that is not live gets none, and is
    not findable)."""

    def __init__(self, queryset):
        self.queryset = queryset

    def __iter__(self):
        pages = list(self.queryset)
        found = {page.translation_key: page for page in pages if not is_translation(page)}
        for page in pages:
            if is_translation(page):
                page._search_source = found.get(page.translation_key)
        return iter(pages)


def sources():
    """(label, pages) of everything the index should hold, for a rebuild: sources and
    translations of every language, and people."""
    return [
        (
            "people",
            Profile.objects.select_related("user", "division", "location").prefetch_related(
                "job_functions", "expertise", "interests"
            ),
        ),
        (
            "posts",
            WithSources(
                PostPage.objects.live()
                .select_related("community", "locale")
                .prefetch_related("comments", "customers", "products", "tags")
            ),
        ),
        (
            "library",
            WithSources(
                LibraryItemPage.objects.live()
                .select_related("community", "locale")
                .prefetch_related("customers", "products", "tags")
            ),
        ),
        (
            "wiki",
            WithSources(
                WikiPage.objects.live().select_related("community", "locale", "latest_revision")
            ),
        ),
        (
            "learning paths",
            WithSources(
                LearningPathPage.objects.live()
                .select_related("community", "locale")
                .prefetch_related("topics")
            ),
        ),
        (
            "learning modules",
            WithSources(
                ModulePage.objects.live().select_related(
                    "community", "locale", "learning_path", "learning_path__community"
                )
            ),
        ),
    ]
