"""Requests that do not fit the learning views: unknown ids, the wrong method, forms filled in
wrongly or maliciously. Each gets a clear 4xx (or is ignored) and changes nothing; none is a 500.

The world: an open community with an editor and a path of five steps (a reading, a knowledge
check with a single- and a multiple-choice question, a practical task that needs the check, a
practical task that needs nothing, and a reading that needs the first task). The learner has a
mentor, failed the check once (so the first task is still locked) and asked for sign-off on the
second task. A classmate passed the check.
"""

import datetime
import uuid
from types import SimpleNamespace

import pytest
from django.db.models import Count
from django.utils import timezone

from intranet.community.models import Role
from intranet.learning import services
from intranet.learning.blocks import questions
from intranet.learning.models import (
    Enrolment,
    ModulePage,
    QuestionResult,
    QuizAttempt,
    Status,
    StepProgress,
)
from intranet.notifications.models import Notification
from tests.builders import add_member, make_community, make_person, make_post
from tests.community.helpers import built_once, fresh, login, text
from tests.learning.builders import (
    TWO_QUESTIONS,
    enrol,
    make_path,
    quiz_post_data,
    right_answers,
    step,
    wrong_answers,
)

UNKNOWN = 987654321
HUGE = 10**18 - 1  # the most digits an id may have; still no such row
ARABIC_ONE = "\u0661"  # a decimal digit that int() reads, though not an ASCII one
SUPERSCRIPT_TWO = "\u00b2"  # str.isdigit() says yes, int() says no


def _build():
    w = SimpleNamespace(
        editor=make_person("editor"),
        learner=make_person("learner"),
        mentor=make_person("mentor"),
        classmate=make_person("classmate"),
        community=make_community("Sales Community"),
    )
    add_member(w.community, w.editor, role=Role.EDITOR)
    for person in (w.learner, w.mentor, w.classmate):
        add_member(w.community, person)
    w.path = make_path(
        w.community,
        w.editor,
        title="Seller basics",
        steps=[
            {
                "key": "welcome",
                "tier": "formal",
                "title": "Welcome",
                "module": {"title": "Welcome", "text": "Read this first."},
            },
            {
                "key": "divisions",
                "tier": "formal",
                "title": "Know the divisions",
                "module": {"title": "Know the divisions", "quiz": TWO_QUESTIONS},
            },
            {
                "key": "shadow",
                "tier": "transfer",
                "title": "Shadow a visit",
                "task": "Join a customer meeting.",
                "requires": "divisions",
            },
            {
                "key": "present",
                "tier": "transfer",
                "title": "Present the offer",
                "task": "Present it.",
            },
            {
                "key": "pricing",
                "tier": "formal",
                "title": "Price a bundle",
                "requires": "shadow",
                "module": {"title": "Price a bundle", "text": "Weighted indices."},
            },
        ],
    )
    w.steps = {key: step(w.path, key) for key in ("welcome", "divisions", "shadow", "present")}
    w.steps["pricing"] = step(w.path, "pricing")
    w.quiz = w.steps["divisions"].module
    w.reading = w.steps["welcome"].module
    w.locked_reading = w.steps["pricing"].module
    w.enrolment = enrol(w.learner, w.path)
    services.set_mentor(w.enrolment, w.mentor.user, w.learner.user)
    w.failed = services.submit_quiz(
        w.enrolment, w.steps["divisions"], w.quiz, wrong_answers(w.quiz)
    )
    w.request = services.request_signoff(w.enrolment, w.steps["present"], "I presented it.")
    w.classmates = enrol(w.classmate, w.path)
    w.passed = services.submit_quiz(
        w.classmates, w.steps["divisions"], w.quiz, right_answers(w.quiz)
    )
    w.source = make_post(w.community, w.editor, title="How we price bundles")
    return w


world = built_once(_build)


@pytest.fixture
def w(db, world):
    return fresh(world)


def _snapshot():
    """Everything these requests could change."""
    return (
        list(Enrolment.objects.values_list("pk", "how", "due_on", "mentor", "withdrawn_at")),
        list(
            StepProgress.objects.order_by("pk").values_list(
                "pk", "status", "request_note", "review_comment", "reviewed_by"
            )
        ),
        QuizAttempt.objects.count(),
        QuestionResult.objects.count(),
        Notification.objects.count(),
        ModulePage.objects.count(),
        list(ModulePage.objects.values_list("pk", "last_reviewed_at")),
    )


def _qids(module):
    """(single-choice question id and its answers, multiple-choice id and its answers)."""
    found = {kind: (qid, answers) for qid, _text, kind, answers in questions(module.quiz)}
    return found["single"], found["multiple"]


# Unknown ids

UNKNOWN_URLS = [  # (who asks: someone who could act on the thing if it existed, method, url)
    ("editor", "post", "/learning/paths/{id}/enrol/"),
    ("learner", "post", "/learning/paths/{id}/leave/"),
    ("editor", "get", "/learning/paths/{id}/assign/"),
    ("editor", "post", "/learning/paths/{id}/assign/"),
    ("learner", "get", "/learning/paths/{id}/steps/{present}/signoff/"),
    ("learner", "get", "/learning/paths/{path}/steps/{id}/signoff/"),
    ("learner", "post", "/learning/paths/{path}/steps/{id}/signoff/"),
    ("learner", "post", "/learning/modules/{id}/quiz/"),
    ("learner", "post", "/learning/modules/{id}/done/"),
    ("editor", "post", "/learning/modules/{id}/reviewed/"),
    ("editor", "get", "/learning/enrolments/{id}/mentor/"),
    ("editor", "post", "/learning/enrolments/{id}/mentor/"),
    ("editor", "post", "/learning/signoffs/{id}/"),
    ("editor", "get", "/learning/distil/{id}/"),
    ("editor", "post", "/learning/distil/{id}/"),
    ("editor", "get", "/learning/reports/nothing.csv"),
    ("editor", "get", "/learning/reports/{id}.csv"),
]


def _ids(w, unknown):
    return {"id": unknown, "path": w.path.pk, "present": w.steps["present"].pk}


@pytest.mark.parametrize("unknown", [UNKNOWN, HUGE, 10**30], ids=["unknown", "huge", "too-long"])
@pytest.mark.parametrize(("person", "method", "url"), UNKNOWN_URLS)
def test_an_unknown_id_answers_404(client, w, person, method, url, unknown):
    before = _snapshot()
    response = getattr(login(client, getattr(w, person)), method)(url.format(**_ids(w, unknown)))
    assert response.status_code == 404
    assert _snapshot() == before


@pytest.mark.parametrize("person", ["editor", "learner"])
def test_a_step_of_another_path_answers_404(client, w, person):
    other = make_path(
        w.community,
        w.editor,
        title="Another path",
        steps=[{"key": "task", "tier": "transfer", "title": "Elsewhere", "task": "Do it."}],
    )
    before = _snapshot()
    url = f"/learning/paths/{w.path.pk}/steps/{step(other, 'task').pk}/signoff/"
    if person == "learner":
        response = login(client, w.learner).post(url, {"note": "Done."})
        assert response.status_code == 404
    else:
        enrol(w.editor, w.path)
        before = _snapshot()
        response = login(client, w.editor).get(url)
        assert response.status_code == 404
    assert _snapshot() == before


def test_the_pages_of_an_unpublished_path_answer_404(client, w):
    w.path.unpublish()
    before = _snapshot()
    login(client, w.learner)
    for url in (w.path.url, w.reading.url):
        assert client.get(url).status_code == 404, url
    for url in (
        f"/learning/paths/{w.path.pk}/enrol/",
        f"/learning/paths/{w.path.pk}/leave/",
        f"/learning/modules/{w.reading.pk}/done/",
        f"/learning/paths/{w.path.pk}/steps/{w.steps['present'].pk}/signoff/",
    ):
        assert client.post(url, {"note": "x"}).status_code == 404, url
    assert _snapshot() == before


@pytest.mark.parametrize(
    "value",
    ["not-a-uuid", "12345", str(uuid.uuid4()), str(uuid.uuid4()).upper(), "0" * 36],
)
def test_a_bad_or_unknown_certificate_answers_404(client, w, value):
    response = login(client, w.editor).get(f"/learning/certificates/{value}/")
    assert response.status_code == 404


def test_an_unfinished_paths_certificate_answers_404_even_to_its_learner(client, w):
    for person in (w.learner, w.mentor, w.editor):
        response = login(client, person).get(f"/learning/certificates/{w.enrolment.certificate}/")
        assert response.status_code == 404


# Wrong methods

POST_ONLY = [
    "/learning/paths/{path}/enrol/",
    "/learning/paths/{path}/leave/",
    "/learning/modules/{quiz}/quiz/",
    "/learning/modules/{reading}/done/",
    "/learning/modules/{reading}/reviewed/",
    "/learning/signoffs/{request}/",
]


@pytest.mark.parametrize("url", POST_ONLY)
@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_a_get_on_an_action_answers_405(client, w, url, method):
    ids = {"path": w.path.pk, "quiz": w.quiz.pk, "reading": w.reading.pk, "request": w.request.pk}
    before = _snapshot()
    for person in (w.learner, w.mentor, w.editor):
        response = getattr(login(client, person), method)(url.format(**ids))
        assert response.status_code == 405
    assert _snapshot() == before


# Knowledge checks


def _quiz_url(w):
    return f"/learning/modules/{w.quiz.pk}/quiz/"


def _assert_refused(response, before):
    assert response.status_code == 400
    assert _snapshot() == before
    assert response.templates[0].name == "learning/module_page.html"


@pytest.mark.parametrize(
    "case",
    ["nothing", "one_missing", "unknown_question_only", "unknown_single", "unknown_multiple"],
)
def test_a_quiz_post_that_does_not_answer_every_question_is_a_form_error(client, w, case):
    (single, _answers), (multiple, _more) = _qids(w.quiz)
    right = right_answers(w.quiz)
    data = {
        "nothing": {},
        "one_missing": {f"q-{single}": right[single]},
        "unknown_question_only": {"q-nonsense": ["a"], "q-": "b", "q-" + "x" * 200: "c"},
        "unknown_single": {f"q-{single}": "no-such-answer", f"q-{multiple}": right[multiple]},
        "unknown_multiple": {
            f"q-{single}": right[single],
            f"q-{multiple}": [*right[multiple], "no-such-answer"],
        },
    }[case]
    before = _snapshot()
    response = login(client, w.learner).post(_quiz_url(w), data)
    _assert_refused(response, before)
    assert "Answer every question, then check again." in text(response)
    assert not StepProgress.objects.filter(step=w.steps["divisions"], enrolment=w.enrolment)


def test_a_missing_answer_says_which_question(client, w):
    (single, _answers), (multiple, _more) = _qids(w.quiz)
    response = login(client, w.learner).post(
        _quiz_url(w), {f"q-{multiple}": right_answers(w.quiz)[multiple]}
    )
    assert response.status_code == 400
    assert f'id="q-{single}-error"' in text(response)
    assert "Choose an answer." in text(response)
    assert f'id="q-{multiple}-error"' not in text(response)


@pytest.mark.parametrize(
    "value", ["a\x00b", "x" * 100_000, "", " ", "<script>alert(1)</script>"], ids=repr
)
def test_a_quiz_post_with_junk_answers_is_a_form_error(client, w, value):
    (single, _answers), (multiple, _more) = _qids(w.quiz)
    before = _snapshot()
    response = login(client, w.learner).post(
        _quiz_url(w), {f"q-{single}": value, f"q-{multiple}": [value]}
    )
    _assert_refused(response, before)
    assert "<script>alert(1)</script>" not in text(response)


def test_unknown_questions_next_to_real_answers_are_ignored(client, w):
    data = quiz_post_data(w.quiz, right_answers(w.quiz))
    data["q-invented"] = "anything"
    data["unrelated"] = "x" * 1000
    response = login(client, w.learner).post(_quiz_url(w), data)
    assert response.status_code == 302
    attempt = QuizAttempt.objects.filter(enrolment=w.enrolment).first()
    assert attempt.passed
    assert set(attempt.answers) == set(right_answers(w.quiz))
    assert set(attempt.results.values_list("question_id", flat=True)) == set(attempt.answers)


def test_several_answers_to_a_single_choice_question_never_count_as_right(client, w):
    (single, answers), (multiple, _more) = _qids(w.quiz)
    right = right_answers(w.quiz)
    wrong = next(aid for aid, _t, correct, _f in answers if not correct)
    before = _snapshot()
    response = login(client, w.learner).post(
        _quiz_url(w), {f"q-{single}": [wrong, *right[single]], f"q-{multiple}": right[multiple]}
    )
    if response.status_code == 400:
        assert _snapshot() == before
    else:
        assert response.status_code == 302
        attempt = QuizAttempt.objects.filter(enrolment=w.enrolment).first()
        assert not attempt.results.get(question_id=single).correct
        assert not attempt.passed


def test_several_answers_to_a_single_choice_question_are_no_500(client, w):
    (single, answers), (multiple, _more) = _qids(w.quiz)
    everything = [aid for aid, _t, _c, _f in answers]
    response = login(client, w.learner).post(
        _quiz_url(w), {f"q-{single}": everything, f"q-{multiple}": everything}
    )
    assert response.status_code in (302, 400)


def test_a_quiz_post_to_a_module_without_a_knowledge_check_records_no_attempt(client, w):
    before = _snapshot()
    response = login(client, w.learner).post(f"/learning/modules/{w.reading.pk}/quiz/", {})
    assert response.status_code in (400, 403, 404)
    assert _snapshot() == before


def test_a_quiz_post_on_a_locked_module_records_nothing(client, w):
    module = w.locked_reading
    ModulePage.objects.filter(pk=module.pk).update(quiz=list(w.quiz.quiz.raw_data))
    before = _snapshot()
    response = login(client, w.learner).post(
        f"/learning/modules/{module.pk}/quiz/",
        quiz_post_data(w.quiz, right_answers(w.quiz)),
    )
    assert response.status_code == 303
    assert response["Location"] == module.url
    assert _snapshot() == before


def test_marking_a_locked_reading_done_records_nothing(client, w):
    before = _snapshot()
    response = login(client, w.learner).post(f"/learning/modules/{w.locked_reading.pk}/done/")
    assert response.status_code == 303
    assert _snapshot() == before


def test_a_module_with_a_knowledge_check_is_not_done_by_reading(client, w):
    before = _snapshot()
    response = login(client, w.learner).post(f"/learning/modules/{w.quiz.pk}/done/")
    assert response.status_code == 403
    assert _snapshot() == before


# The module page's ?attempt=


@pytest.mark.parametrize(
    "value", ["", "abc", "-1", "0", "1.5", "9" * 40, ARABIC_ONE, "%", "1 OR 1=1"], ids=repr
)
def test_a_bad_attempt_parameter_is_ignored(client, w, value):
    response = login(client, w.learner).get(w.quiz.url, {"attempt": value})
    assert response.status_code == 200
    assert f"{w.failed.score}%: not passed yet" in text(response)  # the latest attempt


def test_a_superscript_attempt_parameter_is_ignored(client, w):
    response = login(client, w.learner).get(w.quiz.url, {"attempt": SUPERSCRIPT_TWO})
    assert response.status_code == 200


def test_someone_elses_attempt_is_never_shown(client, w):
    response = login(client, w.learner).get(w.quiz.url, {"attempt": w.passed.pk})
    assert response.status_code == 200
    assert "Passed with" not in text(response)
    assert f"{w.failed.score}%: not passed yet" in text(response)
    response = login(client, w.editor).get(w.quiz.url, {"attempt": w.passed.pk})
    assert response.status_code == 200
    assert "Passed with" not in text(response)


# Sign-off requests and decisions


def _signoff_url(w, key):
    return f"/learning/paths/{w.path.pk}/steps/{w.steps[key].pk}/signoff/"


@pytest.mark.parametrize(
    "note", ["", "   ", "x" * 2001, "x" * 200_000, "I did it\x00", "\x00"], ids=repr
)
def test_a_bad_sign_off_note_is_a_form_error(client, w, note):
    StepProgress.objects.filter(pk=w.request.pk).update(status=Status.RETURNED)
    before = _snapshot()
    for key in ("present", "pricing"):  # returned, and never asked
        response = login(client, w.learner).post(_signoff_url(w, key), {"note": note})
        if key == "pricing":
            assert response.status_code == 404  # not a practical task
        else:
            assert response.status_code == 400
            assert response.templates[0].name == "learning/signoff_request.html"
    assert _snapshot() == before


def test_asking_to_sign_off_a_locked_task_records_nothing(client, w):
    before = _snapshot()
    response = login(client, w.learner).post(_signoff_url(w, "shadow"), {"note": "Did it."})
    assert response.status_code == 303
    assert response["Location"] == w.path.url
    assert _snapshot() == before
    assert not StepProgress.objects.filter(step=w.steps["shadow"]).exists()


@pytest.mark.parametrize("key", ["welcome", "divisions", "pricing"])
def test_only_a_practical_task_can_be_signed_off(client, w, key):
    before = _snapshot()
    login(client, w.learner)
    assert client.get(_signoff_url(w, key)).status_code == 404
    assert client.post(_signoff_url(w, key), {"note": "Read it."}).status_code == 404
    assert _snapshot() == before


def _decide(client, person, row, **data):
    return login(client, person).post(
        f"/learning/signoffs/{row.pk}/", {f"r{row.pk}-{k}": v for k, v in data.items()}
    )


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"decision": ""},
        {"decision": "approve-all"},
        {"decision": "APPROVE"},
        {"decision": "approve\x00"},
        {"decision": "approve", "comment": "x" * 2001},
        {"decision": "approve", "comment": "Fine\x00"},
        {"decision": "return"},
        {"decision": "return", "comment": "   \n\t "},
        {"decision": "return", "comment": "x" * 100_000},
    ],
    ids=repr,
)
@pytest.mark.parametrize("person", ["mentor", "editor"])
def test_a_bad_decision_changes_nothing(client, w, data, person):
    before = _snapshot()
    response = _decide(client, getattr(w, person), w.request, **data)
    assert response.status_code == 400
    assert response.templates[0].name == "learning/mentoring.html"
    assert _snapshot() == before


def test_returning_without_a_comment_says_what_is_missing(client, w):
    response = _decide(client, w.mentor, w.request, decision="return", comment=" ")
    assert response.status_code == 400
    assert "Say what is missing, so the learner can try again." in text(response)
    assert StepProgress.objects.get(pk=w.request.pk).status == Status.REQUESTED


def test_a_decision_posted_without_the_forms_prefix_changes_nothing(client, w):
    before = _snapshot()
    response = login(client, w.mentor).post(
        f"/learning/signoffs/{w.request.pk}/", {"decision": "approve"}
    )
    assert response.status_code == 400
    assert _snapshot() == before


def test_the_learner_cannot_decide_their_own_request_even_with_a_valid_form(client, w):
    before = _snapshot()
    response = _decide(client, w.learner, w.request, decision="approve")
    assert response.status_code == 403
    assert _snapshot() == before


# Choosing a mentor


@pytest.mark.parametrize(
    "value",
    ["", "   ", "nobody", "x" * 151, "mentor\x00", "9" * 40, str(UNKNOWN), "%", "*"],
    ids=repr,
)
def test_a_mentor_who_cannot_be_found_is_a_form_error(client, w, value):
    before = _snapshot()
    response = login(client, w.learner).post(
        f"/learning/enrolments/{w.enrolment.pk}/mentor/", {"mentor": value}
    )
    assert response.status_code == 400
    assert response.templates[0].name == "learning/choose_mentor.html"
    assert _snapshot() == before


def test_a_superscript_mentor_is_a_form_error(client, w):
    response = login(client, w.learner).post(
        f"/learning/enrolments/{w.enrolment.pk}/mentor/", {"mentor": SUPERSCRIPT_TWO}
    )
    assert response.status_code == 400


def test_a_mentor_by_email_or_id_is_found(client, w):
    url = f"/learning/enrolments/{w.enrolment.pk}/mentor/"
    response = login(client, w.learner).post(url, {"mentor": "CLASSMATE@norrvik.example"})
    assert response.status_code == 302
    assert Enrolment.objects.get(pk=w.enrolment.pk).mentor == w.classmate.user
    response = client.post(url, {"mentor": str(w.editor.user.pk)})
    assert response.status_code == 302
    assert Enrolment.objects.get(pk=w.enrolment.pk).mentor == w.editor.user


def test_picking_a_suggestion_and_leaving_the_box_empty_chooses_the_suggestion(client, w):
    """The suggestions (radio buttons) and the free box are separate fields."""
    response = login(client, w.learner).post(
        f"/learning/enrolments/{w.enrolment.pk}/mentor/", {"mentor": "classmate", "other": ""}
    )
    assert response.status_code == 302
    assert Enrolment.objects.get(pk=w.enrolment.pk).mentor == w.classmate.user


# Assigning


def _due(days):
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"people": "classmate", "due_on": _due(-1)}, "The due date is in the past."),
        ({"people": "classmate", "due_on": _due(4 * 366)}, "within three years"),
        ({"people": "classmate", "due_on": "31/12/2099"}, "Enter a valid date."),
        ({"people": "classmate", "due_on": "2030-02-30"}, "Enter a valid date."),
        ({"people": "classmate", "due_on": "99999-01-01"}, "Enter a valid date."),
        ({"people": "classmate", "due_on": "2030-01-01\x00"}, "Enter a valid date."),
        ({"people": "classmate"}, "This field is required."),
        ({"people": "ghost", "due_on": _due(7)}, "Nobody is called ghost."),
        ({"people": "classmate, ghost\nspook", "due_on": _due(7)}, "ghost, spook"),
        ({"people": " , ,\n ", "due_on": _due(7)}, "Name at least one person."),
        ({"people": "", "due_on": _due(7)}, "This field is required."),
        ({"people": "class\x00mate", "due_on": _due(7)}, "Null characters"),
        ({"people": "x" * 10_001, "due_on": _due(7)}, "at most 10000 characters"),
        (
            {"people": ",".join(f"p{n}" for n in range(201)), "due_on": _due(7)},
            "Assign at most 200 people at a time.",
        ),
    ],
    ids=lambda value: repr(value)[:60],
)
def test_a_bad_assignment_is_a_form_error(client, w, data, error):
    before = _snapshot()
    response = login(client, w.editor).post(f"/learning/paths/{w.path.pk}/assign/", data)
    assert response.status_code == 400
    assert error in text(response)
    assert _snapshot() == before


def test_a_good_assignment_enrols_and_notifies(client, w):
    response = login(client, w.editor).post(
        f"/learning/paths/{w.path.pk}/assign/",
        {"people": "classmate\nmentor@norrvik.example, mentor", "due_on": _due(7)},
    )
    assert response.status_code == 302
    assigned = Enrolment.objects.filter(path=w.path, how="assigned", assigned_by=w.editor.user)
    assert set(assigned.values_list("user__username", flat=True)) == {"classmate", "mentor"}
    assert Notification.objects.filter(verb="learning_assigned").count() == 2


def test_assigning_finds_people_whatever_the_case(client, w):
    response = login(client, w.editor).post(
        f"/learning/paths/{w.path.pk}/assign/",
        {"people": "Classmate, MENTOR@NORRVIK.EXAMPLE", "due_on": _due(7)},
    )
    assert response.status_code == 302
    assigned = Enrolment.objects.filter(path=w.path, how="assigned")
    assert set(assigned.values_list("user__username", flat=True)) == {"classmate", "mentor"}


# Reports


@pytest.mark.parametrize(
    "value", ["abc", "-1", "0", "1.5", str(UNKNOWN), "9" * 11, "9" * 40, ARABIC_ONE, " 1"], ids=repr
)
def test_a_bad_path_in_the_report_is_400(client, w, value):
    response = login(client, w.editor).get("/learning/reports/", {"path": value})
    assert response.status_code == 400
    assert "Choose one of your paths." in text(response)
    assert w.path.title in text(response)  # still offered in the menu


def test_a_superscript_path_in_the_report_is_400(client, w):
    response = login(client, w.editor).get("/learning/reports/", {"path": SUPERSCRIPT_TWO})
    assert response.status_code == 400


def test_a_nul_in_the_report_query_is_400(client, w):
    response = login(client, w.editor).get("/learning/reports/", {"path": "1\x00"})
    assert response.status_code == 400


def test_the_report_of_an_existing_path_is_200(client, w):
    for params in ({}, {"path": ""}, {"path": str(w.path.pk)}, {"other": "x"}):
        response = login(client, w.editor).get("/learning/reports/", params)
        assert response.status_code == 200, params
        assert w.path.title in text(response)


@pytest.mark.parametrize("kind", ["learners", "questions"])
def test_the_exports_are_csv(client, w, kind):
    response = login(client, w.editor).get(f"/learning/reports/{kind}.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert w.path.title in text(response) or w.quiz.title in text(response)


def test_a_spreadsheet_formula_in_a_name_is_not_run(client, w):
    from django.contrib.auth import get_user_model

    get_user_model().objects.filter(pk=w.classmate.user.pk).update(first_name="=HYPERLINK(1)")
    body = text(login(client, w.editor).get("/learning/reports/learners.csv"))
    assert "'=HYPERLINK(1)" in body
    assert ",=HYPERLINK" not in body


# Distilling


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"title": "A module"},
        {"path": "", "title": "A module"},
        {"path": "abc", "title": "A module"},
        {"path": str(UNKNOWN), "title": "A module"},
        {"path": "{path}"},
        {"path": "{path}", "title": ""},
        {"path": "{path}", "title": "x" * 201},
        {"path": "{path}", "title": "A module\x00"},
    ],
    ids=repr,
)
def test_a_bad_distil_form_creates_nothing(client, w, data):
    data = {key: value.format(path=w.path.pk) for key, value in data.items()}
    before = _snapshot()
    response = login(client, w.editor).post(f"/learning/distil/{w.source.pk}/", data)
    assert response.status_code == 400
    assert response.templates[0].name == "learning/distil.html"
    assert _snapshot() == before


def test_a_huge_path_id_in_the_distil_form_is_a_form_error(client, w):
    before = _snapshot()
    response = login(client, w.editor).post(
        f"/learning/distil/{w.source.pk}/", {"path": "9" * 40, "title": "A module"}
    )
    assert response.status_code == 400
    assert _snapshot() == before


def test_an_unpublished_post_cannot_be_distilled(client, w):
    w.source.unpublish()
    before = _snapshot()
    login(client, w.editor)
    assert client.get(f"/learning/distil/{w.source.pk}/").status_code == 404
    response = client.post(
        f"/learning/distil/{w.source.pk}/", {"path": w.path.pk, "title": "From a draft"}
    )
    assert response.status_code == 404
    assert _snapshot() == before


def test_a_community_page_cannot_be_distilled(client, w):
    before = _snapshot()
    login(client, w.editor)
    assert client.get(f"/learning/distil/{w.community.pk}/").status_code == 404
    response = client.post(
        f"/learning/distil/{w.community.pk}/", {"path": w.path.pk, "title": "The community"}
    )
    assert response.status_code == 404
    assert _snapshot() == before


@pytest.mark.parametrize("kind", ["path", "index", "module"])
def test_only_posts_wiki_pages_and_library_items_can_be_distilled(client, w, kind):
    page = {"path": w.path, "index": w.path.get_parent(), "module": w.reading}[kind]
    before = _snapshot()
    login(client, w.editor)
    assert client.get(f"/learning/distil/{page.pk}/").status_code == 404
    response = client.post(f"/learning/distil/{page.pk}/", {"path": w.path.pk, "title": kind})
    assert response.status_code == 404
    assert _snapshot() == before


def test_no_request_here_is_a_500_for_anyone(client, w):
    """A sweep: every learning URL, every method, every persona, with junk data."""
    junk = {"note": "\x00", "mentor": SUPERSCRIPT_TWO + "x", "people": "\x00", "path": "x"}
    query = {"attempt": "x", "path": SUPERSCRIPT_TWO + "x", "page": "-1"}
    urls = [
        "/learning/",
        "/learning/mentoring/",
        "/learning/reports/",
        f"/learning/paths/{w.path.pk}/enrol/",
        f"/learning/paths/{w.path.pk}/leave/",
        f"/learning/paths/{w.path.pk}/assign/",
        _signoff_url(w, "present"),
        _signoff_url(w, "shadow"),
        f"/learning/modules/{w.quiz.pk}/quiz/",
        f"/learning/modules/{w.reading.pk}/done/",
        f"/learning/modules/{w.reading.pk}/reviewed/",
        f"/learning/enrolments/{w.enrolment.pk}/mentor/",
        f"/learning/signoffs/{w.request.pk}/",
        f"/learning/distil/{w.source.pk}/",
        w.path.url,
        w.quiz.url,
    ]
    client.raise_request_exception = False
    statuses = []
    for person in (w.learner, w.mentor, w.classmate, w.editor):
        login(client, person)
        for url in urls:
            for method in ("get", "post"):
                response = getattr(client, method)(url, junk if method == "post" else query)
                assert response.status_code < 500, (person, method, url)
                statuses.append(response.status_code)
    assert Enrolment.objects.aggregate(n=Count("pk"))["n"] >= 2
    assert 400 in statuses and 403 in statuses and 405 in statuses
