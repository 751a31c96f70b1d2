from django.db.models import Q
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
        # Only tags the user could come across, or already follows: a tag used only in a secret
        # community must answer like one that does not exist.
        seen = (
            Q(community_posttag_items__content_object__in=permissions.visible_posts(request.user))
            | Q(people_profileexpertise_items__isnull=False)
            | Q(people_profileinterest_items__isnull=False)
            | Q(followers__follower=request.user)
        )
        tag = Tag.objects.filter(seen, slug=key).distinct().first()
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
