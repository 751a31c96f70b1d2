"""Comments, replies, helpful votes, accepted answers, the best comment of the week, removal."""

from types import SimpleNamespace

import pytest

from intranet.community import discussion
from intranet.community.models import (
    Activity,
    BestComment,
    Comment,
    HelpfulVote,
    PostKind,
    Role,
    Verb,
)
from tests.builders import add_member, make_comment, make_community, make_person, make_post
from tests.community.helpers import built_once, fresh, login, reload, text


def _build():
    """An open community where the asker asked a question that the expert answered."""
    world = SimpleNamespace(
        member=make_person("member"),
        expert=make_person("expert"),
        asker=make_person("asker"),
        sponsor=make_person("sponsor"),
        editor=make_person("editor"),
        community=make_community("Sales Community"),
        secret=make_community("Project Falcon", preset="confidential"),
    )
    for name in ("member", "expert", "asker"):
        add_member(world.community, getattr(world, name))
    add_member(world.community, world.sponsor, role=Role.SPONSOR)
    add_member(world.community, world.editor, role=Role.EDITOR)
    add_member(world.secret, world.expert)
    world.question = make_post(
        world.community, world.asker, kind=PostKind.QUESTION, title="Who prices night patrols?"
    )
    world.answer = make_comment(world.question, world.expert, "Ask the Malmö office.")
    world.blog = make_post(world.community, world.asker, title="Our week")
    world.remark = make_comment(world.blog, world.expert, "Nice week.")
    world.secret_post = make_post(world.secret, world.expert, title="Falcon offer")
    return world


world = built_once(_build)


@pytest.fixture
def w(db, world):
    return fresh(world)


def _comment(client, post, body, **data):
    return client.post(f"/c/posts/{post.pk}/comments/", {"body": body, **data})


# Commenting


def test_a_member_comments_on_a_post(client, w):
    response = _comment(login(client, w.member), w.question, "Try the\nMalmö office.")
    comment = Comment.objects.get(author=w.member.user)
    assert response.status_code == 302
    assert response["Location"] == f"{w.question.url}#comment-{comment.pk}"
    assert comment.post == w.question and comment.parent is None
    assert comment.body == "<p>Try the<br>Malmö office.</p>"
    assert Activity.objects.filter(verb=Verb.COMMENTED, actor=w.member.user, post=w.question)
    page = client.get(w.question.url)
    assert "Try the<br>Malmö office." in text(page)
    assert len(page.context["comments"]) == 2


def test_a_member_replies_to_a_comment(client, w):
    response = _comment(login(client, w.member), w.question, "Seconded.", parent=w.answer.pk)
    assert response.status_code == 302
    reply = Comment.objects.get(author=w.member.user)
    assert reply.parent == w.answer
    thread = client.get(w.question.url).context["comments"]
    assert [c.pk for c in thread] == [w.answer.pk]
    assert [r.pk for r in thread[0].replies.all()] == [reply.pk]


@pytest.mark.parametrize("parent", ["other post", "a reply", "removed", "unknown", "text"])
def test_a_reply_must_answer_a_live_top_level_comment_on_the_same_post(client, w, parent):
    reply = make_comment(w.question, w.asker, "Thanks!", parent=w.answer)
    removed = make_comment(w.question, w.asker, "Oops")
    discussion.delete_comment(removed, w.asker.user)
    parent_id = {
        "other post": w.remark.pk,
        "a reply": reply.pk,
        "removed": removed.pk,
        "unknown": 999999,
        "text": "first",
    }[parent]
    count = Comment.objects.count()

    response = _comment(login(client, w.member), w.question, "Me too.", parent=parent_id)

    assert response.status_code == 400
    assert response.context["form"].errors["parent"]
    assert Comment.objects.count() == count


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "This field is required"),
        ("  \n\n ", "This field is required"),
        ("<script>alert(1)</script>", "Write something first."),
        ("<p></p>", "Write something first."),
        ("x" * 5001, "at most 5000 characters"),
    ],
)
def test_a_blank_or_oversized_comment_is_refused(client, w, body, message):
    count = Comment.objects.count()
    response = _comment(login(client, w.member), w.question, body)
    assert response.status_code == 400
    assert any(message in error for error in response.context["form"].errors["body"])
    assert "Please correct the comment below." in text(response)
    assert Comment.objects.count() == count


def test_a_comment_on_a_post_the_user_cannot_see_answers_404(client, w):
    unpublished = make_post(w.community, w.asker, title="Withdrawn")
    unpublished.unpublish()
    login(client, w.member)
    for post in (w.secret_post, unpublished):
        assert _comment(client, post, "Hello?").status_code == 404
    assert not Comment.objects.filter(author=w.member.user).exists()


def test_hostile_html_in_a_comment_is_stored_and_shown_without_it(client, w):
    body = (
        "<script>alert('c')</script>Look "
        '<a href="javascript:alert(1)">here</a> <img src="x.png" onerror="alert(2)">'
        ' <i onclick="alert(3)">now</i>'
    )
    _comment(login(client, w.member), w.question, body)
    stored = Comment.objects.get(author=w.member.user).body
    page = text(client.get(w.question.url))
    for html in (stored, page):
        for bad in ("<script>", "alert(", "javascript:", "onerror", "onclick"):
            assert bad not in html.lower()
    assert "<i>now</i>" in stored and '<img src="x.png">' in stored


# Editing and removing


def test_the_author_edits_their_comment(client, w):
    login(client, w.expert)
    url = f"/c/comments/{w.answer.pk}/edit/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"body": "Ask the Malmö office <b onclick='x()'>today</b>."})
    assert response.status_code == 302
    answer = reload(w.answer)
    assert answer.body == "<p>Ask the Malmö office <b>today</b>.</p>"
    assert answer.edited_at is not None
    assert "edited" in text(client.get(w.question.url))


@pytest.mark.parametrize("person", ["member", "editor"])
def test_nobody_edits_someone_elses_comment(client, w, person):
    """Moderators remove comments; they never put words in someone's mouth."""
    response = login(client, getattr(w, person)).post(
        f"/c/comments/{w.answer.pk}/edit/", {"body": "Changed"}
    )
    assert response.status_code == 403
    assert reload(w.answer).body == w.answer.body


def test_a_bad_edit_changes_nothing(client, w):
    response = login(client, w.expert).post(f"/c/comments/{w.answer.pk}/edit/", {"body": " "})
    assert response.status_code == 400
    assert reload(w.answer).body == w.answer.body


def test_removing_a_comment_keeps_it_for_the_audit_trail(client, w):
    discussion.accept_answer(w.answer)
    response = login(client, w.editor).post(
        f"/c/comments/{w.answer.pk}/delete/", {"reason": "Names a customer"}
    )
    assert response.status_code == 302
    answer = reload(w.answer)
    assert answer.is_deleted and answer.deleted_by == w.editor.user
    assert answer.deletion_reason == "Names a customer"
    assert answer.body == w.answer.body and not answer.accepted
    page = text(client.get(w.question.url))
    assert "This comment was removed." in page and "Malmö office" not in page
    for action in ("delete", "edit", "helpful", "accept", "best"):
        assert client.post(f"/c/comments/{w.answer.pk}/{action}/").status_code == 404


def test_the_author_removes_their_own_comment(client, w):
    response = login(client, w.expert).post(f"/c/comments/{w.remark.pk}/delete/")
    assert response.status_code == 302
    assert reload(w.remark).deleted_by == w.expert.user


# Helpful votes


def test_voting_twice_takes_the_vote_back(client, w):
    login(client, w.member)
    url = f"/c/comments/{w.answer.pk}/helpful/"
    for expected in (1, 0, 1):
        response = client.post(url)
        assert response.status_code == 302
        assert response["Location"] == f"{w.question.url}#comment-{w.answer.pk}"
        assert HelpfulVote.objects.filter(comment=w.answer).count() == expected
    page = client.get(w.question.url)
    assert w.answer.pk in page.context["my_votes"]
    assert 'aria-pressed="true">Helpful (1)' in text(page)


def test_nobody_votes_for_their_own_comment(client, w):
    response = login(client, w.expert).post(f"/c/comments/{w.answer.pk}/helpful/")
    assert response.status_code == 403
    assert not HelpfulVote.objects.exists()


# Answers and the best comment


def test_the_asker_accepts_an_answer_and_may_change_their_mind(client, w):
    other = make_comment(w.question, w.member, "Or the Lund office.")
    login(client, w.asker)

    response = client.post(f"/c/comments/{w.answer.pk}/accept/")

    assert response.status_code == 302
    assert reload(w.answer).accepted
    assert Activity.objects.filter(verb=Verb.ANSWERED, actor=w.expert.user, post=w.question)
    home = client.get(w.community.url)
    assert list(home.context["open_questions"]) == []
    client.post(f"/c/comments/{other.pk}/accept/")
    assert list(Comment.objects.filter(accepted=True)) == [other]
    client.post(f"/c/comments/{other.pk}/accept/")
    assert not Comment.objects.filter(accepted=True).exists()
    assert [q.pk for q in client.get(w.community.url).context["open_questions"]] == [w.question.pk]


def test_only_questions_have_accepted_answers(client, w):
    response = login(client, w.asker).post(f"/c/comments/{w.remark.pk}/accept/")
    assert response.status_code == 403
    assert not reload(w.remark).accepted


def test_a_sponsor_picks_the_best_comment_of_the_week(client, w):
    login(client, w.sponsor)
    assert client.post(f"/c/comments/{w.remark.pk}/best/").status_code == 302
    response = client.post(f"/c/comments/{w.answer.pk}/best/")
    assert response.status_code == 302
    best = BestComment.objects.get()  # one a week: the second pick replaces the first
    assert best.comment == w.answer and best.picked_by == w.sponsor.user
    assert best.week == discussion.week_start() and best.week.weekday() == 0
    home = text(client.get(w.community.url))
    assert "Best comment of the week" in home and "Ask the Malmö office." in home
