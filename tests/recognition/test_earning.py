"""Each rule earns from its real action, through the site's services, to the right person, with
the right points, earned_at and community; volume earns nothing."""

import dataclasses

import pytest

from intranet.community import discussion
from intranet.community.models import BestComment, Comment
from intranet.leads import services as leads
from intranet.leads.models import Lead
from intranet.learning.models import Enrolment
from intranet.library.models import Reuse
from intranet.recognition import rules, services
from intranet.recognition.models import Award
from tests.builders import make_comment, make_post
from tests.leads.builders import make_lead
from tests.library.builders import make_item, reuse

from .helpers import (
    accept,
    answer,
    assert_no_drift,
    awards,
    by_rule,
    complete_path,
    only_award,
    points,
    question,
    republish,
    short_path,
    unpublish,
    user_of,
)


def _lead(w, status):
    return make_lead(w.giver, w.receiver, status=status)


# Volume earns nothing


def test_recording_posting_and_commenting_earn_nothing(w):
    for status in ("unrouted", "new", "declined", "withdrawn"):
        _lead(w, status)
    post = question(w.support, w.asker)
    answer(post, w.expert)
    blog = make_post(w.support, w.expert, title="Our week")
    make_comment(blog, w.other, "Nice week.")
    make_comment(blog, w.asker, "Indeed.")

    assert Lead.objects.count() == 4
    assert Comment.objects.count() == 3
    assert not Award.objects.exists()
    assert_no_drift()


# Leads


def test_an_accepted_lead_earns_its_giver_points(w):
    lead = _lead(w, "accepted")

    award = only_award(w.giver, "lead_accepted")
    assert (award.points, award.source_id) == (rules.BY_KEY["lead_accepted"].points, lead.pk)
    assert award.earned_at == lead.accepted_at
    assert award.community_id == w.sales.pk
    assert not awards(w.receiver).exists()
    assert by_rule(w.giver) == {"lead_accepted": [10]}


@pytest.mark.parametrize("status", ["contacted", "lost"])
def test_a_lead_taken_on_but_not_won_keeps_the_acceptance_points_only(w, status):
    _lead(w, status)

    assert by_rule(w.giver) == {"lead_accepted": [10]}
    assert not awards(w.receiver).exists()


def test_a_won_lead_earns_the_giver_and_the_receiver(w):
    lead = _lead(w, "won")

    assert by_rule(w.giver) == {"lead_accepted": [10], "lead_won": [25]}
    assert by_rule(w.receiver) == {"lead_closed": [10]}
    won, closed = only_award(w.giver, "lead_won"), only_award(w.receiver, "lead_closed")
    assert won.earned_at == closed.earned_at == lead.closed_at
    assert won.source_id == closed.source_id == lead.pk
    assert won.community_id == closed.community_id == w.sales.pk
    assert points(w.giver) == 35


def test_each_move_of_a_lead_refreshes_its_awards(w):
    lead = _lead(w, "new")
    assert not Award.objects.exists()
    leads.accept(lead, w.receiver.user)
    assert by_rule(w.giver) == {"lead_accepted": [10]}
    leads.contacted(lead, w.receiver.user)
    assert by_rule(w.giver) == {"lead_accepted": [10]}
    leads.close(lead, w.receiver.user, "won", value=None)
    assert points(w.giver) == 35 and points(w.receiver) == 10
    assert_no_drift()


# Accepted answers


def test_an_accepted_answer_earns_its_author(w):
    post = question(w.support, w.asker)
    reply = answer(post, w.expert)

    assert accept(reply) is True

    reply.refresh_from_db()
    award = only_award(w.expert, "answer_accepted")
    assert (award.points, award.source_id) == (15, reply.pk)
    assert award.earned_at == reply.accepted_at
    assert award.community_id == w.support.pk
    assert not awards(w.asker).exists()


def test_answering_your_own_question_earns_nothing(w):
    post = question(w.support, w.asker)
    mine = answer(post, w.asker, "Found it myself.")

    accept(mine)

    assert Comment.objects.get(pk=mine.pk).accepted
    assert not Award.objects.exists()
    assert_no_drift()


def test_taking_the_acceptance_back_removes_the_points(w):
    post = question(w.support, w.asker)
    reply = answer(post, w.expert)
    accept(reply)
    assert points(w.expert) == 15

    assert accept(reply) is False

    assert points(w.expert) == 0
    assert_no_drift()


def test_deleting_the_accepted_comment_removes_the_points(w):
    post = question(w.support, w.asker)
    reply = answer(post, w.expert)
    accept(reply)

    discussion.delete_comment(Comment.objects.get(pk=reply.pk), w.sponsor.user, "Off topic")

    assert not Award.objects.exists()
    assert_no_drift()


def test_moving_the_acceptance_moves_the_points(w):
    post = question(w.support, w.asker)
    first = answer(post, w.expert)
    second = answer(post, w.other, "Try the Lund office.")
    accept(first)

    accept(second)

    assert points(w.expert) == 0
    award = only_award(w.other, "answer_accepted")
    assert award.source_id == second.pk
    assert award.earned_at == Comment.objects.get(pk=second.pk).accepted_at
    assert_no_drift()


def test_unpublishing_a_post_removes_its_answer_points_and_republishing_restores_them(w):
    post = question(w.support, w.asker)
    reply = answer(post, w.expert)
    accept(reply)
    before = only_award(w.expert, "answer_accepted")

    unpublish(post, w.sponsor)
    assert not Award.objects.exists()
    assert_no_drift()

    republish(post, w.asker)
    after = only_award(w.expert, "answer_accepted")
    assert (after.source_id, after.points, after.earned_at, after.community_id) == (
        before.source_id,
        before.points,
        before.earned_at,
        before.community_id,
    )
    assert_no_drift()


# Best comment of the week


def test_the_best_comment_of_the_week_earns_its_author(w):
    post = make_post(w.support, w.asker, title="Our week")
    remark = make_comment(post, w.expert, "Nice week.")

    pick = discussion.pick_best(remark, w.sponsor.user)

    award = only_award(w.expert, "best_comment")
    pick = BestComment.objects.get(pk=pick.pk)
    assert (award.points, award.source_id) == (20, pick.pk)
    assert award.earned_at == pick.picked_at
    assert award.community_id == w.support.pk
    assert not awards(w.sponsor).exists() and not awards(w.asker).exists()


def test_replacing_the_pick_moves_the_points(w):
    post = make_post(w.support, w.asker, title="Our week")
    first = make_comment(post, w.expert, "Nice week.")
    second = make_comment(post, w.other, "Great week.")
    discussion.pick_best(first, w.sponsor.user)

    discussion.pick_best(second, w.sponsor.user)

    assert points(w.expert) == 0
    assert by_rule(w.other) == {"best_comment": [20]}
    assert BestComment.objects.count() == 1
    assert_no_drift()


def test_deleting_the_best_comment_removes_its_points(w):
    post = make_post(w.support, w.asker, title="Our week")
    remark = make_comment(post, w.expert, "Nice week.")
    discussion.pick_best(remark, w.sponsor.user)

    discussion.delete_comment(Comment.objects.get(pk=remark.pk), w.sponsor.user)

    assert not Award.objects.exists()
    assert_no_drift()


# Library reuse


def test_a_colleague_reusing_an_item_earns_its_owner_once(w):
    item = make_item(w.support, w.expert, file="docx")

    first = reuse(item, w.other)
    reuse(item, w.other, times=2)

    award = only_award(w.expert, "library_reuse")
    assert (award.points, award.source_id) == (5, first.pk)
    assert award.earned_at == Reuse.objects.get(pk=first.pk).created_at
    assert award.community_id == w.support.pk
    assert not awards(w.other).exists()
    assert Reuse.objects.count() == 3


def test_each_colleague_counts_once_per_item(w):
    item = make_item(w.support, w.expert, file="docx")
    another = make_item(w.support, w.expert, file="docx")

    reuse(item, w.other, times=2)
    reuse(item, w.asker)
    reuse(another, w.other)

    assert by_rule(w.expert) == {"library_reuse": [5, 5, 5]}
    assert_no_drift()


def test_reusing_your_own_item_earns_nothing(w):
    item = make_item(w.support, w.expert, file="docx")

    reuse(item, w.expert, times=2)

    assert Reuse.objects.count() == 2
    assert not Award.objects.exists()
    assert_no_drift()


# Learning paths


def test_completing_a_path_earns_the_learner(w):
    path = short_path(w.support, w.sponsor)

    enrolment = complete_path(w.other, path)

    assert enrolment.completed_at is not None
    award = only_award(w.other, "path_completed")
    assert (award.points, award.source_id) == (20, enrolment.pk)
    assert award.earned_at == enrolment.completed_at
    assert award.community_id == w.support.pk
    assert not awards(w.sponsor).exists()


def test_a_path_half_done_earns_nothing(w):
    from intranet.learning import services as learning
    from intranet.learning.models import Step
    from tests.learning.builders import enrol, make_path

    path = make_path(
        w.support,
        w.sponsor,
        "Two readings",
        steps=[
            {"key": "a", "tier": "formal", "title": "A", "module": {"title": "A", "text": "1"}},
            {"key": "b", "tier": "formal", "title": "B", "module": {"title": "B", "text": "2"}},
        ],
    )
    enrolment = enrol(w.other, path)
    learning.complete_reading(enrolment, Step.objects.get(path=path, key="a"))

    assert Enrolment.objects.get(pk=enrolment.pk).completed_at is None
    assert not Award.objects.exists()

    learning.complete_reading(enrolment, Step.objects.get(path=path, key="b"))
    assert by_rule(w.other) == {"path_completed": [20]}


def test_a_site_wide_path_earns_without_a_community(w):
    path = short_path(None, w.sponsor)

    complete_path(w.other, path)

    assert only_award(w.other, "path_completed").community_id is None
    assert_no_drift()


def test_everyone_earns_under_their_own_name(w):
    """One of each outcome, and nobody else's points land on the wrong person."""
    _lead(w, "won")
    post = question(w.support, w.asker)
    accept(answer(post, w.expert))
    blog = make_post(w.support, w.asker, title="Our week")
    discussion.pick_best(make_comment(blog, w.other, "Nice."), w.sponsor.user)
    reuse(make_item(w.support, w.asker, file="docx"), w.expert)
    complete_path(w.sponsor, short_path(w.support, w.sponsor))

    assert {user_of(p).username: points(p) for p in (w.giver, w.receiver, w.asker)} == {
        "giver": 35,
        "receiver": 10,
        "asker": 5,
    }
    assert (points(w.expert), points(w.other), points(w.sponsor)) == (15, 20, 20)
    assert_no_drift()


def test_a_changed_rule_applies_to_new_awards_at_once(w, monkeypatch):
    changed = dataclasses.replace(rules.BY_KEY["lead_accepted"], points=3)
    patched = [changed if rule.key == changed.key else rule for rule in rules.RULES]
    for module in (rules, services):
        monkeypatch.setattr(module, "RULES", patched)
        monkeypatch.setattr(module, "BY_KEY", {rule.key: rule for rule in patched})

    make_lead(w.giver, w.receiver, status="accepted")

    assert list(Award.objects.values_list("rule", "points")) == [("lead_accepted", 3)]


def test_unpublishing_a_library_item_removes_its_reuse_points_and_republishing_restores_them(w):
    item = make_item(w.support, w.expert, file="docx")
    reuse(item, w.other)
    before = services.current()

    unpublish(item, w.sponsor)
    assert not Award.objects.exists()
    assert_no_drift()

    republish(item, w.expert)
    assert services.current() == before
    assert_no_drift()


@pytest.mark.parametrize("what", ["question", "path"])
def test_deleting_the_page_behind_an_award_removes_the_award(w, what):
    from wagtail.actions.delete_page import DeletePageAction

    if what == "question":
        page = question(w.support, w.asker)
        accept(answer(page, w.expert))
    else:
        page = short_path(w.support, w.sponsor)
        complete_path(w.other, page)
    assert Award.objects.count() == 1

    DeletePageAction(type(page).objects.get(pk=page.pk), user=w.sponsor.user).execute(
        skip_permission_checks=True
    )

    assert not Award.objects.exists()
    assert_no_drift()
