"""Following and the activity that followers see."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .community import CommunityPage


class Follow(models.Model):
    """One person following a community, a tag or another person."""

    follower = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    community = models.ForeignKey(
        CommunityPage, null=True, blank=True, on_delete=models.CASCADE, related_name="followers"
    )
    tag = models.ForeignKey(
        "taggit.Tag", null=True, blank=True, on_delete=models.CASCADE, related_name="followers"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="followers",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(community__isnull=False, tag__isnull=True, person__isnull=True)
                    | Q(community__isnull=True, tag__isnull=False, person__isnull=True)
                    | Q(community__isnull=True, tag__isnull=True, person__isnull=False)
                ),
                name="follow_exactly_one_thing",
            ),
            models.UniqueConstraint(
                fields=["follower", "community"],
                condition=Q(community__isnull=False),
                name="follow_community_once",
            ),
            models.UniqueConstraint(
                fields=["follower", "tag"], condition=Q(tag__isnull=False), name="follow_tag_once"
            ),
            models.UniqueConstraint(
                fields=["follower", "person"],
                condition=Q(person__isnull=False),
                name="follow_person_once",
            ),
        ]


class Verb(models.TextChoices):
    POSTED = "posted", _("posted")
    COMMENTED = "commented", _("commented on")
    JOINED = "joined", _("joined")
    ANSWERED = "answered", _("had an answer accepted on")
    BEST_COMMENT = "best_comment", _("wrote the best comment of the week on")


class Activity(models.Model):
    """Something that happened in a community, for its stream and for followers."""

    community = models.ForeignKey(
        CommunityPage, on_delete=models.CASCADE, related_name="activities"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="activities"
    )
    verb = models.CharField(max_length=32, choices=Verb.choices)
    post = models.ForeignKey(
        "community.PostPage", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["community", "-created_at"])]
        verbose_name_plural = _("activities")


class HomeVisit(models.Model):
    """When someone last looked at their home page, so it can say what changed since."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    previous_at = models.DateTimeField(null=True)
    last_at = models.DateTimeField()
