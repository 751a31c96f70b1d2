"""Enrolling in learning paths: by oneself (leaving and coming back keeps progress), assigned by
an editor with a due date, and automatically, once, for onboarding paths whose audience matches
a new person's profile or a job function they gain."""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from intranet.learning import services
from intranet.learning.models import Enrolment, How, LearningPathPage, StepProgress
from intranet.notifications.models import Notification, Verb
from intranet.people.models import Profile
from tests.builders import (
    add_member,
    make_community,
    make_division,
    make_job_function,
    make_location,
    make_person,
)
from tests.community.helpers import built_once, fresh, login, text
from tests.learning.builders import enrol, step

READ_AND_DO = [
    {
        "key": "read",
        "tier": "formal",
        "title": "Read the handbook",
        "module": {"title": "The handbook", "text": "Everything about us."},
    },
    {
        "key": "visit",
        "tier": "transfer",
        "title": "Visit a customer",
        "task": "Go along on a visit.",
        "requires": "read",
    },
]


def _build():
    from tests.learning.builders import make_path

    w = SimpleNamespace(
        editor=make_person("editor"),
        learner=make_person("learner"),
        other=make_person("other"),
        stranger=make_person("stranger"),
        sales=make_job_function("Sales representative"),
        tech=make_job_function("Service technician"),
        facility=make_division("Facility"),
        secure=make_division("Secure"),
        gothenburg=make_location("Gothenburg"),
        lyon=make_location("Lyon"),
        community=make_community("Sales Community"),
        closed=make_community("Kattegatt bid", preset="bid_team"),
    )
    add_member(w.community, w.editor, role="editor")
    add_member(w.community, w.learner)
    add_member(w.community, w.other)
    add_member(w.closed, w.editor, role="editor")
    # Made after the people above, so none of them was enrolled automatically.
    w.path = make_path(w.community, w.editor, "Sales basics", steps=READ_AND_DO)
    w.for_everyone = make_path(None, w.editor, "Welcome to Norrvik", onboarding=True)
    w.for_sales = make_path(
        w.community,
        w.editor,
        "Sales onboarding",
        onboarding=True,
        audience_job_functions=[w.sales],
    )
    w.for_sales_at_facility = make_path(
        w.community,
        w.editor,
        "Facility sales onboarding",
        onboarding=True,
        audience_job_functions=[w.sales],
        audience_divisions=[w.facility],
    )
    w.for_sales_in_lyon = make_path(
        w.community,
        w.editor,
        "Lyon sales onboarding",
        onboarding=True,
        audience_job_functions=[w.sales],
        audience_locations=[w.lyon],
    )
    w.for_gothenburg = make_path(
        w.community,
        w.editor,
        "Gothenburg office",
        onboarding=True,
        audience_locations=[w.gothenburg],
    )
    w.not_onboarding = make_path(
        w.community, w.editor, "Sales elective", audience_job_functions=[w.sales]
    )
    w.unpublished = make_path(
        w.community,
        w.editor,
        "Withdrawn onboarding",
        onboarding=True,
        audience_job_functions=[w.sales],
    )
    LearningPathPage.objects.get(pk=w.unpublished.pk).unpublish()
    w.closed_path = make_path(
        w.closed, w.editor, "Bid team onboarding", onboarding=True, audience_job_functions=[w.sales]
    )
    return w


world = built_once(_build)


@pytest.fixture
def w(db, world):
    return fresh(world)


def _enrolment(person, path):
    return Enrolment.objects.filter(user=getattr(person, "user", person), path=path).first()


def _paths_of(person):
    return set(
        Enrolment.objects.filter(user=person.user, withdrawn_at=None).values_list(
            "path__title", flat=True
        )
    )


def _notes(person, verb):
    return list(Notification.objects.filter(recipient=person.user, verb=verb))


def _profile(person):
    """The profile loaded again, as a request would: no cached user or memberships."""
    return Profile.objects.get(pk=person.pk)


# Enrolling oneself


def test_a_member_enrols_from_the_path_page(client, w):
    page = login(client, w.learner).get(w.path.url)
    assert f'action="/learning/paths/{w.path.pk}/enrol/"' in text(page)

    response = client.post(f"/learning/paths/{w.path.pk}/enrol/")

    assert response.status_code == 302 and response["Location"] == w.path.url
    enrolment = _enrolment(w.learner, w.path)
    assert enrolment.how == How.SELF and enrolment.is_active and enrolment.due_on is None
    page = text(client.get(w.path.url))
    assert "Your progress" in page and "0 of 2 steps done" in page
    assert "Leave the path" in page


def test_leaving_and_rejoining_keeps_the_progress(client, w):
    login(client, w.learner).post(f"/learning/paths/{w.path.pk}/enrol/")
    module = step(w.path, "read").module
    assert client.post(f"/learning/modules/{module.pk}/done/").status_code == 302
    first = _enrolment(w.learner, w.path)

    response = client.post(f"/learning/paths/{w.path.pk}/leave/")

    assert response.status_code == 302
    left = _enrolment(w.learner, w.path)
    assert left.withdrawn_at is not None
    assert StepProgress.objects.filter(enrolment=left).count() == 1
    page = text(client.get(w.path.url))
    assert "Rejoin the path" in page and "progress-heading" not in page
    assert w.path.title not in text(client.get("/learning/"))

    client.post(f"/learning/paths/{w.path.pk}/enrol/")

    back = _enrolment(w.learner, w.path)
    assert back.pk == first.pk and back.is_active
    assert back.enrolled_at == first.enrolled_at
    assert Enrolment.objects.filter(user=w.learner.user, path=w.path).count() == 1
    page = text(client.get(w.path.url))
    assert "1 of 2 steps done" in page and "Leave the path" in page


def test_enrolling_twice_keeps_one_enrolment(client, w):
    login(client, w.learner)
    client.post(f"/learning/paths/{w.path.pk}/enrol/")
    client.post(f"/learning/paths/{w.path.pk}/enrol/")
    assert Enrolment.objects.filter(user=w.learner.user, path=w.path).count() == 1


# Assigning


def test_an_editor_assigns_the_path_with_a_due_date(client, w):
    due = timezone.localdate() + datetime.timedelta(days=30)
    enrol(w.other, w.path)
    services.withdraw(_enrolment(w.other, w.path))

    response = login(client, w.editor).post(
        f"/learning/paths/{w.path.pk}/assign/",
        {"people": f"learner\n{w.other.user.email}", "due_on": due.isoformat()},
    )

    assert response.status_code == 302 and response["Location"] == w.path.url
    for person in (w.learner, w.other):
        enrolment = _enrolment(person, w.path)
        assert enrolment.how == How.ASSIGNED and enrolment.is_active
        assert enrolment.due_on == due and enrolment.assigned_by == w.editor.user
        [note] = _notes(person, Verb.LEARNING_ASSIGNED)
        assert note.actor == w.editor.user and note.subject == w.path.title
        assert note.url == w.path.url and due.isoformat() in note.detail
    assert not _notes(w.editor, Verb.LEARNING_ASSIGNED)
    page = text(login(client, w.learner).get(w.path.url))
    assert f"Due by {due.day} {due:%B %Y}" in page


def test_assigning_someone_already_enrolled_sets_the_due_date(client, w):
    enrol(w.learner, w.path)
    due = timezone.localdate() + datetime.timedelta(days=10)
    login(client, w.editor).post(
        f"/learning/paths/{w.path.pk}/assign/", {"people": "learner", "due_on": due.isoformat()}
    )
    enrolment = _enrolment(w.learner, w.path)
    assert enrolment.due_on == due and enrolment.how == How.ASSIGNED
    assert Enrolment.objects.filter(path=w.path).count() == 1


# Automatic enrolment


def test_a_new_account_is_enrolled_in_the_onboarding_paths_for_everyone(w):
    newcomer = make_person("newcomer")

    enrolment = _enrolment(newcomer, w.for_everyone)
    assert enrolment is not None and enrolment.how == How.AUTOMATIC
    assert _paths_of(newcomer) == {"Welcome to Norrvik"}
    [note] = _notes(newcomer, Verb.LEARNING_ENROLLED)
    assert note.subject == "Welcome to Norrvik" and note.url == w.for_everyone.url


def test_a_new_account_with_a_function_is_enrolled_in_the_paths_for_it(w):
    newcomer = make_person(
        "newcomer", job_functions=[w.sales], division=w.facility, location=w.gothenburg
    )

    assert _paths_of(newcomer) == {
        "Welcome to Norrvik",
        "Sales onboarding",
        "Facility sales onboarding",
        "Gothenburg office",
    }
    assert len(_notes(newcomer, Verb.LEARNING_ENROLLED)) == 4


def test_gaining_a_matching_job_function_enrols_once(w):
    person = make_person("switcher", job_functions=[w.tech], location=w.lyon)
    assert "Sales onboarding" not in _paths_of(person)

    _profile(person).job_functions.add(w.sales)

    assert {"Sales onboarding", "Lyon sales onboarding"} <= _paths_of(person)
    enrolment = _enrolment(person, w.for_sales)
    assert enrolment.how == How.AUTOMATIC
    sales_notes = [n for n in _notes(person, Verb.LEARNING_ENROLLED) if n.subject.startswith("S")]
    assert len(sales_notes) == 1

    # The same signal again, and another change: still one enrolment and one notification.
    profile = _profile(person)
    profile.job_functions.remove(w.tech)
    profile.job_functions.add(w.tech)
    services.auto_enrol(person.user)
    services.auto_enrol(person.user)

    assert Enrolment.objects.filter(user=person.user, path=w.for_sales).count() == 1
    assert (
        len([n for n in _notes(person, Verb.LEARNING_ENROLLED) if n.subject == "Sales onboarding"])
        == 1
    )


def test_a_profile_edit_that_adds_the_function_enrols(client, w):
    person = make_person("editing", job_functions=[w.tech])
    data = {"job_functions": [w.tech.pk, w.sales.pk], "expertise": "", "interests": ""}
    data["languages"] = []

    response = login(client, person).post("/people/me/edit/", data)

    assert response.status_code == 302
    assert _enrolment(person, w.for_sales).how == How.AUTOMATIC


def test_someone_who_left_is_not_enrolled_again_when_the_function_changes(w):
    person = make_person("leaver", job_functions=[w.sales])
    services.withdraw(_enrolment(person, w.for_sales))

    profile = _profile(person)
    profile.job_functions.set([w.tech])
    profile.job_functions.set([w.sales])
    services.auto_enrol(person.user)

    enrolment = _enrolment(person, w.for_sales)
    assert enrolment.withdrawn_at is not None
    assert Enrolment.objects.filter(user=person.user, path=w.for_sales).count() == 1
    assert (
        len([n for n in _notes(person, Verb.LEARNING_ENROLLED) if n.subject == "Sales onboarding"])
        == 1
    )


def test_someone_who_was_enrolled_by_hand_is_not_enrolled_twice(w):
    person = make_person("early", job_functions=[w.tech])
    enrol(person, w.for_sales)

    _profile(person).job_functions.add(w.sales)

    enrolment = _enrolment(person, w.for_sales)
    assert enrolment.how == How.SELF
    assert not [
        n for n in _notes(person, Verb.LEARNING_ENROLLED) if n.subject == "Sales onboarding"
    ]


@pytest.mark.parametrize(
    ("division", "location", "expected"),
    [
        ("facility", "gothenburg", {"Facility sales onboarding", "Gothenburg office"}),
        ("secure", "gothenburg", {"Gothenburg office"}),
        ("secure", "lyon", {"Lyon sales onboarding"}),
        (None, None, set()),
    ],
)
def test_the_audience_filters_by_division_and_location(w, division, location, expected):
    person = make_person(
        "mover",
        job_functions=[w.tech],
        division=getattr(w, division) if division else None,
        location=getattr(w, location) if location else None,
    )
    _profile(person).job_functions.add(w.sales)

    restricted = {
        "Facility sales onboarding",
        "Lyon sales onboarding",
        "Gothenburg office",
    }
    assert _paths_of(person) & restricted == expected
    assert "Sales onboarding" in _paths_of(person)


def test_unpublished_and_elective_paths_never_enrol_automatically(w):
    person = make_person("anyone", job_functions=[w.sales])
    _profile(person).job_functions.add(w.tech)
    services.auto_enrol(person.user)

    assert _enrolment(person, w.not_onboarding) is None
    assert _enrolment(person, w.unpublished) is None
    assert "Sales onboarding" in _paths_of(person)


def test_no_automatic_enrolment_in_a_community_the_person_cannot_read(w):
    person = make_person("outside", job_functions=[w.tech])
    _profile(person).job_functions.add(w.sales)
    services.auto_enrol(person.user)

    assert _enrolment(person, w.closed_path) is None
    assert not [n for n in _notes(person, Verb.LEARNING_ENROLLED) if "Bid" in n.subject]


def test_a_member_of_the_closed_community_is_enrolled_in_its_path(w):
    person = make_person("insider", job_functions=[w.tech])
    add_member(w.closed, person)

    _profile(person).job_functions.add(w.sales)

    assert _enrolment(person, w.closed_path).how == How.AUTOMATIC


def test_becoming_a_member_through_the_new_function_enrols_in_the_communitys_path(w):
    editor = Profile.objects.get(pk=w.editor.pk)
    team = make_community("Technicians", preset="bid_team", job_functions=[w.tech])
    add_member(team, editor, role="editor")
    path = make_path_for(team, editor, audience_job_functions=[w.tech])
    person = make_person("technician", job_functions=[w.sales])

    _profile(person).job_functions.add(w.tech)

    assert _enrolment(person, path).how == How.AUTOMATIC


def test_a_new_person_made_a_member_by_function_is_enrolled_in_its_onboarding_path(w):
    editor = Profile.objects.get(pk=w.editor.pk)
    team = make_community("Technicians", preset="bid_team", job_functions=[w.tech])
    add_member(team, editor, role="editor")
    path = make_path_for(team, editor)  # onboarding for everyone in the community

    person = make_person("technician", job_functions=[w.tech])

    assert services.permissions.can_see_path(Profile.objects.get(pk=person.pk).user, path)
    assert _enrolment(person, path) is not None


def test_a_new_person_in_a_location_is_enrolled_in_its_onboarding_path(w):
    newcomer = make_person("gothenburger", location=w.gothenburg)
    assert _enrolment(newcomer, w.for_gothenburg) is not None


def make_path_for(community, editor, **fields):
    from tests.learning.builders import make_path

    return make_path(community, editor, "Technician onboarding", onboarding=True, **fields)
