"""Sending notifications; other apps call `notify` and never build Notification rows."""

from django.utils import timezone

from .models import Notification


def notify(recipients, *, actor, verb, subject, url, community=None, detail=""):
    """One notification for each recipient other than the actor; returns how many were sent."""
    rows = [
        Notification(
            recipient=recipient,
            actor=actor,
            verb=verb,
            subject=subject[:255],
            detail=(detail or "")[:255],
            url=url,
            community=community,
        )
        for recipient in recipients
        if actor is None or recipient.pk != actor.pk
    ]
    Notification.objects.bulk_create(rows)
    return len(rows)


def mark_read(notifications):
    return notifications.filter(read_at__isnull=True).update(read_at=timezone.now())
