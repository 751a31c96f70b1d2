"""Who may do what with a community's wiki, for every persona and kind of community, as one table.

Outcomes in the table:
    ok     allowed: 200 and the page's content for a page; for an action 302 (not to the login
           page) and its effect in the database
    403    refused: the person may read the wiki but not do this; nothing changed
    404    invisible: the same answer as for a page that does not exist; nothing changed
    login  an anonymous visitor is sent to the login page; nothing changed

The communities: "open" (preset function: every employee reads, members contribute) and
"private" (preset bid_team: only members read). In each, the member and the curator are plain
members and the editor holds the editor role; the admin is a superuser and a member of nothing.
The nonmember of the open community has the READ level: they read the wiki and watch its pages,
but neither edit nor create them.

Each community's wiki holds a guide, written by the curator (so the curator curates it) and
reworded by the editor (two revisions), and a locked page, written by the curator and locked by
the editor.
"""

from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.utils import timezone
from wagtail.models import PageLogEntry

from intranet.wiki.models import Watch, WikiPage
from tests.builders import add_member, make_community, make_person
from tests.community.helpers import built_once, is_login_redirect, matrix_cases, text
from tests.wiki.builders import edit_form, edit_wiki_page, make_wiki_page, wiki_of

PERSONAS = ("anonymous", "nonmember", "member", "curator", "editor", "admin")
COMMUNITIES = {"open": "function", "private": "bid_team"}

MATRIX = """
action            community  anonymous  nonmember  member  curator  editor  admin
read_index        open       login      ok         ok      ok       ok      ok
read_index        private    login      404        ok      ok       ok      ok
read_page         open       login      ok         ok      ok       ok      ok
read_page         private    login      404        ok      ok       ok      ok
history           open       login      ok         ok      ok       ok      ok
history           private    login      404        ok      ok       ok      ok
compare           open       login      ok         ok      ok       ok      ok
compare           private    login      404        ok      ok       ok      ok
view_revision     open       login      ok         ok      ok       ok      ok
view_revision     private    login      404        ok      ok       ok      ok
watch             open       login      ok         ok      ok       ok      ok
watch             private    login      404        ok      ok       ok      ok
edit_form         open       login      403        ok      ok       ok      ok
edit_form         private    login      404        ok      ok       ok      ok
edit              open       login      403        ok      ok       ok      ok
edit              private    login      404        ok      ok       ok      ok
edit_locked_form  open       login      403        403     403      ok      ok
edit_locked_form  private    login      404        403     403      ok      ok
edit_locked       open       login      403        403     403      ok      ok
edit_locked       private    login      404        403     403      ok      ok
create_form       open       login      403        ok      ok       ok      ok
create_form       private    login      404        ok      ok       ok      ok
create            open       login      403        ok      ok       ok      ok
create            private    login      404        ok      ok       ok      ok
lock              open       login      403        403     403      ok      ok
lock              private    login      404        403     403      ok      ok
unlock            open       login      403        403     403      ok      ok
unlock            private    login      404        403     403      ok      ok
restore           open       login      403        403     403      ok      ok
restore           private    login      404        403     403      ok      ok
review            open       login      403        403     ok       ok      ok
review            private    login      404        403     ok       ok      ok
curation_form     open       login      403        403     403      ok      ok
curation_form     private    login      404        403     403      ok      ok
curate            open       login      403        403     403      ok      ok
curate            private    login      404        403     403      ok      ok
stale_report      open       login      403        403     403      ok      ok
stale_report      private    login      404        403     403      ok      ok
"""

NEW_TITLE = "Written in the matrix"
NEW_REVIEW_DATE = "2031-03-01"


@dataclass
class Action:
    """How to ask for one thing, and which database state shows that it happened."""

    method: str
    url: object  # scene -> path
    data: object = None  # scene -> dict, built just before the request
    state: object = None  # (scene, user) -> a comparable snapshot; None for pages
    done: object = None  # the snapshot before -> the snapshot once the action happened
    shows: object = None  # scene -> text a page must show when it is allowed


def _revisions(page):
    return lambda s, u: getattr(s, page).revisions.count()


def _one_more(count):
    return count + 1


def _lock_state(page, action):
    """Whether the page is locked, and how many times its log records `action`."""

    def state(s, u):
        found = WikiPage.objects.get(pk=getattr(s, page).pk)
        return found.locked, PageLogEntry.objects.filter(page=found, action=action).count()

    return state


def _page_url(suffix, page="guide"):
    return lambda s: f"/wiki/pages/{getattr(s, page).pk}/{suffix}"


ACTIONS = {
    "read_index": Action("get", lambda s: s.wiki.url, shows=lambda s: s.guide.title),
    "read_page": Action("get", lambda s: s.guide.url, shows=lambda s: "Reworded by the editor"),
    "history": Action("get", _page_url("history/"), shows=lambda s: "Said better"),
    "compare": Action(
        "get",
        lambda s: f"/wiki/pages/{s.guide.pk}/compare/?old={s.first.pk}&new={s.second.pk}",
        shows=lambda s: "<del>Written</del><ins>Reworded</ins>",
    ),
    "view_revision": Action(
        "get",
        lambda s: f"/wiki/pages/{s.guide.pk}/revisions/{s.first.pk}/",
        shows=lambda s: "Written by the curator",
    ),
    "watch": Action(
        "post",
        _page_url("watch/"),
        state=lambda s, u: Watch.objects.filter(page=s.guide, user=u).exists(),
        done=lambda before: not before,
    ),
    "edit_form": Action("get", _page_url("edit/"), shows=lambda s: "Editing"),
    "edit": Action(
        "post",
        _page_url("edit/"),
        data=lambda s: edit_form(s.guide, body="Edited in the matrix."),
        state=_revisions("guide"),
        done=_one_more,
    ),
    "edit_locked_form": Action("get", _page_url("edit/", "locked"), shows=lambda s: "Editing"),
    "edit_locked": Action(
        "post",
        _page_url("edit/", "locked"),
        data=lambda s: edit_form(s.locked, body="Edited in the matrix."),
        state=_revisions("locked"),
        done=_one_more,
    ),
    "create_form": Action(
        "get", lambda s: f"/wiki/{s.wiki.pk}/new/", shows=lambda s: "New wiki page"
    ),
    "create": Action(
        "post",
        lambda s: f"/wiki/{s.wiki.pk}/new/",
        data=lambda s: {"title": NEW_TITLE, "parent": "", "body": "Fresh text.", "watch": "on"},
        state=lambda s, u: WikiPage.objects.filter(community=s.community, title=NEW_TITLE).count(),
        done=_one_more,
    ),
    "lock": Action(
        "post",
        _page_url("lock/"),
        state=_lock_state("guide", "wagtail.lock"),
        done=lambda before: (True, before[1] + 1),
    ),
    "unlock": Action(
        "post",
        _page_url("lock/", "locked"),
        state=_lock_state("locked", "wagtail.unlock"),
        done=lambda before: (False, before[1] + 1),
    ),
    "restore": Action(
        "post",
        lambda s: f"/wiki/pages/{s.guide.pk}/revisions/{s.first.pk}/restore/",
        state=_revisions("guide"),
        done=_one_more,
    ),
    "review": Action(
        "post",
        _page_url("reviewed/"),
        state=lambda s, u: _guide(s).last_reviewed_by_id == getattr(u, "pk", None),
        done=lambda before: True,
    ),
    "curation_form": Action("get", _page_url("curation/"), shows=lambda s: "Curation of"),
    "curate": Action(
        "post",
        _page_url("curation/"),
        data=lambda s: {"curator": s.editor_id, "review_by": NEW_REVIEW_DATE},
        state=lambda s, u: (_guide(s).curator_id == s.editor_id, str(_guide(s).review_by)),
        done=lambda before: (True, NEW_REVIEW_DATE),
    ),
    "stale_report": Action(
        "get", lambda s: f"/wiki/{s.wiki.pk}/review/", shows=lambda s: "need attention"
    ),
}


def _guide(scene):
    return WikiPage.objects.get(pk=scene.guide.pk)


def _build_world():
    people = {name: make_person(name) for name in ("nonmember", "member", "curator", "editor")}
    people["admin"] = make_person("admin", is_staff=True, is_superuser=True)
    scenes = {}
    for key, preset in COMMUNITIES.items():
        community = make_community(f"The {key} community", preset=preset)
        add_member(community, people["member"])
        add_member(community, people["curator"])
        add_member(community, people["editor"], role="editor")
        guide = make_wiki_page(
            community, people["curator"], title=f"Guide {key}", text="Written by the curator."
        )
        guide = edit_wiki_page(
            guide, people["editor"], "Reworded by the editor.", summary="Said better"
        )
        first, second = guide.revisions.order_by("created_at", "pk")
        locked = make_wiki_page(community, people["curator"], title=f"Locked {key}")
        WikiPage.objects.filter(pk=locked.pk).update(
            locked=True, locked_by=people["editor"].user, locked_at=timezone.now()
        )
        scenes[key] = SimpleNamespace(
            community=community,
            wiki=wiki_of(community),
            guide=guide,
            locked=locked,
            first=first,
            second=second,
            editor_id=people["editor"].user.pk,
        )
    users = {name: profile.user for name, profile in people.items()}
    return SimpleNamespace(users=users, scenes=scenes)


world = built_once(_build_world)


@pytest.mark.parametrize(
    ("action", "community", "persona", "expected"), list(matrix_cases(MATRIX, PERSONAS))
)
def test_the_wiki_permission_matrix(client, db, world, action, community, persona, expected):
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
