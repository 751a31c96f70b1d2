"""Comments, helpful votes, accepted answers and the best comment of the week."""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from wagtail.images import get_image_model

from intranet import caching
from intranet.html import text_to_html
from intranet.people.services import THUMBNAIL_FILTER
from intranet.recognition import services as recognition

from . import permissions
from .models import Activity, BestComment, Comment, Follow, HelpfulVote, ReadReceipt, Verb


def week_start(day=None):
    day = day or timezone.localdate()
    return day - datetime.timedelta(days=day.weekday())


def _with_authors(comments):
    photos = get_image_model().objects.prefetch_renditions(THUMBNAIL_FILTER)
    return (
        comments.with_helpful_count()
        .select_related("author", "author__profile", "author__profile__division")
        .prefetch_related(Prefetch("author__profile__photo", queryset=photos))
    )


def thread(post):
    """The post's top-level comments, each with its replies, vote counts and authors."""
    replies = _with_authors(Comment.objects.all()).order_by("created_at", "pk")
    return list(
        _with_authors(post.comments.filter(parent__isnull=True)).prefetch_related(
            Prefetch("replies", queryset=replies)
        )
    )


def post_context(post, request):
    user = request.user
    if post.must_read and permissions.active_membership(user, post.community):
        ReadReceipt.objects.get_or_create(post=post, user=user)
    community = post.community
    best = BestComment.objects.filter(community=community, week=week_start()).first()
    context = {
        "community": community,
        # The discussion is cached for each reader (their votes and buttons are in it) until
        # anything in the community changes; the comments are read only on a miss.
        "discussion": caching.stamp(caching.community(community.pk), caching.SITE),
        "comments": SimpleLazyObject(lambda: thread(post)),
        "my_votes": SimpleLazyObject(
            lambda: set(
                HelpfulVote.objects.filter(user=user, comment__post=post).values_list(
                    "comment_id", flat=True
                )
            )
        ),
        "best_comment_id": best.comment_id if best else None,
        "can_comment": permissions.can_comment(user, post),
        "can_edit": permissions.can_edit_post(user, post),
        "can_unpublish": permissions.can_unpublish_post(user, post),
        "can_accept": permissions.can_accept_answer(user, post),
        "can_pick_best": permissions.can_pick_best(user, community),
        "can_moderate": permissions.can_moderate(user, community),
        # For editors, a query for the paths they manage: read only when the per-reader
        # header fragment is rendered.
        "can_distil": SimpleLazyObject(lambda: bool(permissions.distil_paths(user, post))),
        "membership": permissions.active_membership(user, community),
        "followed_tags": set(
            Follow.objects.filter(follower=user, tag__in=post.tags.all()).values_list(
                "tag_id", flat=True
            )
        ),
    }
    if post.must_read and permissions.is_editor(user, community):
        context["readers"] = (
            ReadReceipt.objects.filter(post=post).select_related("user").order_by("read_at")
        )
    return context


@transaction.atomic
def add_comment(post, author, body, parent=None):
    comment = Comment.objects.create(
        post=post, author=author, body=text_to_html(body), parent=parent
    )
    Activity.objects.create(community=post.community, actor=author, verb=Verb.COMMENTED, post=post)
    return comment


def edit_comment(comment, body):
    comment.body = text_to_html(body)
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "edited_at"])
    return comment


def delete_comment(comment, by, reason=""):
    """Soft delete: the text stays in the database for the audit trail, hidden from readers."""
    comment.deleted_at = timezone.now()
    comment.deleted_by = by
    comment.deletion_reason = reason[:200]
    comment.accepted = False
    comment.save(update_fields=["deleted_at", "deleted_by", "deletion_reason", "accepted"])
    recognition.refresh_post(comment.post)
    return comment


def toggle_helpful(comment, user):
    """Vote or take the vote back; returns whether the user now finds it helpful."""
    deleted, _ = HelpfulVote.objects.filter(comment=comment, user=user).delete()
    if deleted:
        return False
    try:
        with transaction.atomic():
            HelpfulVote.objects.create(comment=comment, user=user)
    except IntegrityError:  # a double click that raced the first vote
        pass
    return True


@transaction.atomic
def accept_answer(comment):
    """Mark the comment as the question's answer, or take the mark back; returns the new state."""
    accepted = not comment.accepted
    Comment.objects.filter(post=comment.post, accepted=True).update(
        accepted=False, accepted_at=None
    )
    if accepted:
        Comment.objects.filter(pk=comment.pk).update(accepted=True, accepted_at=timezone.now())
        Activity.objects.create(
            community=comment.post.community,
            actor=comment.author,
            verb=Verb.ANSWERED,
            post=comment.post,
        )
    comment.accepted = accepted
    recognition.refresh_post(comment.post)
    return accepted


@transaction.atomic
def pick_best(comment, by):
    community = comment.post.community
    picked = {"comment": comment, "picked_by": by, "picked_at": timezone.now()}
    best, _ = BestComment.objects.update_or_create(
        community=community, week=week_start(), defaults=picked
    )
    Activity.objects.create(
        community=community, actor=comment.author, verb=Verb.BEST_COMMENT, post=comment.post
    )
    recognition.refresh_best(community)
    return best


def best_comment(community):
    """This week's pick, or the most recent one."""
    return (
        BestComment.objects.filter(
            community=community,
            comment__deleted_at__isnull=True,
            # an unpublished or moved post takes its comments off this community's home
            comment__post__live=True,
            comment__post__community=community,
        )
        .select_related("comment", "comment__author", "comment__post", "picked_by")
        .order_by("-week")
        .first()
    )
