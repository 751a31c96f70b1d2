"""The give and take in leads: per person, per pair of divisions, and the nudge to give back.

Counts start from the moment a lead is passed on (a lead never passed on is nobody's).
"Received" counts each lead once per person, however often it came back to them; "accepted"
and "won" are the leads that person took; time to accept runs from the lead reaching the
person who accepted it.
"""

import statistics
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, Q

from intranet.taxonomy.models import Division

from .models import Handoff, Lead, Status

PASSED = Q(routed_at__isnull=False)
WON = Q(status=Status.WON)


def median_hours(seconds):
    seconds = [s for s in seconds if s is not None]
    return round(statistics.median(seconds) / 3600, 1) if seconds else None


@dataclass
class PersonLedger:
    given: int
    given_accepted: int
    given_won: int
    received: int
    accepted: int
    won: int
    median_hours_to_accept: float | None

    @property
    def is_empty(self):
        return not (self.given or self.received)


def person(user):
    given = Lead.objects.filter(PASSED, giver=user).aggregate(
        n=Count("pk"),
        accepted=Count("pk", filter=Q(accepted_at__isnull=False)),
        won=Count("pk", filter=WON),
    )
    received = Handoff.objects.filter(receiver=user).values("lead").distinct().count()
    taken = list(Lead.objects.filter(accepted_by=user).values_list("status", "accept_seconds"))
    return PersonLedger(
        given=given["n"],
        given_accepted=given["accepted"],
        given_won=given["won"],
        received=received,
        accepted=len(taken),
        won=sum(1 for status, _ in taken if status == Status.WON),
        median_hours_to_accept=median_hours(seconds for _, seconds in taken),
    )


@dataclass
class Cell:
    given: int = 0
    accepted: int = 0
    won: int = 0
    seconds: list = None

    @property
    def median_hours_to_accept(self):
        return median_hours(self.seconds or [])

    @property
    def acceptance(self):
        return round(100 * self.accepted / self.given) if self.given else None


def divisions():
    """The company's divisions, once each (in the default language)."""
    return list(Division.objects.sources())


def matrix():
    """(divisions, rows): rows[i][j] is the Cell of leads from divisions[i] to divisions[j]."""
    found = divisions()
    index = {division.pk: i for i, division in enumerate(found)}
    cells = [[Cell(seconds=[]) for _ in found] for _ in found]
    leads = Lead.objects.filter(PASSED).values_list(
        "giver_division", "division", "accepted_at", "status", "accept_seconds"
    )
    for source, target, accepted_at, status, seconds in leads:
        if source not in index or target not in index:
            continue
        cell = cells[index[source]][index[target]]
        cell.given += 1
        if accepted_at is not None:
            cell.accepted += 1
            cell.seconds.append(seconds)
        if status == Status.WON:
            cell.won += 1
    return found, list(zip(found, cells, strict=True))


def owed(user, limit=3):
    """People who passed the user leads and got none back from them: [(person, count)]."""
    received = (
        Handoff.objects.filter(receiver=user)
        .exclude(lead__giver=user)
        .values("lead__giver")
        .annotate(n=Count("lead", distinct=True))
        .order_by("-n")
    )
    counts = {row["lead__giver"]: row["n"] for row in received}
    if not counts:
        return []
    gave_back = set(
        Handoff.objects.filter(lead__giver=user, receiver__in=counts).values_list(
            "receiver", flat=True
        )
    )
    people = (
        get_user_model()
        .objects.filter(pk__in=[pk for pk in counts if pk not in gave_back], is_active=True)
        .select_related("profile__division")
    )
    return sorted(((p, counts[p.pk]) for p in people), key=lambda pair: -pair[1])[:limit]
