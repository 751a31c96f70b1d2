"""In-app notifications: something happened that a person asked to hear about."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Verb(models.TextChoices):
    WIKI_CHANGED = "wiki_changed", _("changed the wiki page")
    WIKI_RESTORED = "wiki_restored", _("restored an earlier version of the wiki page")
    LEARNING_ASSIGNED = "learning_assigned", _("assigned you the learning path")
    LEARNING_ENROLLED = "learning_enrolled", _("You were enrolled in the learning path")
    MENTOR_CHOSEN = "mentor_chosen", _("chose you as mentor on")
    SIGNOFF_REQUESTED = "signoff_requested", _("asks you to sign off")
    SIGNOFF_APPROVED = "signoff_approved", _("signed off")
    SIGNOFF_RETURNED = "signoff_returned", _("returned your sign-off request for")
    PATH_COMPLETED = "path_completed", _("You completed the learning path")
    LEAD_ROUTED = "lead_routed", _("passed you a lead")
    LEAD_PASSED = "lead_passed", _("passed on your lead")
    LEAD_ACCEPTED = "lead_accepted", _("accepted your lead")
    LEAD_DECLINED = "lead_declined", _("declined your lead")
    LEAD_FORWARDED = "lead_forwarded", _("forwarded the lead")
    LEAD_ESCALATED = "lead_escalated", _("Nobody answered in time; the lead moved on")
    LEAD_STALLED = "lead_stalled", _("Nobody answered your lead; choose someone else")
    LEAD_CONTACTED = "lead_contacted", _("contacted the customer of your lead")
    LEAD_WON = "lead_won", _("won the business from your lead")
    LEAD_LOST = "lead_lost", _("lost the business from your lead")
    LEAD_WITHDRAWN = "lead_withdrawn", _("withdrew the lead")
    LEAD_THANKED = "lead_thanked", _("thanked you for the lead")


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    verb = models.CharField(max_length=32, choices=Verb.choices)
    subject = models.CharField(max_length=255)
    detail = models.CharField(max_length=255, blank=True)
    url = models.CharField(max_length=500)
    # Whoever may no longer read the community no longer sees what happened in it.
    community = models.ForeignKey(
        "community.CommunityPage",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at", "-created_at"])]

    @property
    def is_unread(self):
        return self.read_at is None
