"""The community pages cost the same number of SQL queries however much is on them.

Each count comes after a warm-up request, which makes the photo renditions and fills caches.
"""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from intranet.community import discussion
from intranet.community.models import PostKind, Role
from intranet.people import services
from tests.builders import (
    add_member,
    image_upload,
    make_comment,
    make_community,
    make_division,
    make_person,
    make_post,
)
from tests.community.helpers import login

pytestmark = pytest.mark.django_db
_numbers = itertools.count(1)


def _queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _people(community, how_many):
    """Members from two divisions, every other one with a photo, the first one a sponsor.

    The reader shares their expertise, so every list on the home page has someone in it:
    an empty list skips its prefetch queries and would make the counts differ for no fault.
    """
    divisions = [make_division("Secure"), make_division("Technical")]
    found = []
    for index in range(how_many):
        number = next(_numbers)
        person = make_person(
            f"colleague{number}", division=divisions[index % 2], expertise=["healthcare"]
        )
        if index % 2:
            services.save_photo(person, image_upload(f"colleague{number}.png"))
        add_member(community, person, role=Role.SPONSOR if index == 0 else Role.MEMBER)
        found.append(person)
    return found


def _comment_on(post, people):
    """A comment from each person, a reply to each, and votes from the others."""
    for person in people:
        comment = make_comment(post, person, f"From {person.user.username}: try the west gate.")
        make_comment(post, people[0], "Thanks!", parent=comment)
        discussion.toggle_helpful(comment, post.owner)


def _reader(community):
    reader = make_person("reader", division=make_division("Facility"), expertise=["healthcare"])
    add_member(community, reader)
    return reader


def test_a_post_page_costs_the_same_with_5_or_50_comments(client):
    community = make_community("Sales Community")
    asker = make_person("asker")
    add_member(community, asker)
    post = make_post(community, asker, kind=PostKind.QUESTION, title="Gate codes?", tags=["a"])
    login(client, _reader(community))
    _comment_on(post, _people(community, 5))
    first = post.comments.filter(parent__isnull=True).first()
    discussion.accept_answer(first)
    discussion.pick_best(first, asker.user)
    with_5 = _queries(client, post.url)

    _comment_on(post, _people(community, 45))

    assert post.comments.filter(parent__isnull=True).count() == 50
    assert _queries(client, post.url) == with_5


def _write(community, people):
    kinds = [PostKind.BLOG, PostKind.QUESTION, PostKind.NEWS, PostKind.MEETING]
    for number, person in enumerate(people):
        kind = kinds[number % len(kinds)]
        post = make_post(
            community, person, kind=kind, title=f"{kind} by {person.user}", tags=["pricing", kind]
        )
        make_comment(post, people[0])


def test_a_community_home_costs_the_same_with_5_or_50_posts(client):
    community = make_community("Sales Community")
    reader = _reader(community)
    login(client, reader)
    people = _people(community, 5)
    _write(community, people)
    discussion.pick_best(people[0].user.comments.first(), reader.user)
    with_5 = _queries(client, community.url)

    _write(community, _people(community, 45))

    assert community.posts.count() == 50
    assert _queries(client, community.url) == with_5


def test_the_members_page_costs_the_same_with_5_or_50_members(client):
    community = make_community("Sales Community")
    editor = make_person("editor")
    add_member(community, editor, role=Role.EDITOR)
    login(client, editor)
    _people(community, 5)
    with_5 = _queries(client, f"/c/{community.pk}/members/")
    _people(community, 45)
    assert _queries(client, f"/c/{community.pk}/members/") == with_5


def test_a_community_home_costs_the_same_with_5_or_50_comments(client):
    community = make_community("Sales Community")
    reader = _reader(community)
    login(client, reader)
    people = _people(community, 5)
    post = make_post(community, people[0], kind=PostKind.QUESTION, title="Who knows the port?")
    _comment_on(post, people)
    discussion.pick_best(post.comments.first(), reader.user)
    with_5 = _queries(client, community.url)

    _comment_on(post, _people(community, 45))

    assert post.comments.filter(parent__isnull=True).count() == 50
    assert _queries(client, community.url) == with_5
