"""Participation goals tick exchange steps off from what the learner really does, through the
same views colleagues use: a post, a comment, a helpful vote received, a library item reused.
Only activity in the path's community counts (anywhere, for a site-wide path), and only while
the learner follows the path."""

from types import SimpleNamespace

import pytest

from intranet.community import discussion
from intranet.learning import services
from intranet.learning.models import Enrolment, StepProgress
from tests.builders import add_member, make_comment, make_community, make_person, make_post
from tests.community.helpers import built_once, fresh, login, post_data
from tests.learning.builders import enrol, make_path
from tests.library.builders import make_item

GOALS = ("first_post", "first_comment", "first_helpful_vote_received", "first_library_reuse")
EXCHANGE = [
    {
        "key": goal.replace("_", "-"),
        "tier": "exchange",
        "title": goal.replace("_", " ").capitalize(),
        "goal": goal,
        "task": "Take part.",
    }
    for goal in GOALS
]


def _build():
    w = SimpleNamespace(
        editor=make_person("editor"),
        learner=make_person("learner"),
        helper=make_person("helper"),
        sales=make_community("Sales Community"),
        service=make_community("Service Community"),
    )
    for community in (w.sales, w.service):
        add_member(community, w.editor, role="editor")
        add_member(community, w.learner)
        add_member(community, w.helper)
    w.path = make_path(w.sales, w.editor, "Join the conversation", steps=EXCHANGE)
    w.site_path = make_path(None, w.editor, "Find your way around", steps=EXCHANGE)
    w.sales_post = make_post(w.sales, w.editor, title="Pricing the night patrol")
    w.service_post = make_post(w.service, w.editor, title="Boiler checks")
    w.sales_item = make_item(w.sales, w.editor, file="docx")
    w.service_item = make_item(w.service, w.editor, file="docx")
    return w


world = built_once(_build)


@pytest.fixture
def w(db, world):
    w = fresh(world)
    w.enrolment = enrol(w.learner, w.path)
    w.site_enrolment = enrol(w.learner, w.site_path)
    return w


def _done(enrolment, goal):
    return StepProgress.objects.filter(enrolment=enrolment, step__goal=goal, status="done").exists()


def _done_goals(enrolment):
    return set(
        StepProgress.objects.filter(enrolment=enrolment, status="done").values_list(
            "step__goal", flat=True
        )
    )


def _comment_as(client, person, post, body="I would add a night patrol."):
    response = login(client, person).post(f"/c/posts/{post.pk}/comments/", {"body": body})
    assert response.status_code == 302
    return post.comments.filter(author=person.user).latest("pk")


def _vote(client, person, comment):
    response = login(client, person).post(f"/c/comments/{comment.pk}/helpful/")
    assert response.status_code == 302


def _reuse(client, person, item):
    response = login(client, person).post(f"/library/items/{item.pk}/reuse/", {"customer": ""})
    assert response.status_code == 302


# Each goal, through the views


def test_a_first_post_in_the_community_completes_the_step(client, w):
    response = login(client, w.learner).post(
        f"/c/{w.sales.pk}/posts/new/", post_data(title="How do I price a bundle?")
    )

    assert response.status_code == 302
    assert _done_goals(w.enrolment) == {"first_post"}
    assert _done_goals(w.site_enrolment) == {"first_post"}


def test_a_first_comment_completes_the_step(client, w):
    _comment_as(client, w.learner, w.sales_post)

    assert _done_goals(w.enrolment) == {"first_comment"}
    assert _done_goals(w.site_enrolment) == {"first_comment"}


def test_a_first_helpful_vote_received_completes_the_step(client, w):
    comment = _comment_as(client, w.learner, w.sales_post)
    assert not _done(w.enrolment, "first_helpful_vote_received")

    _vote(client, w.helper, comment)

    assert _done(w.enrolment, "first_helpful_vote_received")
    assert _done(w.site_enrolment, "first_helpful_vote_received")


def test_a_first_library_reuse_completes_the_step(client, w):
    _reuse(client, w.learner, w.sales_item)

    assert _done_goals(w.enrolment) == {"first_library_reuse"}
    assert _done_goals(w.site_enrolment) == {"first_library_reuse"}


def test_every_goal_met_completes_the_path(client, w):
    login(client, w.learner).post(f"/c/{w.sales.pk}/posts/new/", post_data(title="Hello"))
    comment = _comment_as(client, w.learner, w.sales_post)
    _vote(client, w.helper, comment)
    _reuse(client, w.learner, w.sales_item)

    assert _done_goals(w.enrolment) == set(GOALS)
    assert Enrolment.objects.get(pk=w.enrolment.pk).completed_at is not None


# Only the path's community counts; a site-wide path counts everything


def test_a_post_elsewhere_counts_only_for_the_site_wide_path(client, w):
    login(client, w.learner).post(f"/c/{w.service.pk}/posts/new/", post_data(title="Boilers?"))

    assert _done_goals(w.enrolment) == set()
    assert _done_goals(w.site_enrolment) == {"first_post"}


def test_a_comment_elsewhere_counts_only_for_the_site_wide_path(client, w):
    _comment_as(client, w.learner, w.service_post)

    assert _done_goals(w.enrolment) == set()
    assert _done_goals(w.site_enrolment) == {"first_comment"}


def test_a_vote_elsewhere_counts_only_for_the_site_wide_path(client, w):
    comment = _comment_as(client, w.learner, w.service_post)

    _vote(client, w.helper, comment)

    assert not _done(w.enrolment, "first_helpful_vote_received")
    assert _done(w.site_enrolment, "first_helpful_vote_received")


def test_a_reuse_elsewhere_counts_only_for_the_site_wide_path(client, w):
    _reuse(client, w.learner, w.service_item)

    assert _done_goals(w.enrolment) == set()
    assert _done_goals(w.site_enrolment) == {"first_library_reuse"}


# Only the learner's own activity counts


def test_what_others_do_does_not_count_for_the_learner(client, w):
    make_post(w.sales, w.helper, title="Helper's question")
    helper_comment = make_comment(w.sales_post, w.helper)
    _vote(client, w.learner, helper_comment)  # the learner gives a vote, receives none
    _reuse(client, w.helper, w.sales_item)

    assert _done_goals(w.enrolment) == set()
    assert _done_goals(w.site_enrolment) == set()


def test_a_vote_taken_back_before_enrolling_does_not_count(client, w):
    Enrolment.objects.filter(pk=w.enrolment.pk).delete()
    comment = make_comment(w.sales_post, w.learner)
    discussion.toggle_helpful(comment, w.helper.user)
    discussion.toggle_helpful(comment, w.helper.user)  # taken back

    enrolment = enrol(w.learner, w.path)

    assert _done_goals(enrolment) == {"first_comment"}


def test_a_goal_met_before_enrolling_completes_on_enrolment(w):
    Enrolment.objects.filter(pk=w.enrolment.pk).delete()
    make_post(w.sales, w.learner, title="Before I enrolled")

    enrolment = enrol(w.learner, w.path)

    assert _done_goals(enrolment) == {"first_post"}


# Withdrawn enrolments


def test_the_goal_of_a_withdrawn_enrolment_does_not_complete(client, w):
    services.withdraw(w.enrolment)

    login(client, w.learner).post(f"/c/{w.sales.pk}/posts/new/", post_data(title="Question"))
    _comment_as(client, w.learner, w.sales_post)
    _reuse(client, w.learner, w.sales_item)

    assert _done_goals(w.enrolment) == set()
    assert _done_goals(w.site_enrolment) == {"first_post", "first_comment", "first_library_reuse"}


def test_a_goal_met_while_away_completes_on_rejoining(client, w):
    services.withdraw(w.enrolment)
    make_post(w.sales, w.learner, title="While I was away")

    response = login(client, w.learner).post(f"/learning/paths/{w.path.pk}/enrol/")

    assert response.status_code == 302
    assert Enrolment.objects.get(pk=w.enrolment.pk).is_active
    assert _done_goals(w.enrolment) == {"first_post"}
