"""Enrolling, quizzes, sign-offs, mentors, certificates, distilling and reports.

Paths and modules render through Wagtail; these views act on them and check permission
first through the permissions module.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Page

from intranet import i18n
from intranet.community import permissions

from . import pages, reports, services
from .blocks import questions
from .forms import (
    AssignForm,
    DistilForm,
    MentorForm,
    QuizForm,
    SignoffDecisionForm,
    SignoffRequestForm,
)
from .models import Enrolment, Step, Tier


def _step_of(path, step_id, tier=None):
    step = Step.objects.filter(path=path, pk=step_id).select_related("module").first()
    if step is None or (tier is not None and step.tier != tier):
        raise Http404
    return step


def _my_enrolment(request, path):
    return permissions.my_enrolment(request.user, path)


@require_POST
def enrol(request, path_id):
    path = permissions.path_for(request.user, path_id)
    _enrolment, created = services.enrol(request.user, path)
    if created:
        messages.success(request, _("You are enrolled. Start with the first step below."))
    else:
        messages.success(request, _("Welcome back to this path."))
    return redirect(path.url)


@require_POST
def leave(request, path_id):
    path = permissions.path_for(request.user, path_id)
    services.withdraw(_my_enrolment(request, path))
    messages.success(request, _("You left the path. Your progress is kept if you come back."))
    return redirect(path.url)


@require_POST
def submit_quiz(request, module_id):
    module = permissions.module_for(request.user, module_id)
    path = module.learning_path
    enrolment = _my_enrolment(request, path)
    step = Step.objects.filter(path=path, module=module).order_by("sort_order", "pk").first()
    if step is None:
        raise Http404
    if not module.quiz:
        raise PermissionDenied  # a module without a knowledge check is done by reading it
    form = QuizForm(questions(module.quiz), request.POST)
    if not form.is_valid():
        reading = i18n.reading(module, request)
        context = {
            "page": module,
            "self": module,
            **reading,
            **pages.module_context(module, request, form, reading["content"]),
        }
        return render(request, "learning/module_page.html", context, status=400)
    try:
        attempt = services.submit_quiz(enrolment, step, module, form.chosen())
    except services.StepLocked:
        return _locked(request, module.url)
    except services.NoAttemptsLeft:
        messages.error(request, _("You have used every attempt. Ask your mentor or an editor."))
        return redirect(module.url)
    if attempt.passed:
        messages.success(request, _("You passed with %(score)s%%.") % {"score": attempt.score})
    else:
        messages.warning(
            request,
            _("You scored %(score)s%%. Read the feedback and try again.")
            % {"score": attempt.score},
        )
    return redirect(f"{module.url}?attempt={attempt.pk}#results")


def _locked(request, url):
    messages.error(request, _("Finish the steps this one requires first."))
    response = redirect(url)
    response.status_code = 303
    return response


@require_POST
def complete_reading(request, module_id):
    module = permissions.module_for(request.user, module_id)
    enrolment = _my_enrolment(request, module.learning_path)
    step = Step.objects.filter(path=module.learning_path, module=module).first()
    if step is None or module.quiz:
        raise PermissionDenied  # a module with a knowledge check is done by passing it
    try:
        services.complete_reading(enrolment, step)
    except services.StepLocked:
        return _locked(request, module.url)
    messages.success(request, _("Step done."))
    return redirect(module.learning_path.url)


def request_signoff(request, path_id, step_id):
    path = permissions.path_for(request.user, path_id)
    enrolment = _my_enrolment(request, path)
    step = _step_of(path, step_id, Tier.TRANSFER)
    form = SignoffRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_signoff(enrolment, step, form.cleaned_data["note"])
        except services.StepLocked:
            return _locked(request, path.url)
        messages.success(request, _("Sent to your mentor for sign-off."))
        return redirect(f"{path.url}#step-{step.key}")
    status = 400 if request.method == "POST" else 200
    context = {
        "community": path.community,
        "path": path,
        "step": step,
        "enrolment": enrolment,
        "form": form,
    }
    return render(request, "learning/signoff_request.html", context, status=status)


def _mentees(user):
    return (
        Enrolment.objects.filter(mentor=user, withdrawn_at=None)
        .filter(path__in=permissions.visible_paths(user).values("pk"))
        .select_related("user", "user__profile", "path")
        .order_by("completed_at", "-last_activity_at")
    )


def mentoring(request):
    """Sign-off requests waiting for the user, and their mentees."""
    rows = [
        (row, SignoffDecisionForm(prefix=f"r{row.pk}"))
        for row in services.pending_signoffs(request.user)
    ]
    return render(
        request, "learning/mentoring.html", {"rows": rows, "mentees": _mentees(request.user)}
    )


@require_POST
def decide_signoff(request, progress_id):
    row = permissions.progress_for(request.user, progress_id)
    form = SignoffDecisionForm(request.POST, prefix=f"r{row.pk}")
    if not form.is_valid():
        rows = [
            (other, form if other.pk == row.pk else SignoffDecisionForm(prefix=f"r{other.pk}"))
            for other in services.pending_signoffs(request.user)
        ]
        context = {"rows": rows, "mentees": _mentees(request.user)}
        return render(request, "learning/mentoring.html", context, status=400)
    comment = form.cleaned_data["comment"].strip()
    if form.cleaned_data["decision"] == "approve":
        services.sign_off(row, request.user, comment)
        messages.success(
            request,
            _("Signed off “%(step)s” for %(name)s.")
            % {"step": row.step.title, "name": row.enrolment.user},
        )
    else:
        services.return_signoff(row, request.user, comment)
        messages.success(
            request, _("Returned to %(name)s with your comment.") % {"name": row.enrolment.user}
        )
    return redirect("learning:mentoring")


def choose_mentor(request, enrolment_id):
    enrolment = permissions.enrolment_for(request.user, enrolment_id, "choose_mentor")
    candidates = services.mentor_candidates(enrolment.path).exclude(pk=enrolment.user_id)
    suggestions = services.suggest_mentors(enrolment)
    form = MentorForm(candidates, request.POST or None)
    if request.method == "POST" and form.is_valid():
        mentor = form.cleaned_data["person"]
        reason = {profile.user_id: why for profile, why in suggestions}.get(mentor.pk, "")
        services.set_mentor(enrolment, mentor, request.user, reason)
        messages.success(request, _("%(name)s is the mentor now.") % {"name": mentor})
        return redirect(enrolment.path.url)
    status = 400 if request.method == "POST" else 200
    context = {"enrolment": enrolment, "suggestions": suggestions, "form": form}
    return render(request, "learning/choose_mentor.html", context, status=status)


def assign(request, path_id):
    path = permissions.path_for(request.user, path_id, "manage")
    form = AssignForm(path, request.POST or None)
    if request.method == "POST" and form.is_valid():
        people = form.cleaned_data["people"]
        services.assign(path, people, request.user, form.cleaned_data["due_on"])
        messages.success(request, _("Assigned to %(n)s people.") % {"n": len(people)})
        return redirect(path.url)
    status = 400 if request.method == "POST" else 200
    return render(request, "learning/assign.html", {"path": path, "form": form}, status=status)


def certificate(request, certificate):
    enrolment = (
        Enrolment.objects.select_related(
            "user", "user__profile", "path", "path__community", "mentor"
        )
        .filter(certificate=certificate, completed_at__isnull=False)
        .first()
    )
    if enrolment is None or not permissions.can_view_enrolment(request.user, enrolment):
        raise Http404
    return render(request, "learning/certificate.html", {"enrolment": enrolment})


def my_learning(request):
    enrolments = (
        Enrolment.objects.filter(user=request.user, withdrawn_at=None)
        .filter(path__in=permissions.visible_paths(request.user).values("pk"))
        .select_related("path", "mentor")
        .order_by("completed_at", "-last_activity_at")
    )
    context = {
        "current": pages.continue_learning(request.user, limit=None),
        "enrolments": enrolments,
    }
    return render(request, "learning/my_learning.html", context)


def distil(request, page_id):
    source = Page.objects.filter(pk=page_id).first()
    source = source.specific if source is not None else None
    if source is None or not permissions.can_read_source(request.user, source):
        raise Http404
    paths = permissions.distil_paths(request.user, source)
    if not paths:
        raise PermissionDenied
    form = DistilForm(paths, request.POST or None, initial={"title": source.title[:200]})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        module = services.distil(source, data["path"], request.user, data["title"])
        messages.success(
            request,
            _("Started a module draft from “%(title)s”. Add it to a step and publish it.")
            % {"title": source.title},
        )
        return redirect(reverse("wagtailadmin_pages:edit", args=[module.pk]))
    status = 400 if request.method == "POST" else 200
    return render(request, "learning/distil.html", {"source": source, "form": form}, status=status)


@require_POST
def review_module(request, module_id):
    module = permissions.module_for(request.user, module_id, "manage")
    services.mark_module_reviewed(module, request.user)
    messages.success(request, _("Marked as reviewed against its sources as they are now."))
    return redirect(module.url)


def report(request):
    if not permissions.managed_paths(request.user).exists():
        raise PermissionDenied
    context = reports.context(request.user, request.GET)
    if context.get("errors"):
        return render(request, "learning/report.html", context, status=400)
    return render(request, "learning/report.html", context)


def export(request, kind):
    if not permissions.managed_paths(request.user).exists():
        raise PermissionDenied
    if kind not in reports.EXPORTS:
        raise Http404
    return reports.csv_response(request.user, kind)
