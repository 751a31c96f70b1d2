"""Enrolling, progressing, quizzes, mentors and distilling; the views check permission first.

Completing a step is idempotent: the (enrolment, step) pair is unique, and a step or a path
turns done with a conditional update, so repeated and concurrent requests complete it once
and notify once.
"""

from django.db import IntegrityError, transaction
from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from intranet.community import permissions
from intranet.community.models import Comment, Membership, PostPage
from intranet.community.models import Status as MemberStatus
from intranet.i18n import sources
from intranet.library.models import LibraryFile
from intranet.notifications.models import Verb
from intranet.notifications.services import notify
from intranet.pages import unique_child_slug
from intranet.people.models import Profile, ProfileExpertise, User

from . import goals, progress
from .blocks import Kind, questions
from .models import (
    Enrolment,
    How,
    LearningPathPage,
    ModulePage,
    ModuleSource,
    QuestionResult,
    QuizAttempt,
    Status,
    Step,
    StepProgress,
    Tier,
)


class StepLocked(Exception):
    """The step's required steps are not done yet."""


class NoAttemptsLeft(Exception):
    """The learner used every attempt the module allows."""


def _community(path):
    return path.community if path.community_id else None


def _steps(path):
    return list(
        Step.objects.filter(path=path).select_related("module").order_by("sort_order", "pk")
    )


def _rows(enrolment):
    return list(StepProgress.objects.filter(enrolment=enrolment))


def touch(enrolment):
    Enrolment.objects.filter(pk=enrolment.pk).update(last_activity_at=timezone.now())


# Enrolment


@transaction.atomic
def enrol(user, path, how=How.SELF, by=None, due_on=None):
    """Enrol `user` (again, if they had left); returns (enrolment, created)."""
    try:
        with transaction.atomic():
            enrolment, created = Enrolment.objects.get_or_create(
                user=user,
                path=path,
                defaults={"how": how, "assigned_by": by, "due_on": due_on},
            )
    except IntegrityError:  # a concurrent request enrolled them first
        enrolment, created = Enrolment.objects.get(user=user, path=path), False
    changed = []
    if not created:
        if enrolment.withdrawn_at is not None and how != How.AUTOMATIC:
            enrolment.withdrawn_at = None
            changed.append("withdrawn_at")
        if how == How.ASSIGNED:
            enrolment.how, enrolment.assigned_by, enrolment.due_on = how, by, due_on
            changed += ["how", "assigned_by", "due_on"]
        if changed:
            enrolment.save(update_fields=changed)
    if created or how == How.ASSIGNED or "withdrawn_at" in changed:
        check_goals(enrolment)
    return enrolment, created


def withdraw(enrolment):
    Enrolment.objects.filter(pk=enrolment.pk, withdrawn_at=None).update(withdrawn_at=timezone.now())


def assign(path, people, by, due_on):
    """Assign the path to each person with a due date; returns how many were notified."""
    for person in people:
        enrol(person, path, How.ASSIGNED, by=by, due_on=due_on)
    return notify(
        people,
        actor=by,
        verb=Verb.LEARNING_ASSIGNED,
        subject=path.title,
        detail=_("Due by %(date)s") % {"date": due_on.isoformat()},
        url=path.url,
        community=_community(path),
    )


def audience_paths(profile):
    """Live onboarding paths whose audience matches the profile (an empty audience: everyone)."""
    functions = list(profile.job_functions.values_list("pk", flat=True))
    paths = sources(LearningPathPage.objects.live()).filter(onboarding=True)
    paths = paths.filter(
        Q(audience_job_functions=None) | Q(audience_job_functions__in=functions or [0])
    )
    paths = paths.filter(Q(audience_divisions=None) | Q(audience_divisions=profile.division_id))
    paths = paths.filter(Q(audience_locations=None) | Q(audience_locations=profile.location_id))
    return paths.distinct().select_related("community")


def auto_enrol(user):
    """Enrol a newcomer in their onboarding paths, once: someone who left is not enrolled again."""
    profile = Profile.objects.filter(user=user).first()
    if profile is None or not user.is_active:
        return []
    known = set(Enrolment.objects.filter(user=user).values_list("path_id", flat=True))
    created = []
    for path in audience_paths(profile):
        if path.pk in known or not permissions.can_see_path(user, path):
            continue
        enrolment, new = enrol(user, path, How.AUTOMATIC)
        if new:
            created.append(enrolment)
            notify(
                [user],
                actor=None,
                verb=Verb.LEARNING_ENROLLED,
                subject=path.title,
                detail=_("Your onboarding path"),
                url=path.url,
                community=_community(path),
            )
    return created


# Progress


def complete_step(enrolment, step, by=None):
    """Mark the step done; True only for the call that actually completed it."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                row, _created = StepProgress.objects.get_or_create(
                    enrolment=enrolment,
                    step=step,
                    defaults={"status": Status.DONE, "completed_at": timezone.now()},
                )
                newly = _created
        except IntegrityError:
            row, newly = StepProgress.objects.get(enrolment=enrolment, step=step), False
        if not newly:
            newly = bool(
                StepProgress.objects.filter(pk=row.pk)
                .exclude(status=Status.DONE)
                .update(status=Status.DONE, completed_at=timezone.now(), reviewed_by=by)
            )
    if newly:
        touch(enrolment)
        _after_progress(enrolment)
    return newly


def _after_progress(enrolment):
    """Goals unlocked by the step just done may already be met; a finished path completes."""
    check_goals(enrolment)
    steps = _steps(enrolment.path)
    found = progress.states(enrolment, steps, _rows(enrolment))
    if steps and all(state.done for state in found):
        finished = Enrolment.objects.filter(pk=enrolment.pk, completed_at=None).update(
            completed_at=timezone.now()
        )
        if finished:
            enrolment.refresh_from_db()
            from intranet.recognition import services as recognition

            recognition.refresh_enrolment(enrolment)
            notify(
                [enrolment.user],
                actor=None,
                verb=Verb.PATH_COMPLETED,
                subject=enrolment.path.title,
                detail=_("Your certificate is ready"),
                url=reverse("learning:certificate", args=[enrolment.certificate]),
                community=_community(enrolment.path),
            )


def check_goals(enrolment):
    """Complete the enrolment's unlocked exchange steps whose goal the learner has met."""
    if not enrolment.is_active:
        return
    steps = _steps(enrolment.path)
    if not any(step.tier == Tier.EXCHANGE for step in steps):
        return
    community = _community(enrolment.path)
    for state in progress.states(enrolment, steps, _rows(enrolment)):
        step = state.step
        if step.tier != Tier.EXCHANGE or state.status != progress.AVAILABLE:
            continue
        if goals.met(step.goal, enrolment.user, community):
            complete_step(enrolment, step)
            return  # complete_step checked the rest, with the progress it made


def activity(user):
    """Something the user did may meet a participation goal of one of their paths."""
    if user is None or not user.is_authenticated:
        return
    for enrolment in (
        Enrolment.objects.filter(
            user=user, withdrawn_at=None, completed_at=None, path__steps__tier=Tier.EXCHANGE
        )
        .distinct()
        .select_related("path", "path__community", "user")
    ):
        check_goals(enrolment)


def _unlocked_or_raise(enrolment, step):
    if not progress.unlocked(enrolment, _steps(enrolment.path), _rows(enrolment), step):
        raise StepLocked(step)


def complete_reading(enrolment, step):
    """A formal step without a knowledge check is done once read."""
    _unlocked_or_raise(enrolment, step)
    return complete_step(enrolment, step)


# Quizzes


def attempts_left(module, used):
    return None if not module.max_attempts else max(module.max_attempts - used, 0)


@transaction.atomic
def submit_quiz(enrolment, step, module, chosen):
    """Score `chosen` ({question id: [answer ids]}) against the live quiz on the server."""
    _unlocked_or_raise(enrolment, step)
    Enrolment.objects.select_for_update().filter(pk=enrolment.pk).first()  # one attempt at a time
    used = QuizAttempt.objects.filter(enrolment=enrolment, step=step).count()
    if module.max_attempts and used >= module.max_attempts:
        raise NoAttemptsLeft(step)
    results = score(module, chosen)
    total = len(results)
    right = sum(1 for correct in results.values() if correct)
    percent = round(100 * right / total) if total else 100
    attempt = QuizAttempt.objects.create(
        enrolment=enrolment,
        step=step,
        module=module,
        score=percent,
        passed=percent >= module.pass_mark,
        answers={qid: sorted(ids) for qid, ids in chosen.items()},
    )
    QuestionResult.objects.bulk_create(
        QuestionResult(attempt=attempt, module=module, question_id=qid, correct=correct)
        for qid, correct in results.items()
    )
    touch(enrolment)
    if attempt.passed:
        complete_step(enrolment, step)
    return attempt


def score(module, chosen):
    """{question id: answered right} — right means exactly the correct answers were chosen."""
    results = {}
    for qid, _text, kind, answers in questions(module.quiz):
        picked = set(chosen.get(qid) or [])
        correct = {aid for aid, _t, is_correct, _f in answers if is_correct}
        if kind == Kind.SINGLE and len(picked) > 1:
            results[qid] = False
        else:
            results[qid] = picked == correct
    return results


# Sign-off


def request_signoff(enrolment, step, note):
    _unlocked_or_raise(enrolment, step)
    now = timezone.now()
    with transaction.atomic():
        row, created = StepProgress.objects.select_for_update().get_or_create(
            enrolment=enrolment,
            step=step,
            defaults={"status": Status.REQUESTED, "requested_at": now, "request_note": note},
        )
        if not created:
            if row.status != Status.RETURNED:
                return row  # done or already waiting: nothing to ask
            row.status, row.requested_at, row.request_note = Status.REQUESTED, now, note
            row.save(update_fields=["status", "requested_at", "request_note"])
    touch(enrolment)
    notify(
        _signers(enrolment),
        actor=enrolment.user,
        verb=Verb.SIGNOFF_REQUESTED,
        subject=step.title,
        detail=str(enrolment.user),
        url=reverse("learning:mentoring"),
        community=_community(enrolment.path),
    )
    return row


def _signers(enrolment):
    if enrolment.mentor_id:
        return [enrolment.mentor]
    return list(path_managers(enrolment.path))


def path_managers(path):
    if path.community_id is None:
        return User.objects.filter(is_superuser=True, is_active=True)
    editors = Membership.objects.filter(
        community_id=path.community_id, status=MemberStatus.ACTIVE, role="editor"
    )
    return User.objects.filter(is_active=True, pk__in=editors.values("user"))


def sign_off(row, by, comment=""):
    StepProgress.objects.filter(pk=row.pk).update(
        reviewed_by=by, reviewed_at=timezone.now(), review_comment=comment
    )
    newly = complete_step(row.enrolment, row.step, by=by)
    if newly:
        notify(
            [row.enrolment.user],
            actor=by,
            verb=Verb.SIGNOFF_APPROVED,
            subject=row.step.title,
            detail=comment,
            url=row.enrolment.path.url,
            community=_community(row.enrolment.path),
        )
    return newly


def return_signoff(row, by, comment):
    returned = StepProgress.objects.filter(pk=row.pk, status=Status.REQUESTED).update(
        status=Status.RETURNED, reviewed_by=by, reviewed_at=timezone.now(), review_comment=comment
    )
    if returned:
        notify(
            [row.enrolment.user],
            actor=by,
            verb=Verb.SIGNOFF_RETURNED,
            subject=row.step.title,
            detail=comment,
            url=row.enrolment.path.url,
            community=_community(row.enrolment.path),
        )
    return bool(returned)


def pending_signoffs(user):
    """Sign-off requests waiting for the user: from their mentees, and in paths they manage
    for learners who have no mentor yet."""
    managed = permissions.managed_paths(user).values("pk")
    rows = StepProgress.objects.filter(
        status=Status.REQUESTED, enrolment__withdrawn_at=None
    ).exclude(enrolment__user=user)
    rows = rows.filter(
        Q(enrolment__mentor=user) | Q(enrolment__mentor=None, enrolment__path__in=managed)
    ).filter(enrolment__path__in=permissions.visible_paths(user).values("pk"))
    return rows.select_related("step", "enrolment__user__profile", "enrolment__path").order_by(
        "requested_at", "pk"
    )


# Mentors


def needs_mentor(path):
    return Step.objects.filter(path=path, tier=Tier.TRANSFER).exists()


def mentor_candidates(path):
    """People who may mentor on the path: active members of its community (everyone active,
    for a site-wide path)."""
    users = User.objects.filter(is_active=True)
    if path.community_id is None:
        return users
    return permissions.readers(path.community, users).filter(
        memberships__community_id=path.community_id, memberships__status=MemberStatus.ACTIVE
    )


def suggest_mentors(enrolment, limit=5):
    """[(profile, reason)] best first: members whose expertise matches the path's topics or the
    learner's own, preferring the same location, then the same division."""
    learner = Profile.objects.select_related("location", "division").get(user=enrolment.user)
    wanted = set(enrolment.path.topics.values_list("pk", flat=True))
    wanted |= set(learner.expertise.values_list("pk", flat=True))
    wanted |= set(learner.interests.values_list("pk", flat=True))
    candidates = mentor_candidates(enrolment.path).exclude(pk=enrolment.user_id)
    busy = Enrolment.objects.filter(path=enrolment.path, completed_at=None, withdrawn_at=None)
    shared = Subquery(
        ProfileExpertise.objects.filter(content_object=OuterRef("pk"), tag__in=wanted)
        .values("content_object")
        .annotate(n=Count("pk"))
        .values("n")[:1],
        output_field=IntegerField(),
    )
    profiles = (
        Profile.objects.filter(user__in=candidates.values("pk"))
        .exclude(user__in=busy.values("user"))
        .annotate(
            shared=shared,
            same_location=_same("location_id", learner.location_id),
            same_division=_same("division_id", learner.division_id),
        )
        .filter(shared__gt=0)
        .select_related("user", "location", "division", "photo")
        .prefetch_related("expertise")
        .order_by("-same_location", "-same_division", "-shared", "user__first_name", "pk")[:limit]
    )
    return [(profile, _reason(profile, wanted, learner)) for profile in profiles]


def _same(field, value):
    if value is None:
        return Value(0, output_field=IntegerField())
    return Case(When(**{field: value}, then=1), default=0, output_field=IntegerField())


def _reason(profile, wanted, learner):
    tags = [tag.name for tag in profile.expertise.all() if tag.pk in wanted]
    parts = [_("Expertise in %(tags)s") % {"tags": ", ".join(sorted(tags))}]
    if profile.same_location:
        parts.append(_("same location, %(place)s") % {"place": learner.location})
    elif profile.same_division:
        parts.append(_("same division, %(division)s") % {"division": learner.division})
    return "; ".join(parts)


def set_mentor(enrolment, mentor, by, reason=""):
    Enrolment.objects.filter(pk=enrolment.pk).update(
        mentor=mentor, mentor_reason=reason[:300], mentor_confirmed_by=by
    )
    enrolment.mentor, enrolment.mentor_reason, enrolment.mentor_confirmed_by = mentor, reason, by
    notify(
        [mentor],
        actor=by,
        verb=Verb.MENTOR_CHOSEN,
        subject=enrolment.path.title,
        detail=str(enrolment.user),
        url=reverse("learning:mentoring"),
        community=_community(enrolment.path),
    )


# Distilling and review


def _marks():
    """What a source looks like now, as annotations of ModuleSource: its latest revision
    (0 when unpublished or deleted), newest comment, accepted answer and newest file version."""
    comments = Comment.objects.filter(post_id=OuterRef("page_id"), deleted_at=None)
    files = LibraryFile.objects.filter(item_id=OuterRef("page_id"))
    return {
        "revision": Case(
            When(page__live=True, then=F("page__latest_revision_id")),
            default=Value(0),
            output_field=IntegerField(),
        ),
        "newest": Subquery(comments.order_by("-pk").values("pk")[:1]),
        "answer": Subquery(comments.filter(accepted=True).values("pk")[:1]),
        "file": Subquery(files.order_by("-pk").values("pk")[:1]),
    }


# Each mark and the field that keeps what it was at the last review.
SEEN = {
    "revision": "seen_revision_id",
    "newest": "seen_comment_id",
    "answer": "seen_answer_id",
    "file": "seen_file_id",
}


def remember_sources(module):
    """Record what the module's sources look like now: reviewed as they are."""
    sources = list(ModuleSource.objects.filter(module=module).annotate(**_marks()))
    for source in sources:
        for mark, seen in SEEN.items():
            setattr(source, seen, getattr(source, mark))
    ModuleSource.objects.bulk_update(sources, list(SEEN.values()))


def changed_sources(modules=None):
    """Sources that changed after their module was last reviewed (one query): a new revision,
    a new comment, another accepted answer, a new file version, or unpublished or deleted."""
    sources = (
        ModuleSource.objects.all()
        if modules is None
        else ModuleSource.objects.filter(module__in=modules)
    )
    moved = Q()
    for mark, seen in SEEN.items():
        moved |= _moved(mark, seen)
    return (
        sources.annotate(**_marks())
        .filter(moved)
        .select_related("module", "page")
        .order_by("module__title", "sort_order", "pk")
    )


def _moved(current, seen):
    """`current` differs from `seen`, where either may be NULL."""
    return (
        (Q(**{f"{current}__isnull": False}) & Q(**{f"{seen}__isnull": True}))
        | (Q(**{f"{current}__isnull": True}) & Q(**{f"{seen}__isnull": False}))
        | (Q(**{f"{current}__isnull": False}) & ~Q(**{current: F(seen)}))
    )


def mark_module_reviewed(module, by):
    remember_sources(module)
    now = timezone.now()
    ModulePage.objects.filter(pk=module.pk).update(last_reviewed_at=now, last_reviewed_by=by)
    module.last_reviewed_at, module.last_reviewed_by = now, by


@transaction.atomic
def distil(source, path, by, title):
    """Start a module draft in `path` from a post, discussion or wiki page; returns the draft."""
    from intranet.wiki.models import WikiPage

    source = source.specific
    if isinstance(source, WikiPage):
        body = source.body.raw_data
    else:
        body = [
            {"type": "text", "value": getattr(source, "body", "") or getattr(source, "summary", "")}
        ]
        if isinstance(source, PostPage):
            answer = Comment.objects.filter(post=source, accepted=True, deleted_at=None).first()
            if answer is not None:
                body.append(
                    {
                        "type": "callout",
                        "value": {"kind": "tip", "text": _escape_paragraphs(answer.body)},
                    }
                )
    module = ModulePage(
        title=title,
        slug=unique_child_slug(path, title, "module"),
        owner=by,
        body=body,
        live=False,
    )
    path.add_child(instance=module)
    ModuleSource.objects.create(module=module, page=source, title=source.title)
    mark_module_reviewed(module, by)  # first: the draft's revision keeps these fingerprints
    module.refresh_from_db()
    module.save_revision(user=by, log_action=True)
    return module


def _escape_paragraphs(text):
    return "".join(f"<p>{escape(part)}</p>" for part in text.split("\n\n") if part.strip())


def stale_sources(user):
    """Changed sources of modules in the paths the user manages."""
    managed = permissions.managed_paths(user).values("pk")
    return changed_sources(ModulePage.objects.filter(learning_path__in=managed))
