"""A non-member gets nothing from a private or secret community: no page, list, feed or hint."""

from types import SimpleNamespace

import pytest
from taggit.models import Tag

from intranet.community import activity, discussion, membership, posts
from intranet.community.models import Follow, Membership, PostKind, PostPage, Status, Verb
from tests.builders import add_member, make_comment, make_community, make_person, make_post
from tests.community.helpers import built_once, fresh, login, status_of, text

SECRET_TITLE = "Falcon acquisition: first offer"
SECRET_COMMENT = "The board meets the Falcon founders on Friday."
PRIVATE_TITLE = "Tender strategy for the county hospital"


def _build():
    """An open, a private and a secret community, each with a post and a comment by the author.

    The reader belongs to none of them; every post carries the shared tag "pricing" and a tag
    of its own ("open-only", "private-only", "secret-only").
    """
    world = SimpleNamespace(
        reader=make_person("reader"), author=make_person("author", expertise=["healthcare"])
    )
    world.open = make_community("Sales Community")
    world.private = make_community("Hospital Tender Team", preset="bid_team")
    world.secret = make_community("Project Falcon", preset="confidential")
    titles = {"open": "Pricing notes", "private": PRIVATE_TITLE, "secret": SECRET_TITLE}
    comments = {"open": "Useful.", "private": "Deadline is May 3.", "secret": SECRET_COMMENT}
    for key, title in titles.items():
        community = getattr(world, key)
        add_member(community, world.author)
        post = make_post(community, world.author, title=title, tags=["pricing", f"{key}-only"])
        make_comment(post, world.author, comments[key])
        setattr(world, f"{key}_post", post)
    return world


world = built_once(_build)


@pytest.fixture
def w(db, world):
    return fresh(world)


def _secret_hidden(response):
    body = text(response)
    return SECRET_TITLE not in body and SECRET_COMMENT not in body and "Project Falcon" not in body


def test_the_index_lists_open_and_private_communities_but_not_secret_ones(client, w):
    response = login(client, w.reader).get("/communities/")
    assert response.status_code == 200
    listed = sorted(c.title for c in response.context["communities"])
    assert listed == ["Hospital Tender Team", "Sales Community"]
    assert _secret_hidden(response)


@pytest.mark.parametrize(
    ("status", "listed"),
    [(Status.ACTIVE, True), (Status.INVITED, True), (Status.REQUESTED, False), (None, False)],
)
def test_a_secret_community_is_listed_to_its_members_and_invitees_only(client, w, status, listed):
    """A request pending in a secret community (made before it turned secret) reveals nothing."""
    if status is not None:
        Membership.objects.create(community=w.secret, user=w.reader.user, status=status)
    response = login(client, w.reader).get("/communities/")
    assert ("Project Falcon" in text(response)) is listed


def test_admins_see_every_community_listed(client, w, admin_user):
    response = login(client, admin_user).get("/communities/")
    assert len(response.context["communities"]) == 3


def test_a_private_community_shows_non_members_a_landing_page_without_content(client, w):
    news = make_post(w.private, w.author, kind=PostKind.NEWS, title="We won the first round")
    question = make_post(w.private, w.author, kind=PostKind.QUESTION, title="Who knows the CFO?")
    best = make_comment(question, w.author, "Ask Karin in finance.")
    discussion.pick_best(best, w.author.user)

    response = login(client, w.reader).get(w.private.url)

    assert response.status_code == 200
    assert response.templates[0].name == "community/community_landing.html"
    body = text(response)
    assert "Hospital Tender Team" in body and "Only members read this community." in body
    for hidden in (PRIVATE_TITLE, "Deadline is May 3.", news.title, question.title, "Karin"):
        assert hidden not in body
    assert "posts_page" not in response.context and "stream" not in response.context


@pytest.mark.parametrize(
    "url",
    [
        "{community.url}",
        "{post.url}",
        "/c/{community.pk}/members/",
        "/c/{community.pk}/exceptions/",
        "/c/{community.pk}/posts/new/",
        "/c/{community.pk}/request/",
        "/c/posts/{post.pk}/edit/",
        "/c/comments/{comment.pk}/edit/",
    ],
)
def test_a_secret_community_answers_404_to_non_members_everywhere(client, w, url):
    path = url.format(community=w.secret, post=w.secret_post, comment=w.secret_post.comments.get())
    response = login(client, w.reader).get(path)
    assert response.status_code == 404
    assert _secret_hidden(response)


@pytest.mark.parametrize(
    "url",
    [
        "/c/{community.pk}/join/",
        "/c/{community.pk}/leave/",
        "/c/{community.pk}/request/",
        "/c/{community.pk}/invitation/",
        "/c/{community.pk}/members/invite/",
        "/c/posts/{post.pk}/comments/",
        "/c/posts/{post.pk}/unpublish/",
        "/c/comments/{comment.pk}/helpful/",
        "/c/follow/community/{community.pk}/",
    ],
)
def test_a_secret_community_refuses_every_action_as_if_it_did_not_exist(client, w, url):
    post = w.secret_post
    path = url.format(community=w.secret, post=post, comment=post.comments.get())
    response = login(client, w.reader).post(path, {"body": "Hello", "username": "reader"})
    assert response.status_code == 404
    assert _secret_hidden(response)
    assert status_of(w.secret, w.reader) is None
    assert post.comments.count() == 1 and PostPage.objects.get(pk=post.pk).live
    assert not Follow.objects.filter(follower=w.reader.user).exists()


@pytest.mark.parametrize(
    "url", ["{post.url}", "/c/posts/{post.pk}/edit/", "/c/{community.pk}/members/"]
)
def test_a_private_communitys_content_answers_404_to_non_members(client, w, url):
    response = login(client, w.reader).get(url.format(community=w.private, post=w.private_post))
    assert response.status_code == 404
    assert PRIVATE_TITLE not in text(response)


def test_someone_invited_to_a_secret_community_sees_its_landing_page_but_not_its_posts(client, w):
    membership.invite(w.author.user, w.secret, w.reader.user)
    login(client, w.reader)

    response = client.get(w.secret.url)
    assert response.status_code == 200
    assert "You are invited to join this community." in text(response)
    assert SECRET_TITLE not in text(response)
    assert client.get(w.secret_post.url).status_code == 404


def test_no_page_shows_a_secret_post_to_a_non_member(client, w):
    """The secret post shares its tag and author with an open post; the reader follows both."""
    discussion.pick_best(w.secret_post.comments.get(), w.author.user)
    add_member(w.open, w.reader)
    Follow.objects.create(follower=w.reader.user, person=w.author.user)
    Follow.objects.create(follower=w.reader.user, tag=Tag.objects.get(name="pricing"))
    Follow.objects.create(follower=w.reader.user, community=w.private)
    login(client, w.reader)
    urls = [
        "/",
        "/communities/",
        w.open.url,
        w.private.url,
        w.open_post.url,
        f"/c/{w.open.pk}/members/",
        "/people/",
        "/people/author/",
        "/c/tags/?q=p",
        "/c/tags/?q=secret",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert _secret_hidden(response), url
        assert PRIVATE_TITLE not in text(response), url


def test_tag_suggestions_never_offer_a_tag_used_only_in_a_secret_community(client, w):
    hidden = make_post(w.open, w.author, title="Draft", tags=["unpublished-only"])
    posts.unpublish_post(hidden, w.author.user)
    login(client, w.reader)

    def suggested(query):
        response = client.get("/c/tags/", {"q": query})
        assert response.status_code == 200
        return response.json()["tags"]

    assert suggested("open") == ["open-only"]
    assert suggested("secret") == []
    assert suggested("private") == []
    assert suggested("unpublished") == []
    assert suggested("PRIC") == ["pricing"]
    assert suggested("health") == ["healthcare"]  # someone's expertise
    assert suggested("") == []
    add_member(w.secret, w.reader)
    assert suggested("secret") == ["secret-only"]


def test_following_a_tag_used_only_in_a_secret_community_answers_like_an_unknown_tag(client, w):
    """Bug fixed: following answered 302 for a secret tag and 404 for an unknown one."""
    login(client, w.reader)
    assert client.post("/c/follow/tag/secret-only/").status_code == 404
    assert client.post("/c/follow/tag/no-such-tag/").status_code == 404
    assert client.post("/c/follow/tag/open-only/").status_code == 302
    assert client.post("/c/follow/tag/healthcare/").status_code == 302  # someone's expertise
    followed = Follow.objects.filter(follower=w.reader.user).order_by("pk")
    assert [f.tag.name for f in followed] == ["open-only", "healthcare"]


def test_someone_who_left_a_secret_community_can_still_unfollow_its_tag(client, w):
    add_member(w.secret, w.reader)
    login(client, w.reader)
    assert client.post("/c/follow/tag/secret-only/").status_code == 302
    membership.leave(w.reader.user, w.secret)
    assert client.post("/c/follow/tag/secret-only/").status_code == 302
    assert not Follow.objects.filter(follower=w.reader.user).exists()


def test_the_community_stream_holds_nothing_from_a_community_the_user_cannot_read(w):
    for community in (w.private, w.secret):
        assert activity.community_stream(w.reader.user, community) == []
        assert activity.community_stream(w.author.user, community) != []
    verbs = [e.verb for e in activity.community_stream(w.reader.user, w.open)]
    assert verbs == [Verb.COMMENTED, Verb.POSTED, Verb.JOINED]


def test_since_last_visit_holds_nothing_from_a_community_the_user_cannot_read(w):
    """The reader follows the author, a shared tag and the private community itself."""
    Follow.objects.create(follower=w.reader.user, person=w.author.user)
    Follow.objects.create(follower=w.reader.user, tag=Tag.objects.get(name="pricing"))
    Follow.objects.create(follower=w.reader.user, community=w.private)

    entries = activity.since_last_visit(w.reader.user, None)

    assert {entry.community.pk for entry in entries} == {w.open.pk}
    assert {post.pk for entry in entries for post in entry.posts} == {w.open_post.pk}
    insider = make_person("insider")
    for community in (w.open, w.private, w.secret):
        add_member(community, insider)
    Follow.objects.create(follower=insider.user, person=w.author.user)
    insider_sees = activity.since_last_visit(insider.user, None)
    assert {entry.community.pk for entry in insider_sees} == {w.open.pk, w.private.pk, w.secret.pk}


def test_an_unpublished_post_leaves_every_page_and_feed(client, w):
    add_member(w.open, w.reader)
    Follow.objects.create(follower=w.reader.user, person=w.author.user)
    posts.unpublish_post(w.open_post, w.author.user)
    login(client, w.reader)

    assert client.get(w.open_post.url).status_code == 404
    assert "Pricing notes" not in text(client.get(w.open.url))
    assert all(not e.posts for e in activity.community_stream(w.reader.user, w.open))
    assert all(not e.posts for e in activity.since_last_visit(w.reader.user, None))


def test_the_best_comment_of_an_unpublished_post_leaves_the_community_home(client, w):
    """Bug fixed: the home page kept quoting a comment, and its post's title, after unpublishing."""
    discussion.pick_best(w.open_post.comments.get(), w.author.user)
    login(client, w.reader)
    assert "Best comment of the week" in text(client.get(w.open.url))

    posts.unpublish_post(w.open_post, w.author.user)

    body = text(client.get(w.open.url))
    assert "Best comment of the week" not in body and "Pricing notes" not in body


def test_a_post_moved_into_a_secret_community_leaves_the_open_one(client, w):
    """Bug fixed: the post kept its old community, so the open community still listed it."""
    discussion.pick_best(w.open_post.comments.get(), w.author.user)
    Follow.objects.create(follower=w.reader.user, person=w.author.user)

    w.open_post.move(w.secret, pos="last-child")

    moved = PostPage.objects.get(pk=w.open_post.pk)
    assert moved.community_id == w.secret.pk
    assert moved.url.startswith(w.secret.url)
    login(client, w.reader)
    body = text(client.get(w.open.url))
    assert "Pricing notes" not in body and "Best comment of the week" not in body
    assert client.get(moved.url).status_code == 404
    response = client.post(f"/c/posts/{moved.pk}/comments/", {"body": "Can I see this?"})
    assert response.status_code == 404
    assert moved.comments.count() == 1
    assert all(not e.posts for e in activity.community_stream(w.reader.user, w.open))
    assert all(not e.posts for e in activity.since_last_visit(w.reader.user, None))


def test_republishing_an_old_revision_keeps_a_moved_post_in_its_new_community(w):
    old_revision = w.open_post.get_latest_revision()
    w.open_post.move(w.secret, pos="last-child")

    old_revision.publish(user=w.author.user, skip_permission_checks=True)

    assert PostPage.objects.get(pk=w.open_post.pk).community_id == w.secret.pk


def test_a_post_copied_into_a_secret_community_belongs_to_it(client, w):
    copy = w.open_post.copy(
        to=w.secret, update_attrs={"title": "Falcon pricing", "slug": "falcon-pricing"}
    )
    assert copy.specific.community_id == w.secret.pk
    login(client, w.reader)
    assert "Falcon pricing" not in text(client.get(w.open.url))
    assert client.get(f"/c/posts/{copy.pk}/edit/").status_code == 404
