"""What wiki pages show: the body with its contents list, links, backlinks and curation.

Each piece is one query whatever the page's history or number of links, so a page with a
hundred revisions and fifty backlinks costs what a new one does.
"""

from django.db.models import Count, Min
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from intranet import caching
from intranet.community import permissions

from . import links, services
from .blocks import anchors
from .models import Watch, WikiIndexPage, WikiLink, WikiPage

RECENT = 10


def body_context(page, request, wiki_id, urls):
    """The body's blocks with heading anchors, the table of contents, and link targets."""
    toc = anchors(page.body)
    anchor_of = {block_id: anchor for block_id, anchor, _text, _level in toc}
    return {
        "blocks": [(block, anchor_of.get(block.id)) for block in page.body],
        "toc": toc if len(toc) >= 2 else [],
        "wiki_links": urls,
        "wiki_id": wiki_id,
    }


BODY_KEYS = ("blocks", "toc", "wiki_links")


def _wiki_and_trail(page):
    """The wiki index above the page, and the wiki pages between them (one query)."""
    ancestors = list(page.get_ancestors().filter(depth__gt=3).specific(defer=True))
    wiki = next((p for p in ancestors if isinstance(p, WikiIndexPage)), None)
    trail = [p for p in ancestors if isinstance(p, WikiPage)]
    return wiki, trail


def page_context(page, request, content=None):
    """Everything the page shows; the text comes from `content`, the translation being read."""
    user = request.user
    community = page.community
    wiki, trail = _wiki_and_trail(page)
    context = {
        "community": community,
        # The text, its links and what links here are the same for every reader: the template
        # caches them until something in the community changes; they are read only on a miss.
        "fragments": caching.stamp(caching.community(community.pk), caching.SITE),
        "wiki": wiki,
        "trail": trail,
        "can_edit": permissions.can_edit_wiki(user, page),
        "can_curate": permissions.can_curate_wiki(user, page),
        "can_review": permissions.can_review_wiki(user, page),
        "can_contribute": permissions.can_contribute(user, community),
        "can_distil": bool(permissions.distil_paths(user, page)),
        "watching": Watch.objects.filter(page=page, user=user).exists(),
        "last_edit": SimpleLazyObject(lambda: page.latest_revision),
        "backlinks": WikiPage.objects.live()
        .filter(outgoing_links__target=page)
        .order_by("title")
        .only("pk", "title", "url_path")
        .distinct(),
        "children": WikiPage.objects.child_of(page)
        .live()
        .order_by("title")
        .only("pk", "title", "url_path"),
        "overdue": page.review_by is not None and page.review_by < timezone.localdate(),
    }
    body = SimpleLazyObject(
        lambda: body_context(
            content or page, request, wiki.pk if wiki else None, links.urls_for(page, request)
        )
    )
    context.update(
        {key: SimpleLazyObject(lambda key=key: body[key]) for key in BODY_KEYS},
        wiki_id=wiki.pk if wiki else None,
    )
    return context


def index_context(wiki, request):
    user = request.user
    community = wiki.community
    pages = WikiPage.objects.live().descendant_of(wiki).only("pk", "title", "url_path", "depth")
    recent = (
        WikiPage.objects.live()
        .descendant_of(wiki)
        .select_related("latest_revision__user")
        .order_by("-last_published_at")[:RECENT]
    )
    wanted = (
        WikiLink.objects.filter(source__community=community, source__live=True, target=None)
        .values("target_key")
        .annotate(title=Min("target_title"), sources=Count("source", distinct=True))
        .order_by("-sources", "target_key")[:RECENT]
    )
    return {
        "community": community,
        "tree": pages.order_by("path"),
        "recent": recent,
        "wanted": wanted,
        "can_create": permissions.can_contribute(user, community),
        "can_curate": permissions.is_editor(user, community),
        "stale_count": services.needs_attention(wiki)
        if permissions.is_editor(user, community)
        else 0,
    }
