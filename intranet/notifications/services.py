"""Sending notifications; other apps call `notify` and never build Notification rows.

With `email=True` each recipient also gets an email, sent by the task worker after the
transaction commits; a mail server that fails is logged and never breaks the request.
"""

import logging
import smtplib

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from intranet import caching

from .models import Notification

logger = logging.getLogger(__name__)


def notify(recipients, *, actor, verb, subject, url, community=None, detail="", email=False):
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
    caching.bump(*(caching.inbox(row.recipient_id) for row in rows))
    if email:
        ids = [row.pk for row in rows if row.recipient.email]
        if ids:
            transaction.on_commit(lambda: send_emails.enqueue(ids))
    return len(rows)


@task()
def send_emails(notification_ids):
    found = Notification.objects.filter(pk__in=notification_ids).select_related(
        "recipient", "actor"
    )
    for notification in found:
        context = {
            "notification": notification,
            "link": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + notification.url,
        }
        # In the recipient's language, not the language of whoever caused the notification.
        with translation.override(notification.recipient.language or settings.LANGUAGE_CODE):
            subject = render_to_string("notifications/email_subject.txt", context).strip()
            body = render_to_string("notifications/email.txt", context)
        try:
            send_mail(" ".join(subject.split()), body, None, [notification.recipient.email])
        except (smtplib.SMTPException, OSError) as exc:
            logger.warning("Could not email notification %s: %s", notification.pk, exc)


def mark_read(notifications):
    unread = notifications.filter(read_at__isnull=True)
    caching.bump(*(caching.inbox(pk) for pk in unread.values_list("recipient_id", flat=True)))
    return unread.update(read_at=timezone.now())
