"""Keeping awards in step with their records, and reading totals, badges and leaderboards.

The running totals are the Award rows, refreshed for the records an action touched (a lead's
move, a post's accepted answer, a community's best comment, an item's reuses, an
enrolment). `recompute()` rebuilds every rule from scratch; `from_scratch()` computes the same
without writing, so a test (or `manage.py recompute_points --check`) can prove there is no
drift.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from intranet.community import permissions
from intranet.community.models import BestComment, Comment, CommunityPage
from intranet.library.models import Reuse
from intranet.taxonomy.models import Division, Location

from .models import Award
from .rules import BADGES, BY_KEY, RULES

PERIODS = ("month", "all")
BOARDS = ("people", "divisions", "locations", "communities")


def _desired(rule, sources):
    return {
        (source, user): (rule.points, at, community)
        for source, user, at, community in rule.rows(sources)
        if user is not None and at is not None
    }


def from_scratch():
    """{(rule, source id, user id): (points, earned at, community id)} for every rule."""
    found = {}
    for rule in RULES:
        for (source, user), value in _desired(rule, rule.model.objects.all()).items():
            found[(rule.key, source, user)] = value
    return found


def current():
    """The same mapping, read from the Award table."""
    return {
        (a.rule, a.source_id, a.user_id): (a.points, a.earned_at, a.community_id)
        for a in Award.objects.all()
    }


@transaction.atomic
def refresh(key, sources=None):
    """Bring the awards of one rule in line with its records, for `sources` (a queryset of the
    rule's model) or for all of them; returns how many award rows changed."""
    rule = BY_KEY[key]
    everything = sources is None
    sources = rule.model.objects.all() if everything else sources
    desired = _desired(rule, sources)
    existing = Award.objects.filter(rule=key)
    if not everything:
        covered = set(sources.values_list("pk", flat=True))
        existing = existing.filter(source_id__in=covered)
    have = {(a.source_id, a.user_id): a for a in existing}
    stale = [a.pk for pair, a in have.items() if pair not in desired]
    Award.objects.filter(pk__in=stale).delete()
    changed = len(stale)
    for (source, user), (points, at, community) in desired.items():
        award = have.get((source, user))
        if award is None:
            Award.objects.create(
                rule=key,
                source_id=source,
                user_id=user,
                points=points,
                earned_at=at,
                community_id=community,
            )
            changed += 1
        elif (award.points, award.earned_at, award.community_id) != (points, at, community):
            Award.objects.filter(pk=award.pk).update(
                points=points, earned_at=at, community_id=community
            )
            changed += 1
    return changed


def recompute():
    """Rebuild every award from its records; returns how many rows changed (0: no drift)."""
    with transaction.atomic():
        changed, _ = Award.objects.exclude(rule__in=BY_KEY).delete()
        for rule in RULES:
            changed += refresh(rule.key)
    return changed


# What the rest of Guild calls after changing a record that may earn points.


def refresh_lead(lead):
    from intranet.leads.models import Lead

    for key in ("lead_accepted", "lead_won", "lead_closed"):
        refresh(key, Lead.objects.filter(pk=lead.pk))


def refresh_post(post):
    refresh("answer_accepted", Comment.objects.filter(post=post))
    refresh("best_comment", BestComment.objects.filter(comment__post=post))


def refresh_best(community):
    refresh("best_comment", BestComment.objects.filter(community=community))


def refresh_item(item):
    refresh("library_reuse", Reuse.objects.filter(item=item))


def refresh_enrolment(enrolment):
    from intranet.learning.models import Enrolment

    refresh("path_completed", Enrolment.objects.filter(pk=enrolment.pk))


# Reading


def month_start(now=None):
    today = timezone.localdate(now)
    start = datetime.datetime.combine(today.replace(day=1), datetime.time())
    return timezone.make_aware(start)


def _in_period(awards, period):
    return awards.filter(earned_at__gte=month_start()) if period == "month" else awards


def standing(user):
    """A person's points (all time and this month), points by rule, and badges."""
    awards = Award.objects.filter(user=user)
    totals = awards.aggregate(
        all=Sum("points"), month=Sum("points", filter=Q(earned_at__gte=month_start()))
    )
    by_rule = {
        row["rule"]: row
        for row in awards.values("rule").annotate(n=Count("pk"), points=Sum("points"))
    }
    points = totals["all"] or 0
    badges = [
        badge
        for badge in BADGES
        if (by_rule.get(badge.rule, {}).get("n", 0) if badge.rule else points) >= badge.at_least
    ]
    breakdown = [
        (rule, by_rule[rule.key]["n"], by_rule[rule.key]["points"])
        for rule in RULES
        if rule.key in by_rule
    ]
    return {
        "points": points,
        "month": totals["month"] or 0,
        "badges": badges,
        "breakdown": breakdown,
    }


def leaderboard(viewer, board="people", period="month", limit=10):
    """[{"team": a person, division, location or community, "points", "people"}], best first."""
    awards = _in_period(Award.objects.filter(user__is_active=True), period)
    if board == "people":
        field, model = "user", get_user_model()
    elif board == "communities":
        field, model = "community", CommunityPage
        awards = awards.filter(community__in=permissions.listed_communities(viewer).values("pk"))
    elif board == "divisions":
        field, model = "user__profile__division", Division
    else:
        field, model = "user__profile__location", Location
    rows = list(
        awards.exclude(**{field: None})
        .values(field)
        .annotate(points=Sum("points"), people=Count("user", distinct=True))
        .order_by("-points", field)[:limit]
    )
    teams = model.objects.in_bulk([row[field] for row in rows])
    return [
        {"team": teams[row[field]], "points": row["points"], "people": row["people"]}
        for row in rows
        if row[field] in teams
    ]
