"""The learning pages cost the same SQL queries however many steps, learners, attempts and
sign-off requests they show.

Each count comes after a warm-up request, which fills the caches (site root paths, sessions).
"""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from intranet.learning import services
from intranet.learning.models import Step, StepProgress
from tests.builders import add_member, make_community, make_person
from tests.community.helpers import login
from tests.learning.builders import enrol, make_module, make_path, quiz, right_answers

pytestmark = pytest.mark.django_db
_numbers = itertools.count(1)
TIERS = ("formal", "transfer", "exchange")


def _queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.fixture
def scene(db):
    community = make_community("Sales Community")
    editor, learner = make_person("editor"), make_person("learner")
    add_member(community, editor, role="editor")
    add_member(community, learner)
    return community, editor, learner


def _new_path(community, editor, steps):
    number = next(_numbers)
    path = make_path(community, editor, f"Path {number}", slug=f"path-{number}", topics=["x"])
    _add_steps(path, editor, steps)
    return path


def _add_steps(path, editor, count):
    """`count` more steps in turn formal (a module with a one-question quiz), transfer (due
    three days after enrolment) and exchange."""
    start = Step.objects.filter(path=path).count()
    for index in range(start, start + count):
        number = next(_numbers)
        fields = {
            "key": f"step-{number}",
            "tier": TIERS[index % 3],
            "title": f"Step {number}",
            "sort_order": index,
        }
        if fields["tier"] == "formal":
            fields["module"] = make_module(
                path,
                editor,
                title=f"Module {number}",
                slug=f"module-{number}",
                quiz=quiz(
                    (f"Question {number}?", "single", [("Yes", True, ""), ("No", False, "")])
                ),
            )
        elif fields["tier"] == "transfer":
            fields["task"] = "Go along on a visit."
            fields["due_after_days"] = 3
        else:
            fields["goal"] = "first_comment"
        Step.objects.create(path=path, **fields)


def _progress(enrolment, mentor, sign=True):
    """Pass every quiz and ask for every task's sign-off, which the mentor gives (`sign`) or
    not yet: progress on every kind of step but the exchanges."""
    for step in Step.objects.filter(path=enrolment.path).select_related("module"):
        if StepProgress.objects.filter(enrolment=enrolment, step=step).exists():
            continue
        if step.tier == "formal":
            services.submit_quiz(enrolment, step, step.module, right_answers(step.module))
        elif step.tier == "transfer":
            row = services.request_signoff(enrolment, step, "I went along.")
            if sign:
                services.sign_off(row, mentor.user, "Good work")


def _learners(community, path, mentor, how_many, sign=True):
    for _ in range(how_many):
        person = make_person(f"learner{next(_numbers)}")
        add_member(community, person)
        enrolment = enrol(person, path)
        services.set_mentor(enrolment, mentor.user, person.user)
        _progress(enrolment, mentor, sign)


class PathPageQueryTests:
    def _grow(self, client, scene, sign):
        """The learner's path page with 3 steps and 1 learner, then 12 steps and 10 learners:
        both counts."""
        community, editor, learner = scene
        path = _new_path(community, editor, 3)
        mine = enrol(learner, path)
        services.set_mentor(mine, editor.user, learner.user)
        _progress(mine, editor, sign)
        login(client, learner)
        with_few = _queries(client, path.url)

        _add_steps(path, editor, 9)
        _progress(mine, editor, sign)
        _learners(community, path, editor, 9, sign)

        response = client.get(path.url)
        assert len(response.context["states"]) == 12
        assert response.context["learner_count"] == 10
        assert response.context["summary"].done == 4 + (4 if sign else 0)
        return with_few, _queries(client, path.url)

    def test_it_costs_the_same_with_12_steps_and_10_learners_while_tasks_wait(self, client, scene):
        with_few, with_many = self._grow(client, scene, sign=False)
        assert with_many == with_few

    def test_it_costs_the_same_with_12_signed_off_steps_and_10_learners_as_with_3_and_1(
        self, client, scene
    ):
        with_few, with_many = self._grow(client, scene, sign=True)
        assert with_many == with_few

    def test_it_costs_the_same_for_an_editor(self, client, scene):
        community, editor, _learner = scene
        path = _new_path(community, editor, 3)
        _learners(community, path, editor, 1)
        login(client, editor)
        with_few = _queries(client, path.url)

        _add_steps(path, editor, 9)
        _learners(community, path, editor, 9)

        assert _queries(client, path.url) == with_few


class HomePageQueryTests:
    def test_it_costs_the_same_with_10_paths_of_12_steps_as_with_1_of_3(self, client, scene):
        community, editor, learner = scene
        first = _new_path(community, editor, 3)
        _progress(enrol(learner, first), editor)
        login(client, learner)
        with_few = _queries(client, "/")

        _add_steps(first, editor, 9)
        for _ in range(9):
            path = _new_path(community, editor, 3)
            _progress(enrol(learner, path), editor)

        response = client.get("/")
        assert len(response.context["learning"]) == 3
        assert _queries(client, "/") == with_few
        assert _queries(client, "/learning/") == _queries_with_one_path(client, scene)


def _queries_with_one_path(client, scene):
    """My learning for someone with one path: the same cost as for ten."""
    community, editor, _learner = scene
    other = make_person("other")
    add_member(community, other)
    path = _new_path(community, editor, 3)
    _progress(enrol(other, path), editor)
    return _queries(login(client, other), "/learning/")


class ReportQueryTests:
    def test_it_costs_the_same_with_10_learners_and_12_steps_as_with_1_and_3(self, client, scene):
        community, editor, _learner = scene
        path = _new_path(community, editor, 3)
        _learners(community, path, editor, 1)
        login(client, editor)
        with_few = _queries(client, "/learning/reports/")
        csv_few = _queries(client, "/learning/reports/learners.csv")

        _add_steps(path, editor, 9)
        _learners(community, path, editor, 9)
        _new_path(community, editor, 3)

        response = client.get("/learning/reports/")
        assert sum(counts["enrolled"] for _p, counts in response.context["by_path"]) == 10
        assert len(response.context["questions"]) == 4
        assert _queries(client, "/learning/reports/") == with_few
        assert _queries(client, "/learning/reports/learners.csv") == csv_few


class MentoringQueryTests:
    def test_it_costs_the_same_with_10_requests_as_with_1(self, client, scene):
        community, editor, _learner = scene
        mentor = make_person("mentor")
        add_member(community, mentor)
        path = _new_path(community, editor, 3)
        _learners(community, path, mentor, 1, sign=False)
        login(client, mentor)
        with_one = _queries(client, "/learning/mentoring/")

        other_path = _new_path(community, editor, 3)
        _learners(community, path, mentor, 4, sign=False)
        _learners(community, other_path, mentor, 5, sign=False)

        response = client.get("/learning/mentoring/")
        assert len(response.context["rows"]) == 10
        assert len(response.context["mentees"]) == 10
        assert _queries(client, "/learning/mentoring/") == with_one


class ChangedSourcesQueryTests:
    """The report names each changed source through one permission check for all of them."""

    @pytest.mark.django_db
    def test_the_report_costs_the_same_with_one_changed_source_as_with_eight(self, client):
        from intranet.learning.models import ModuleSource
        from tests.wiki.builders import edit_wiki_page, make_wiki_page

        community = make_community()
        editor = make_person("chief")
        add_member(community, editor, role="editor")
        path = make_path(community, editor)
        module = make_module(path, editor)

        def changed(count):
            start = ModuleSource.objects.filter(module=module).count()
            for number in range(start, count):
                page = make_wiki_page(community, editor, title=f"Source {number}")
                ModuleSource.objects.create(module=module, page=page, sort_order=number)
                edit_wiki_page(page, editor, "Changed after the review.")
            client.force_login(editor.user)
            client.get("/learning/reports/")  # warm the site's caches
            with CaptureQueriesContext(connection) as queries:
                response = client.get("/learning/reports/")
            assert response.status_code == 200
            assert response.content.decode().count("Source ") >= count
            return len(queries)

        assert changed(1) == changed(8)
