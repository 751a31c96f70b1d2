"""Editors' learning reports: enrolment and completion, overdue learners, quiz pass rates per
question and modules whose sources changed, over the paths the editor manages."""

import csv
from collections import Counter, defaultdict

from django.db.models import Count, Q
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from intranet.community import permissions
from intranet.converters import parse_id
from intranet.csv import safe_cell

from . import pages, progress, services
from .blocks import questions
from .models import Enrolment, ModulePage, QuestionResult, Step, StepProgress

EXPORTS = ("learners", "questions")


def _paths(user, params):
    paths = permissions.managed_paths(user).select_related("community").order_by("title")
    wanted = params.get("path", "")
    if not wanted:
        return paths, None, []
    chosen = paths.filter(pk=parse_id(wanted)).first() if parse_id(wanted) else None
    if chosen is None:
        return paths.none(), None, [_("Choose one of your paths.")]
    return paths.filter(pk=chosen.pk), chosen, []


def learners(paths):
    """[(enrolment, summary)] for every active enrolment in the paths: three queries."""
    enrolments = list(
        Enrolment.objects.filter(path__in=paths, withdrawn_at=None)
        .select_related(
            "path", "user", "user__profile__division", "user__profile__location", "mentor"
        )
        .order_by("path__title", "user__first_name", "user__last_name", "pk")
    )
    steps = defaultdict(list)
    for step in Step.objects.filter(path__in=paths).order_by("sort_order", "pk"):
        steps[step.path_id].append(step)
    rows = defaultdict(list)
    for row in StepProgress.objects.filter(enrolment__in=[e.pk for e in enrolments]):
        rows[row.enrolment_id].append(row)
    today = timezone.localdate()
    return [
        (e, progress.summary(progress.states(e, steps[e.path_id], rows[e.pk], today)))
        for e in enrolments
    ]


def _is_overdue(enrolment, summary, today):
    if enrolment.completed_at is not None:
        return False
    return summary.overdue > 0 or (enrolment.due_on is not None and enrolment.due_on < today)


def _tally(found, key, today):
    counts = defaultdict(Counter)
    for enrolment, summary in found:
        group = key(enrolment)
        counts[group]["enrolled"] += 1
        counts[group]["completed"] += enrolment.completed_at is not None
        counts[group]["overdue"] += _is_overdue(enrolment, summary, today)
    return sorted(counts.items(), key=lambda item: str(item[0]))


def question_rates(paths):
    """[(module, question text, answered, correct, percent)] for every question answered."""
    modules = {module.pk: module for module in ModulePage.objects.filter(learning_path__in=paths)}
    totals = {}
    for row in _counts(modules):
        totals[(row["module"], row["question_id"])] = row
    found = []
    for module in sorted(modules.values(), key=lambda m: m.title):
        for qid, text, _kind, _answers in questions(module.quiz):
            row = totals.get((module.pk, qid))
            if row is None:
                continue
            answered, correct = row["answered"], row["correct"]
            found.append((module, text, answered, correct, round(100 * correct / answered)))
    return found


def _counts(modules):
    return (
        QuestionResult.objects.filter(module__in=list(modules))
        .values("module", "question_id")
        .order_by()
        .annotate(answered=Count("pk"), correct=Count("pk", filter=Q(correct=True)))
    )


def context(user, params):
    paths, chosen, errors = _paths(user, params)
    today = timezone.localdate()
    found = learners(paths)
    by_path = _tally(found, lambda e: e.path.title, today)
    return {
        "all_paths": permissions.managed_paths(user).order_by("title"),
        "chosen": chosen,
        "errors": errors,
        "by_path": by_path,
        "by_division": _tally(
            found, lambda e: getattr(e.user.profile, "division", None) or _("No division"), today
        ),
        "by_location": _tally(
            found, lambda e: getattr(e.user.profile, "location", None) or _("No location"), today
        ),
        "overdue": [(e, s) for e, s in found if _is_overdue(e, s, today)],
        "questions": question_rates(paths),
        "changed": pages.readable_sources(
            user, list(services.changed_sources(ModulePage.objects.filter(learning_path__in=paths)))
        ),
    }


def csv_response(user, kind):
    paths = permissions.managed_paths(user)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="learning-{kind}.csv"'
    writer = csv.writer(response)
    today = timezone.localdate()
    if kind == "learners":
        writer.writerow(
            [
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
        )
        for enrolment, summary in learners(paths):
            profile = enrolment.user.profile
            writer.writerow(
                safe_cell(value)
                for value in [
                    enrolment.path.title,
                    enrolment.user,
                    enrolment.user.username,
                    profile.division or "",
                    profile.location or "",
                    timezone.localtime(enrolment.enrolled_at).date().isoformat(),
                    enrolment.due_on.isoformat() if enrolment.due_on else "",
                    summary.done,
                    summary.total,
                    timezone.localtime(enrolment.completed_at).date().isoformat()
                    if enrolment.completed_at
                    else "",
                    "yes" if _is_overdue(enrolment, summary, today) else "",
                    enrolment.mentor or "",
                ]
            )
    else:
        writer.writerow(["module", "question", "answered", "correct", "percent correct"])
        for module, text, answered, correct, percent in question_rates(paths):
            writer.writerow(safe_cell(v) for v in [module.title, text, answered, correct, percent])
    return response
