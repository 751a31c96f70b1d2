from django.conf import settings
from django.core.cache import cache
from django.utils.functional import SimpleLazyObject

from intranet import caching


def site(request):
    """Values every page template needs."""
    from intranet.community import permissions

    user = getattr(request, "user", None)

    def unread_notifications():
        if user is None or not user.is_authenticated:
            return 0
        # Counted again only when a notification arrives or is read, or access changes.
        stamp = caching.stamp(caching.SITE, caching.person(user.pk), caching.inbox(user.pk))
        return cache.get_or_set(
            f"unread-notifications:{user.pk}:{stamp}",
            lambda: permissions.visible_notifications(user).filter(read_at__isnull=True).count(),
            caching.FRAGMENT_SECONDS,
        )

    return {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "fragment_seconds": caching.FRAGMENT_SECONDS,
        "fragment_reader": SimpleLazyObject(lambda: caching.reader(request)),
        "can_access_admin": bool(user and permissions.can_use_admin(user)),
        "unread_notifications": unread_notifications,  # counted only where a template asks
    }
