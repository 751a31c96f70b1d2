"""Knowledge checks are scored on the server against the module's published quiz: what the
browser claims is ignored, a multiple-answer question needs exactly its correct answers, and
the correct answers stay hidden until the learner passes."""

import re
from types import SimpleNamespace

import pytest

from intranet.learning import services
from intranet.learning.blocks import questions
from intranet.learning.models import ModulePage, QuestionResult, QuizAttempt, StepProgress
from tests.builders import add_member, make_community, make_person
from tests.community.helpers import built_once, fresh, login, text
from tests.learning.builders import (
    TWO_QUESTIONS,
    enrol,
    make_path,
    quiz,
    quiz_post_data,
    right_answers,
    step,
    wrong_answers,
)

THREE_QUESTIONS = quiz(
    *[
        (
            f"Question {n}?",
            "single",
            [(f"Yes {n}", True, f"Good {n}."), (f"No {n}", False, f"Bad {n}.")],
        )
        for n in (1, 2, 3)
    ]
)
FEEDBACK = {
    "Secure": "Right: Secure runs it.",
    "Technical": "No: Technical maintains buildings.",
    "Facility": "No: Facility cleans.",
    "HVAC maintenance": "Yes.",
    "EV charging": "Yes.",
    "Guarding": "No: that is Secure.",
}


def _formal(key, title, quiz_blocks=TWO_QUESTIONS, **module):
    return {
        "key": key,
        "tier": "formal",
        "title": title,
        "module": {"title": title, "slug": key, "quiz": quiz_blocks, **module},
    }


def _build():
    w = SimpleNamespace(
        editor=make_person("editor"),
        learner=make_person("learner"),
        community=make_community("Sales Community"),
    )
    add_member(w.community, w.editor, role="editor")
    add_member(w.community, w.learner)
    w.path = make_path(
        w.community,
        w.editor,
        "Quiz path",
        steps=[
            _formal("strict", "Know the divisions"),
            _formal("limited", "Two tries", max_attempts=2),
            _formal("lenient", "Half will do", pass_mark=50),
            _formal("three", "Three questions", THREE_QUESTIONS, pass_mark=67),
        ],
    )
    return w


world = built_once(_build)


@pytest.fixture
def w(db, world):
    w = fresh(world)
    w.enrolment = enrol(w.learner, w.path)
    return w


def _module(w, key):
    return step(w.path, key).module


def _ids(module):
    """{question text: (question id, {answer text: answer id})}."""
    return {
        text_: (qid, {answer: aid for aid, answer, _c, _f in answers})
        for qid, text_, _kind, answers in questions(module.quiz)
    }


def _choose(module, picks):
    """Form data choosing answers by their text: {question text: [answer texts]}."""
    ids = _ids(module)
    return {
        f"q-{ids[question][0]}": [ids[question][1][answer] for answer in answers]
        for question, answers in picks.items()
    }


SINGLE = "Which division runs the alarm centre?"
MULTIPLE = "Which services does Technical sell?"


def _submit(client, module, data):
    return client.post(f"/learning/modules/{module.pk}/quiz/", data)


def _latest(w, module):
    return QuizAttempt.objects.filter(enrolment=w.enrolment, module=module).first()


def _done(w, key):
    return StepProgress.objects.filter(enrolment=w.enrolment, step__key=key, status="done").exists()


# Scored on the server


def test_claims_of_the_browser_are_ignored(client, w):
    module = _module(w, "strict")
    data = quiz_post_data(module, wrong_answers(module))
    data.update({"correct": "1", "score": "100", "passed": "1", "pass_mark": "0"})
    for qid in right_answers(module):
        data[f"q-{qid}-correct"] = "1"

    response = _submit(login(client, w.learner), module, data)

    attempt = _latest(w, module)
    assert response.status_code == 302
    assert response["Location"] == f"{module.url}?attempt={attempt.pk}#results"
    assert attempt.score == 0 and attempt.passed is False
    assert attempt.answers == {qid: sorted(ids) for qid, ids in wrong_answers(module).items()}
    assert not _done(w, "strict")
    assert list(QuestionResult.objects.filter(attempt=attempt).values_list("correct", flat=True))
    assert not QuestionResult.objects.filter(attempt=attempt, correct=True).exists()


def test_right_answers_pass_whatever_the_browser_claims(client, w):
    module = _module(w, "strict")
    data = quiz_post_data(module, right_answers(module))
    data.update({"score": "0", "passed": "", "correct": "0"})

    _submit(login(client, w.learner), module, data)

    attempt = _latest(w, module)
    assert attempt.score == 100 and attempt.passed is True
    assert _done(w, "strict")


def test_questions_the_quiz_does_not_have_are_ignored(client, w):
    module = _module(w, "strict")
    data = quiz_post_data(module, wrong_answers(module))
    data["q-made-up"] = "answer"

    _submit(login(client, w.learner), module, data)

    attempt = _latest(w, module)
    assert set(attempt.answers) == set(right_answers(module))
    assert QuestionResult.objects.filter(attempt=attempt).count() == 2
    assert not QuestionResult.objects.filter(attempt=attempt, question_id="made-up").exists()


def test_the_published_quiz_counts_not_a_draft(client, w):
    module = ModulePage.objects.get(pk=_module(w, "strict").pk)
    draft = module.quiz.raw_data
    for block in draft:
        if block["value"]["text"] == SINGLE:
            for item in block["value"]["answers"]:
                item["value"]["correct"] = item["value"]["text"] == "Technical"
    module.quiz = draft
    module.save_revision(user=w.editor.user)  # not published

    picks = {SINGLE: ["Technical"], MULTIPLE: ["HVAC maintenance", "EV charging"]}
    _submit(login(client, w.learner), module, _choose(_module(w, "strict"), picks))

    attempt = _latest(w, module)
    assert attempt.score == 50 and not attempt.passed


# The rules


@pytest.mark.parametrize(
    ("chosen", "multiple_right"),
    [
        (["HVAC maintenance", "EV charging"], True),
        (["HVAC maintenance"], False),
        (["EV charging"], False),
        (["HVAC maintenance", "EV charging", "Guarding"], False),
        (["Guarding"], False),
    ],
)
def test_a_multiple_answer_question_needs_exactly_the_correct_set(
    client, w, chosen, multiple_right
):
    module = _module(w, "strict")
    picks = {SINGLE: ["Secure"], MULTIPLE: chosen}

    _submit(login(client, w.learner), module, _choose(module, picks))

    attempt = _latest(w, module)
    results = dict(
        QuestionResult.objects.filter(attempt=attempt).values_list("question_id", "correct")
    )
    ids = _ids(module)
    assert results == {ids[SINGLE][0]: True, ids[MULTIPLE][0]: multiple_right}
    assert attempt.score == (100 if multiple_right else 50)
    assert attempt.passed is multiple_right
    assert _done(w, "strict") is multiple_right


def test_a_single_answer_question_with_two_answers_chosen_is_wrong(w):
    module = _module(w, "strict")
    ids = _ids(module)
    single_id, answers = ids[SINGLE]
    chosen = {
        single_id: [answers["Secure"], answers["Technical"]],
        ids[MULTIPLE][0]: [ids[MULTIPLE][1]["HVAC maintenance"], ids[MULTIPLE][1]["EV charging"]],
    }
    assert services.score(module, chosen) == {single_id: False, ids[MULTIPLE][0]: True}
    assert services.score(module, {}) == {single_id: False, ids[MULTIPLE][0]: False}


@pytest.mark.parametrize(
    ("key", "passes"),
    [("strict", False), ("lenient", True)],
)
def test_the_pass_mark_decides(client, w, key, passes):
    module = _module(w, key)
    picks = {SINGLE: ["Secure"], MULTIPLE: ["Guarding"]}

    _submit(login(client, w.learner), module, _choose(module, picks))

    attempt = _latest(w, module)
    assert attempt.score == 50 and attempt.passed is passes
    assert _done(w, key) is passes


def test_the_score_is_rounded_before_the_pass_mark(client, w):
    module = _module(w, "three")
    picks = {"Question 1?": ["Yes 1"], "Question 2?": ["Yes 2"], "Question 3?": ["No 3"]}

    _submit(login(client, w.learner), module, _choose(module, picks))

    attempt = _latest(w, module)
    assert attempt.score == 67 and attempt.passed
    assert _done(w, "three")


# Attempts


def test_no_attempt_is_recorded_after_the_last_one_allowed(client, w):
    module = _module(w, "limited")
    login(client, w.learner)
    page = text(client.get(module.url))
    assert "2 attempts allowed." in page and "2 attempts left" in page

    _submit(client, module, quiz_post_data(module, wrong_answers(module)))
    assert "1 attempt left" in text(client.get(module.url))
    _submit(client, module, quiz_post_data(module, wrong_answers(module)))

    response = _submit(client, module, quiz_post_data(module, right_answers(module)))

    assert response.status_code == 302 and response["Location"] == module.url
    assert QuizAttempt.objects.filter(enrolment=w.enrolment, module=module).count() == 2
    assert not _done(w, "limited")
    page = text(client.get(module.url))
    assert "You have used every attempt" in page
    assert f'action="/learning/modules/{module.pk}/quiz/"' not in page
    with pytest.raises(services.NoAttemptsLeft):
        services.submit_quiz(w.enrolment, step(w.path, "limited"), module, right_answers(module))
    assert QuizAttempt.objects.filter(enrolment=w.enrolment, module=module).count() == 2


def test_attempts_are_unlimited_when_the_module_says_zero(client, w):
    module = _module(w, "strict")
    login(client, w.learner)
    for _ in range(4):
        _submit(client, module, quiz_post_data(module, wrong_answers(module)))
    _submit(client, module, quiz_post_data(module, right_answers(module)))

    assert QuizAttempt.objects.filter(enrolment=w.enrolment, module=module).count() == 5
    assert _done(w, "strict")


# What the learner sees


def _quiz_section(html):
    start = html.index('id="quiz"')
    return html[start : html.index("</section>", start)]


def test_the_page_reveals_nothing_before_an_attempt(client, w):
    module = _module(w, "strict")

    html = text(login(client, w.learner).get(module.url))

    assert "Which division runs the alarm centre?" in html and "Guarding" in html
    for feedback in FEEDBACK.values():
        if feedback != "Yes.":
            assert feedback not in html
    assert "Yes." not in _quiz_section(html)
    assert "correct" not in html.lower()
    assert "results" not in _quiz_section(html)
    inputs = re.findall(r'<input[^>]*name="q-[^>]*>', html)
    assert len(inputs) == 6  # every answer, each with nothing but what the form needs
    assert all(
        set(re.findall(r"(\w[\w-]*)=", tag)) == {"type", "name", "value", "id"} for tag in inputs
    )


def test_a_failed_attempt_shows_the_feedback_of_the_chosen_answers_only(client, w):
    module = _module(w, "strict")
    picks = {SINGLE: ["Technical"], MULTIPLE: ["HVAC maintenance", "Guarding"]}
    login(client, w.learner)

    response = _submit(client, module, _choose(module, picks))
    html = text(client.get(response["Location"]))

    section = _quiz_section(html)
    assert "0%: not passed yet" in section
    assert section.count("Not right") == 2 and "badge--won" not in section
    assert "You chose: Technical" in section and FEEDBACK["Technical"] in section
    assert "You chose: Guarding" in section and FEEDBACK["Guarding"] in section
    assert "You chose: HVAC maintenance" in section and "Yes." in section
    assert FEEDBACK["Secure"] not in html and FEEDBACK["Facility"] not in html
    assert "EV charging<br>" not in section
    assert "correct" not in html.lower()


def test_the_correct_answers_are_revealed_once_passed(client, w):
    module = _module(w, "lenient")
    picks = {SINGLE: ["Technical"], MULTIPLE: ["HVAC maintenance", "EV charging"]}
    login(client, w.learner)

    response = _submit(client, module, _choose(module, picks))
    html = text(client.get(response["Location"]))

    section = _quiz_section(html)
    assert "Passed with 50%" in section
    assert "Correct answer: Secure" in section
    assert FEEDBACK["Technical"] in section
    assert FEEDBACK["Secure"] not in section  # feedback belongs to the answers chosen
    assert "You passed this knowledge check" in section


def test_the_attempt_shown_is_the_one_asked_for(client, w):
    module = _module(w, "strict")
    login(client, w.learner)
    first = _submit(client, module, _choose(module, {SINGLE: ["Facility"], MULTIPLE: ["Guarding"]}))
    _submit(client, module, _choose(module, {SINGLE: ["Technical"], MULTIPLE: ["Guarding"]}))

    earlier = _quiz_section(text(client.get(first["Location"])))
    latest = _quiz_section(text(client.get(module.url)))

    assert FEEDBACK["Facility"] in earlier and FEEDBACK["Technical"] not in earlier
    assert FEEDBACK["Technical"] in latest and FEEDBACK["Facility"] not in latest


# Results per question


def test_each_attempt_records_a_result_per_question(client, w):
    module = _module(w, "three")
    picks = {"Question 1?": ["No 1"], "Question 2?": ["Yes 2"], "Question 3?": ["No 3"]}

    _submit(login(client, w.learner), module, _choose(module, picks))

    attempt = _latest(w, module)
    ids = _ids(module)
    rows = QuestionResult.objects.filter(attempt=attempt)
    assert {(r.module_id, r.question_id, r.correct) for r in rows} == {
        (module.pk, ids["Question 1?"][0], False),
        (module.pk, ids["Question 2?"][0], True),
        (module.pk, ids["Question 3?"][0], False),
    }
    assert attempt.score == 33 and not attempt.passed
