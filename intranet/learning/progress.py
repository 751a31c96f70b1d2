"""Where a learner stands on each step of a path: worked out from rows already loaded.

`states()` takes the path's steps and the enrolment's progress rows and needs no queries, so
pages that show many steps or many learners load each kind of row once.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from .models import Status, Tier

DONE, REQUESTED, RETURNED, AVAILABLE, LOCKED = (
    Status.DONE,
    Status.REQUESTED,
    Status.RETURNED,
    "available",
    "locked",
)


@dataclass
class StepState:
    step: object
    status: str
    row: object = None
    missing: list = field(default_factory=list)  # titles of required steps not done yet
    due_on: datetime.date | None = None
    overdue: bool = False

    @property
    def done(self):
        return self.status == DONE

    @property
    def open(self):
        """The learner can act on the step now."""
        return self.status in (AVAILABLE, RETURNED)


def due_date(enrolment, step):
    dates = []
    if step.due_after_days is not None:
        start = timezone.localtime(enrolment.enrolled_at).date()
        dates.append(start + datetime.timedelta(days=step.due_after_days))
    if enrolment.due_on is not None:
        dates.append(enrolment.due_on)
    return min(dates) if dates else None


def states(enrolment, steps, rows, today=None):
    """[StepState] in the path's order; `rows` are the enrolment's StepProgress rows."""
    today = today or timezone.localdate()
    by_step = {row.step_id: row for row in rows}
    done_keys = {step.key for step in steps if _status(by_step.get(step.pk)) == DONE}
    titles = {step.key: step.title for step in steps}
    found = []
    for step in steps:
        row = by_step.get(step.pk)
        status = _status(row)
        missing = [
            titles[key] for key in step.required_keys if key in titles and key not in done_keys
        ]
        if status is None:
            status = LOCKED if missing else AVAILABLE
        due = due_date(enrolment, step) if enrolment is not None else None
        overdue = (
            enrolment is not None
            and enrolment.completed_at is None
            and status != DONE
            and due is not None
            and due < today
        )
        found.append(StepState(step, status, row, missing, due, overdue))
    return found


def _status(row):
    return row.status if row is not None else None


def unlocked(enrolment, steps, rows, step):
    """Whether `step` has all its required steps done."""
    for state in states(enrolment, steps, rows):
        if state.step.pk == step.pk:
            return not state.missing
    return False


def next_state(found):
    """The step to continue with: the first one the learner can act on."""
    return next((state for state in found if state.open), None)


@dataclass
class Summary:
    done: int
    total: int
    overdue: int
    waiting: int

    @property
    def percent(self):
        return round(100 * self.done / self.total) if self.total else 0


def summary(found):
    return Summary(
        done=sum(1 for state in found if state.done),
        total=len(found),
        overdue=sum(1 for state in found if state.overdue),
        waiting=sum(1 for state in found if state.status == REQUESTED),
    )


def by_tier(found):
    """[(tier value, label, [StepState])] in the tiers' order, leaving out empty tiers."""
    return [
        (tier.value, tier.label, [state for state in found if state.step.tier == tier.value])
        for tier in Tier
        if any(state.step.tier == tier.value for state in found)
    ]
