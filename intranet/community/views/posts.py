from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from taggit.models import Tag

from .. import permissions, posts
from ..forms import PostForm


def create_post(request, community_id):
    community = permissions.community_for(request.user, community_id, "contribute")
    may_publish = permissions.can_publish(request.user, community)
    if request.method == "POST":
        form = PostForm(request.POST, may_publish=may_publish)
        if form.is_valid():
            post = posts.create_post(community, request.user, form.cleaned_data)
            messages.success(request, _("Your post is published."))
            return redirect(post.url)
        status = 400
    else:
        form = PostForm(initial={"kind": request.GET.get("kind", "blog")}, may_publish=may_publish)
        status = 200
    context = {"form": form, "community": community}
    return render(request, "community/post_form.html", context, status=status)


def edit_post(request, post_id):
    post = permissions.post_for(request.user, post_id, "edit")
    may_publish = permissions.can_publish(request.user, post.community)
    if request.method == "POST":
        form = PostForm(request.POST, may_publish=may_publish)
        if form.is_valid():
            posts.update_post(post, request.user, form.cleaned_data)
            messages.success(request, _("Your changes are published."))
            return redirect(post.url)
        status = 400
    else:
        form = PostForm(initial=PostForm.initial_for(post), may_publish=may_publish)
        status = 200
    context = {"form": form, "community": post.community, "post": post}
    return render(request, "community/post_form.html", context, status=status)


@require_POST
def unpublish_post(request, post_id):
    post = permissions.post_for(request.user, post_id, "unpublish")
    community = post.community
    posts.unpublish_post(post, request.user)
    messages.success(request, _("“%(title)s” is unpublished.") % {"title": post.title})
    return redirect(community.url)


@require_GET
def tag_suggestions(request):
    """Existing tags that start with ?q=, among those the user may see."""
    query = request.GET.get("q", "").strip()[:50]
    if not query:
        return JsonResponse({"tags": []})
    tags = permissions.visible_tags(request.user, Tag.objects.filter(name__istartswith=query))
    return JsonResponse({"tags": list(tags.order_by("name").values_list("name", flat=True)[:10])})
