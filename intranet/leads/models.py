"""Leads one employee passes to a colleague in another division, and what became of them.

A lead has one receiver at a time. Every receiver it ever had keeps a Handoff row (how it
reached them and how it left), so forwarding and escalation leave a trail, the people who
had a lead keep seeing it, and "time to accept" is measured from the moment it reached the
person who accepted it. Every change is a LeadEvent: the timeline, the notifications and the
webhook all start there.
"""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Urgency(models.TextChoices):
    HIGH = "high", _("This week")
    NORMAL = "normal", _("This month")
    LOW = "low", _("No rush")


class Status(models.TextChoices):
    UNROUTED = "unrouted", _("Not passed on yet")
    NEW = "new", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    CONTACTED = "contacted", _("Customer contacted")
    WON = "won", _("Won")
    LOST = "lost", _("Lost")
    WITHDRAWN = "withdrawn", _("Withdrawn")


TAKEN = (Status.ACCEPTED, Status.CONTACTED, Status.WON, Status.LOST)


class Lead(models.Model):
    giver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="leads_given"
    )
    # Where the giver worked when they passed it on: the ledger's "from" division.
    giver_division = models.ForeignKey(
        "taxonomy.Division", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    customer = models.ForeignKey(
        "taxonomy.Customer",
        verbose_name=_("customer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="leads",
    )
    proposed_customer = models.CharField(
        _("new customer"),
        max_length=120,
        blank=True,
        help_text=_("A customer not yet in the list; an administrator adds it."),
    )
    location = models.ForeignKey(
        "taxonomy.Location",
        verbose_name=_("nearest office"),
        on_delete=models.PROTECT,
        related_name="leads",
    )
    site = models.CharField(
        _("site"), max_length=160, blank=True, help_text=_("Which building or address.")
    )
    division = models.ForeignKey(
        "taxonomy.Division",
        verbose_name=_("for division"),
        on_delete=models.PROTECT,
        related_name="leads",
    )
    product = models.ForeignKey(
        "taxonomy.Product",
        verbose_name=_("service"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="leads",
    )
    need = models.TextField(_("what the customer needs"), max_length=1000)
    urgency = models.CharField(
        _("urgency"), max_length=8, choices=Urgency.choices, default=Urgency.NORMAL
    )
    contact_name = models.CharField(_("contact at the customer"), max_length=120, blank=True)
    contact_role = models.CharField(_("their role"), max_length=120, blank=True)
    contact_email = models.EmailField(_("their email"), blank=True)
    contact_phone = models.CharField(_("their phone"), max_length=40, blank=True)

    status = models.CharField(max_length=12, choices=Status.choices, default=Status.UNROUTED)
    receiver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="leads_holding",
    )
    routed_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="leads_accepted",
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    # Seconds between the lead reaching the person who accepted it and their accepting it.
    accept_seconds = models.PositiveIntegerField(null=True, blank=True)
    contacted_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=0, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    thanked_at = models.DateTimeField(null=True, blank=True)
    thanks = models.CharField(_("thank-you note"), max_length=500, blank=True)
    # Set when escalation ran out of suggestions, so the giver is told once.
    stalled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("lead")
        verbose_name_plural = _("leads")
        indexes = [
            models.Index(fields=["status", "routed_at"]),
            models.Index(fields=["giver_division", "division"]),
        ]

    def __str__(self):
        return f"{self.customer_name}: {self.division}"

    def get_absolute_url(self):
        return reverse("leads:detail", args=[self.pk])

    @property
    def customer_name(self):
        return self.customer.name if self.customer_id else self.proposed_customer


class How(models.TextChoices):
    PICKED = "picked", _("picked by the giver")
    FORWARDED = "forwarded", _("forwarded")
    ESCALATED = "escalated", _("passed on after no answer")


class Handoff(models.Model):
    """One person the lead was passed to, how it reached them and when it left them."""

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="handoffs")
    receiver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lead_handoffs"
    )
    how = models.CharField(max_length=10, choices=How.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    routed_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["routed_at", "pk"]
        indexes = [models.Index(fields=["receiver", "lead"])]


class Suggestion(models.Model):
    """A receiver Guild suggested when the lead was recorded, best first, with the reasons."""

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="suggestions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField()
    score = models.PositiveIntegerField()
    reasons = models.JSONField(default=list)

    class Meta:
        ordering = ["rank"]
        constraints = [
            models.UniqueConstraint(fields=["lead", "user"], name="one_suggestion_per_person")
        ]


class Event(models.TextChoices):
    RECORDED = "recorded", _("recorded the lead")
    ROUTED = "routed", _("passed the lead to")
    ACCEPTED = "accepted", _("accepted the lead")
    DECLINED = "declined", _("declined the lead")
    FORWARDED = "forwarded", _("forwarded the lead to")
    ESCALATED = "escalated", _("No answer in time: passed on to")
    STALLED = "stalled", _("No answer in time, and nobody else is suggested")
    CONTACTED = "contacted", _("contacted the customer")
    WON = "won", _("won the business")
    LOST = "lost", _("lost the business")
    WITHDRAWN = "withdrawn", _("withdrew the lead")
    THANKED = "thanked", _("said thank you")


class LeadEvent(models.Model):
    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=Event.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Whom the lead went to, for routed, forwarded and escalated.
    target = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=12, choices=Status.choices)
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]


class Delivery(models.Model):
    """A webhook event waiting to reach the CRM, with its retries."""

    class State(models.TextChoices):
        PENDING = "pending", _("pending")
        DELIVERED = "delivered", _("delivered")
        FAILED = "failed", _("gave up")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=32)
    body = models.TextField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["state", "next_attempt_at"])]
