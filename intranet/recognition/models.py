"""Points earned for helping others. Every Award is derived from a record elsewhere (a lead,
an accepted answer, a best comment, a reuse, a completed path) by a rule in rules.py, so the
whole table can be rebuilt from those records at any time."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Award(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="awards"
    )
    rule = models.CharField(max_length=32)
    # The record that earned it (a lead, a comment, a best-comment pick, a reuse, an enrolment).
    source_id = models.PositiveBigIntegerField()
    points = models.IntegerField()
    earned_at = models.DateTimeField(db_index=True)
    # Where it was earned, for the community leaderboard; None for the lead relay.
    community = models.ForeignKey(
        "community.CommunityPage", null=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("award")
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "source_id", "user"], name="one_award_per_rule_source_user"
            )
        ]
        indexes = [models.Index(fields=["user", "earned_at"])]
