"""Who may change a profile. Every employee may see every active profile."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from .models import Profile


def can_edit_profile(user, profile):
    return user.is_authenticated and (
        user.pk == profile.user_id or user.has_perm("people.change_profile")
    )


def profile_for_change(user, username):
    """The profile `user` may edit, or 404 (no such active person) / 403 (not theirs)."""
    profile = (
        Profile.objects.select_related("user", "photo")
        .filter(user__username=username, user__is_active=True)
        .first()
    )
    if profile is None:
        raise Http404
    if not can_edit_profile(user, profile):
        raise PermissionDenied
    return profile
