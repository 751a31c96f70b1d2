"""Who may do what with learning paths, for every persona, view and kind of path, as one table.

Outcomes in the table:
    ok      allowed: 200 and the thing's content for a page; for an action 302 (not to the login
            page) and its effect in the database
    again   allowed, but there was nothing left to do: 302 and nothing changed
    hidden  the page answers 200 but does not show the thing (lists, reports, exports)
    400     refused by the form: the path is not one the person may choose; nothing changed
    403     refused: the person may see the path but not do this; nothing changed
    404     invisible: the same answer as for something that does not exist; nothing changed
    login   an anonymous visitor is sent to the login page; nothing changed

The scenes: a path in an "open" community (preset function), a "private" one (bid_team), a
"secret" one (confidential), and a "site"-wide path (community=None, managed by admins only).
In the three communities the member, the learner and the mentor are plain members and the editor
holds the editor role; the outsider belongs to none and the admin is a superuser and a member of
nothing. On the site-wide path everyone is just an employee and the editor manages nothing.

In each scene the learner is enrolled, has passed the knowledge check of "divisions", has the
mentor as their mentor and has asked for sign-off on "shadow". A peer has another mentor and
asked too; a loner has no mentor and asked too (their request goes to the path's managers).
The learner also completed a second, one-step path: that enrolment has a certificate.
"""

import datetime
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.utils import timezone

from intranet.community import membership, permissions
from intranet.community.models import Role
from intranet.learning import services
from intranet.learning.models import (
    Enrolment,
    How,
    LearningIndexPage,
    ModulePage,
    QuizAttempt,
    Status,
    StepProgress,
)
from intranet.notifications.models import Notification
from tests.builders import add_member, make_community, make_person, make_post
from tests.community.helpers import built_once, is_login_redirect, login, matrix_cases, text
from tests.learning.builders import (
    TWO_QUESTIONS,
    enrol,
    learning_of,
    make_module,
    make_path,
    quiz_post_data,
    right_answers,
    step,
)

PERSONAS = ("anonymous", "outsider", "member", "learner", "mentor", "editor", "admin")
COMMUNITIES = {"open": "function", "private": "bid_team", "secret": "confidential"}

MATRIX = """
action           scene    anonymous  outsider  member  learner  mentor  editor  admin
path_page        open     login      ok        ok      ok       ok      ok      ok
path_page        private  login      404       ok      ok       ok      ok      ok
path_page        secret   login      404       ok      ok       ok      ok      ok
path_page        site     login      ok        ok      ok       ok      ok      ok
module_page      open     login      ok        ok      ok       ok      ok      ok
module_page      private  login      404       ok      ok       ok      ok      ok
module_page      secret   login      404       ok      ok       ok      ok      ok
module_page      site     login      ok        ok      ok       ok      ok      ok
index            open     login      ok        ok      ok       ok      ok      ok
index            private  login      404       ok      ok       ok      ok      ok
index            secret   login      404       ok      ok       ok      ok      ok
index            site     login      ok        ok      ok       ok      ok      ok
listing          open     login      ok        ok      ok       ok      ok      ok
listing          private  login      hidden    ok      ok       ok      ok      ok
listing          secret   login      hidden    ok      ok       ok      ok      ok
enrol            open     login      ok        ok      again    ok      ok      ok
enrol            private  login      404       ok      again    ok      ok      ok
enrol            secret   login      404       ok      again    ok      ok      ok
enrol            site     login      ok        ok      again    ok      ok      ok
leave            open     login      403       403     ok       403     403     403
leave            private  login      404       403     ok       403     403     403
leave            secret   login      404       403     ok       403     403     403
leave            site     login      403       403     ok       403     403     403
submit_quiz      open     login      403       403     ok       403     403     403
submit_quiz      private  login      404       403     ok       403     403     403
submit_quiz      secret   login      404       403     ok       403     403     403
submit_quiz      site     login      403       403     ok       403     403     403
complete_reading open     login      403       403     ok       403     403     403
complete_reading private  login      404       403     ok       403     403     403
complete_reading site     login      403       403     ok       403     403     403
signoff_form     open     login      403       403     ok       403     403     403
signoff_form     private  login      404       403     ok       403     403     403
signoff_form     site     login      403       403     ok       403     403     403
request_signoff  open     login      403       403     ok       403     403     403
request_signoff  private  login      404       403     ok       403     403     403
request_signoff  secret   login      404       403     ok       403     403     403
request_signoff  site     login      403       403     ok       403     403     403
mentoring        open     login      hidden    hidden  hidden   ok      hidden  hidden
mentoring        private  login      hidden    hidden  hidden   ok      hidden  hidden
mentoring        site     login      hidden    hidden  hidden   ok      hidden  hidden
mentoring_loner  open     login      hidden    hidden  hidden   hidden  ok      ok
mentoring_loner  private  login      hidden    hidden  hidden   hidden  ok      ok
mentoring_loner  site     login      hidden    hidden  hidden   hidden  hidden  ok
mentoring_peer   open     login      hidden    hidden  hidden   hidden  hidden  hidden
mentoring_peer   private  login      hidden    hidden  hidden   hidden  hidden  hidden
mentoring_peer   site     login      hidden    hidden  hidden   hidden  hidden  hidden
approve          open     login      404       404     403      ok      ok      ok
approve          private  login      404       404     403      ok      ok      ok
approve          secret   login      404       404     403      ok      ok      ok
approve          site     login      404       404     403      ok      404     ok
return           open     login      404       404     403      ok      ok      ok
return           private  login      404       404     403      ok      ok      ok
return           site     login      404       404     403      ok      404     ok
approve_loner    open     login      404       404     404      404     ok      ok
approve_loner    private  login      404       404     404      404     ok      ok
approve_loner    site     login      404       404     404      404     404     ok
mentor_form      open     login      404       404     ok       403     ok      ok
mentor_form      private  login      404       404     ok       403     ok      ok
mentor_form      site     login      404       404     ok       403     404     ok
choose_mentor    open     login      404       404     ok       403     ok      ok
choose_mentor    private  login      404       404     ok       403     ok      ok
choose_mentor    secret   login      404       404     ok       403     ok      ok
choose_mentor    site     login      404       404     ok       403     404     ok
assign_form      open     login      403       403     403      403     ok      ok
assign_form      private  login      404       403     403      403     ok      ok
assign_form      site     login      403       403     403      403     403     ok
assign           open     login      403       403     403      403     ok      ok
assign           private  login      404       403     403      403     ok      ok
assign           secret   login      404       403     403      403     ok      ok
assign           site     login      403       403     403      403     403     ok
certificate      open     login      404       404     ok       ok      ok      ok
certificate      private  login      404       404     ok       ok      ok      ok
certificate      secret   login      404       404     ok       ok      ok      ok
certificate      site     login      404       404     ok       ok      404     ok
distil_form      open     login      403       403     403      403     ok      ok
distil_form      private  login      404       403     403      403     ok      ok
distil_form      site     login      403       403     403      403     hidden  ok
distil           open     login      403       403     403      403     ok      ok
distil           private  login      404       403     403      403     ok      ok
distil           secret   login      404       403     403      403     ok      ok
distil           site     login      403       403     403      403     400     ok
review_module    open     login      403       403     403      403     ok      ok
review_module    private  login      404       403     403      403     ok      ok
review_module    site     login      403       403     403      403     403     ok
report           open     login      403       403     403      403     ok      ok
report           private  login      403       403     403      403     ok      ok
report           site     login      403       403     403      403     hidden  ok
report_path      open     login      403       403     403      403     ok      ok
report_path      private  login      403       403     403      403     ok      ok
report_path      site     login      403       403     403      403     400     ok
export           open     login      403       403     403      403     ok      ok
export           private  login      403       403     403      403     ok      ok
export           site     login      403       403     403      403     hidden  ok
"""


@dataclass
class Action:
    """How to ask for one thing, and which database state shows that it happened."""

    method: str
    url: object  # scene -> path
    data: object = None  # scene -> dict, built just before the request
    state: object = None  # (scene, user) -> a comparable snapshot; None for pages
    done: object = None  # (scene, snapshot before) -> the snapshot once the action happened
    shows: object = None  # scene -> text a page must show when it is allowed


def _enrolled(scene, user):
    return Enrolment.objects.filter(path=scene.path, user=user, withdrawn_at=None).exists()


def _attempts(scene, user):
    return QuizAttempt.objects.filter(enrolment__user=user, module=scene.quiz_module).count()


def _steps_done(key):
    def state(scene, user):
        return StepProgress.objects.filter(
            enrolment__user=user, step=scene.steps[key], status=Status.DONE
        ).count()

    return state


def _rows_of(key):
    def state(scene, user):
        return StepProgress.objects.filter(enrolment__user=user, step=scene.steps[key]).count()

    return state


def _status(row):
    return lambda s, u: StepProgress.objects.get(pk=getattr(s, row).pk).status


def _mentor(scene, user):
    return Enrolment.objects.get(pk=scene.enrolment.pk).mentor_id


def _assigned(scene, user):
    return Enrolment.objects.filter(path=scene.path, user=scene.assignee, how=How.ASSIGNED).count()


def _modules(scene, user):
    return ModulePage.objects.child_of(scene.path).count()


def _reviewed_by_me(scene, user):
    return ModulePage.objects.get(pk=scene.reading.pk).last_reviewed_by_id == getattr(
        user, "pk", None
    )


def _one_more(scene, before):
    return before + 1


def _decision(row, decision, comment=""):
    def data(scene):
        pk = getattr(scene, row).pk
        return {f"r{pk}-decision": decision, f"r{pk}-comment": comment}

    return data


ACTIONS = {
    "path_page": Action("get", lambda s: s.path.url, shows=lambda s: s.summary),
    "module_page": Action("get", lambda s: s.reading.url, shows=lambda s: s.reading_text),
    "index": Action("get", lambda s: s.index.url, shows=lambda s: s.path.title),
    "listing": Action("get", lambda s: "/learning-paths/", shows=lambda s: s.path.title),
    "enrol": Action(
        "post",
        lambda s: f"/learning/paths/{s.path.pk}/enrol/",
        state=_enrolled,
        done=lambda s, before: True,
    ),
    "leave": Action(
        "post",
        lambda s: f"/learning/paths/{s.path.pk}/leave/",
        state=_enrolled,
        done=lambda s, before: False,
    ),
    "submit_quiz": Action(
        "post",
        lambda s: f"/learning/modules/{s.quiz_module.pk}/quiz/",
        data=lambda s: quiz_post_data(s.quiz_module, right_answers(s.quiz_module)),
        state=_attempts,
        done=_one_more,
    ),
    "complete_reading": Action(
        "post",
        lambda s: f"/learning/modules/{s.reading.pk}/done/",
        state=_steps_done("welcome"),
        done=_one_more,
    ),
    "signoff_form": Action(
        "get",
        lambda s: f"/learning/paths/{s.path.pk}/steps/{s.steps['present'].pk}/signoff/",
        shows=lambda s: s.steps["present"].title,
    ),
    "request_signoff": Action(
        "post",
        lambda s: f"/learning/paths/{s.path.pk}/steps/{s.steps['present'].pk}/signoff/",
        data=lambda s: {"note": "Presented the offer to the board."},
        state=_rows_of("present"),
        done=_one_more,
    ),
    "mentoring": Action("get", lambda s: "/learning/mentoring/", shows=lambda s: s.note),
    "mentoring_loner": Action(
        "get", lambda s: "/learning/mentoring/", shows=lambda s: s.loner_note
    ),
    "mentoring_peer": Action("get", lambda s: "/learning/mentoring/", shows=lambda s: s.peer_note),
    "approve": Action(
        "post",
        lambda s: f"/learning/signoffs/{s.request.pk}/",
        data=_decision("request", "approve", "Well done."),
        state=_status("request"),
        done=lambda s, before: Status.DONE,
    ),
    "return": Action(
        "post",
        lambda s: f"/learning/signoffs/{s.request.pk}/",
        data=_decision("request", "return", "Write down what the customer said."),
        state=_status("request"),
        done=lambda s, before: Status.RETURNED,
    ),
    "approve_loner": Action(
        "post",
        lambda s: f"/learning/signoffs/{s.loner_request.pk}/",
        data=_decision("loner_request", "approve"),
        state=_status("loner_request"),
        done=lambda s, before: Status.DONE,
    ),
    "mentor_form": Action(
        "get",
        lambda s: f"/learning/enrolments/{s.enrolment.pk}/mentor/",
        shows=lambda s: "A mentor for Learner Tester",
    ),
    "choose_mentor": Action(
        "post",
        lambda s: f"/learning/enrolments/{s.enrolment.pk}/mentor/",
        data=lambda s: {"mentor": s.assignee.username},
        state=_mentor,
        done=lambda s, before: s.assignee.pk,
    ),
    "assign_form": Action(
        "get",
        lambda s: f"/learning/paths/{s.path.pk}/assign/",
        shows=lambda s: f"Assign “{s.path.title}”",
    ),
    "assign": Action(
        "post",
        lambda s: f"/learning/paths/{s.path.pk}/assign/",
        data=lambda s: {
            "people": s.assignee.username,
            "due_on": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
        },
        state=_assigned,
        done=_one_more,
    ),
    "certificate": Action(
        "get",
        lambda s: f"/learning/certificates/{s.certificate}/",
        shows=lambda s: s.finished.title,
    ),
    "distil_form": Action(
        "get", lambda s: f"/learning/distil/{s.source.pk}/", shows=lambda s: s.path.title
    ),
    "distil": Action(
        "post",
        lambda s: f"/learning/distil/{s.source.pk}/",
        data=lambda s: {"path": s.path.pk, "title": "Distilled in the matrix"},
        state=_modules,
        done=_one_more,
    ),
    "review_module": Action(
        "post",
        lambda s: f"/learning/modules/{s.reading.pk}/reviewed/",
        state=_reviewed_by_me,
        done=lambda s, before: True,
    ),
    "report": Action("get", lambda s: "/learning/reports/", shows=lambda s: s.path.title),
    "report_path": Action(
        "get", lambda s: f"/learning/reports/?path={s.path.pk}", shows=lambda s: s.path.title
    ),
    "export": Action(
        "get", lambda s: "/learning/reports/learners.csv", shows=lambda s: s.path.title
    ),
}


def _steps(key):
    return [
        {
            "key": "welcome",
            "tier": "formal",
            "title": f"Welcome {key}",
            "module": {"title": f"Welcome {key}", "text": f"Welcome reading of the {key} path."},
        },
        {
            "key": "divisions",
            "tier": "formal",
            "title": f"Divisions {key}",
            "module": {"title": f"Divisions {key}", "quiz": TWO_QUESTIONS},
        },
        {
            "key": "shadow",
            "tier": "transfer",
            "title": f"Shadow a visit {key}",
            "task": "Join a customer meeting.",
            "requires": "divisions",
        },
        {
            "key": "present",
            "tier": "transfer",
            "title": f"Present the offer {key}",
            "task": "Present the offer to a customer.",
        },
        {
            "key": "pricing",
            "tier": "formal",
            "title": f"Pricing {key}",
            "requires": "shadow",
            "module": {"title": f"Pricing {key}", "text": "Weighted indices."},
        },
    ]


def _asks(person, path, mentor, note, by):
    """Enrol `person`, give them `mentor` (or none), pass "divisions" and ask for sign-off."""
    enrolment = enrol(person, path)
    if mentor is not None:
        services.set_mentor(enrolment, mentor.user, by.user)
    services.complete_step(enrolment, step(path, "divisions"))
    return enrolment, services.request_signoff(enrolment, step(path, "shadow"), note)


def _build_scene(key, community, people, source):
    owner = people["editor"] if community is not None else people["admin"]
    path = make_path(
        community,
        owner,
        title=f"Onboarding {key}",
        slug=f"onboarding-{key}",
        summary=f"Summary of the {key} path.",
        steps=_steps(key),
    )
    steps = {name: step(path, name) for name in ("welcome", "divisions", "shadow", "present")}
    # Nobody has reviewed the reading yet, so a review shows whose it was.
    ModulePage.objects.filter(pk=steps["welcome"].module_id).update(
        last_reviewed_by=None, last_reviewed_at=None
    )
    note = f"Shadowed a visit in the {key} community."
    enrolment, request = _asks(people["learner"], path, people["mentor"], note, people["learner"])
    peer_note = f"Peer shadowed in the {key} community."
    _enrolment, peer_request = _asks(
        people["peer"], path, people["other_mentor"], peer_note, people["peer"]
    )
    loner_note = f"Loner shadowed in the {key} community."
    _enrolment, loner_request = _asks(people["loner"], path, None, loner_note, people["loner"])
    finished = make_path(
        community,
        owner,
        title=f"Finished {key}",
        slug=f"finished-{key}",
        steps=[
            {
                "key": "read",
                "tier": "formal",
                "title": "Read it",
                "module": {"title": f"Read {key}"},
            }
        ],
    )
    graduation = enrol(people["learner"], finished)
    services.set_mentor(graduation, people["mentor"].user, people["learner"].user)
    services.complete_step(graduation, step(finished, "read"))
    graduation.refresh_from_db()
    assert graduation.completed_at is not None
    return SimpleNamespace(
        community=community,
        index=learning_of(community) if community is not None else path.get_parent().specific,
        path=path,
        summary=f"Summary of the {key} path.",
        steps=steps,
        reading=steps["welcome"].module,
        reading_text=f"Welcome reading of the {key} path.",
        quiz_module=steps["divisions"].module,
        enrolment=enrolment,
        request=request,
        note=note,
        peer_request=peer_request,
        peer_note=peer_note,
        loner_request=loner_request,
        loner_note=loner_note,
        finished=finished,
        certificate=graduation.certificate,
        source=source,
        assignee=people["assignee"].user,
    )


def _build_world():
    names = (
        "outsider",
        "member",
        "learner",
        "mentor",
        "editor",
        "peer",
        "other_mentor",
        "loner",
        "assignee",
    )
    people = {name: make_person(name) for name in names}
    people["admin"] = make_person("admin", is_staff=True, is_superuser=True)
    scenes, sources = {}, {}
    for key, preset in COMMUNITIES.items():
        community = make_community(f"The {key} community", preset=preset)
        add_member(community, people["editor"], role=Role.EDITOR)
        for name in ("member", "learner", "mentor", "peer", "other_mentor", "loner", "assignee"):
            add_member(community, people[name])
        sources[key] = make_post(community, people["editor"], title=f"Source post {key}")
        scenes[key] = _build_scene(key, community, people, sources[key])
    scenes["site"] = _build_scene("site", None, people, sources["open"])
    users = {name: profile.user for name, profile in people.items()}
    return SimpleNamespace(users=users, scenes=scenes)


world = built_once(_build_world)


@pytest.fixture(autouse=True)
def _forget_memberships(world):
    """Memberships cached on the world's users by one test must not leak into the next."""
    yield
    for user in world.users.values():
        permissions.forget(user)


@pytest.mark.parametrize(
    ("action", "scene", "persona", "expected"), list(matrix_cases(MATRIX, PERSONAS))
)
def test_the_learning_permission_matrix(client, db, world, action, scene, persona, expected):
    scene, act = world.scenes[scene], ACTIONS[action]
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
    elif expected in ("400", "403", "404"):
        assert response.status_code == int(expected)
        assert after == before
        if act.shows and expected != "400":
            assert act.shows(scene) not in text(response)
    elif expected == "hidden":
        assert response.status_code == 200
        assert act.shows(scene) not in text(response)
    elif expected == "again":
        assert response.status_code == 302
        assert not is_login_redirect(response)
        assert after == before
    else:
        assert expected == "ok"
        if act.method == "get":
            assert response.status_code == 200
            assert act.shows(scene) in text(response)
        else:
            assert response.status_code == 302
            assert not is_login_redirect(response)
            assert after != before
            assert after == act.done(scene, before)


# Beyond the table: what follows people who lose access, editors of one community, distilling
# across communities and where notifications go.


def _get(client, user, url):
    return login(client, user).get(url)


def test_a_former_member_loses_the_path_everywhere(client, db, world):
    scene, learner = world.scenes["private"], world.users["learner"]
    services.touch(scene.enrolment)  # the most recent: the home page's card shows it
    shown = {
        "/": scene.path.title,
        "/learning/": scene.path.title,
        "/learning-paths/": scene.path.title,
        "/notifications/": scene.finished.title,  # "You completed the learning path"
        scene.path.url: scene.summary,
        scene.reading.url: scene.reading_text,
        f"/learning/certificates/{scene.certificate}/": scene.finished.title,
    }
    for url, found in shown.items():
        response = _get(client, learner, url)
        assert response.status_code == 200, url
        assert found in text(response), url

    membership.leave(learner, scene.community)

    for url in ("/", "/learning/", "/learning-paths/", "/notifications/"):
        response = _get(client, learner, url)
        assert response.status_code == 200, url
        assert scene.path.title not in text(response), url
        assert scene.finished.title not in text(response), url
    for url in (scene.path.url, scene.reading.url, f"/learning/certificates/{scene.certificate}/"):
        response = _get(client, learner, url)
        assert response.status_code == 404, url
        assert scene.summary not in text(response)
    response = login(client, learner).post(f"/learning/paths/{scene.path.pk}/leave/")
    assert response.status_code == 404
    assert Enrolment.objects.get(pk=scene.enrolment.pk).withdrawn_at is None
    # The open community's path is still there for them.
    assert world.scenes["open"].path.title in text(_get(client, learner, "/learning/"))


def test_a_former_mentor_neither_sees_nor_decides_the_request(client, db, world):
    scene, mentor = world.scenes["private"], world.users["mentor"]
    page = text(_get(client, mentor, "/learning/mentoring/"))
    assert scene.note in page
    assert scene.path.title in page  # among "The people you mentor"

    membership.leave(mentor, scene.community)

    page = text(_get(client, mentor, "/learning/mentoring/"))
    assert scene.note not in page
    assert scene.path.title not in page
    assert world.scenes["open"].note in page
    response = login(client, mentor).post(
        f"/learning/signoffs/{scene.request.pk}/", _decision("request", "approve")(scene)
    )
    assert response.status_code == 404
    assert StepProgress.objects.get(pk=scene.request.pk).status == Status.REQUESTED


def test_a_request_of_someone_who_left_the_path_is_neither_listed_nor_decided(client, db, world):
    scene, mentor = world.scenes["open"], world.users["mentor"]
    services.withdraw(scene.enrolment)
    assert scene.note not in text(_get(client, mentor, "/learning/mentoring/"))
    response = login(client, mentor).post(
        f"/learning/signoffs/{scene.request.pk}/", _decision("request", "approve")(scene)
    )
    assert response.status_code == 403
    assert StepProgress.objects.get(pk=scene.request.pk).status == Status.REQUESTED


def test_a_decided_request_cannot_be_decided_again(client, db, world):
    scene, mentor = world.scenes["open"], world.users["mentor"]
    url = f"/learning/signoffs/{scene.request.pk}/"
    assert (
        login(client, mentor).post(url, _decision("request", "approve")(scene)).status_code == 302
    )
    response = client.post(url, _decision("request", "return", "Not so fast.")(scene))
    assert response.status_code == 403
    row = StepProgress.objects.get(pk=scene.request.pk)
    assert (row.status, row.review_comment) == (Status.DONE, "")
    assert scene.note not in text(client.get("/learning/mentoring/"))


def test_an_editor_of_one_community_reports_on_its_paths_only(client, db, world):
    solo = make_person("solo")
    add_member(world.scenes["open"].community, solo, role=Role.EDITOR)
    others = [world.scenes[key].path for key in ("private", "secret", "site")]
    for key in ("open", "private"):
        quiz = world.scenes[key].quiz_module
        login(client, world.users["learner"]).post(
            f"/learning/modules/{quiz.pk}/quiz/", quiz_post_data(quiz, right_answers(quiz))
        )
    mine = world.scenes["open"].path
    login(client, solo)

    for url in (
        "/learning/reports/",
        f"/learning/reports/?path={mine.pk}",
        "/learning/reports/learners.csv",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        body = text(response)
        assert mine.title in body, url
        for path in others:
            assert path.title not in body, url
    learners = text(client.get("/learning/reports/learners.csv")).splitlines()
    assert {row.split(",")[2] for row in learners[1:]} == {"learner", "peer", "loner"}
    questions = text(client.get("/learning/reports/questions.csv"))
    assert world.scenes["open"].quiz_module.title in questions
    assert world.scenes["private"].quiz_module.title not in questions
    for path in others:
        response = client.get(f"/learning/reports/?path={path.pk}")
        assert response.status_code == 400
        assert path.title not in text(response)


def test_the_admin_reports_on_site_wide_paths(client, db, world):
    site = world.scenes["site"].path
    response = login(client, world.users["admin"]).get("/learning/reports/learners.csv")
    assert response.status_code == 200
    rows = [line for line in text(response).splitlines() if line.startswith(site.title)]
    assert {row.split(",")[2] for row in rows} == {"learner", "peer", "loner"}


def test_a_post_of_a_closed_community_stays_in_its_own_paths(client, db, world):
    private, editor = world.scenes["private"], world.users["editor"]
    url = f"/learning/distil/{private.source.pk}/"
    form = text(_get(client, editor, url))
    assert private.path.title in form
    for key in ("open", "secret", "site"):
        assert world.scenes[key].path.title not in form

    for person, key in (("editor", "open"), ("editor", "secret"), ("admin", "site")):
        target = world.scenes[key].path
        response = login(client, world.users[person]).post(
            url, {"path": target.pk, "title": "Leaked"}
        )
        assert response.status_code == 400, (person, key)
        assert not ModulePage.objects.filter(title="Leaked").exists()


def test_an_open_post_may_go_into_a_closed_communitys_path(client, db, world):
    open_post, private = world.scenes["open"].source, world.scenes["private"].path
    response = login(client, world.users["editor"]).post(
        f"/learning/distil/{open_post.pk}/", {"path": private.pk, "title": "From the open"}
    )
    assert response.status_code == 302
    module = ModulePage.objects.child_of(private).get(title="From the open")
    assert list(module.sources.values_list("page_id", flat=True)) == [open_post.pk]
    assert not module.live


def test_an_editor_elsewhere_cannot_even_see_a_closed_communitys_post(client, db, world):
    solo = make_person("solo")
    add_member(world.scenes["open"].community, solo, role=Role.EDITOR)
    source = world.scenes["private"].source
    response = _get(client, solo, f"/learning/distil/{source.pk}/")
    assert response.status_code == 404
    assert source.title not in text(response)
    response = client.post(
        f"/learning/distil/{source.pk}/",
        {"path": world.scenes["open"].path.pk, "title": "Leaked"},
    )
    assert response.status_code == 404
    assert not ModulePage.objects.filter(title="Leaked").exists()


def test_a_module_never_names_a_source_its_reader_may_not_read(client, db, world):
    open_scene, private = world.scenes["open"], world.scenes["private"]
    module = make_module(
        open_scene.path, world.users["editor"], title="Mixed sources", sources=[private.source]
    )
    solo = make_person("solo")
    add_member(open_scene.community, solo, role=Role.EDITOR)
    for person in (world.users["outsider"], solo.user):
        response = _get(client, person, module.url)
        assert response.status_code == 200
        assert private.source.title not in text(response)


def test_a_readers_module_page_hides_a_source_they_may_not_read(client, db, world):
    open_scene, private = world.scenes["open"], world.scenes["private"]
    module = make_module(
        open_scene.path, world.users["editor"], title="Mixed sources", sources=[private.source]
    )
    response = _get(client, world.users["outsider"], module.url)
    assert response.status_code == 200
    assert private.source.title not in text(response)
    assert "A page you cannot open" in text(response)
    assert private.source.title in text(_get(client, world.users["member"], module.url))


def test_a_sign_off_request_goes_to_the_mentor_only(client, db, world):
    scene = world.scenes["private"]
    Notification.objects.all().delete()
    response = login(client, world.users["learner"]).post(
        f"/learning/paths/{scene.path.pk}/steps/{scene.steps['present'].pk}/signoff/",
        {"note": "Presented."},
    )
    assert response.status_code == 302
    recipients = set(Notification.objects.values_list("recipient__username", flat=True))
    assert recipients == {"mentor"}


def test_without_a_mentor_a_sign_off_request_goes_to_the_paths_managers(client, db, world):
    for key, managers in (("private", {"editor"}), ("site", {"admin"})):
        scene = world.scenes[key]
        Enrolment.objects.filter(pk=scene.enrolment.pk).update(mentor=None)
        Notification.objects.all().delete()
        response = login(client, world.users["learner"]).post(
            f"/learning/paths/{scene.path.pk}/steps/{scene.steps['present'].pk}/signoff/",
            {"note": "Presented."},
        )
        assert response.status_code == 302
        recipients = set(Notification.objects.values_list("recipient__username", flat=True))
        assert recipients == managers, key


def test_nobody_outside_a_closed_community_can_be_assigned_or_chosen_as_mentor(client, db, world):
    scene, editor, outsider = (
        world.scenes["private"],
        world.users["editor"],
        world.users["outsider"],
    )
    due = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    response = login(client, editor).post(
        f"/learning/paths/{scene.path.pk}/assign/", {"people": "outsider", "due_on": due}
    )
    assert response.status_code == 400
    assert "cannot read this community" in text(response)
    assert not Enrolment.objects.filter(user=outsider).exists()
    assert not Notification.objects.filter(recipient=outsider).exists()

    for name in ("outsider", "learner"):  # nor the learner themselves
        response = client.post(
            f"/learning/enrolments/{scene.enrolment.pk}/mentor/", {"mentor": name}
        )
        assert response.status_code == 400, name
        assert Enrolment.objects.get(pk=scene.enrolment.pk).mentor == world.users["mentor"]
    assert not Notification.objects.filter(recipient=outsider).exists()


def test_an_onboarding_path_of_a_closed_community_enrols_only_its_members(db, world):
    for key in ("open", "private"):
        path = make_path(
            world.scenes[key].community,
            world.users["editor"],
            title=f"Welcome aboard {key}",
            slug=f"welcome-aboard-{key}",
            onboarding=True,
        )
        assert path.onboarding
    newcomer = make_person("newcomer").user
    enrolled = set(Enrolment.objects.filter(user=newcomer).values_list("path__title", flat=True))
    assert enrolled == {"Welcome aboard open"}


def test_a_closed_communitys_learning_section_is_invisible_to_outsiders(client, db, world):
    private = world.scenes["private"]
    response = _get(client, world.users["outsider"], private.index.url)
    assert response.status_code == 404
    assert private.path.title not in text(response)
    assert isinstance(private.index, LearningIndexPage)


def test_an_editor_never_signs_off_their_own_task(client, db, world):
    scene, editor = world.scenes["open"], world.users["editor"]
    mine = enrol(editor, scene.path)
    row = services.request_signoff(mine, scene.steps["present"], "I presented it myself.")
    assert "I presented it myself." not in text(_get(client, editor, "/learning/mentoring/"))
    response = client.post(f"/learning/signoffs/{row.pk}/", {f"r{row.pk}-decision": "approve"})
    assert response.status_code == 403
    assert StepProgress.objects.get(pk=row.pk).status == Status.REQUESTED
    # Another manager of the path (the admin) gets the request.
    assert "I presented it myself." in text(
        _get(client, world.users["admin"], "/learning/mentoring/")
    )
