from django import template

from intranet.community import permissions
from intranet.library.models import LibraryItemPage

register = template.Library()


@register.simple_tag(takes_context=True)
def new_in_library(context, community, limit=5):
    """The community's newest library items, if the user may read the community."""
    if not permissions.can_read(context["request"].user, community):
        return []
    return list(
        LibraryItemPage.objects.live()
        .filter(community=community)
        .order_by("-first_published_at", "-pk")[:limit]
    )
