"""Progress through a path: completing a step once (however often or concurrently it is asked),
steps that wait for the steps they require, due dates, the home page's "continue where you left
off", and the certificate at the end."""

import datetime
import threading
from types import SimpleNamespace

import pytest
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

from intranet.learning import services
from intranet.learning.models import Enrolment, QuizAttempt, StepProgress
from intranet.notifications.models import Notification, Verb
from tests.builders import add_member, make_community, make_person, make_post
from tests.community.helpers import built_once, fresh, login, text
from tests.learning.builders import (
    TWO_QUESTIONS,
    enrol,
    make_path,
    quiz_post_data,
    right_answers,
    step,
)

CHAIN = [
    {
        "key": "intro",
        "tier": "formal",
        "title": "Welcome module",
        "module": {"title": "Welcome module", "text": "Who we are."},
    },
    {
        "key": "check",
        "tier": "formal",
        "title": "Know the divisions",
        "requires": "intro",
        "module": {"title": "Know the divisions", "quiz": TWO_QUESTIONS},
    },
    {
        "key": "visit",
        "tier": "transfer",
        "title": "Shadow a customer visit",
        "task": "Join a customer meeting.",
        "requires": "intro",
    },
    {
        "key": "post",
        "tier": "exchange",
        "title": "Ask your first question",
        "goal": "first_post",
        "requires": "intro",
    },
    {
        "key": "wrapup",
        "tier": "formal",
        "title": "Wrap-up reading",
        "requires": "intro",
        "module": {"title": "Wrap-up reading", "text": "What next."},
    },
]

TWO_READINGS = [
    {
        "key": "first",
        "tier": "formal",
        "title": "First reading",
        "module": {"title": "First reading", "text": "One."},
    },
    {
        "key": "second",
        "tier": "formal",
        "title": "Second reading",
        "module": {"title": "Second reading", "text": "Two."},
    },
]


def _build():
    w = SimpleNamespace(
        editor=make_person("editor"),
        learner=make_person("learner", first_name="Lena", last_name="Lind"),
        community=make_community("Sales Community"),
    )
    add_member(w.community, w.editor, role="editor")
    add_member(w.community, w.learner)
    w.chain = make_path(w.community, w.editor, "Sales basics", steps=CHAIN)
    w.short = make_path(w.community, w.editor, "Short path", steps=TWO_READINGS)
    w.single = make_path(w.community, w.editor, "One step", steps=TWO_READINGS[:1], slug="one")
    return w


world = built_once(_build)


@pytest.fixture
def w(db, world):
    return fresh(world)


def _enrolment(person, path):
    return Enrolment.objects.get(user=person.user, path=path)


def _status(enrolment, key):
    row = StepProgress.objects.filter(enrolment=enrolment, step__key=key).first()
    return row.status if row else None


def _completions(person):
    return Notification.objects.filter(recipient=person.user, verb=Verb.PATH_COMPLETED).count()


def _learning_card(html):
    start = html.index('id="learning-heading"')
    return html[start : html.index("</section>", start)]


# Idempotent completion


def test_completing_a_step_again_changes_nothing(w):
    enrolment = enrol(w.learner, w.single)
    only = step(w.single, "first")

    results = [services.complete_step(enrolment, only) for _ in range(3)]

    assert results == [True, False, False]
    assert StepProgress.objects.filter(enrolment=enrolment).count() == 1
    assert _completions(w.learner) == 1
    completed_at = _enrolment(w.learner, w.single).completed_at
    assert completed_at is not None
    services.complete_step(enrolment, only)
    assert _enrolment(w.learner, w.single).completed_at == completed_at


def test_posting_reading_done_twice_completes_once(client, w):
    enrol(w.learner, w.single)
    module = step(w.single, "first").module
    login(client, w.learner)

    for _ in range(2):
        assert client.post(f"/learning/modules/{module.pk}/done/").status_code == 302

    enrolment = _enrolment(w.learner, w.single)
    assert StepProgress.objects.filter(enrolment=enrolment).count() == 1
    assert _completions(w.learner) == 1


def test_a_step_waiting_for_sign_off_turns_done_once(w):
    enrolment = enrol(w.learner, w.chain)
    services.complete_step(enrolment, step(w.chain, "intro"))
    visit = step(w.chain, "visit")
    row = services.request_signoff(enrolment, visit, "I went along.")

    assert services.complete_step(enrolment, visit) is True
    assert services.complete_step(enrolment, visit) is False
    assert StepProgress.objects.get(pk=row.pk).status == "done"
    assert StepProgress.objects.filter(enrolment=enrolment, step=visit).count() == 1


# Concurrent completion (PostgreSQL: SQLite serialises every write, so there is no race)


def _run_at_once(jobs):
    """Run each job in its own thread, released together; re-raise the first error."""
    barrier = threading.Barrier(len(jobs))
    results, errors = [None] * len(jobs), []

    def run(index, job):
        try:
            barrier.wait(timeout=30)
            results[index] = job()
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    if errors:
        raise errors[0]
    return results


def _needs_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip(
            "Concurrent completion needs PostgreSQL (real row locks and concurrent "
            "transactions); run with DATABASE_URL=postgres://..."
        )


def _concurrent_scene(steps):
    editor, learner = make_person("editor"), make_person("learner")
    community = make_community("Sales Community")
    add_member(community, editor, role="editor")
    add_member(community, learner)
    path = make_path(community, editor, "Race path", steps=steps)
    return path, learner, enrol(learner, path)


def _client_for(learner):
    client = Client()
    client.force_login(learner.user)
    return client


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_quiz_and_completion_make_one_row_and_one_certificate():
    _needs_postgresql()
    quiz_step = {
        "key": "check",
        "tier": "formal",
        "title": "Know the divisions",
        "module": {"title": "Know the divisions", "quiz": TWO_QUESTIONS},
    }
    path, learner, enrolment = _concurrent_scene([quiz_step])
    the_step = step(path, "check")
    module = the_step.module
    data = quiz_post_data(module, right_answers(module))
    clients = [_client_for(learner) for _ in range(4)]

    def by_service():
        return services.complete_step(Enrolment.objects.get(pk=enrolment.pk), the_step)

    def by_quiz(client):
        return lambda: client.post(f"/learning/modules/{module.pk}/quiz/", data).status_code

    results = _run_at_once([by_service, by_service, by_service] + [by_quiz(c) for c in clients])

    assert sorted(results[:3], key=bool) in ([False, False, False], [False, False, True])
    assert results[3:] == [302, 302, 302, 302]
    assert StepProgress.objects.filter(enrolment=enrolment).count() == 1
    assert Notification.objects.filter(verb=Verb.PATH_COMPLETED).count() == 1
    assert Enrolment.objects.get(pk=enrolment.pk).completed_at is not None
    assert QuizAttempt.objects.filter(enrolment=enrolment).count() == 4


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_reading_done_and_completion_make_one_row_and_one_certificate():
    _needs_postgresql()
    path, learner, enrolment = _concurrent_scene(TWO_READINGS[:1])
    the_step = step(path, "first")
    module = the_step.module
    clients = [_client_for(learner) for _ in range(4)]

    def by_service():
        return services.complete_step(Enrolment.objects.get(pk=enrolment.pk), the_step)

    def by_view(client):
        return lambda: client.post(f"/learning/modules/{module.pk}/done/").status_code

    results = _run_at_once([by_service, by_service, by_service] + [by_view(c) for c in clients])

    assert results[3:] == [302, 302, 302, 302]
    assert results[:3].count(True) <= 1
    assert StepProgress.objects.filter(enrolment=enrolment).count() == 1
    assert Notification.objects.filter(verb=Verb.PATH_COMPLETED).count() == 1
    assert Enrolment.objects.get(pk=enrolment.pk).completed_at is not None


# Prerequisites


def test_a_locked_quiz_cannot_be_taken(client, w):
    enrol(w.learner, w.chain)
    module = step(w.chain, "check").module
    login(client, w.learner)

    page = text(client.get(module.url))
    assert "Finish these steps first: Welcome module" in page
    assert "The knowledge check opens when the required steps are done." in page
    assert f'action="/learning/modules/{module.pk}/quiz/"' not in page

    response = client.post(
        f"/learning/modules/{module.pk}/quiz/", quiz_post_data(module, right_answers(module))
    )

    assert response.status_code == 303 and response["Location"] == module.url
    enrolment = _enrolment(w.learner, w.chain)
    assert not QuizAttempt.objects.filter(enrolment=enrolment).exists()
    assert _status(enrolment, "check") is None


def test_a_locked_reading_cannot_be_marked_done(client, w):
    enrol(w.learner, w.chain)
    module = step(w.chain, "wrapup").module
    login(client, w.learner)
    assert "I have read this" not in text(client.get(module.url))

    response = client.post(f"/learning/modules/{module.pk}/done/")

    assert response.status_code == 303
    assert _status(_enrolment(w.learner, w.chain), "wrapup") is None


def test_a_locked_task_cannot_be_sent_for_sign_off(client, w):
    enrolment = enrol(w.learner, w.chain)
    services.set_mentor(enrolment, w.editor.user, w.learner.user)
    visit = step(w.chain, "visit")
    login(client, w.learner)
    page = text(client.get(w.chain.url))
    assert f"/learning/paths/{w.chain.pk}/steps/{visit.pk}/signoff/" not in page
    assert "Needs first: Welcome module" in page

    response = client.post(
        f"/learning/paths/{w.chain.pk}/steps/{visit.pk}/signoff/", {"note": "I went."}
    )

    assert response.status_code == 303
    assert _status(enrolment, "visit") is None
    assert not Notification.objects.filter(verb=Verb.SIGNOFF_REQUESTED).exists()


def test_the_services_refuse_locked_steps(w):
    enrolment = enrol(w.learner, w.chain)
    check = step(w.chain, "check")
    with pytest.raises(services.StepLocked):
        services.submit_quiz(enrolment, check, check.module, right_answers(check.module))
    with pytest.raises(services.StepLocked):
        services.complete_reading(enrolment, step(w.chain, "wrapup"))
    with pytest.raises(services.StepLocked):
        services.request_signoff(enrolment, step(w.chain, "visit"), "Done it.")
    assert not StepProgress.objects.filter(enrolment=enrolment).exists()


def test_a_goal_met_early_completes_once_its_prerequisite_is_done(client, w):
    enrolment = enrol(w.learner, w.chain)
    make_post(w.community, w.learner, title="How do I price a bundle?")
    assert _status(enrolment, "post") is None

    intro = step(w.chain, "intro").module
    login(client, w.learner).post(f"/learning/modules/{intro.pk}/done/")

    assert _status(enrolment, "intro") == "done"
    assert _status(enrolment, "post") == "done"
    assert _status(enrolment, "check") is None and _status(enrolment, "wrapup") is None
    make_post(w.community, w.learner, title="And another question")
    assert StepProgress.objects.filter(enrolment=enrolment, step__key="post").count() == 1


def test_done_prerequisites_unlock_the_steps(client, w):
    enrol(w.learner, w.chain)
    login(client, w.learner)
    intro = step(w.chain, "intro").module
    client.post(f"/learning/modules/{intro.pk}/done/")

    wrapup = step(w.chain, "wrapup").module
    assert client.post(f"/learning/modules/{wrapup.pk}/done/").status_code == 302
    assert _status(_enrolment(w.learner, w.chain), "wrapup") == "done"
    page = text(client.get(w.chain.url))
    assert "Needs first" not in page
    assert f"/learning/paths/{w.chain.pk}/steps/{step(w.chain, 'visit').pk}/signoff/" in page


# Due dates


def _enrolled_days_ago(enrolment, days):
    Enrolment.objects.filter(pk=enrolment.pk).update(
        enrolled_at=timezone.now() - datetime.timedelta(days=days)
    )


def test_a_step_past_its_due_after_days_is_flagged(client, w):
    from intranet.learning.models import Step

    Step.objects.filter(path=w.short, key="second").update(due_after_days=3)
    enrolment = enrol(w.learner, w.short)
    _enrolled_days_ago(enrolment, 10)
    due = timezone.localdate() - datetime.timedelta(days=7)

    page = text(login(client, w.learner).get(w.short.url))

    assert page.count("Overdue since") == 1
    assert f"Overdue since {due.day} {due:%b}" in page
    assert "1 overdue" in page
    home = _learning_card(text(client.get("/")))
    assert "1 overdue" in home


def test_a_step_not_yet_due_shows_its_date(client, w):
    from intranet.learning.models import Step

    Step.objects.filter(path=w.short, key="second").update(due_after_days=30)
    enrol(w.learner, w.short)
    due = timezone.localdate() + datetime.timedelta(days=30)

    page = text(login(client, w.learner).get(w.short.url))

    assert "Overdue" not in page and "overdue" not in page
    assert f"due {due.day} {due:%b %Y}" in page


def test_a_past_due_date_flags_every_open_step_but_not_the_done_ones(client, w):
    enrolment = enrol(w.learner, w.short)
    services.complete_step(enrolment, step(w.short, "first"))
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    # An assignment made before the date passed.
    Enrolment.objects.filter(pk=enrolment.pk).update(due_on=yesterday)

    page = text(login(client, w.learner).get(w.short.url))

    assert page.count("Overdue since") == 1
    assert "1 overdue" in page
    home = _learning_card(text(client.get("/")))
    assert "Continue: Second reading" in home
    assert "Overdue" in home and "1 overdue" in home


def test_a_completed_path_is_never_overdue(client, w):
    enrolment = enrol(w.learner, w.single)
    Enrolment.objects.filter(pk=enrolment.pk).update(
        due_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    services.complete_step(enrolment, step(w.single, "first"))

    page = text(login(client, w.learner).get(w.single.url))

    assert "Overdue" not in page and "overdue" not in page


# Continue where you left off


def test_the_home_page_shows_the_next_step(client, w):
    enrolment = enrol(w.learner, w.chain)
    login(client, w.learner)

    card = _learning_card(text(client.get("/")))
    intro = step(w.chain, "intro").module
    assert w.chain.title in card and "0 of 5 steps done" in card
    assert f'href="{intro.url}">Continue: Welcome module' in card

    services.complete_step(enrolment, step(w.chain, "intro"))
    card = _learning_card(text(client.get("/")))
    check = step(w.chain, "check").module
    assert "1 of 5 steps done" in card
    assert f'href="{check.url}">Continue: Know the divisions' in card

    services.complete_step(enrolment, step(w.chain, "check"))
    card = _learning_card(text(client.get("/")))
    assert f'href="{w.chain.url}#step-visit">Continue: Shadow a customer visit' in card


def test_the_home_page_leaves_out_paths_left_or_completed(client, w):
    enrol(w.learner, w.short)
    services.withdraw(_enrolment(w.learner, w.short))
    done = enrol(w.learner, w.single)
    services.complete_step(done, step(w.single, "first"))
    enrol(w.learner, w.chain)

    card = _learning_card(text(login(client, w.learner).get("/")))

    assert "Sales basics" in card
    assert "Short path" not in card and "One step" not in card


def test_the_most_recent_path_comes_first(client, w):
    chain = enrol(w.learner, w.chain)
    enrol(w.learner, w.short)
    services.complete_step(chain, step(w.chain, "intro"))  # the latest activity

    card = _learning_card(text(login(client, w.learner).get("/")))

    assert card.index("Sales basics") < card.index("Short path")


# Completion and certificate


def test_finishing_the_last_step_completes_the_path_with_a_certificate(client, w):
    login(client, w.learner)
    client.post(f"/learning/paths/{w.short.pk}/enrol/")
    for key in ("first", "second"):
        module = step(w.short, key).module
        client.post(f"/learning/modules/{module.pk}/done/")

    enrolment = _enrolment(w.learner, w.short)
    assert enrolment.completed_at is not None
    [note] = Notification.objects.filter(recipient=w.learner.user, verb=Verb.PATH_COMPLETED)
    certificate = f"/learning/certificates/{enrolment.certificate}/"
    assert note.url == certificate and note.subject == "Short path"

    services.complete_step(enrolment, step(w.short, "first"))
    services.complete_step(enrolment, step(w.short, "second"))
    assert _enrolment(w.learner, w.short).completed_at == enrolment.completed_at
    assert _completions(w.learner) == 1

    day = timezone.localtime(enrolment.completed_at)
    page = text(client.get(w.short.url))
    assert f"You completed this path on {day.day} {day:%B %Y}" in page
    assert f'href="{certificate}"' in page

    response = client.get(certificate)
    assert response.status_code == 200
    html = text(response)
    assert "Certificate of completion" in html
    assert '<p class="certificate__name">Lena Lind</p>' in html
    assert '<p class="certificate__path">Short path</p>' in html
    assert f"on {day.day} {day:%B %Y}" in html


def test_there_is_no_certificate_before_the_path_is_complete(client, w):
    enrolment = enrol(w.learner, w.short)
    services.complete_step(enrolment, step(w.short, "first"))

    response = login(client, w.learner).get(f"/learning/certificates/{enrolment.certificate}/")

    assert response.status_code == 404
    assert _completions(w.learner) == 0
