"""Mentors: suggested among the community's members who know the path's topics or share the
learner's tags, nearby people first; chosen on a page that tells the mentor. Practical tasks are
sent to the mentor for sign-off, approved or returned with a comment, and sent again."""

import html
from types import SimpleNamespace

import pytest

from intranet.learning import services
from intranet.learning.models import Enrolment, StepProgress
from intranet.notifications.models import Notification, Verb
from tests.builders import add_member, make_community, make_division, make_location, make_person
from tests.community.helpers import built_once, fresh, login, text
from tests.learning.builders import enrol, make_path, step

STEPS = [
    {
        "key": "visit",
        "tier": "transfer",
        "title": "Shadow a customer visit",
        "task": "Join a customer meeting and write the note.",
    },
    {
        "key": "call",
        "tier": "transfer",
        "title": "Make a follow-up call",
        "task": "Call the customer back.",
    },
]


def _person(username, division, location, expertise, **fields):
    return make_person(
        username,
        first_name=username.capitalize(),
        division=make_division(division) if division else None,
        location=make_location(location) if location else None,
        expertise=expertise,
        **fields,
    )


def _build():
    w = SimpleNamespace(
        editor=_person("editor", None, None, []),
        learner=_person(
            "learner",
            "Facility",
            "Gothenburg",
            ["healthcare", "retail"],
            interests=["energy efficiency"],
        ),
        near=_person("near", "Secure", "Gothenburg", ["healthcare"]),
        colleague=_person("colleague", "Facility", "Stockholm", ["tendering"]),
        expert=_person("expert", "Technical", "Lyon", ["retail", "tendering", "energy efficiency"]),
        distant=_person("distant", "Technical", "Lyon", ["retail"]),
        unrelated=_person("unrelated", "Facility", "Gothenburg", ["hvac"]),
        busy=_person("busy", "Facility", "Gothenburg", ["healthcare"]),
        retired=_person("retired", "Facility", "Gothenburg", ["healthcare"]),
        outside=_person("outside", "Facility", "Gothenburg", ["healthcare", "tendering"]),
        community=make_community("Sales Community"),
    )
    add_member(w.community, w.editor, role="editor")
    for name in ("learner", "near", "colleague", "expert", "distant", "unrelated", "busy"):
        add_member(w.community, getattr(w, name))
    add_member(w.community, w.retired)
    w.retired.user.is_active = False
    w.retired.user.save()
    w.path = make_path(w.community, w.editor, "Sales basics", steps=STEPS, topics=["tendering"])
    enrol(w.busy, w.path)  # learning it too: not free to mentor
    return w


world = built_once(_build)


@pytest.fixture
def w(db, world):
    w = fresh(world)
    w.enrolment = enrol(w.learner, w.path)
    return w


def _reload(enrolment):
    return Enrolment.objects.select_related("mentor").get(pk=enrolment.pk)


def _notes(person, verb):
    return list(Notification.objects.filter(recipient=person.user, verb=verb))


def _row(enrolment, key):
    return StepProgress.objects.filter(enrolment=enrolment, step__key=key).first()


def _decide(client, row, decision, comment=""):
    return client.post(
        f"/learning/signoffs/{row.pk}/",
        {f"r{row.pk}-decision": decision, f"r{row.pk}-comment": comment},
    )


def _request(client, w, key, note):
    the_step = step(w.path, key)
    return client.post(f"/learning/paths/{w.path.pk}/steps/{the_step.pk}/signoff/", {"note": note})


# Suggestions


def test_suggestions_prefer_the_same_location_then_the_same_division(w):
    found = services.suggest_mentors(w.enrolment)

    assert [profile.user.username for profile, _reason in found] == [
        "near",
        "colleague",
        "expert",
        "distant",
    ]
    reasons = {profile.user.username: reason for profile, reason in found}
    assert reasons["near"] == "Expertise in healthcare; same location, Gothenburg"
    assert reasons["colleague"] == "Expertise in tendering; same division, Facility"
    assert reasons["expert"] == "Expertise in energy efficiency, retail, tendering"
    assert reasons["distant"] == "Expertise in retail"


def test_suggestions_leave_out_the_learner_strangers_and_people_without_the_expertise(w):
    names = {profile.user.username for profile, _r in services.suggest_mentors(w.enrolment, 50)}

    assert "learner" not in names
    assert "outside" not in names  # not a member of the community
    assert "unrelated" not in names  # no expertise the path or the learner asks for
    assert "retired" not in names  # no longer active
    assert "busy" not in names  # following the path themselves


def test_the_path_topics_alone_are_enough(w):
    bare = make_person("bare")  # no tags of their own
    add_member(w.community, bare)
    enrolment = enrol(bare, w.path)

    names = [profile.user.username for profile, _r in services.suggest_mentors(enrolment)]

    assert names == ["colleague", "expert"]  # the two who know about tendering


def test_the_choose_page_shows_the_suggestions_with_their_reasons(client, w):
    response = login(client, w.learner).get(f"/learning/enrolments/{w.enrolment.pk}/mentor/")

    assert response.status_code == 200
    page = html.unescape(text(response))
    assert page.index("<strong>Near Tester</strong>") < page.index("<strong>Colleague Tester")
    assert "Expertise in healthcare; same location, Gothenburg" in page
    assert 'value="near"' in page and 'value="outside"' not in page


# Choosing a mentor


def test_choosing_a_suggested_mentor_notifies_them(client, w):
    response = login(client, w.learner).post(
        f"/learning/enrolments/{w.enrolment.pk}/mentor/", {"mentor": "near"}
    )

    assert response.status_code == 302 and response["Location"] == w.path.url
    enrolment = _reload(w.enrolment)
    assert enrolment.mentor == w.near.user and enrolment.mentor_confirmed_by == w.learner.user
    assert enrolment.mentor_reason == "Expertise in healthcare; same location, Gothenburg"
    [note] = _notes(w.near, Verb.MENTOR_CHOSEN)
    assert note.actor == w.learner.user and note.subject == "Sales basics"
    assert note.url == "/learning/mentoring/" and note.detail == "Learner Tester"
    page = text(client.get(w.path.url))
    assert "Near Tester" in page and "same location, Gothenburg" in page
    mentoring = text(login(client, w.near).get("/learning/mentoring/"))
    assert "The people you mentor" in mentoring and "Learner Tester" in mentoring


def test_someone_else_from_the_community_can_be_named(client, w):
    login(client, w.learner).post(
        f"/learning/enrolments/{w.enrolment.pk}/mentor/", {"other": w.unrelated.user.email}
    )

    enrolment = _reload(w.enrolment)
    assert enrolment.mentor == w.unrelated.user and enrolment.mentor_reason == ""
    assert len(_notes(w.unrelated, Verb.MENTOR_CHOSEN)) == 1


def test_nobody_outside_the_community_can_be_named(client, w):
    response = login(client, w.learner).post(
        f"/learning/enrolments/{w.enrolment.pk}/mentor/", {"other": "outside"}
    )

    assert response.status_code == 400
    assert _reload(w.enrolment).mentor is None
    assert not _notes(w.outside, Verb.MENTOR_CHOSEN)


# Sign-off


def _with_mentor(w, mentor):
    services.set_mentor(w.enrolment, mentor.user, w.learner.user)


def test_a_request_reaches_the_mentor(client, w):
    _with_mentor(w, w.near)
    response = _request(login(client, w.learner), w, "visit", "I joined Solberga on Monday.")

    assert response.status_code == 302
    assert response["Location"] == f"{w.path.url}#step-visit"
    row = _row(w.enrolment, "visit")
    assert row.status == "requested" and row.request_note == "I joined Solberga on Monday."
    [note] = _notes(w.near, Verb.SIGNOFF_REQUESTED)
    assert note.actor == w.learner.user and note.subject == "Shadow a customer visit"
    assert not _notes(w.editor, Verb.SIGNOFF_REQUESTED)
    assert "Waiting for sign-off" in text(client.get(w.path.url))

    login(client, w.near)
    page = text(client.get("/learning/mentoring/"))
    assert "Shadow a customer visit" in page and "Learner Tester · Sales basics" in page
    assert "I joined Solberga on Monday." in page
    assert f'action="/learning/signoffs/{row.pk}/"' in page
    assert "1 sign-off request is waiting for you" in text(client.get("/"))


def test_without_a_mentor_the_request_goes_to_the_paths_editors(client, w):
    _request(login(client, w.learner), w, "visit", "Done it.")

    assert len(_notes(w.editor, Verb.SIGNOFF_REQUESTED)) == 1
    page = text(login(client, w.editor).get("/learning/mentoring/"))
    assert "Shadow a customer visit" in page
    assert "Nothing is waiting" in text(login(client, w.near).get("/learning/mentoring/"))


def test_asking_again_while_waiting_sends_nothing_more(client, w):
    _with_mentor(w, w.near)
    login(client, w.learner)
    _request(client, w, "visit", "First note.")
    _request(client, w, "visit", "Second note.")

    assert _row(w.enrolment, "visit").request_note == "First note."
    assert len(_notes(w.near, Verb.SIGNOFF_REQUESTED)) == 1


def test_approving_completes_the_step_and_tells_the_learner(client, w):
    _with_mentor(w, w.near)
    _request(login(client, w.learner), w, "visit", "I went along.")
    row = _row(w.enrolment, "visit")

    response = _decide(login(client, w.near), row, "approve", "Well done")

    assert response.status_code == 302 and response["Location"] == "/learning/mentoring/"
    row = _row(w.enrolment, "visit")
    assert row.status == "done" and row.completed_at is not None
    assert row.reviewed_by == w.near.user and row.review_comment == "Well done"
    [note] = _notes(w.learner, Verb.SIGNOFF_APPROVED)
    assert note.actor == w.near.user and note.subject == "Shadow a customer visit"
    assert note.detail == "Well done" and note.url == w.path.url
    assert "Nothing is waiting for you." in text(client.get("/learning/mentoring/"))

    page = html.unescape(text(login(client, w.learner).get(w.path.url)))
    assert "Signed off by Near Tester on" in page and "“Well done”" in page
    assert "1 of 2 steps done" in page


def test_a_returned_request_shows_the_comment_and_can_be_sent_again(client, w):
    _with_mentor(w, w.near)
    _request(login(client, w.learner), w, "visit", "I went along.")
    row = _row(w.enrolment, "visit")

    response = _decide(login(client, w.near), row, "return", "Add the customer name, please")

    assert response.status_code == 302
    row = _row(w.enrolment, "visit")
    assert row.status == "returned" and row.completed_at is None
    assert row.review_comment == "Add the customer name, please"
    [note] = _notes(w.learner, Verb.SIGNOFF_RETURNED)
    assert note.detail == "Add the customer name, please" and note.actor == w.near.user
    assert "Nothing is waiting for you." in text(client.get("/learning/mentoring/"))

    login(client, w.learner)
    page = text(client.get(w.path.url))
    assert "Near Tester returned it: Add the customer name, please" in page
    assert f"/learning/paths/{w.path.pk}/steps/{row.step_id}/signoff/" in page
    assert "Returned" in page

    _request(client, w, "visit", "It was Solberga Hospital.")

    row = _row(w.enrolment, "visit")
    assert row.status == "requested" and row.request_note == "It was Solberga Hospital."
    assert len(_notes(w.near, Verb.SIGNOFF_REQUESTED)) == 2
    page = text(login(client, w.near).get("/learning/mentoring/"))
    assert "It was Solberga Hospital." in page

    _decide(client, row, "approve")
    assert _row(w.enrolment, "visit").status == "done"


def test_a_request_is_decided_once(client, w):
    _with_mentor(w, w.near)
    _request(login(client, w.learner), w, "visit", "I went along.")
    row = _row(w.enrolment, "visit")
    login(client, w.near)

    _decide(client, row, "approve")
    again = _decide(client, row, "approve")
    back = _decide(client, row, "return", "Changed my mind")

    assert again.status_code == 403 and back.status_code == 403
    assert _row(w.enrolment, "visit").status == "done"
    assert len(_notes(w.learner, Verb.SIGNOFF_APPROVED)) == 1
    assert not _notes(w.learner, Verb.SIGNOFF_RETURNED)


def test_approving_every_task_completes_the_path(client, w):
    _with_mentor(w, w.near)
    login(client, w.learner)
    _request(client, w, "visit", "Visit done.")
    _request(client, w, "call", "Call done.")
    login(client, w.near)
    for key in ("visit", "call"):
        _decide(client, _row(w.enrolment, key), "approve")

    assert _reload(w.enrolment).completed_at is not None
    assert len(_notes(w.learner, Verb.PATH_COMPLETED)) == 1
