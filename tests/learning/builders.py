"""Builders for the learning tests: paths, steps, modules with quizzes, and enrolments.

They create pages the way the demo loader does and act through intranet.learning.services,
as the views do.
"""

from intranet.learning import services
from intranet.learning.blocks import questions
from intranet.learning.models import (
    LearningIndexPage,
    LearningPathPage,
    ModulePage,
    ModuleSource,
    Step,
)
from intranet.wiki import markup


def _user(person):
    return getattr(person, "user", person)


def learning_of(community):
    """The community's learning section (every published community gets one)."""
    return LearningIndexPage.objects.child_of(community).get()


def quiz(*specs):
    """Quiz blocks from (text, kind, [(answer, correct, feedback)]) tuples."""
    return [
        (
            "question",
            {
                "text": text,
                "kind": kind,
                "answers": [
                    {"text": answer, "correct": correct, "feedback": feedback}
                    for answer, correct, feedback in answers
                ],
            },
        )
        for text, kind, answers in specs
    ]


TWO_QUESTIONS = quiz(
    (
        "Which division runs the alarm centre?",
        "single",
        [
            ("Secure", True, "Right: Secure runs it."),
            ("Technical", False, "No: Technical maintains buildings."),
            ("Facility", False, "No: Facility cleans."),
        ],
    ),
    (
        "Which services does Technical sell?",
        "multiple",
        [
            ("HVAC maintenance", True, "Yes."),
            ("EV charging", True, "Yes."),
            ("Guarding", False, "No: that is Secure."),
        ],
    ),
)


def make_path(community, owner, title="New sales rep onboarding", steps=(), **fields):
    """A published path in the community's learning section (site-wide with community=None).

    `steps` are dicts for Step (key, tier, title, ...); a formal step may give `module` as a
    dict of ModulePage fields (title, text, quiz, pass_mark, max_attempts, sources).
    """
    from intranet.home.models import HomePage
    from intranet.pages import add_section_once

    if community is None:
        home = HomePage.objects.get(locale__language_code="en")
        add_section_once(home, LearningIndexPage, "Learning paths", "learning-paths")
        parent = LearningIndexPage.objects.child_of(home).get()
    else:
        parent = learning_of(community)
    audience = {
        name: fields.pop(name, ())
        for name in ("audience_job_functions", "audience_divisions", "audience_locations")
    }
    topics = fields.pop("topics", ())
    path = LearningPathPage(
        title=title,
        slug=fields.pop("slug", None) or title.lower().replace(" ", "-")[:60],
        owner=_user(owner),
        summary=fields.pop("summary", "What every new seller needs."),
        **fields,
    )
    parent.add_child(instance=path)
    for name, terms in audience.items():
        getattr(path, name).set(terms)
    if topics:
        path.topics.add(*topics)
    path.save_revision(user=_user(owner)).publish()
    path = LearningPathPage.objects.get(pk=path.pk)
    for order, spec in enumerate(steps):
        spec = dict(spec)
        module = spec.pop("module", None)
        if module is not None:
            module = make_module(path, owner, **module)
        Step.objects.create(path=path, sort_order=order, module=module, **spec)
    return LearningPathPage.objects.get(pk=path.pk)


def make_module(
    path, owner, title="Know the divisions", text="## Three divisions\n\nRead on.", **fields
):
    sources = fields.pop("sources", ())
    module = ModulePage(
        title=title,
        slug=fields.pop("slug", None) or title.lower().replace(" ", "-")[:60],
        owner=_user(owner),
        body=markup.to_blocks(text).blocks,
        **fields,
    )
    path.add_child(instance=module)
    for order, page in enumerate(sources):
        ModuleSource.objects.create(module=module, page=page, title=page.title, sort_order=order)
    module.save_revision(user=_user(owner)).publish()
    module = ModulePage.objects.get(pk=module.pk)
    services.mark_module_reviewed(module, _user(owner))
    return ModulePage.objects.get(pk=module.pk)


def three_tier_steps(quiz_blocks=None, **module_fields):
    """Four steps: a formal module (with a quiz), an exchange goal, and a transfer task that
    needs the module, then a second formal module that needs the task."""
    return [
        {
            "key": "divisions",
            "tier": "formal",
            "title": "Know the divisions",
            "module": {
                "title": "Know the divisions",
                "quiz": TWO_QUESTIONS if quiz_blocks is None else quiz_blocks,
                **module_fields,
            },
        },
        {
            "key": "first-post",
            "tier": "exchange",
            "title": "Ask your first question",
            "goal": "first_post",
            "task": "Publish a question in the community.",
        },
        {
            "key": "shadow",
            "tier": "transfer",
            "title": "Shadow a customer visit",
            "task": "Join a **customer meeting** and write the note.",
            "requires": "divisions",
        },
        {
            "key": "pricing",
            "tier": "formal",
            "title": "Price a bundle",
            "requires": "shadow",
            "module": {"title": "Price a bundle", "text": "Weighted indices."},
        },
    ]


def right_answers(module):
    """{question id: [answer ids]} that answer every question of the module right."""
    return {
        qid: [aid for aid, _text, correct, _feedback in answers if correct]
        for qid, _text, _kind, answers in questions(module.quiz)
    }


def wrong_answers(module):
    """{question id: [answer id]}: one wrong answer to every question."""
    return {
        qid: [next(aid for aid, _text, correct, _feedback in answers if not correct)]
        for qid, _text, _kind, answers in questions(module.quiz)
    }


def quiz_post_data(module, chosen):
    """What the quiz form posts for `chosen` ({question id: [answer ids]})."""
    return {f"q-{qid}": ids for qid, ids in chosen.items()}


def step(path, key):
    return Step.objects.select_related("module").get(path=path, key=key)


def enrol(person, path, **kwargs):
    enrolment, _created = services.enrol(_user(person), path, **kwargs)
    return enrolment
