"""Writing, editing and unpublishing posts from the front end.

The views ask the permissions module first; Wagtail's own page permissions (which mirror only
the editors) are therefore skipped here.
"""

from django.db import transaction
from wagtail.actions.unpublish_page import UnpublishPageAction

from intranet.html import text_to_html
from intranet.pages import unique_child_slug

from .models import Activity, PostPage, Verb


def _apply(post, data):
    post.title = data["title"]
    post.kind = data["kind"]
    post.body = text_to_html(data["body"])
    post.must_read = bool(data.get("must_read"))
    post.customers = data.get("customers") or []
    post.products = data.get("products") or []
    post.tags.set(data.get("tags") or [])


@transaction.atomic
def create_post(community, author, data):
    """Publish a new post at once; `data` is a PostForm's cleaned_data."""
    post = PostPage(owner=author, slug=unique_child_slug(community, data["title"], "post"))
    _apply(post, data)
    post.community = community
    community.add_child(instance=post)
    post.save_revision(user=author).publish(user=author, skip_permission_checks=True)
    Activity.objects.create(community=community, actor=author, verb=Verb.POSTED, post=post)
    return post


@transaction.atomic
def update_post(post, editor, data):
    _apply(post, data)
    post.save_revision(user=editor).publish(user=editor, skip_permission_checks=True)
    return post


@transaction.atomic
def unpublish_post(post, by):
    UnpublishPageAction(post, user=by).execute(skip_permission_checks=True)
