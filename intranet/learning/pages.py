"""What the learning pages show. Each kind of row is loaded once, whatever the number of steps,
learners or attempts, so the pages cost the same for a path of three steps or thirty."""

from django.conf import settings
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from intranet import caching
from intranet.community import permissions
from intranet.converters import parse_id
from intranet.i18n import attach_translations
from intranet.wiki import links
from intranet.wiki.pages import body_context

from . import progress, services
from .blocks import Kind, questions
from .models import Enrolment, ModuleSource, QuizAttempt, Step, StepProgress, Tier

CONTINUE_LIMIT = 3


def path_steps(path, content=None):
    """The path's steps; each gets `shown_title`, `shown_task` and `shown_language`: from the
    translation being read (`content`, the translated path) or the translated module, if any."""
    steps = list(
        Step.objects.filter(path=path).select_related("module").order_by("sort_order", "pk")
    )
    attach_translations(step.module for step in steps)
    translated = {}
    if content is not None and content.pk != path.pk:
        translated = {step.translation_key: step for step in Step.objects.filter(path=content)}
    for step in steps:
        own = translated.get(step.translation_key)
        module = step.module
        if own is not None:
            step.shown_title, step.shown_task = own.title, own.task
            step.shown_language = content.locale.language_code
        elif module is not None and module.content.pk != module.pk:
            step.shown_title, step.shown_task = module.content.title, step.task
            step.shown_language = module.content_language
        else:
            step.shown_title, step.shown_task = step.title, step.task
            step.shown_language = settings.LANGUAGE_CODE
    return steps


def enrolment_of(user, path):
    return (
        Enrolment.objects.filter(user=user, path=path)
        .select_related(
            "mentor__profile__photo", "mentor__profile__division", "mentor__profile__location"
        )
        .first()
    )


def index_context(index, request):
    user = request.user
    community = index.community
    paths = permissions.visible_paths(user)
    if community is not None:
        paths = paths.filter(community=community)
    paths = (
        paths.select_related("community")
        .annotate(
            step_count=Count("steps", distinct=True),
            learner_count=Count(
                "enrolments", filter=Q(enrolments__withdrawn_at=None), distinct=True
            ),
        )
        .order_by("title")
    )
    mine = {
        enrolment.path_id: enrolment
        for enrolment in Enrolment.objects.filter(user=user, withdrawn_at=None)
    }
    return {
        "community": community,
        "paths": [(path, mine.get(path.pk)) for path in paths],
    }


def path_context(path, request, content=None):
    """A path with the learner's progress; the text comes from `content`, the translation read."""
    content = content or path
    user = request.user
    steps = path_steps(path, content)
    enrolment = enrolment_of(user, path)
    active = enrolment is not None and enrolment.is_active
    rows = (
        list(StepProgress.objects.filter(enrolment=enrolment).select_related("reviewed_by"))
        if active
        else []
    )
    found = progress.states(enrolment if active else None, steps, rows)
    return {
        "community": path.community,
        "enrolment": enrolment if active else None,
        "left": enrolment is not None and not enrolment.is_active,
        "states": found,
        "tiers": [
            (value, label, progress.summary(tier_states))
            for value, label, tier_states in progress.by_tier(found)
        ],
        "summary": progress.summary(found) if active else None,
        "next": progress.next_state(found) if active else None,
        "has_transfer": any(step.tier == Tier.TRANSFER for step in steps),
        "can_enrol": permissions.can_see_path(user, path),
        "can_manage": permissions.can_manage_path(user, path),
        "topics": path.topics.all(),
        "audience": {
            "functions": path.audience_job_functions.all(),
            "divisions": path.audience_divisions.all(),
            "locations": path.audience_locations.all(),
        },
        "learner_count": Enrolment.objects.filter(path=path, withdrawn_at=None).count(),
        # The introduction and the audience are the same for every reader: the template caches
        # them until something in the path's community (or the site) changes.
        "fragments": caching.stamp(caching.community(path.community_id), caching.SITE)
        if path.community_id
        else caching.stamp(caching.SITE),
        "intro_blocks": [(block, None) for block in content.intro],
        "wiki_links": SimpleLazyObject(
            lambda: links.urls_for_preview(path.community_id, path.intro.raw_data, request)
        ),
        "wiki_id": None,
    }


def module_context(module, request, form=None, content=None):
    """A module with its reading, its sources, and the learner's knowledge check; the text comes
    from `content`, the translation being read."""
    content = content or module
    user = request.user
    path = module.learning_path
    step = (
        Step.objects.filter(path=path, module=module).order_by("sort_order", "pk").first()
        if path
        else None
    )
    enrolment = enrolment_of(user, path) if path else None
    if enrolment is not None and not enrolment.is_active:
        enrolment = None
    state, attempts = None, []
    if enrolment is not None and step is not None:
        steps = path_steps(path)
        rows = list(StepProgress.objects.filter(enrolment=enrolment).select_related("reviewed_by"))
        state = next(s for s in progress.states(enrolment, steps, rows) if s.step.pk == step.pk)
        attempts = list(QuizAttempt.objects.filter(enrolment=enrolment, step=step))
    quiz = _translated_quiz(questions(module.quiz), questions(content.quiz))
    shown = _shown_attempt(request, attempts)
    can_manage = permissions.can_manage_path(user, path) if path else False
    sources = list(
        ModuleSource.objects.filter(module=module)
        .select_related("page")
        .order_by("sort_order", "pk")
    )
    changed = (
        set(services.changed_sources([module]).values_list("pk", flat=True))
        if can_manage
        else set()
    )
    context = {
        "community": module.community,
        "path": path,
        "step": step,
        "enrolment": enrolment,
        "state": state,
        "quiz": quiz,
        "questions": _form_questions(quiz, form),
        "form": form,
        "attempts": attempts,
        "attempts_left": services.attempts_left(module, len(attempts)),
        "shown": shown,
        "feedback": _feedback(quiz, shown) if shown else [],
        "passed": any(attempt.passed for attempt in attempts),
        "sources": [
            (source, readable, source.pk in changed)
            for source, readable in readable_sources(user, sources)
        ],
        "can_manage": can_manage,
        "changed_count": len(changed),
    }
    urls = links.urls_for_preview(module.community_id, module.body.raw_data, request)
    context.update(body_context(content, request, None, urls))
    return context


def _shape(quiz):
    return [
        (qid, kind, [(aid, correct) for aid, _t, correct, _f in answers])
        for qid, _t, kind, answers in quiz
    ]


def _translated_quiz(source, translated):
    """The translation's questions when they are the source's, question for question and answer
    for answer (wagtail-localize keeps block ids); the source's otherwise. Marking always uses
    the source, so a translation can never change which answer is right."""
    return translated if translated and _shape(translated) == _shape(source) else source


def _form_questions(quiz, form):
    """What the quiz form shows: never which answers are correct, nor their feedback."""
    found = []
    for qid, text, kind, answers in quiz:
        name = f"q-{qid}"
        found.append(
            {
                "name": name,
                "text": text,
                "multiple": kind == Kind.MULTIPLE,
                "answers": [(aid, answer_text) for aid, answer_text, _c, _f in answers],
                "errors": form.errors.get(name, []) if form is not None else [],
                "chosen": set(form.data.getlist(name)) if form is not None else set(),
            }
        )
    return found


def readable_sources(user, sources):
    """[(source, its page if the user may read it, else None)]: two queries for any number.

    A source the user may not read is never named: not even its stored title."""
    readable = {
        page.pk: page
        for page in permissions.visible_pages(user, [s.page for s in sources if s.page])
    }
    return [(source, readable.get(source.page_id)) for source in sources]


def _shown_attempt(request, attempts):
    """The attempt whose results to show: the one just submitted, or the latest."""
    wanted = parse_id(request.GET.get("attempt"))
    for attempt in attempts:
        if attempt.pk == wanted:
            return attempt
    return attempts[0] if attempts else None


def _feedback(quiz, attempt):
    """[(question text, correct?, [(answer text, feedback, chosen, correct-if-revealed)])].

    The correct answers are revealed once the learner has passed; before that, the learner
    sees whether each question was right and the feedback of the answers they chose.
    """
    found = []
    for qid, text, _kind, answers in quiz:
        chosen = set(attempt.answers.get(qid) or [])
        right = chosen == {aid for aid, _t, correct, _f in answers if correct}
        rows = [
            (
                answer_text,
                feedback if aid in chosen else "",
                aid in chosen,
                correct if attempt.passed else None,
            )
            for aid, answer_text, correct, feedback in answers
        ]
        found.append((text, right, rows))
    return found


def continue_learning(user, limit=CONTINUE_LIMIT):
    """[(enrolment, summary, next state, overdue count)] for the home page, most recent first."""
    enrolments = list(
        Enrolment.objects.filter(
            user=user,
            withdrawn_at=None,
            completed_at=None,
            path__in=permissions.visible_paths(user).values("pk"),
        )
        .select_related("path")
        .order_by("-last_activity_at", "-pk")[:limit]
    )
    if not enrolments:
        return []
    steps = {}
    for step in (
        Step.objects.filter(path__in=[e.path_id for e in enrolments])
        .select_related("module")
        .order_by("sort_order", "pk")
    ):
        steps.setdefault(step.path_id, []).append(step)
    rows = {}
    for row in StepProgress.objects.filter(enrolment__in=enrolments):
        rows.setdefault(row.enrolment_id, []).append(row)
    found = []
    for enrolment in enrolments:
        states = progress.states(
            enrolment, steps.get(enrolment.path_id, []), rows.get(enrolment.pk, [])
        )
        found.append((enrolment, progress.summary(states), progress.next_state(states)))
    return found


def step_url(state, path):
    """Where a step is done: its module, or the path page's step anchor."""
    if state.step.module_id and state.step.module is not None:
        return state.step.module.url
    return f"{path.url}#step-{state.step.key}"


def certificate_url(enrolment):
    return reverse("learning:certificate", args=[enrolment.certificate])
