"""Who may do what, for every persona, view and kind of community, as one table.

Outcomes in the table:
    ok       allowed: the view's success status (200 for a page, 302 after an action), and the
             action's effect is in the database (or, for a page, the content is shown)
    landing  a private community's landing page: 200, its name, none of its content
    403      refused: the person may see the thing but not do this; nothing changed
    404      invisible: the same answer as for something that does not exist; nothing changed
    login    an anonymous visitor is sent to the login page; nothing changed

The communities: "open" (preset function), "private" (preset bid_team), "request" (bid_team
but joining on request) and "secret" (preset confidential). In each, the member, sponsor and
editor hold that role; an author (another member) wrote a post, a question and a comment on
each; an applicant has asked to join. The admin is a superuser and a member of nothing.

Choices worth saying out loud (the permissions module decides them; the table records them):
    - An admin who is not a member may join an open community and ask to join one that takes
      requests, like anyone else; there is nothing for them to leave.
    - Editors may leave like any member who joined by hand, even the last editor (the admin
      and the Wagtail editors group can still manage the community).
    - Requests and approvals are rows for every community: an approval works wherever an
      editor finds a pending request, asking works only where joining is "on request".
"""

from dataclasses import dataclass
from types import SimpleNamespace

import pytest

from intranet.community.models import (
    BestComment,
    Comment,
    HelpfulVote,
    Joining,
    Membership,
    Participation,
    PostKind,
    PostPage,
    Status,
)
from tests.builders import add_member, make_comment, make_community, make_person, make_post
from tests.community.helpers import (
    built_once,
    is_login_redirect,
    matrix_cases,
    post_data,
    status_of,
    text,
)

PERSONAS = ("anonymous", "nonmember", "member", "sponsor", "editor", "admin")
COMMUNITIES = {
    "open": {"preset": "function"},
    "private": {"preset": "bid_team"},
    "request": {"preset": "bid_team", "joining": Joining.REQUEST},
    "secret": {"preset": "confidential"},
}

MATRIX = """
action           community  anonymous  nonmember  member  sponsor  editor  admin
read_home        open       login      ok         ok      ok       ok      ok
read_home        private    login      landing    ok      ok       ok      ok
read_home        secret     login      404        ok      ok       ok      ok
read_post        open       login      ok         ok      ok       ok      ok
read_post        private    login      404        ok      ok       ok      ok
read_post        secret     login      404        ok      ok       ok      ok
read_members     open       login      ok         ok      ok       ok      ok
read_members     private    login      404        ok      ok       ok      ok
read_members     secret     login      404        ok      ok       ok      ok
create_post      open       login      403        ok      ok       ok      ok
create_post      private    login      404        ok      ok       ok      ok
create_post      secret     login      404        ok      ok       ok      ok
comment          open       login      403        ok      ok       ok      ok
comment          private    login      404        ok      ok       ok      ok
comment          secret     login      404        ok      ok       ok      ok
vote             open       login      403        ok      ok       ok      ok
vote             private    login      404        ok      ok       ok      ok
vote             secret     login      404        ok      ok       ok      ok
accept_answer    open       login      403        403     403      ok      ok
accept_answer    private    login      404        403     403      ok      ok
accept_answer    secret     login      404        403     403      ok      ok
pick_best        open       login      403        403     ok       ok      ok
pick_best        private    login      404        403     ok       ok      ok
pick_best        secret     login      404        403     ok       ok      ok
delete_comment   open       login      403        403     403      ok      ok
delete_comment   private    login      404        403     403      ok      ok
delete_comment   secret     login      404        403     403      ok      ok
unpublish_post   open       login      403        403     403      ok      ok
unpublish_post   private    login      404        403     403      ok      ok
unpublish_post   secret     login      404        403     403      ok      ok
edit_post        open       login      403        403     403      ok      ok
edit_post        private    login      404        403     403      ok      ok
edit_post        secret     login      404        403     403      ok      ok
join             open       login      ok         403     403      403     ok
join             private    login      403        403     403      403     403
join             request    login      403        403     403      403     403
join             secret     login      404        403     403      403     403
leave            open       login      403        ok      ok       ok      403
leave            private    login      403        ok      ok       ok      403
leave            secret     login      404        ok      ok       ok      403
request          open       login      403        403     403      403     403
request          private    login      403        403     403      403     403
request          request    login      ok         403     403      403     ok
request          secret     login      404        403     403      403     403
approve          open       login      403        403     403      ok      ok
approve          private    login      403        403     403      ok      ok
approve          request    login      403        403     403      ok      ok
approve          secret     login      404        403     403      ok      ok
invite           open       login      403        403     403      ok      ok
invite           private    login      403        403     403      ok      ok
invite           secret     login      404        403     403      ok      ok
grant_exception  open       login      403        403     403      ok      ok
grant_exception  private    login      403        403     403      ok      ok
grant_exception  secret     login      404        403     403      ok      ok
"""


def _cases(table):
    return matrix_cases(table, PERSONAS)


@dataclass
class Action:
    """How to ask for one thing, and which database state shows that it happened."""

    method: str
    url: object  # scene -> path
    data: object = None  # scene -> dict
    state: object = None  # (scene, user) -> a comparable snapshot; None for pages
    done: object = None  # the snapshot before -> the snapshot once the action happened
    shows: object = None  # scene -> text a page must show when it is allowed


def _one_more(count):
    return count + 1


def _post_url(scene):
    return f"/c/posts/{scene.post.pk}/"


ACTIONS = {
    "read_home": Action("get", lambda s: s.community.url, shows=lambda s: s.post.title),
    "read_post": Action("get", lambda s: s.post.url, shows=lambda s: s.comment_text),
    "read_members": Action(
        "get", lambda s: f"/c/{s.community.pk}/members/", shows=lambda s: "Author Tester"
    ),
    "create_post": Action(
        "post",
        lambda s: f"/c/{s.community.pk}/posts/new/",
        data=lambda s: post_data(title="Written in the matrix"),
        state=lambda s, u: PostPage.objects.filter(title="Written in the matrix").count(),
        done=_one_more,
    ),
    "comment": Action(
        "post",
        lambda s: _post_url(s) + "comments/",
        data=lambda s: {"body": "From the matrix"},
        state=lambda s, u: Comment.objects.filter(body__contains="From the matrix").count(),
        done=_one_more,
    ),
    "vote": Action(
        "post",
        lambda s: f"/c/comments/{s.comment.pk}/helpful/",
        state=lambda s, u: HelpfulVote.objects.filter(comment=s.comment).count(),
        done=_one_more,
    ),
    "accept_answer": Action(
        "post",
        lambda s: f"/c/comments/{s.answer.pk}/accept/",
        state=lambda s, u: Comment.objects.get(pk=s.answer.pk).accepted,
        done=lambda before: True,
    ),
    "pick_best": Action(
        "post",
        lambda s: f"/c/comments/{s.comment.pk}/best/",
        state=lambda s, u: BestComment.objects.filter(comment=s.comment).count(),
        done=_one_more,
    ),
    "delete_comment": Action(
        "post",
        lambda s: f"/c/comments/{s.comment.pk}/delete/",
        data=lambda s: {"reason": "Off topic"},
        state=lambda s, u: Comment.objects.get(pk=s.comment.pk).deleted_at,
    ),
    "unpublish_post": Action(
        "post",
        lambda s: _post_url(s) + "unpublish/",
        state=lambda s, u: PostPage.objects.get(pk=s.post.pk).live,
        done=lambda before: False,
    ),
    "edit_post": Action(
        "post",
        lambda s: _post_url(s) + "edit/",
        data=lambda s: post_data(title="Edited in the matrix"),
        state=lambda s, u: PostPage.objects.get(pk=s.post.pk).title,
        done=lambda before: "Edited in the matrix",
    ),
    "join": Action(
        "post",
        lambda s: f"/c/{s.community.pk}/join/",
        state=lambda s, u: status_of(s.community, u),
        done=lambda before: Status.ACTIVE,
    ),
    "leave": Action(
        "post",
        lambda s: f"/c/{s.community.pk}/leave/",
        state=lambda s, u: status_of(s.community, u),
        done=lambda before: None,
    ),
    "request": Action(
        "post",
        lambda s: f"/c/{s.community.pk}/request/",
        data=lambda s: {"message": "I write the bids for this customer."},
        state=lambda s, u: status_of(s.community, u),
        done=lambda before: Status.REQUESTED,
    ),
    "approve": Action(
        "post",
        lambda s: f"/c/{s.community.pk}/members/{s.application.pk}/decide/",
        data=lambda s: {"decision": "approve"},
        state=lambda s, u: Membership.objects.get(pk=s.application.pk).status,
        done=lambda before: Status.ACTIVE,
    ),
    "invite": Action(
        "post",
        lambda s: f"/c/{s.community.pk}/members/invite/",
        data=lambda s: {"username": "invitee"},
        state=lambda s, u: status_of(s.community, s.invitee),
        done=lambda before: Status.INVITED,
    ),
    "grant_exception": Action(
        "post",
        lambda s: f"/c/{s.community.pk}/members/{s.authorship.pk}/exception/",
        data=lambda s: {"participation": Participation.PUBLISH},
        state=lambda s, u: Membership.objects.get(pk=s.authorship.pk).participation,
        done=lambda before: Participation.PUBLISH,
    ),
}


def _build_world():
    people = {
        name: make_person(name)
        for name in ("nonmember", "member", "sponsor", "editor", "author", "applicant", "invitee")
    }
    people["admin"] = make_person("admin", is_staff=True, is_superuser=True)
    scenes = {}
    for key, policy in COMMUNITIES.items():
        community = make_community(f"The {key} community", **policy)
        add_member(community, people["member"])
        add_member(community, people["sponsor"], role="sponsor")
        add_member(community, people["editor"], role="editor")
        authorship = add_member(community, people["author"])
        post = make_post(community, people["author"], title=f"A post in the {key} community")
        question = make_post(
            community, people["author"], kind=PostKind.QUESTION, title=f"Asked in {key}"
        )
        scenes[key] = SimpleNamespace(
            community=community,
            post=post,
            comment=make_comment(post, people["author"], f"Comment in the {key} community"),
            comment_text=f"Comment in the {key} community",
            question=question,
            answer=make_comment(question, people["author"], "Ask the facilities manager."),
            authorship=authorship,
            application=Membership.objects.create(
                community=community, user=people["applicant"].user, status=Status.REQUESTED
            ),
            invitee=people["invitee"],
        )
    users = {name: profile.user for name, profile in people.items()}
    return SimpleNamespace(users=users, scenes=scenes)


world = built_once(_build_world)


@pytest.mark.parametrize(("action", "community", "persona", "expected"), list(_cases(MATRIX)))
def test_the_permission_matrix(client, db, world, action, community, persona, expected):
    scene, act = world.scenes[community], ACTIONS[action]
    user = world.users.get(persona)
    if user is not None:
        client.force_login(user)
    before = act.state(scene, user) if act.state else None

    data = act.data(scene) if act.data else {}
    response = getattr(client, act.method)(act.url(scene), data)

    after = act.state(scene, user) if act.state else None
    if expected == "login":
        assert is_login_redirect(response)
        assert after == before
    elif expected in ("403", "404"):
        assert response.status_code == int(expected)
        assert after == before
        if act.shows:
            assert act.shows(scene) not in text(response)
    elif expected == "landing":
        assert response.status_code == 200
        assert response.templates[0].name == "community/community_landing.html"
        assert scene.community.title in text(response)
        assert act.shows(scene) not in text(response)
    else:
        assert expected == "ok"
        if act.method == "get":
            assert response.status_code == 200
            assert act.shows(scene) in text(response)
        else:
            assert response.status_code == 302
            assert not is_login_redirect(response)
            assert after != before
            if act.done:
                assert after == act.done(before)
