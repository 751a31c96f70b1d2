"""Requests that do not fit: the wrong method, ids that do not exist, things one cannot follow.
Each gets a clear 4xx and changes nothing."""

from types import SimpleNamespace

import pytest

from intranet.community.models import Comment, Follow, HelpfulVote, Membership, PostPage, Role
from tests.builders import add_member, make_comment, make_community, make_person, make_post
from tests.community.helpers import built_once, fresh, login


def _build():
    world = SimpleNamespace(
        editor=make_person("editor"),
        member=make_person("member"),
        community=make_community("Sales Community"),
    )
    add_member(world.community, world.editor, role=Role.EDITOR)
    world.membership = add_member(world.community, world.member)
    world.post = make_post(world.community, world.member, kind="question")
    world.comment = make_comment(world.post, world.member)
    return world


world = built_once(_build)


@pytest.fixture
def w(db, world):
    return fresh(world)


def _snapshot():
    """Everything these requests could change."""
    return (
        Comment.objects.filter(deleted_at__isnull=True, accepted=False).count(),
        HelpfulVote.objects.count(),
        Membership.objects.filter(status="active").count(),
        Membership.objects.count(),
        PostPage.objects.live().count(),
        Follow.objects.count(),
    )


POST_ONLY = [
    "/c/posts/{post}/unpublish/",
    "/c/posts/{post}/comments/",
    "/c/comments/{comment}/delete/",
    "/c/comments/{comment}/helpful/",
    "/c/comments/{comment}/accept/",
    "/c/comments/{comment}/best/",
    "/c/{community}/join/",
    "/c/{community}/leave/",
    "/c/{community}/invitation/",
    "/c/{community}/members/invite/",
    "/c/{community}/members/{membership}/decide/",
    "/c/{community}/members/{membership}/role/",
    "/c/{community}/members/{membership}/exception/",
    "/c/follow/community/{community}/",
]


def _ids(w, **unknown):
    ids = {
        "post": w.post.pk,
        "comment": w.comment.pk,
        "community": w.community.pk,
        "membership": w.membership.pk,
    }
    return {**ids, **unknown}


@pytest.mark.parametrize("url", POST_ONLY)
def test_a_get_on_an_action_answers_405(client, w, url):
    before = _snapshot()
    response = login(client, w.editor).get(url.format(**_ids(w)))
    assert response.status_code == 405
    assert _snapshot() == before


def test_tag_suggestions_only_answer_get(client, w):
    assert login(client, w.editor).post("/c/tags/", {"q": "a"}).status_code == 405


UNKNOWN_IDS = [
    ("get", "/c/{community}/posts/new/", "community"),
    ("get", "/c/{community}/members/", "community"),
    ("get", "/c/{community}/exceptions/", "community"),
    ("get", "/c/{community}/request/", "community"),
    ("get", "/c/posts/{post}/edit/", "post"),
    ("get", "/c/comments/{comment}/edit/", "comment"),
    *[("post", url, "community") for url in POST_ONLY if "{community}" in url],
    *[("post", url, "membership") for url in POST_ONLY if "{membership}" in url],
    *[("post", url, "post") for url in POST_ONLY if "{post}" in url],
    *[("post", url, "comment") for url in POST_ONLY if "{comment}" in url],
]


@pytest.mark.parametrize(("method", "url", "unknown"), UNKNOWN_IDS)
def test_an_id_that_does_not_exist_answers_404(client, admin_user, w, method, url, unknown):
    """Asked by a superuser, so that only the missing id can be the reason."""
    before = _snapshot()
    path = url.format(**_ids(w, **{unknown: 999999}))
    data = {"body": "Hello", "username": "member", "decision": "approve", "role": "sponsor"}
    response = getattr(login(client, admin_user), method)(path, data)
    assert response.status_code == 404
    assert _snapshot() == before


def test_a_membership_of_another_community_answers_404(client, w):
    other = make_community("Other Community")
    stranger = add_member(other, make_person("stranger"))
    response = login(client, w.editor).post(
        f"/c/{w.community.pk}/members/{stranger.pk}/role/", {"role": "sponsor"}
    )
    assert response.status_code == 404
    assert Membership.objects.get(pk=stranger.pk).role == Role.MEMBER


@pytest.mark.parametrize(
    "path",
    [
        "/c/follow/planet/mars/",
        "/c/follow/person/nobody/",
        "/c/follow/person/member/",  # oneself
        "/c/follow/tag/no-such-tag/",
        "/c/follow/community/999999/",
        "/c/follow/community/not-a-number/",
    ],
)
def test_following_something_unknown_answers_404(client, w, path):
    response = login(client, w.member).post(path)
    assert response.status_code == 404
    assert not Follow.objects.exists()


def test_following_toggles_and_only_returns_to_this_site(client, w):
    login(client, w.member)
    url = f"/c/follow/person/{w.editor.user.username}/"
    response = client.post(url, {"next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert Follow.objects.get().person == w.editor.user
    response = client.post(url, {"next": "/communities/"})
    assert response["Location"] == "/communities/"
    assert not Follow.objects.exists()
