"""The demo's onboarding path, from fixtures/demo/learning.toml, with learners part-way through.

The path and its modules are published pages; learners' progress is made through the same
services the site uses (quizzes are scored, goals are checked against the demo's real posts
and reuses), then dated as the fixture says. A path whose slug exists is left alone.
"""

import datetime
import tomllib
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from wagtail.models import Site

from intranet.community.models import CommunityPage, PostPage
from intranet.i18n import sources
from intranet.learning import services
from intranet.learning.blocks import questions
from intranet.learning.models import (
    Enrolment,
    How,
    LearningIndexPage,
    LearningPathPage,
    ModulePage,
    ModuleSource,
    QuizAttempt,
    Status,
    Step,
    StepProgress,
)
from intranet.library.models import LibraryItemPage
from intranet.pages import add_section_once
from intranet.people.models import User
from intranet.wiki import markup
from intranet.wiki.models import WikiPage

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "demo" / "learning.toml"
SOURCES = {"wiki": WikiPage, "post": PostPage, "library": LibraryItemPage}


def catalogue():
    """The site-wide list of learning paths under the home page, made once."""
    home = Site.objects.get(is_default_site=True).root_page
    add_section_once(home, LearningIndexPage, "Learning paths", "learning-paths")


class LearningLoader:
    def __init__(self, progress, fixture=FIXTURE):
        self.progress = progress
        with open(fixture, "rb") as f:
            self.data = tomllib.load(f)
        self.users = {user.username: user for user in User.objects.all()}

    def run(self):
        catalogue()
        created = 0
        for done, row in enumerate(self.data["paths"], 1):
            if not LearningPathPage.objects.filter(slug=row["slug"]).exists():
                with transaction.atomic():
                    self._path(row)
                created += 1
            self.progress("learning paths", done, len(self.data["paths"]))
        if created:
            for done, row in enumerate(self.data["enrolments"], 1):
                with transaction.atomic():
                    self._enrolment(row)
                self.progress("enrolments", done, len(self.data["enrolments"]))
        return created

    def _path(self, row):
        from intranet.taxonomy.models import Division, JobFunction, Location

        community = sources(CommunityPage.objects.all()).get(slug=row["community"])
        add_section_once(community, LearningIndexPage, "Learning", "learning")
        index = LearningIndexPage.objects.child_of(community).get()
        owner = self.users[row["owner"]]
        path = LearningPathPage(
            title=row["title"],
            slug=row["slug"],
            owner=owner,
            summary=row["summary"],
            intro=markup.to_blocks(row["intro"]).blocks,
            onboarding=row["onboarding"],
            estimated_hours=row["estimated_hours"],
        )
        index.add_child(instance=path)
        path.audience_job_functions.set(
            JobFunction.objects.filter(slug__in=row["audience_job_functions"])
        )
        path.audience_divisions.set(Division.objects.filter(slug__in=row["audience_divisions"]))
        path.audience_locations.set(Location.objects.filter(slug__in=row["audience_locations"]))
        path.topics.add(*row.get("topics", []))
        path.save_revision(user=owner).publish()
        for order, step in enumerate(row["steps"]):
            module = self._module(path, step, owner) if step["tier"] == "formal" else None
            Step.objects.create(
                path=path,
                sort_order=order,
                key=step["slug"],
                tier=step["tier"],
                title=step["title"],
                module=module,
                task=step.get("task", ""),
                goal=step.get("goal", ""),
                requires=", ".join(step["requires"]),
                estimated_minutes=step.get("estimated_minutes"),
                due_after_days=step.get("due_after_days"),
            )
        # A revision that includes the steps, so the admin and translations see them.
        path = LearningPathPage.objects.get(pk=path.pk)
        path.save_revision(user=owner).publish()

    def _module(self, path, row, owner):
        module = ModulePage(
            title=row["title"],
            slug=row["slug"],
            owner=owner,
            body=markup.to_blocks(row["body"]).blocks,
            quiz=[
                (
                    "question",
                    {
                        "text": question["text"],
                        "kind": question["kind"],
                        "answers": [
                            {
                                "text": a["text"],
                                "correct": a["correct"],
                                "feedback": a.get("feedback", ""),
                            }
                            for a in question["answers"]
                        ],
                    },
                )
                for question in row.get("questions", [])
            ],
            pass_mark=row.get("pass_mark", 70),
            max_attempts=row.get("max_attempts", 0),
        )
        path.add_child(instance=module)
        for order, source in enumerate(row.get("sources", [])):
            kind, slug = source.split(":", 1)
            page = SOURCES[kind].objects.filter(slug=slug, community=path.community).first()
            if page is None:
                raise ValueError(f"{row['slug']}: no {kind} page {slug!r} in {path.community}")
            ModuleSource.objects.create(
                module=module, page=page, title=page.title, sort_order=order
            )
        module.save_revision(user=owner).publish()
        module = ModulePage.objects.get(pk=module.pk)
        services.mark_module_reviewed(module, owner)
        return module

    def _enrolment(self, row):
        user = self.users[row["user"]]
        path = sources(LearningPathPage.objects.all()).get(slug=row["path"])
        now = timezone.now()
        start = now - datetime.timedelta(days=row["enrolled_days_ago"])
        enrolment, _created = services.enrol(user, path, How.AUTOMATIC)
        Enrolment.objects.filter(pk=enrolment.pk).update(
            enrolled_at=start,
            due_on=timezone.localdate() + datetime.timedelta(days=row["due_in_days"]),
            mentor=self.users[row["mentor"]],
            mentor_reason=row["mentor_reason"],
            mentor_confirmed_by=self.users[path.owner.username],
        )
        enrolment.refresh_from_db()
        steps = {step.key: step for step in Step.objects.filter(path=path).select_related("module")}
        for key in row["completed"]:
            step = steps[key]
            if step.tier == "formal":
                self._pass(enrolment, step, row["quiz_scores"].get(key, 100))
            elif step.tier == "transfer":
                StepProgress.objects.get_or_create(
                    enrolment=enrolment,
                    step=step,
                    defaults={
                        "status": Status.REQUESTED,
                        "requested_at": now,
                        "request_note": row.get("signoff_notes", {}).get(key, ""),
                    },
                )
                row_ = StepProgress.objects.get(enrolment=enrolment, step=step)
                services.sign_off(
                    row_, enrolment.mentor, row.get("signoff_comments", {}).get(key, "")
                )
        for key in row["signoff_requested"]:
            services.request_signoff(
                enrolment, steps[key], row.get("signoff_notes", {}).get(key, "")
            )
        unmet = [
            key
            for key in row["completed"]
            if not StepProgress.objects.filter(
                enrolment=enrolment, step=steps[key], status=Status.DONE
            ).exists()
        ]
        if unmet:
            raise ValueError(f"{user}: the demo's activity does not complete {unmet}")
        self._date(enrolment, start, now)

    def _pass(self, enrolment, step, score):
        """Answer the module's quiz so that it scores `score`: right first, wrong last."""
        quiz = questions(step.module.quiz)
        right = round(score * len(quiz) / 100)
        chosen = {}
        for number, (qid, _text, _kind, answers) in enumerate(quiz):
            correct = [aid for aid, _t, is_correct, _f in answers if is_correct]
            wrong = [aid for aid, _t, is_correct, _f in answers if not is_correct][:1]
            chosen[qid] = correct if number < right else wrong
        attempt = services.submit_quiz(enrolment, step, step.module, chosen)
        if not attempt.passed:
            raise ValueError(f"{step.key}: a demo score of {score} does not pass")

    def _date(self, enrolment, start, now):
        """Spread what happened over the days since enrolment, in the order it happened."""
        rows = list(StepProgress.objects.filter(enrolment=enrolment).order_by("pk"))
        span = (now - start) / (len(rows) + 1)
        for number, row in enumerate(rows, 1):
            when = start + span * number
            StepProgress.objects.filter(pk=row.pk).update(
                completed_at=when if row.completed_at else None,
                requested_at=when if row.requested_at else None,
                reviewed_at=when if row.reviewed_at else None,
            )
            QuizAttempt.objects.filter(enrolment=enrolment, step_id=row.step_id).update(
                created_at=when
            )
        last = start + span * len(rows) if rows else start
        completed = Enrolment.objects.filter(pk=enrolment.pk, completed_at__isnull=False)
        completed.update(completed_at=last)
        Enrolment.objects.filter(pk=enrolment.pk).update(last_activity_at=last)
