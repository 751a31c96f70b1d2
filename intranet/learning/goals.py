"""Participation goals: exchange steps that complete themselves from what a learner really does.

A goal is a name, a label and a check: does this person's activity in the community (or
anywhere, for a site-wide path) meet it? Add a kind by registering one more check here and
sending `learning.signals.activity` (or connecting the model it watches in signals.py).
"""

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Goal:
    key: str
    label: str
    check: object  # callable(user, community or None) -> bool


GOALS = {}


def goal(key, label):
    def register(check):
        GOALS[key] = Goal(key, label, check)
        return check

    return register


def choices():
    return [(found.key, found.label) for found in GOALS.values()]


def met(key, user, community):
    found = GOALS.get(key)
    return found is not None and found.check(user, community)


def _in(queryset, field, community):
    return queryset if community is None else queryset.filter(**{field: community})


@goal("first_post", _("Publish a first post"))
def first_post(user, community):
    from intranet.community.models import PostPage

    return _in(PostPage.objects.live().filter(owner=user), "community", community).exists()


@goal("first_comment", _("Write a first comment"))
def first_comment(user, community):
    from intranet.community.models import Comment

    comments = Comment.objects.filter(author=user, deleted_at=None, post__live=True)
    return _in(comments, "post__community", community).exists()


@goal("first_helpful_vote_received", _("Receive a first helpful vote"))
def first_helpful_vote_received(user, community):
    from intranet.community.models import HelpfulVote

    votes = HelpfulVote.objects.filter(
        Q(comment__author=user) & ~Q(user=user), comment__deleted_at=None
    )
    return _in(votes, "comment__post__community", community).exists()


@goal("first_library_reuse", _("Reuse a library item"))
def first_library_reuse(user, community):
    from intranet.library.models import Reuse

    return _in(Reuse.objects.filter(user=user), "item__community", community).exists()
