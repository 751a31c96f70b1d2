"""A person's standing: points all time and this month, points by rule, and badges at their
thresholds; and how the profile shows it."""

import datetime

import pytest

from intranet.learning.models import Enrolment
from intranet.recognition import services
from intranet.recognition.rules import BADGES, BY_KEY
from tests.leads.builders import make_lead
from tests.library.builders import make_item, reuse

from .helpers import assert_no_drift, complete_path, give, last_month, short_path


def _badges(person):
    return {badge.key for badge in services.standing(person.user)["badges"]}


def test_nobody_starts_with_points_or_badges(w):
    assert services.standing(w.giver.user) == {
        "points": 0,
        "month": 0,
        "badges": [],
        "breakdown": [],
    }


def test_standing_after_real_outcomes(w):
    make_lead(w.giver, w.receiver, status="won")
    make_lead(w.giver, w.receiver, status="accepted")

    found = services.standing(w.giver.user)

    assert (found["points"], found["month"]) == (10 + 10 + 25, 45)
    assert [(rule.key, n, total) for rule, n, total in found["breakdown"]] == [
        ("lead_accepted", 2, 20),
        ("lead_won", 1, 25),
    ]
    assert [badge.key for badge in found["badges"]] == ["bridge-builder"]
    assert [badge.key for badge in services.standing(w.receiver.user)["badges"]] == []


def test_an_outcome_of_last_month_counts_only_all_time(w):
    """earned_at comes from the record: a path completed last month earns last month."""
    enrolment = complete_path(w.other, short_path(w.support, w.sponsor))
    assert services.standing(w.other.user)["month"] == 20

    Enrolment.objects.filter(pk=enrolment.pk).update(completed_at=last_month())
    assert services.recompute() == 1

    found = services.standing(w.other.user)
    assert (found["points"], found["month"]) == (20, 0)
    assert [badge.key for badge in found["badges"]] == ["graduate"]
    assert_no_drift()


def test_the_month_starts_at_midnight_on_the_first(w):
    start = services.month_start()
    assert (start.day, start.hour, start.minute, start.second) == (1, 0, 0, 0)
    give(w.giver, "lead_accepted", at=start)
    give(w.giver, "lead_won", at=start - datetime.timedelta(microseconds=1))

    found = services.standing(w.giver.user)

    assert (found["points"], found["month"]) == (35, 10)


def test_month_start_of_a_given_moment(w):
    from django.utils import timezone

    moment = timezone.make_aware(datetime.datetime(2025, 3, 31, 23, 59))
    assert services.month_start(moment) == timezone.make_aware(datetime.datetime(2025, 3, 1))


def _rule_badges():
    return [pytest.param(badge, id=badge.key) for badge in BADGES if badge.rule]


@pytest.mark.parametrize("badge", _rule_badges())
def test_a_rule_badge_comes_at_its_threshold_and_not_one_below(w, badge):
    for _ in range(badge.at_least - 1):
        give(w.expert, badge.rule)
    assert badge.key not in _badges(w.expert)

    give(w.expert, badge.rule)
    assert badge.key in _badges(w.expert)


def test_the_points_badge_comes_at_100_points_and_not_at_99(w):
    centurion = next(badge for badge in BADGES if badge.rule is None)
    assert centurion.at_least == 100
    give(w.expert, "answer_accepted", points=60)
    give(w.expert, "best_comment", points=39)
    assert "centurion" not in _badges(w.expert)

    give(w.expert, "library_reuse", points=1)
    assert "centurion" in _badges(w.expert)


def test_badges_count_awards_of_their_own_rule_only(w):
    for _ in range(4):
        give(w.expert, "answer_accepted")
    give(w.expert, "lead_won")
    assert "go-to" not in _badges(w.expert)


def test_the_reuse_badge_counts_colleagues_not_reuses(w):
    item = make_item(w.support, w.expert, file="docx")
    for person in (w.giver, w.receiver, w.other, w.asker):
        reuse(item, person, times=2)
    reuse(item, w.expert, times=3)
    assert "reusable" not in _badges(w.expert)
    assert services.standing(w.expert.user)["points"] == 4 * BY_KEY["library_reuse"].points

    reuse(item, w.sponsor)
    assert "reusable" in _badges(w.expert)


def test_the_profile_shows_points_and_badges(w, client):
    make_lead(w.giver, w.receiver, status="won")
    give(w.giver, "best_comment", at=last_month())
    client.force_login(w.other.user)

    response = client.get(f"/people/{w.giver.user.username}/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "55 points" in html
    assert "35 this month" in html
    for name in ("Bridge builder", "Voice of the week"):
        assert name in html
    assert "Rainmaker" not in html
    assert "Your answer was accepted" not in html
    assert "A lead you passed on was won: once, 25 points" in html


def test_a_profile_without_points(w, client):
    client.force_login(w.giver.user)

    response = client.get(f"/people/{w.asker.user.username}/")

    assert response.status_code == 200
    assert "0 points" in response.content.decode()
