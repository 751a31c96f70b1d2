from django.conf import settings


def site(request):
    """Values every page template needs."""
    from intranet.community import permissions

    user = getattr(request, "user", None)

    def unread_notifications():
        if user is None or not user.is_authenticated:
            return 0
        return permissions.visible_notifications(user).filter(read_at__isnull=True).count()

    return {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "can_access_admin": bool(user and user.has_perm("wagtailadmin.access_admin")),
        "unread_notifications": unread_notifications,  # counted only where a template asks
    }
