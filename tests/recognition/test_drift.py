"""No drift: the running totals (Award rows kept up by each action) equal the points recomputed
from the records, and changing a rule in rules.py re-scores everyone."""

import dataclasses

import pytest
from django.core.management import call_command
from django.db import transaction

from intranet.community import discussion
from intranet.community.models import Comment
from intranet.leads import services as leads
from intranet.recognition import rules, services
from intranet.recognition.models import Award
from tests.builders import make_comment, make_post
from tests.community.helpers import fresh
from tests.leads.builders import make_lead
from tests.library.builders import make_item, reuse

from .helpers import (
    accept,
    answer,
    assert_no_drift,
    complete_path,
    question,
    republish,
    short_path,
    unpublish,
)


def _mixed_history(w):
    """Leads in several states, answers accepted and taken back, best comments replaced,
    reuses, completions and deletions."""
    for status in ("unrouted", "new", "declined", "withdrawn", "accepted", "contacted", "lost"):
        make_lead(w.giver, w.receiver, status=status)
    make_lead(w.giver, w.receiver, status="won")
    make_lead(w.receiver, w.giver, status="won")
    moving = make_lead(w.other, w.receiver, status="accepted")
    leads.close(moving, w.receiver.user, "won", value=1000)

    moved = question(w.support, w.asker)
    first, second = answer(moved, w.expert), answer(moved, w.other, "Lund.")
    accept(first)
    accept(second)  # the acceptance moves
    taken_back = question(w.support, w.asker)
    reply = answer(taken_back, w.expert)
    accept(reply)
    accept(reply)  # and is taken back
    deleted = question(w.support, w.asker)
    gone = answer(deleted, w.other)
    accept(gone)
    discussion.delete_comment(Comment.objects.get(pk=gone.pk), w.sponsor.user, "Wrong")
    own = question(w.support, w.expert)
    accept(answer(own, w.expert, "Myself."))
    hidden = question(w.support, w.asker)
    accept(answer(hidden, w.other))
    unpublish(hidden, w.sponsor)
    back = question(w.support, w.asker)
    accept(answer(back, w.giver))
    unpublish(back, w.sponsor)
    republish(back, w.asker)
    kept = question(w.support, w.other)
    accept(answer(kept, w.asker))

    blog = make_post(w.support, w.asker, title="Our week")
    picks = [make_comment(blog, person, "Nice.") for person in (w.expert, w.other, w.giver)]
    for comment in picks:
        discussion.pick_best(comment, w.sponsor.user)  # each replaces the one before
    secret_post = make_post(w.secret, w.expert, title="Falcon offer")
    discussion.pick_best(make_comment(secret_post, w.expert, "Mine."), w.sponsor.user)

    item = make_item(w.support, w.expert, file="docx")
    reuse(item, w.other, times=3)
    reuse(item, w.asker)
    reuse(item, w.expert)
    other_item = make_item(w.support, w.other, file="docx")
    reuse(other_item, w.expert)

    path = short_path(w.support, w.sponsor)
    complete_path(w.other, path)
    complete_path(w.asker, path)
    complete_path(w.expert, short_path(None, w.sponsor))


@pytest.fixture(scope="module")
def _history_once(world, django_db_blocker):
    """The history is made once for this module, in a savepoint rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        _mixed_history(fresh(world))
        yield
        transaction.set_rollback(True)


@pytest.fixture
def history(_history_once, w):
    return w


def test_the_running_totals_equal_the_points_recomputed_from_the_records(history):
    found = assert_no_drift()

    rules_seen = {rule for rule, _source, _user in found}
    assert rules_seen == set(rules.BY_KEY), "the history earns under every rule"
    assert services.recompute() == 0


def test_the_expected_points_per_person(history):
    w = history
    totals = {
        person: services.standing(getattr(w, person).user)["points"]
        for person in ("giver", "receiver", "other", "expert", "asker")
    }
    # giver: 4 accepted (accepted, contacted, lost, won) + 1 won + closed the receiver's lead
    #        + the republished answer + the last best comment
    assert totals["giver"] == 4 * 10 + 25 + 10 + 15 + 20
    # receiver: closed two leads, passed one that was accepted and won
    assert totals["receiver"] == 10 + 10 + 10 + 25
    # other: a lead accepted and won, the moved answer, a reuse of their item, a path
    assert totals["other"] == 10 + 25 + 15 + 5 + 20
    # expert: the secret best comment, two colleagues reused the item, a site-wide path
    assert totals["expert"] == 20 + 5 + 5 + 20
    # asker: an accepted answer and a path
    assert totals["asker"] == 15 + 20


def test_wiped_awards_are_rebuilt_exactly(history):
    before = services.current()
    assert before

    Award.objects.all().delete()
    assert services.current() == {}
    changed = services.recompute()

    assert changed == len(before)
    assert services.current() == before


def test_recompute_repairs_tampered_missing_and_stray_rows(history):
    before = services.current()
    first, second = Award.objects.order_by("pk")[:2]
    Award.objects.filter(pk=first.pk).update(points=999)
    second.delete()
    Award.objects.create(
        user=first.user,
        rule="answer_accepted",
        source_id=987654,
        points=15,
        earned_at=first.earned_at,
    )

    assert services.recompute() == 3
    assert services.current() == before


def test_recompute_counts_the_rows_of_a_removed_rule(history):
    before = services.current()
    first = Award.objects.order_by("pk").first()
    Award.objects.create(
        user=first.user, rule="retired_rule", source_id=1, points=50, earned_at=first.earned_at
    )

    changed = services.recompute()

    assert services.current() == before
    assert changed == 1


def test_a_changed_rule_rescores_every_row(history, monkeypatch):
    before = services.current()
    doubled = [dataclasses.replace(rule, points=rule.points * 2) for rule in rules.RULES]
    by_key = {rule.key: rule for rule in doubled}
    for module in (rules, services):
        monkeypatch.setattr(module, "RULES", doubled)
        monkeypatch.setattr(module, "BY_KEY", by_key)

    assert services.from_scratch() != services.current()
    assert services.recompute() == len(before)

    after = services.current()
    assert after.keys() == before.keys()
    for key, (value, at, community) in before.items():
        assert after[key] == (value * 2, at, community)
    assert services.recompute() == 0


def test_the_check_command_passes_without_drift(history, capsys):
    call_command("recompute_points", check=True)

    assert "0 award rows differ" in capsys.readouterr().out


@pytest.mark.parametrize("tamper", ["points", "earned_at", "community", "deleted", "extra"])
def test_the_check_command_fails_on_a_tampered_row(history, tamper, capsys):
    award = Award.objects.filter(community__isnull=False).order_by("pk").first()
    rows = Award.objects.filter(pk=award.pk)
    if tamper == "points":
        rows.update(points=award.points + 1)
    elif tamper == "earned_at":
        rows.update(earned_at=services.month_start())
    elif tamper == "community":
        rows.update(community=None)
    elif tamper == "deleted":
        rows.delete()
    else:
        Award.objects.create(
            user=award.user,
            rule=award.rule,
            source_id=award.source_id + 10_000,
            points=award.points,
            earned_at=award.earned_at,
        )
    count = Award.objects.count()

    with pytest.raises(SystemExit) as exit:
        call_command("recompute_points", check=True)

    assert exit.value.code == 1
    differ = 1 if tamper in ("deleted", "extra") else 2  # a changed row: one gone, one new
    assert f"{differ} award rows differ" in capsys.readouterr().out
    assert Award.objects.count() == count, "--check changes nothing"


def test_the_command_repairs_drift(history, capsys):
    Award.objects.all().update(points=1)

    call_command("recompute_points")

    assert "award rows changed" in capsys.readouterr().out
    assert_no_drift()
    call_command("recompute_points", check=True)
