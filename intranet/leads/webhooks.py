"""The CRM hand-off: a signed JSON event for every status change, delivered in the background.

A status change only writes a Delivery row in the same transaction (an outbox), so a slow or
failing CRM never delays or breaks the person's request. `deliver_due` sends what is due and
schedules retries with growing pauses; the task worker runs it after each change, and
`manage.py deliver_webhooks --loop` does the same where no worker runs.

Signature: the header `X-Guild-Signature: t=<unix time>,v1=<hex>` where hex is the
HMAC-SHA256, keyed with LEADS_WEBHOOK_SECRET, of "<unix time>." followed by the raw body.
The receiver recomputes it (see `verify`) and refuses stale timestamps to stop replays.
"""

import datetime
import hashlib
import hmac
import json
import logging
import time
import urllib.request

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task, task_backends
from django_tasks.backends.immediate import ImmediateBackend

from .models import Delivery

logger = logging.getLogger(__name__)

HEADER = "X-Guild-Signature"
# Minutes to wait after the 1st, 2nd, ... failed attempt; after the last one it gives up.
RETRY_MINUTES = [1, 5, 15, 60, 180, 720]
LEASE = datetime.timedelta(minutes=2)


def payload(lead, event, occurred_at):
    def person(user):
        if user is None:
            return None
        return {"username": user.username, "name": user.get_full_name(), "email": user.email}

    return {
        "event": f"lead.{event}",
        "occurred_at": occurred_at.isoformat(),
        "lead": {
            "id": lead.pk,
            "url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + lead.get_absolute_url(),
            "status": lead.status,
            "customer": lead.customer.name if lead.customer_id else None,
            "customer_slug": lead.customer.slug if lead.customer_id else None,
            "proposed_customer": lead.proposed_customer or None,
            "location": lead.location.name,
            "site": lead.site,
            "division": lead.division.name,
            "service": lead.product.name if lead.product_id else None,
            "need": lead.need,
            "urgency": lead.urgency,
            "contact": {
                "name": lead.contact_name,
                "role": lead.contact_role,
                "email": lead.contact_email,
                "phone": lead.contact_phone,
            },
            "giver": person(lead.giver),
            "receiver": person(lead.receiver),
            "accepted_by": person(lead.accepted_by),
            "value": str(lead.value) if lead.value is not None else None,
            "currency": lead.currency or None,
            "reason": lead.reason or None,
        },
    }


def sign(body, secret, timestamp=None):
    timestamp = int(time.time() if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={digest.hexdigest()}"


def verify(body, header, secret, *, tolerance=300, now=None):
    """Whether `header` is a valid signature of `body` made within `tolerance` seconds."""
    try:
        parts = dict(part.split("=", 1) for part in header.split(","))
        timestamp = int(parts["t"])
        given = parts["v1"]
    except (KeyError, ValueError, AttributeError):
        return False
    now = time.time() if now is None else now
    if abs(now - timestamp) > tolerance:
        return False
    expected = sign(body, secret, timestamp).split("v1=", 1)[1]
    return hmac.compare_digest(expected.encode(), given.encode())


def enqueue(lead, event, occurred_at):
    """Queue the event for the CRM, if a webhook is configured; never sends anything now."""
    if not settings.LEADS_WEBHOOK_URL:
        return None
    body = json.dumps(payload(lead, event, occurred_at), ensure_ascii=False)
    delivery = Delivery.objects.create(lead=lead, event=f"lead.{event}", body=body)
    transaction.on_commit(_wake_worker)
    return delivery


def _wake_worker():
    # The immediate backend would run the delivery inside the request: leave it to the loop.
    if not isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], ImmediateBackend):
        deliver_webhooks.enqueue()


@task()
def deliver_webhooks():
    deliver_due()


def _post(url, body, signature, timeout):
    if not url.startswith(("https://", "http://")):
        raise ValueError("LEADS_WEBHOOK_URL must be an http(s) URL")
    request = urllib.request.Request(  # noqa: S310 (scheme checked above)
        url,
        data=body,
        method="POST",
        headers={"Content-Type": "application/json", HEADER: signature, "User-Agent": "Guild"},
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
        return response.status


def deliver_due(now=None, limit=100, post=_post):
    """Send the due deliveries; returns (delivered, failed attempts)."""
    now = now or timezone.now()
    delivered = failed = 0
    due = Delivery.objects.filter(state=Delivery.State.PENDING, next_attempt_at__lte=now)
    for delivery in due.order_by("created_at")[:limit]:
        # Claim it, so two workers never send the same event at once.
        claimed = Delivery.objects.filter(
            pk=delivery.pk, state=Delivery.State.PENDING, next_attempt_at=delivery.next_attempt_at
        ).update(next_attempt_at=now + LEASE)
        if not claimed:
            continue
        body = delivery.body.encode()
        try:
            status = _post_with(post, body)
            error = "" if 200 <= status < 300 else f"HTTP {status}"
        except Exception as exc:  # whatever the endpoint did, the attempt failed
            error = str(getattr(exc, "reason", exc)) or exc.__class__.__name__
        attempts = delivery.attempts + 1
        if not error:
            Delivery.objects.filter(pk=delivery.pk).update(
                state=Delivery.State.DELIVERED, attempts=attempts, delivered_at=now, last_error=""
            )
            delivered += 1
            continue
        failed += 1
        logger.warning("Lead webhook %s failed (attempt %s): %s", delivery.pk, attempts, error)
        if attempts > len(RETRY_MINUTES):
            changes = {"state": Delivery.State.FAILED}
        else:
            pause = datetime.timedelta(minutes=RETRY_MINUTES[attempts - 1])
            changes = {"next_attempt_at": now + pause}
        Delivery.objects.filter(pk=delivery.pk).update(
            attempts=attempts, last_error=error[:300], **changes
        )
    return delivered, failed


def _post_with(post, body):
    signature = sign(body, settings.LEADS_WEBHOOK_SECRET or "")
    return post(settings.LEADS_WEBHOOK_URL, body, signature, settings.LEADS_WEBHOOK_TIMEOUT)
