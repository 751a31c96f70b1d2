from django.http import Http404
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from taggit.models import Tag

from intranet.people.models import User

from .. import permissions
from ..models import Follow


def _target(request, kind, key):
    if kind == "community":
        if not key.isdecimal():  # the URL takes any string; a community id is a number
            raise Http404
        return {"community": permissions.community_for(request.user, key, "know")}
    if kind == "tag":
        # A tag the user already follows can always be unfollowed, even after leaving.
        tags = Tag.objects.filter(slug=key)
        followed = tags.filter(followers__follower=request.user)
        tag = followed.first() or permissions.visible_tags(request.user, tags).first()
        if tag is None:
            raise Http404
        return {"tag": tag}
    if kind == "person":
        person = User.objects.filter(username=key, is_active=True).first()
        if person is None or person == request.user:
            raise Http404
        return {"person": person}
    raise Http404


@require_POST
def toggle_follow(request, kind, key):
    target = _target(request, kind, key)
    deleted, _ = Follow.objects.filter(follower=request.user, **target).delete()
    if not deleted:
        Follow.objects.get_or_create(follower=request.user, **target)
    next_url = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/"
    return redirect(next_url)
