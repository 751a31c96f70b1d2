"""The editors' learning report: enrolment, completion and overdue learners by path, division
and location, pass rates per quiz question, and the CSV exports, whose cells a spreadsheet must
never run as formulas."""

import csv
import datetime
import io
from types import SimpleNamespace

import pytest
from django.utils import timezone

from intranet.learning import services
from intranet.learning.blocks import questions
from intranet.learning.models import Enrolment, Step
from tests.builders import (
    add_member,
    make_community,
    make_division,
    make_location,
    make_person,
)
from tests.community.helpers import built_once, fresh, login, text
from tests.learning.builders import (
    TWO_QUESTIONS,
    enrol,
    make_path,
    quiz,
    right_answers,
    step,
    wrong_answers,
)

FORMULA_PATH = '=HYPERLINK("http://evil.example","Click")'
FORMULA_NAMES = {"eq": "=1+1", "plus": "+1+1", "minus": "-1+1", "at": "@SUM(A1)"}
FORMULA_QUESTION = "-2+3 is what?"

ONBOARDING = [
    {
        "key": "divisions",
        "tier": "formal",
        "title": "Know the divisions",
        "module": {"title": "Know the divisions", "quiz": TWO_QUESTIONS},
    },
    {
        "key": "reading",
        "tier": "formal",
        "title": "Second reading",
        "due_after_days": 5,
        "module": {"title": "Second reading", "text": "More."},
    },
]


def _reading(key, title):
    return {"key": key, "tier": "formal", "title": title, "module": {"title": title}}


def _person(username, division=None, location=None, **fields):
    return make_person(
        username,
        division=make_division(division) if division else None,
        location=make_location(location) if location else None,
        **fields,
    )


def _build():
    w = SimpleNamespace(
        editor=make_person("editor"),
        other_editor=make_person("othereditor"),
        anna=_person("anna", "Facility", "Gothenburg"),
        bert=_person("bert", "Facility", "Lyon"),
        cara=_person("cara", "Secure", "Gothenburg"),
        dan=_person("dan"),
        eve=_person("eve", "Facility", "Gothenburg"),
        sales=make_community("Sales Community"),
        service=make_community("Service Community"),
    )
    add_member(w.sales, w.editor, role="editor")
    add_member(w.service, w.other_editor, role="editor")
    w.onboarding = make_path(w.sales, w.editor, "Onboarding", steps=ONBOARDING)
    w.advanced = make_path(w.sales, w.editor, "Advanced", steps=[_reading("deep", "Deep dive")])
    w.formula_path = make_path(
        w.sales,
        w.editor,
        FORMULA_PATH,
        slug="formula",
        steps=[
            {
                "key": "check",
                "tier": "formal",
                "title": "Formula check",
                "module": {
                    "title": "@Formula module",
                    "slug": "formula-module",
                    "quiz": quiz((FORMULA_QUESTION, "single", [("1", True, ""), ("5", False, "")])),
                },
            }
        ],
    )
    w.elsewhere = make_path(w.service, w.other_editor, "Service onboarding")
    today = timezone.localdate()

    # Anna completes the onboarding with her mentor; Bert is past his due date; Cara's date is
    # ahead; Dan has no division or location and a step past its days; Eve left.
    anna = enrol(w.anna, w.onboarding)
    services.set_mentor(anna, w.editor.user, w.editor.user)
    _quiz(anna, w.onboarding, right_answers)
    services.complete_step(anna, step(w.onboarding, "reading"))
    bert = enrol(w.bert, w.onboarding, how="assigned", due_on=today - datetime.timedelta(days=1))
    _quiz(bert, w.onboarding, wrong_answers)
    services.complete_step(bert, step(w.onboarding, "reading"))
    cara = enrol(w.cara, w.onboarding, how="assigned", due_on=today + datetime.timedelta(days=9))
    _quiz(cara, w.onboarding, _single_right_only)
    dan = enrol(w.dan, w.onboarding)
    Enrolment.objects.filter(pk=dan.pk).update(
        enrolled_at=timezone.now() - datetime.timedelta(days=10)
    )
    enrol(w.dan, w.advanced)
    services.withdraw(enrol(w.eve, w.onboarding))
    enrol(w.eve, w.elsewhere)

    w.formula_people = []
    for username, first_name in FORMULA_NAMES.items():
        person = make_person(username, first_name=first_name)
        w.formula_people.append(person)
        enrol(person, w.formula_path)
    _quiz(Enrolment.objects.get(user=w.formula_people[0].user), w.formula_path, right_answers)
    return w


def _quiz(enrolment, path, answers):
    the_step = Step.objects.filter(path=path).select_related("module").first()
    return services.submit_quiz(enrolment, the_step, the_step.module, answers(the_step.module))


def _single_right_only(module):
    chosen = {}
    for qid, _text, kind, answers in questions(module.quiz):
        pick = [a for a in answers if a[2] == (kind == "single")][:1]
        chosen[qid] = [pick[0][0]]
    return chosen


world = built_once(_build)


@pytest.fixture
def w(db, world):
    return fresh(world)


def _report(client, w, query=""):
    response = login(client, w.editor).get(f"/learning/reports/{query}")
    assert response.status_code == 200
    return response


def _tally(rows):
    return {
        str(group): (counts["enrolled"], counts["completed"], counts["overdue"])
        for group, counts in rows
    }


def _csv(client, w, kind):
    response = login(client, w.editor).get(f"/learning/reports/{kind}.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == f'attachment; filename="learning-{kind}.csv"'
    return list(csv.reader(io.StringIO(response.content.decode())))


# Numbers


def test_numbers_by_path(client, w):
    context = _report(client, w).context

    assert _tally(context["by_path"]) == {
        "Onboarding": (4, 1, 2),
        "Advanced": (1, 0, 0),
        FORMULA_PATH: (4, 1, 0),
    }


def test_the_report_covers_only_the_editors_paths(client, w):
    response = _report(client, w)

    assert "Service onboarding" not in text(response)
    assert [p.title for p in response.context["all_paths"]] == sorted(
        ["Onboarding", "Advanced", FORMULA_PATH]
    )


def test_numbers_by_division_and_location_for_one_path(client, w):
    context = _report(client, w, f"?path={w.onboarding.pk}").context

    assert context["chosen"].pk == w.onboarding.pk
    assert _tally(context["by_path"]) == {"Onboarding": (4, 1, 2)}
    assert _tally(context["by_division"]) == {
        "Facility": (2, 1, 1),
        "Secure": (1, 0, 0),
        "No division": (1, 0, 1),
    }
    assert _tally(context["by_location"]) == {
        "Gothenburg": (2, 1, 0),
        "Lyon": (1, 0, 1),
        "No location": (1, 0, 1),
    }


def test_the_tables_show_the_numbers(client, w):
    page = text(_report(client, w, f"?path={w.onboarding.pk}"))

    assert '<th scope="row">Onboarding</th><td>4</td><td>1</td><td>2</td>' in page
    assert '<th scope="row">Facility</th><td>2</td><td>1</td><td>1</td>' in page
    assert '<th scope="row">Lyon</th><td>1</td><td>0</td><td>1</td>' in page


def test_overdue_learners(client, w):
    response = _report(client, w)

    overdue = {
        (e.user.username, e.path.title, s.done, s.overdue) for e, s in response.context["overdue"]
    }
    assert overdue == {("bert", "Onboarding", 1, 1), ("dan", "Onboarding", 0, 1)}
    page = text(response)
    section = page[page.index('id="overdue-heading"') : page.index('id="questions-heading"')]
    assert "Bert Tester" in section and "Dan Tester" in section
    assert "Cara Tester" not in section and "Anna Tester" not in section
    assert "Eve Tester" not in page


def test_pass_rate_per_question(client, w):
    response = _report(client, w, f"?path={w.onboarding.pk}")

    rates = {
        text_: (answered, correct, percent)
        for _m, text_, answered, correct, percent in response.context["questions"]
    }
    assert rates == {
        "Which division runs the alarm centre?": (3, 2, 67),
        "Which services does Technical sell?": (3, 1, 33),
    }
    page = text(response)
    assert "<td>Which division runs the alarm centre?</td><td>3</td><td>67%</td>" in page
    assert "<td>Which services does Technical sell?</td><td>3</td><td>33%</td>" in page


# CSV


def test_the_learners_csv(client, w):
    rows = _csv(client, w, "learners")

    assert rows[0] == [
        "path",
        "name",
        "username",
        "division",
        "location",
        "enrolled",
        "due",
        "steps done",
        "steps",
        "completed",
        "overdue",
        "mentor",
    ]
    by_user = {(row[0], row[2]): row for row in rows[1:]}
    assert set(by_user) == {
        ("Onboarding", "anna"),
        ("Onboarding", "bert"),
        ("Onboarding", "cara"),
        ("Onboarding", "dan"),
        ("Advanced", "dan"),
        *((f"'{FORMULA_PATH}", username) for username in FORMULA_NAMES),
    }
    today = timezone.localdate()
    bert = by_user[("Onboarding", "bert")]
    assert bert == [
        "Onboarding",
        "Bert Tester",
        "bert",
        "Facility",
        "Lyon",
        today.isoformat(),
        (today - datetime.timedelta(days=1)).isoformat(),
        "1",
        "2",
        "",
        "yes",
        "",
    ]
    anna = by_user[("Onboarding", "anna")]
    assert anna[7:10] == ["2", "2", today.isoformat()] and anna[10] == ""
    assert anna[11] == "Editor Tester"
    dan = by_user[("Onboarding", "dan")]
    assert dan[3:5] == ["", ""] and dan[10] == "yes"
    assert by_user[("Onboarding", "cara")][10] == ""


def test_the_questions_csv(client, w):
    rows = _csv(client, w, "questions")

    assert rows[0] == ["module", "question", "answered", "correct", "percent correct"]
    assert sorted(rows[1:]) == sorted(
        [
            ["Know the divisions", "Which division runs the alarm centre?", "3", "2", "67"],
            ["Know the divisions", "Which services does Technical sell?", "3", "1", "33"],
            ["'@Formula module", f"'{FORMULA_QUESTION}", "1", "1", "100"],
        ]
    )


@pytest.mark.parametrize("username", list(FORMULA_NAMES))
def test_a_name_that_looks_like_a_formula_is_neutralised(client, w, username):
    rows = _csv(client, w, "learners")

    [row] = [row for row in rows if row[2] == username]
    assert row[0] == f"'{FORMULA_PATH}"
    assert row[1] == f"'{FORMULA_NAMES[username]} Tester"
    for cell in row:
        assert not cell.startswith(("=", "+", "-", "@")), cell


def test_no_cell_of_either_export_starts_a_formula(client, w):
    for kind in ("learners", "questions"):
        for row in _csv(client, w, kind):
            for cell in row:
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (kind, cell)
