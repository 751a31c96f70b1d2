"""What the benchmark loads: Guild's main pages, found in the database, never by fixed ids.

Each page is looked up as its persona sees it (the wiki page with the longest history the
persona can read, the post with the most comments they can read), in the source language.
"""

from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.db.models import CharField, Count, Q
from django.db.models.functions import Cast
from django.urls import reverse
from wagtail.models import Page, Revision

from intranet.community import permissions
from intranet.community.models import Comment, CommunityPage, PostPage
from intranet.library.models import LibraryItemPage, LibraryPage
from intranet.people import services as people
from intranet.people.models import Profile, User
from intranet.wiki.models import WikiPage

SALES_COMMUNITY = "sales"
SEARCH_QUERY = "office cleaning"
# At scale size the post must carry a real discussion; the demo's busiest post has fewer.
MIN_COMMENTS = {"scale": 50}
# The library's second facet: the first of these that the chosen document type's items have.
SECOND_FACETS = [
    ("customer", "customers__slug"),
    ("product", "products__slug"),
    ("outcome", "outcome"),
    ("region", "region"),
]


class NotFound(Exception):
    """The database lacks something the benchmark needs to load."""


@dataclass(frozen=True)
class Target:
    name: str
    persona: str
    path: str
    note: str = ""


def _source(queryset):
    return queryset.filter(locale__language_code=settings.LANGUAGE_CODE)


def _path(page):
    """The page's address without scheme and host, whatever the site's root URL."""
    return urlsplit(page.get_url()).path


def _user(username):
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise NotFound(f"No active user {username!r}: load the demo first (manage.py load_demo).")
    return user


def _first(queryset, what):
    found = queryset.first()
    if found is None:
        raise NotFound(f"Found no {what}.")
    return found


def sales_community():
    return _first(
        _source(CommunityPage.objects.live()).filter(slug=SALES_COMMUNITY), "Sales Community"
    )


def library_query(library):
    """Two facets of the library's filter form: its most common document type, then the most
    common value of the first other facet those items have, so the page lists something."""
    items = LibraryItemPage.objects.live().child_of(library)
    document_type = _first(
        items.values("document_type")
        .annotate(n=Count("pk"))
        .order_by("-n", "document_type")
        .values_list("document_type", flat=True),
        "library item",
    )
    chosen = items.filter(document_type=document_type)
    for name, lookup in SECOND_FACETS:
        value = (
            chosen.exclude(**{f"{lookup}__isnull": True})
            .values(lookup)
            .annotate(n=Count("pk", distinct=True))
            .order_by("-n", lookup)
            .values_list(lookup, flat=True)
            .first()
        )
        if value:
            return urlencode({"document_type": document_type, name: value})
    raise NotFound(f"Found no second facet for the library's {document_type} items.")


def longest_wiki_history(user):
    """(page, revisions) for the wiki page with the most revisions that the user can read."""
    readable = permissions.visible_wiki_pages(user, _source(WikiPage.objects.all()))
    keys = readable.annotate(key=Cast("pk", CharField())).values("key")
    top = _first(
        Revision.objects.page_revisions()
        .filter(object_id__in=keys)
        .values("object_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "object_id")
        .values_list("object_id", "n"),
        "wiki page with revisions",
    )
    return WikiPage.objects.get(pk=int(top[0])), top[1]


def most_commented_post(user):
    """(post, comments) for the post with the most comments the user can read."""
    post = _first(
        permissions.visible_posts(user, _source(PostPage.objects.all()))
        .annotate(n=Count("comments", filter=Q(comments__deleted_at__isnull=True)))
        .order_by("-n", "pk"),
        "post",
    )
    return post, post.n


def onboarding_path(user, community):
    """The community's first onboarding path that the user can see: the demo's."""
    from intranet.learning.models import LearningPathPage

    paths = permissions.visible_paths(user, _source(LearningPathPage.objects.all()))
    return _first(paths.filter(onboarding=True, community=community).order_by("pk"), "path")


def directory_query():
    """The directory filtered on the expertise most people claim."""
    tag = _first(people.expertise_tags(), "expertise tag")
    return urlencode({"expertise": tag.slug})


def discover(size):
    """The pages to load, each with the persona who loads it."""
    rep, editor, sponsor, newcomer = (
        _user(name) for name in ("rep", "editor", "sponsor", "newcomer")
    )
    sales = sales_community()
    library = _first(LibraryPage.objects.live().child_of(sales), "library in the community")
    wiki, revisions = longest_wiki_history(editor)
    post, comments = most_commented_post(sponsor)
    if comments < MIN_COMMENTS.get(size, 0):
        raise NotFound(
            f"The busiest post has {comments} comments; {size} size needs "
            f"{MIN_COMMENTS[size]} (load_scale should have written them)."
        )
    path = onboarding_path(newcomer, sales)
    return [
        Target("Home dashboard", rep.username, "/"),
        Target("Sales Community", rep.username, _path(sales)),
        Target("Library, two facets", rep.username, f"{_path(library)}?{library_query(library)}"),
        Target(
            "Wiki page, longest history", editor.username, _path(wiki), f"{revisions} revisions"
        ),
        Target("Post, most comments", sponsor.username, _path(post), f"{comments} comments"),
        Target("Onboarding path", newcomer.username, _path(path)),
        Target(
            "People, filtered", rep.username, f"{reverse('people:directory')}?{directory_query()}"
        ),
        Target(
            "Search results",
            rep.username,
            f"{reverse('search:search')}?{urlencode({'q': SEARCH_QUERY})}",
        ),
    ]


def headline_counts():
    """How big the database is, in what people see."""
    return {
        "people": Profile.objects.filter(user__is_active=True).count(),
        "pages": _source(Page.objects.all()).count(),
        "posts": _source(PostPage.objects.all()).count(),
        "comments": Comment.objects.filter(deleted_at__isnull=True).count(),
        "wiki pages": _source(WikiPage.objects.all()).count(),
        "library items": _source(LibraryItemPage.objects.all()).count(),
    }
