"""Recording a lead and moving it through its life.

    unrouted ──route──▶ new ──accept──▶ accepted ──contacted──▶ contacted ──won/lost──▶ won/lost
                        │  ▲ forward,                  └──────────won/lost──────────▶
                        │  └ escalate (same status, another receiver)
                        └──decline──▶ declined ──route──▶ new
    unrouted, new, declined ──withdraw──▶ withdrawn
    new, once escalation ran out of suggestions ──reroute──▶ new (the giver picks again)

MOVES is the whole lifecycle. Each move is one conditional UPDATE on the states it may start
from, so two people acting at once cannot both win, and a move the lead's state does not allow
raises IllegalMove (the views answer 409). Who may make a move is the permissions module's
business; the views ask it first.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from intranet.notifications.models import Verb
from intranet.notifications.services import notify

from . import routing, webhooks
from .models import Event, Handoff, How, Lead, LeadEvent, Status, Suggestion


class IllegalMove(Exception):
    """The lead's state does not allow this change (it may have changed meanwhile)."""


@dataclass(frozen=True)
class Move:
    sources: tuple
    target: str
    event: str
    verb: str


MOVES = {
    "route": Move((Status.UNROUTED, Status.DECLINED), Status.NEW, Event.ROUTED, Verb.LEAD_PASSED),
    # A lead nobody answered and nobody else is suggested for goes back to its giver to route.
    "reroute": Move((Status.NEW,), Status.NEW, Event.ROUTED, Verb.LEAD_PASSED),
    "accept": Move((Status.NEW,), Status.ACCEPTED, Event.ACCEPTED, Verb.LEAD_ACCEPTED),
    "decline": Move((Status.NEW,), Status.DECLINED, Event.DECLINED, Verb.LEAD_DECLINED),
    "forward": Move((Status.NEW,), Status.NEW, Event.FORWARDED, Verb.LEAD_FORWARDED),
    "escalate": Move((Status.NEW,), Status.NEW, Event.ESCALATED, Verb.LEAD_ESCALATED),
    "contacted": Move((Status.ACCEPTED,), Status.CONTACTED, Event.CONTACTED, Verb.LEAD_CONTACTED),
    "won": Move((Status.ACCEPTED, Status.CONTACTED), Status.WON, Event.WON, Verb.LEAD_WON),
    "lost": Move((Status.ACCEPTED, Status.CONTACTED), Status.LOST, Event.LOST, Verb.LEAD_LOST),
    "withdraw": Move(
        (Status.UNROUTED, Status.NEW, Status.DECLINED),
        Status.WITHDRAWN,
        Event.WITHDRAWN,
        Verb.LEAD_WITHDRAWN,
    ),
}
THANKABLE = (Status.ACCEPTED, Status.CONTACTED, Status.WON, Status.LOST)


def allowed(lead, name):
    if name == "route":
        return allowed(lead, "reroute") if lead.stalled_at else lead.status in MOVES[name].sources
    return lead.status in MOVES[name].sources


@transaction.atomic
def record(giver, data):
    """Save a new lead from the form's cleaned data, with Guild's suggestions for receivers."""
    profile = getattr(giver, "profile", None)
    lead = Lead.objects.create(
        giver=giver, giver_division=getattr(profile, "division", None), **data
    )
    LeadEvent.objects.create(lead=lead, kind=Event.RECORDED, actor=giver, status=lead.status)
    Suggestion.objects.bulk_create(
        Suggestion(lead=lead, user=c.user, rank=rank, score=c.score, reasons=c.reasons)
        for rank, c in enumerate(routing.candidates(lead, giver), 1)
    )
    return lead


def waiting(user):
    """Leads waiting for the user's answer."""
    return Lead.objects.filter(receiver=user, status=Status.NEW)


def suggestions(lead):
    """The stored suggestions still worth offering: active people who have not had the lead."""
    had = Handoff.objects.filter(lead=lead).values("receiver")
    return (
        lead.suggestions.filter(user__is_active=True)
        .exclude(user__in=had)
        .exclude(user=lead.giver_id)
        .select_related("user__profile__division", "user__profile__location")
    )


def _subject(lead):
    return f"{lead.customer_name} · {lead.division.name}"


def _move(lead, name, by, *, changes=None, guard=None, note="", target=None, tell=()):
    """Apply one move of MOVES, or raise IllegalMove; record, notify and queue the webhook.

    The giver hears of every move; `tell` adds (people, verb, actor) for anyone else."""
    move = MOVES[name]
    now = timezone.now()
    changes = {"status": move.target, **(changes or {})}
    updated = Lead.objects.filter(pk=lead.pk, status__in=move.sources, **(guard or {})).update(
        updated_at=now, **{k: (v(now) if callable(v) else v) for k, v in changes.items()}
    )
    if not updated:
        raise IllegalMove(name)
    lead.refresh_from_db()
    LeadEvent.objects.create(
        lead=lead,
        kind=move.event,
        actor=by,
        target=target,
        status=lead.status,
        note=note[:500],
        created_at=now,
    )
    for people, verb, actor in [([lead.giver], move.verb, by), *tell]:
        notify(
            people,
            actor=actor,
            verb=verb,
            subject=_subject(lead),
            detail=note,
            url=lead.get_absolute_url(),
            email=True,
        )
    webhooks.enqueue(lead, name, now)
    from intranet.recognition import services as recognition

    recognition.refresh_lead(lead)
    return lead


def _hand_to(lead, receiver, how, by, now):
    Handoff.objects.filter(lead=lead, ended_at=None).update(ended_at=now)
    Handoff.objects.create(lead=lead, receiver=receiver, how=how, by=by, routed_at=now)


@transaction.atomic
def route(lead, receiver, by):
    """The giver (or a lead editor) passes the lead to a receiver."""
    _check_receiver(lead, receiver)
    now = timezone.now()
    stalled = lead.status == Status.NEW and lead.stalled_at is not None
    _move(
        lead,
        "reroute" if stalled else "route",
        by,
        guard={"stalled_at__isnull": False} if stalled else None,
        changes={"receiver": receiver, "routed_at": now, "reason": "", "stalled_at": None},
        target=receiver,
        tell=[([receiver], Verb.LEAD_ROUTED, by)],
    )
    _hand_to(lead, receiver, How.PICKED, by, now)
    return lead


@transaction.atomic
def forward(lead, receiver, by, note=""):
    _check_receiver(lead, receiver)
    if receiver.pk == lead.receiver_id:
        raise IllegalMove("forward")
    now = timezone.now()
    _move(
        lead,
        "forward",
        by,
        changes={"receiver": receiver, "routed_at": now},
        guard={"receiver": lead.receiver_id},
        note=note,
        target=receiver,
        tell=[([receiver], Verb.LEAD_ROUTED, by)],
    )
    _hand_to(lead, receiver, How.FORWARDED, by, now)
    return lead


def _check_receiver(lead, receiver):
    if receiver.pk == lead.giver_id or not receiver.is_active:
        raise IllegalMove("receiver")


@transaction.atomic
def accept(lead, by):
    now = timezone.now()
    waited = max(0, int((now - lead.routed_at).total_seconds())) if lead.routed_at else None
    return _move(
        lead,
        "accept",
        by,
        changes={"accepted_by": by, "accepted_at": now, "accept_seconds": waited},
        guard={"receiver": by},
    )


@transaction.atomic
def decline(lead, by, reason):
    return _move(
        lead, "decline", by, changes={"reason": reason[:300]}, guard={"receiver": by}, note=reason
    )


@transaction.atomic
def contacted(lead, by, note=""):
    return _move(
        lead,
        "contacted",
        by,
        changes={"contacted_at": timezone.now()},
        guard={"accepted_by": by},
        note=note,
    )


@transaction.atomic
def close(lead, by, outcome, *, value=None, note=""):
    """Won or lost, with the value of the business if the receiver wants to say."""
    changes = {"closed_at": timezone.now(), "value": value, "reason": note[:300]}
    changes["currency"] = settings.LEADS_CURRENCY if value is not None else ""
    return _move(lead, outcome, by, changes=changes, guard={"accepted_by": by}, note=note)


@transaction.atomic
def withdraw(lead, by, note=""):
    holder = [lead.receiver] if lead.receiver_id and lead.status == Status.NEW else []
    return _move(
        lead,
        "withdraw",
        by,
        changes={"closed_at": timezone.now(), "reason": note[:300]},
        guard={"giver": by},
        note=note,
        tell=[(holder, Verb.LEAD_WITHDRAWN, by)],
    )


@transaction.atomic
def thank(lead, by, message):
    """The giver thanks whoever took the lead, once."""
    now = timezone.now()
    updated = Lead.objects.filter(
        pk=lead.pk, giver=by, status__in=THANKABLE, thanked_at=None
    ).update(thanked_at=now, thanks=message[:500], updated_at=now)
    if not updated:
        raise IllegalMove("thank")
    lead.refresh_from_db()
    LeadEvent.objects.create(
        lead=lead, kind=Event.THANKED, actor=by, status=lead.status, note=message[:500]
    )
    notify(
        [lead.accepted_by],
        actor=by,
        verb=Verb.LEAD_THANKED,
        subject=_subject(lead),
        detail=message,
        url=lead.get_absolute_url(),
        email=True,
    )
    return lead


def escalation_due(lead, now):
    hours = settings.LEADS_ESCALATE_AFTER_HOURS.get(lead.urgency, 48)
    return lead.routed_at is not None and lead.routed_at <= now - datetime.timedelta(hours=hours)


def escalate_due(now=None):
    """Pass every unanswered lead whose time is up to its next suggestion; returns how many
    moved. A lead with nobody left to suggest stays put and its giver is told, once."""
    now = now or timezone.now()
    moved = 0
    waiting = Lead.objects.filter(status=Status.NEW, stalled_at=None).select_related(
        "giver", "receiver", "division", "customer"
    )
    for lead in waiting:
        if escalate(lead, now):
            moved += 1
    return moved


@transaction.atomic
def escalate(lead, now=None):
    """Pass one unanswered lead on if its time is up; returns whether it moved."""
    now = now or timezone.now()
    if lead.status != Status.NEW or lead.stalled_at or not escalation_due(lead, now):
        return False
    following = suggestions(lead).first()
    previous = lead.receiver
    if following is None:
        updated = Lead.objects.filter(pk=lead.pk, status=Status.NEW, stalled_at=None).update(
            stalled_at=now
        )
        if updated:
            LeadEvent.objects.create(
                lead=lead, kind=Event.STALLED, status=lead.status, created_at=now
            )
            notify(
                [lead.giver],
                actor=None,
                verb=Verb.LEAD_STALLED,
                subject=_subject(lead),
                url=lead.get_absolute_url(),
                email=True,
            )
        return False
    try:
        _move(
            lead,
            "escalate",
            None,
            changes={"receiver": following.user, "routed_at": now},
            guard={"receiver": previous, "routed_at": lead.routed_at},
            target=following.user,
            tell=[
                ([following.user], Verb.LEAD_ROUTED, lead.giver),
                ([previous] if previous else [], Verb.LEAD_ESCALATED, None),
            ],
        )
    except IllegalMove:  # answered or moved meanwhile
        return False
    _hand_to(lead, following.user, How.ESCALATED, None, now)
    return True
