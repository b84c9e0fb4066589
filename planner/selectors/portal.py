"""What the patient portal reads. Every function takes the signed-in patient and reaches only
that patient's plans and logs (``for_patient``). Records voided as entered in error are left out
(``in_force``): they count for nothing and are not shown."""

import datetime

from django.db.models import Prefetch

from exercises.models import AtrophyKind
from planner.models import Assignment, ProgramExercise, SessionLog


def current_plans(patient, today: datetime.date) -> list[Assignment]:
    """The patient's plans running today, each with its exercises in order and, on each
    exercise, ``today_log``: what the patient logged for it today (or None)."""
    items = ProgramExercise.objects.select_related("exercise").order_by("position")
    plans = list(
        Assignment.objects.for_patient(patient)
        .current(today)
        .select_related("program")
        .prefetch_related(Prefetch("program__items", queryset=items))
        .order_by("starts_on", "pk")
    )
    logged = {
        log.program_exercise_id: log
        for log in SessionLog.objects.in_force().filter(assignment__in=plans, performed_on=today)
    }
    for plan in plans:
        for item in plan.program.items.all():
            item.today_log = logged.get(item.pk)
    return plans


def needs_heaviness_check(patient, today: datetime.date) -> bool:
    """Neurogenic patients are asked, the day after, whether the limb feels heavier or weaker."""
    if patient.atrophy_type != AtrophyKind.NEUROGENIC:
        return False
    yesterday = today - datetime.timedelta(days=1)
    return (
        SessionLog.objects.for_patient(patient)
        .in_force()
        .filter(performed_on=yesterday, done=True, heavier_next_day=None)
        .exists()
    )


def current_item(patient, item_id: int, today: datetime.date):
    """(exercise row, its plan) for an exercise of one of the patient's current plans, or None."""
    current = Assignment.objects.for_patient(patient).current(today)
    item = (
        ProgramExercise.objects.select_related("exercise", "program")
        .filter(pk=item_id, program__assignments__in=current)
        .first()
    )
    if item is None:
        return None
    return item, current.get(program=item.program)


def logged_session(assignment: Assignment, item: ProgramExercise, day: datetime.date):
    return (
        SessionLog.objects.in_force()
        .filter(assignment=assignment, program_exercise=item, performed_on=day)
        .first()
    )


def history_weeks(patient, today: datetime.date, *, weeks: int) -> tuple[list[dict], datetime.date]:
    """The patient's logs of the last ``weeks`` weeks (Monday to Sunday), newest week first,
    and the first day shown."""
    monday = today - datetime.timedelta(days=today.weekday())
    first_day = monday - datetime.timedelta(weeks=weeks - 1)
    logs = (
        SessionLog.objects.for_patient(patient)
        .in_force()
        .filter(performed_on__gte=first_day)
        .select_related("program_exercise__exercise")
        .order_by("-performed_on", "program_exercise__position")
    )
    by_week: dict[datetime.date, list[SessionLog]] = {}
    for log in logs:
        start = log.performed_on - datetime.timedelta(days=log.performed_on.weekday())
        by_week.setdefault(start, []).append(log)
    week_list = [
        {
            "start": start,
            "end": start + datetime.timedelta(days=6),
            "logs": entries,
            "done": sum(1 for e in entries if e.done),
        }
        for start, entries in sorted(by_week.items(), reverse=True)
    ]
    return week_list, first_day


def own_assignment(patient, assignment_id: int) -> Assignment | None:
    """One of the patient's own plans (any status: an old handout stays downloadable; a plan voided
    as entered in error is not theirs to print)."""
    return Assignment.objects.for_patient(patient).in_force().filter(pk=assignment_id).first()


# Where each kind of row a portal URL names leads to its patient.
_OWNER = {Assignment: "patient", ProgramExercise: "program__patient"}


def is_another_patients(patient, model, object_id) -> bool:
    """Whether ``object_id`` names a row of ``model`` (a plan, an exercise row) that exists and is
    not ``patient``'s: asking for it is a refusal to record, unlike a mistyped id or one of the
    patient's own finished plans."""
    return model.objects.filter(pk=object_id).exclude(**{_OWNER[model]: patient}).exists()
