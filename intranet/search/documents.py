"""What the search index holds for each kind of content, built from the content itself.

`build(obj)` returns an Entry (or None when the object should not be findable: unpublished,
deleted, outside any community). The access keys come from the permissions module, so the
index and the pages agree on who may see what.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from intranet.community import permissions
from intranet.community.models import PostPage
from intranet.html import html_to_text
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


def _in_community(page):
    """A live page of a live community, or None: only those are findable."""
    community = page.community
    if not page.live or community is None or not community.live:
        return None
    return community


def post(page):
    community = _in_community(page)
    if community is None:
        return None
    comments = [
        html_to_text(comment.body) for comment in page.comments.all() if comment.deleted_at is None
    ]
    return Entry(
        key=key_of(page),
        kind=Kind.POST,
        title=page.title,
        url=page.url,
        body="\n".join([html_to_text(page.body), *comments])[:MAX_BODY],
        community_id=community.pk,
        author_id=page.owner_id,
        date=page.first_published_at,
        language=page.locale.language_code if page.locale_id else "",
        access=permissions.content_keys(community),
        facets=[
            *_terms("customer", page.customers.all()),
            *_terms("product", page.products.all()),
            *_tags(page.tags.all()),
        ],
    )


def library_item(page):
    community = _in_community(page)
    if community is None:
        return None
    latest = page.files.order_by("-version").select_related("document").first()
    text = ""
    if latest is not None:
        with latest.document.file.open("rb") as f:
            text = document_text(latest.filename, f.read())
    dated = timezone.make_aware(datetime.datetime.combine(page.document_date, datetime.time(12)))
    return Entry(
        key=key_of(page),
        kind=Kind.LIBRARY,
        title=page.title,
        url=page.url,
        body="\n".join([page.summary, text])[:MAX_BODY],
        community_id=community.pk,
        author_id=page.owner_id,
        date=dated,
        language=page.language,
        document_type=page.document_type,
        outcome=page.outcome,
        access=permissions.content_keys(community),
        facets=[
            *_terms("customer", page.customers.all()),
            *_terms("product", page.products.all()),
            *_tags(page.tags.all()),
        ],
    )


def wiki_page(page):
    community = _in_community(page)
    if community is None:
        return None
    lines = visible_lines(page.title, page.body.raw_data)[1:]
    return Entry(
        key=key_of(page),
        kind=Kind.WIKI,
        title=page.title,
        url=page.url,
        body="\n".join(lines)[:MAX_BODY],
        community_id=community.pk,
        author_id=page.latest_revision.user_id if page.latest_revision_id else page.owner_id,
        date=page.last_published_at,
        language=page.locale.language_code if page.locale_id else "",
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
    access = _learning_access(page)
    if access is None:
        return None
    return Entry(
        key=key_of(page),
        kind=Kind.LEARNING,
        title=page.title,
        url=page.url,
        body="\n".join([page.summary, *visible_lines("", page.intro.raw_data)[1:]])[:MAX_BODY],
        community_id=page.community_id,
        author_id=page.owner_id,
        date=page.last_published_at,
        language=page.locale.language_code if page.locale_id else "",
        access=access,
        facets=_tags(page.topics.all()),
    )


def learning_module(page):
    access = _learning_access(page.learning_path) if page.live else None
    if access is None:
        return None
    lines = visible_lines(page.title, page.body.raw_data)[1:]
    return Entry(
        key=key_of(page),
        kind=Kind.LEARNING,
        title=page.title,
        url=page.url,
        body="\n".join(lines)[:MAX_BODY],
        community_id=page.community_id,
        author_id=page.owner_id,
        date=page.last_published_at,
        language=page.locale.language_code if page.locale_id else "",
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


def sources():
    """(label, queryset) of everything the index should hold, for a rebuild."""
    return [
        (
            "people",
            Profile.objects.select_related("user", "division", "location").prefetch_related(
                "job_functions", "expertise", "interests"
            ),
        ),
        (
            "posts",
            PostPage.objects.live()
            .select_related("community", "locale")
            .prefetch_related("comments", "customers", "products", "tags"),
        ),
        (
            "library",
            LibraryItemPage.objects.live()
            .select_related("community")
            .prefetch_related("customers", "products", "tags"),
        ),
        ("wiki", WikiPage.objects.live().select_related("community", "locale", "latest_revision")),
        (
            "learning paths",
            LearningPathPage.objects.live()
            .select_related("community", "locale")
            .prefetch_related("topics"),
        ),
        (
            "learning modules",
            ModulePage.objects.live().select_related(
                "community", "locale", "learning_path", "learning_path__community"
            ),
        ),
    ]
