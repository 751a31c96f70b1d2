"""The demo's leads, from fixtures/demo/leads.toml, moved through the site's own services.

Each step runs at its own moment in the past (the clock is held there while the service
runs), so the ledger's times to accept and the leaderboard's months come out as the fixture
tells them. Notifications of old steps are dated and marked read; nobody is emailed. Leads
are loaded once: if any lead exists, nothing is added.
"""

import datetime
import tomllib
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from intranet.leads import services
from intranet.leads.models import Lead, LeadEvent
from intranet.notifications.models import Notification
from intranet.people.models import User
from intranet.recognition import services as recognition
from intranet.taxonomy.models import Customer, Division, Location, Product

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "demo" / "leads.toml"


@contextmanager
def clock(when):
    """Hold timezone.now() at `when` while the services run."""
    with mock.patch("django.utils.timezone.now", return_value=when):
        yield


class LeadLoader:
    def __init__(self, progress, fixture=FIXTURE):
        self.progress = progress
        with open(fixture, "rb") as f:
            self.data = tomllib.load(f)
        self.users = {user.username: user for user in User.objects.select_related("profile")}
        self.now = timezone.now()

    def run(self):
        if Lead.objects.exists():
            return 0
        rows = self.data["leads"]
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend", LEADS_WEBHOOK_URL=""
        ):
            for done, row in enumerate(rows, 1):
                with transaction.atomic():
                    self._lead(row)
                self.progress("leads", done, len(rows))
        recognition.recompute()  # answers, best comments, reuses and paths from the other loaders
        return len(rows)

    def _at(self, days_ago):
        return self.now - datetime.timedelta(days=days_ago)

    def _lead(self, row):
        giver = self.users[row["giver"]]
        data = {
            "customer": Customer.objects.sources().get(slug=row["customer"])
            if "customer" in row
            else None,
            "proposed_customer": row.get("proposed_customer", ""),
            "division": Division.objects.sources().get(slug=row["division"]),
            "product": Product.objects.sources().get(slug=row["product"])
            if "product" in row
            else None,
            "location": Location.objects.sources().get(slug=row["location"]),
            "site": row.get("site", ""),
            "need": row["need"].strip(),
            "urgency": row["urgency"],
            **{key: row.get(key, "") for key in ("contact_name", "contact_role")},
            **{key: row.get(key, "") for key in ("contact_email", "contact_phone")},
        }
        created = self._at(row["created"])
        before = self._last_notification()
        with clock(created):
            lead = services.record(giver, data)
        Lead.objects.filter(pk=lead.pk).update(created_at=created)
        LeadEvent.objects.filter(lead=lead).update(created_at=created)
        for step in row["steps"]:
            self._step(lead, giver, step)
            lead.refresh_from_db()
        recent = self._at(2)
        notes = Notification.objects.filter(pk__gt=before)
        notes.filter(created_at__lt=recent).update(read_at=recent)

    def _last_notification(self):
        return Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    def _step(self, lead, giver, step):
        move, days, *args = step
        when = self._at(days)
        before = self._last_notification()
        holder = lead.accepted_by or lead.receiver
        with clock(when):
            if move == "route":
                services.route(lead, self.users[args[0]], giver)
            elif move == "accept":
                services.accept(lead, lead.receiver)
            elif move == "decline":
                services.decline(lead, lead.receiver, args[0])
            elif move == "forward":
                services.forward(lead, self.users[args[0]], lead.receiver, args[1])
            elif move == "contacted":
                services.contacted(lead, holder, args[0] if args else "")
            elif move in ("won", "lost"):
                value = Decimal(args[0]) if args and args[0] else None
                note = args[1] if len(args) > 1 else ""
                services.close(lead, holder, move, value=value, note=note)
            elif move == "withdraw":
                services.withdraw(lead, giver, args[0])
            elif move == "thank":
                services.thank(lead, giver, args[0])
            elif move == "escalate":
                services.escalate(lead, when)
            else:
                raise ValueError(f"Unknown step {move!r} in the demo leads")
        Notification.objects.filter(pk__gt=before).update(created_at=when)
