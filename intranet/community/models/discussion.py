from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .community import CommunityPage
from .posts import PostPage


class CommentQuerySet(models.QuerySet):
    def with_helpful_count(self):
        return self.annotate(helpful_count=models.Count("votes", distinct=True))


class Comment(models.Model):
    """A comment on a post, or a reply to one (one level deep)."""

    post = models.ForeignKey(PostPage, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comments"
    )
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    deletion_reason = models.CharField(_("reason"), max_length=200, blank=True)
    accepted = models.BooleanField(_("accepted answer"), default=False)
    accepted_at = models.DateTimeField(null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["post"], condition=models.Q(accepted=True), name="one_accepted_answer"
            )
        ]

    def __str__(self):
        return f"Comment {self.pk} by {self.author} on {self.post}"

    @property
    def is_deleted(self):
        return self.deleted_at is not None


class HelpfulVote(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["comment", "user"], name="one_vote_each")]


class BestComment(models.Model):
    """The comment a sponsor picked as the community's best of a week."""

    community = models.ForeignKey(
        CommunityPage, on_delete=models.CASCADE, related_name="best_comments"
    )
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="+")
    week = models.DateField(_("week starting"))
    picked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    picked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["community", "week"], name="one_best_comment_a_week")
        ]
