"""Helpers for the recognition tests: reading awards, and earning them through the site's services.

Everything that earns points here goes through the service the views call (leads, discussion,
library, learning, Wagtail publishing), never by writing Award rows; only the reading tests
(standing, badges, leaderboards) place rows directly with `give`, and say so.
"""

import datetime
import itertools

from django.utils import timezone

from intranet.community import discussion, posts
from intranet.community.models import PostKind
from intranet.learning import services as learning
from intranet.recognition import services
from intranet.recognition.models import Award
from intranet.recognition.rules import BY_KEY
from tests.builders import make_comment, make_post
from tests.learning.builders import enrol, make_path

_sources = itertools.count(10_000)
_titles = itertools.count(1)


def user_of(person):
    return getattr(person, "user", person)


def awards(person=None, rule=None):
    found = Award.objects.all()
    if person is not None:
        found = found.filter(user=user_of(person))
    if rule is not None:
        found = found.filter(rule=rule)
    return found


def points(person):
    return sum(awards(person).values_list("points", flat=True))


def by_rule(person):
    """{rule: [points, ...]} of the person's awards."""
    found = {}
    for rule, value in awards(person).order_by("pk").values_list("rule", "points"):
        found.setdefault(rule, []).append(value)
    return found


def only_award(person, rule):
    found = list(awards(person, rule))
    assert len(found) == 1, found
    return found[0]


def assert_no_drift():
    expected, found = services.from_scratch(), services.current()
    assert expected == found
    return found


# Earning through the site's services


def question(community, asker, title=None):
    return make_post(
        community, asker, kind=PostKind.QUESTION, title=title or f"Question {next(_titles)}?"
    )


def answer(post, person, body="Ask the Malmö office."):
    return make_comment(post, person, body)


def accept(comment):
    """Toggle the comment's acceptance, as the asker's button does."""
    return discussion.accept_answer(type(comment).objects.get(pk=comment.pk))


def unpublish(post, by):
    posts.unpublish_post(type(post).objects.get(pk=post.pk), user_of(by))


def republish(post, by):
    page = type(post).objects.get(pk=post.pk)
    page.save_revision(user=user_of(by)).publish(user=user_of(by), skip_permission_checks=True)


ONE_READING = [
    {
        "key": "read",
        "tier": "formal",
        "title": "The reading",
        "module": {"title": "The reading", "text": "Read this."},
    }
]


def short_path(community, owner, title=None):
    title = title or f"Short path {next(_titles)}"
    return make_path(
        community, owner, title, steps=ONE_READING, slug=title.lower().replace(" ", "-")
    )


def complete_path(person, path):
    """Enrol the person and read every step, through intranet.learning.services."""
    from intranet.learning.models import Enrolment, Step

    enrolment = enrol(person, path)
    for found in Step.objects.filter(path=path).order_by("sort_order", "pk"):
        learning.complete_reading(enrolment, found)
    return Enrolment.objects.get(pk=enrolment.pk)


# Placing rows directly (only for the tests of the reading side)


def give(person, rule, points=None, at=None, community=None, source=None):
    return Award.objects.create(
        user=user_of(person),
        rule=rule,
        source_id=source if source is not None else next(_sources),
        points=BY_KEY[rule].points if points is None else points,
        earned_at=at or timezone.now(),
        community=community,
    )


def last_month():
    """A moment safely before this month began."""
    return services.month_start() - datetime.timedelta(days=3)
