"""Editors build paths in Wagtail's admin: steps are an inline list checked as a whole."""

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from intranet.learning.models import LearningPathPage, Step
from tests.builders import add_member, make_community, make_person
from tests.community.helpers import login
from tests.learning.builders import make_path, three_tier_steps

pytestmark = pytest.mark.django_db


def _step(step, **changes):
    data = {
        "id": step.pk,
        "key": step.key,
        "tier": step.tier,
        "title": step.title,
        "module": step.module_id or "",
        "task": step.task,
        "goal": step.goal,
        "requires": step.requires,
        "estimated_minutes": "",
        "due_after_days": "",
    }
    data.update(changes)
    return data


def admin_form(path, steps):
    return nested_form_data(
        {
            "title": path.title,
            "slug": path.slug,
            "summary": path.summary,
            "intro": streamfield([]),
            "audience_job_functions": [],
            "audience_divisions": [],
            "audience_locations": [],
            "estimated_hours": "",
            "topics": "",
            "steps": inline_formset(steps, initial=len(steps)),
            "comments": inline_formset([]),
            "action-publish": "action-publish",
        }
    )


@pytest.fixture
def world(db):
    community = make_community()
    editor = make_person("editor")
    add_member(community, editor, role="editor")
    path = make_path(community, editor, steps=three_tier_steps())
    return community, editor, path


def _steps(path):
    return list(Step.objects.filter(path=path).order_by("sort_order"))


def test_an_editor_renames_a_step_in_the_admin(client, world):
    _community, editor, path = world
    login(client, editor)
    assert client.get(f"/admin/pages/{path.pk}/edit/").status_code == 200
    steps = [_step(s) for s in _steps(path)]
    steps[1]["title"] = "Ask a first question"
    response = client.post(f"/admin/pages/{path.pk}/edit/", admin_form(path, steps))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Step.objects.get(path=path, key="first-post").title == "Ask a first question"


def test_a_step_may_only_require_earlier_steps(client, world):
    _community, editor, path = world
    login(client, editor)
    steps = [_step(s) for s in _steps(path)]
    steps[0]["requires"] = "pricing"  # the last step
    response = client.post(f"/admin/pages/{path.pk}/edit/", admin_form(path, steps))
    assert response.status_code == 200
    assert "Only earlier steps can be required" in response.content.decode()
    assert Step.objects.get(path=path, key="divisions").requires == ""


def test_step_keys_are_unique_within_a_path(client, world):
    _community, editor, path = world
    login(client, editor)
    steps = [_step(s) for s in _steps(path)]
    steps[1]["key"] = "divisions"
    response = client.post(f"/admin/pages/{path.pk}/edit/", admin_form(path, steps))
    assert response.status_code == 200
    assert "duplicate data for path and key" in response.content.decode()


def test_a_formal_step_needs_a_module(client, world):
    _community, editor, path = world
    login(client, editor)
    steps = [_step(s) for s in _steps(path)]
    steps[0]["module"] = ""
    response = client.post(f"/admin/pages/{path.pk}/edit/", admin_form(path, steps))
    assert response.status_code == 200
    assert "A formal step needs a module." in response.content.decode()
    assert LearningPathPage.objects.get(pk=path.pk).steps.get(key="divisions").module_id
