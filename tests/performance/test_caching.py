"""Cached fragments never show one reader what another may see, and never go stale.

Every test opens a page once to fill the cache, then changes something or switches reader,
and reads the page again from the same (warm) cache.
"""

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from intranet import caching
from intranet.community import discussion, posts
from intranet.community.models import PostKind, Role
from tests.builders import add_member, make_comment, make_community, make_person, make_post
from tests.community.helpers import login, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    member, outsider, author = (make_person(name) for name in ("member", "outsider", "author"))
    private = make_community("Hospital Tender Team", preset="bid_team")
    open_ = make_community("Sales Community")
    for community in (private, open_):
        add_member(community, author, role=Role.SPONSOR)
    add_member(private, member)
    add_member(open_, member)
    secret_post = make_post(private, author, title="Tender strategy for the county hospital")
    make_comment(secret_post, author, "The deadline is the third of May.")
    open_post = make_post(open_, author, title="Pricing notes", kind=PostKind.QUESTION)
    make_comment(open_post, author, "Index by the labour cost index.")
    return locals()


def test_a_member_fills_the_cache_and_a_non_member_still_gets_nothing(client, world):
    private, post = world["private"], world["secret_post"]
    member_page = login(client, world["member"]).get(private.url)
    assert "Tender strategy for the county hospital" in text(member_page)
    assert login(client, world["member"]).get(post.url).status_code == 200

    outsider = login(Client(), world["outsider"])
    landing = outsider.get(private.url)
    assert landing.status_code == 200  # a private community shows outsiders its landing page
    assert "Tender strategy" not in text(landing) and "third of May" not in text(landing)
    assert outsider.get(post.url).status_code == 404


def test_the_same_cached_pages_in_turn_show_each_reader_their_own_buttons(client, world):
    """The discussion is cached per reader: the author's Delete button is the author's only."""
    post, author, member = world["open_post"], world["author"], world["member"]
    as_author = text(login(client, author).get(post.url))
    as_member = text(login(Client(), member).get(post.url))
    assert as_author.count(">Delete<") == 1  # their own comment
    assert ">Delete<" not in as_member
    assert "Accept as answer" in as_author and "Accept as answer" not in as_member
    # and again, now both from the cache
    assert ">Delete<" not in text(login(Client(), member).get(post.url))
    assert text(login(client, author).get(post.url)).count(">Delete<") == 1


def test_a_new_post_comment_and_sponsor_show_at_once(client, world):
    community, author, member = world["open_"], world["author"], world["member"]
    client = login(client, member)
    client.get(community.url)
    client.get(world["open_post"].url)

    make_post(community, author, title="Won the county hospital")
    make_comment(world["open_post"], author, "We tried that with the CPI as well.")
    add_member(community, make_person("sofia", first_name="Sofia"), role=Role.SPONSOR)

    home = text(client.get(community.url))
    assert "Won the county hospital" in home and "Sofia" in home
    assert "We tried that with the CPI as well." in text(client.get(world["open_post"].url))


def test_an_unpublished_post_leaves_the_cached_community_page(client, world):
    community, post = world["open_"], world["open_post"]
    client = login(client, world["member"])
    assert "Pricing notes" in text(client.get(community.url))
    posts.unpublish_post(post, world["author"].user)
    assert "Pricing notes" not in text(client.get(community.url))


def test_a_renamed_person_is_renamed_on_cached_pages(client, world):
    community, author = world["open_"], world["author"]
    client = login(client, world["member"])
    client.get(community.url)
    author.user.first_name = "Annika"
    author.user.save()
    assert "Annika" in text(client.get(community.url))


def test_a_vote_changes_the_count_in_the_cached_discussion(client, world):
    post, member = world["open_post"], world["member"]
    comment = post.comments.get()
    client = login(client, member)
    assert "Helpful (0)" in text(client.get(post.url))
    discussion.toggle_helpful(comment, member.user)
    assert "Helpful (1)" in text(client.get(post.url))


def test_forms_in_a_cached_discussion_carry_the_current_session_s_token(world):
    """Logging in anew changes the CSRF secret; a form cached for the old one would be refused."""
    post, member = world["open_post"], world["member"]
    sessions = [Client(enforce_csrf_checks=True) for _ in range(2)]
    for client in sessions:
        client.force_login(member.user)
        page = text(client.get(post.url))  # the first fills the cache, the second reads it
    vote = reverse("community:toggle_helpful", args=[post.comments.get().pk])
    form = re.search(
        rf'action="{vote}">\s*<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)"', page
    )
    token = form.group(1)
    assert sessions[1].post(vote, {"csrfmiddlewaretoken": token}).status_code == 302


def test_a_stamp_changes_again_when_the_transaction_commits(django_capture_on_commit_callbacks):
    before = caching.stamp("community:1")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        caching.bump("community:1")
    during = caching.stamp("community:1")
    for callback in callbacks:
        callback()
    assert len({before, during, caching.stamp("community:1")}) == 3


def test_a_lost_stamp_starts_afresh():
    first = caching.stamp("community:2")
    cache.clear()
    assert caching.stamp("community:2") != first
