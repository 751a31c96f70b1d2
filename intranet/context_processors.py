from django.conf import settings


def site(request):
    """Values every page template needs."""
    user = getattr(request, "user", None)
    return {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "can_access_admin": bool(user and user.has_perm("wagtailadmin.access_admin")),
    }
