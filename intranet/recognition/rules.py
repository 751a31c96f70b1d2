"""What earns recognition in Guild: every rule and badge, in one place.

Points go to outcomes that helped someone else, never to volume: recording a lead, writing a
post or reusing your own proposal earns nothing. Each rule reads its records straight from
the tables that hold them, so changing a number here and running `manage.py
recompute_points` re-scores everyone consistently.

A rule's `rows(sources)` turns a queryset of its source model into (source id, user id,
earned at, community id) tuples.
"""

from dataclasses import dataclass

from django.db.models import F, Min
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from intranet.community.models import BestComment, Comment
from intranet.leads.models import TAKEN, Lead, Status
from intranet.learning.models import Enrolment
from intranet.library.models import Reuse


@dataclass(frozen=True)
class Rule:
    key: str
    label: str
    points: int
    model: type
    rows: object


def _lead_community():
    from intranet.community import permissions

    community = permissions.lead_community()
    return community.pk if community else None


def _lead_accepted(leads):
    community = _lead_community()
    found = leads.filter(accepted_at__isnull=False, status__in=TAKEN)
    for pk, giver, at in found.values_list("pk", "giver", "accepted_at"):
        yield pk, giver, at, community


def _lead_won(whom):
    def rows(leads):
        community = _lead_community()
        found = leads.filter(status=Status.WON, accepted_by__isnull=False)
        for pk, user, at in found.values_list("pk", whom, "closed_at"):
            yield pk, user, at, community

    return rows


def _answers(comments):
    found = (
        comments.filter(accepted=True, deleted_at=None, post__live=True)
        .exclude(author=F("post__owner"))
        .exclude(author=None)
    )
    yield from found.values_list(
        "pk", "author", Coalesce("accepted_at", "created_at"), "post__community"
    )


def _best(picks):
    found = picks.filter(comment__deleted_at=None, comment__post__live=True).exclude(
        comment__author=None
    )
    yield from found.values_list("pk", "comment__author", "picked_at", "community")


def _reuses(reuses):
    """One award per colleague who reused an item, to the item's owner; reusing one's own
    item, or the same item again, earns nothing."""
    found = (
        reuses.filter(item__live=True)
        .exclude(user=F("item__owner"))
        .exclude(item__owner=None)
        .values("item", "user")
        .annotate(first=Min("pk"), at=Min("created_at"))
        .values_list("first", "item__owner", "at", "item__community")
    )
    yield from found


def _completions(enrolments):
    found = enrolments.filter(completed_at__isnull=False)
    yield from found.values_list("pk", "user", "completed_at", "path__community")


RULES = [
    Rule("lead_accepted", _("A lead you passed on was accepted"), 10, Lead, _lead_accepted),
    Rule("lead_won", _("A lead you passed on was won"), 25, Lead, _lead_won("giver")),
    Rule(
        "lead_closed",
        _("You won business from a colleague's lead"),
        10,
        Lead,
        _lead_won("accepted_by"),
    ),
    Rule("answer_accepted", _("Your answer was accepted"), 15, Comment, _answers),
    Rule("best_comment", _("Best comment of the week"), 20, BestComment, _best),
    Rule("library_reuse", _("A colleague reused your library item"), 5, Reuse, _reuses),
    Rule("path_completed", _("You completed a learning path"), 20, Enrolment, _completions),
]
BY_KEY = {rule.key: rule for rule in RULES}


@dataclass(frozen=True)
class Badge:
    key: str
    name: str
    description: str
    rule: str | None  # count awards of this rule; None: count total points
    at_least: int


BADGES = [
    Badge(
        "bridge-builder",
        _("Bridge builder"),
        _("A lead you passed on was accepted"),
        "lead_accepted",
        1,
    ),
    Badge("rainmaker", _("Rainmaker"), _("Three leads you passed on were won"), "lead_won", 3),
    Badge("closer", _("Closer"), _("Won business from three colleagues' leads"), "lead_closed", 3),
    Badge(
        "go-to", _("Go-to colleague"), _("Five of your answers were accepted"), "answer_accepted", 5
    ),
    Badge(
        "voice", _("Voice of the week"), _("Wrote a best comment of the week"), "best_comment", 1
    ),
    Badge(
        "reusable",
        _("Reusable"),
        _("Five colleagues reused your library items"),
        "library_reuse",
        5,
    ),
    Badge("graduate", _("Graduate"), _("Completed a learning path"), "path_completed", 1),
    Badge("centurion", _("Centurion"), _("Earned 100 points by helping others"), None, 100),
]
