from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from intranet.community import permissions

from . import services

PER_PAGE = 30


def notifications(request):
    found = permissions.visible_notifications(request.user).select_related(
        "actor", "actor__profile"
    )
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "notifications/notifications.html", {"notifications_page": page})


@require_POST
def open_notification(request, notification_id):
    """Mark one notification read and go to what it is about."""
    notification = get_object_or_404(
        permissions.visible_notifications(request.user), pk=notification_id
    )
    services.mark_read(permissions.visible_notifications(request.user).filter(pk=notification.pk))
    if not url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        return redirect("notifications:notifications")
    return redirect(notification.url)


@require_POST
def mark_all_read(request):
    services.mark_read(permissions.visible_notifications(request.user))
    return redirect("notifications:notifications")
