"""What the patient portal reads. Every function takes the signed-in patient and reaches only
that patient's plans and logs (``for_patient``). Records voided as entered in error are left out
(``in_force``): they count for nothing and are not shown. The home page's reads are in
``portal_home``, the history's in ``portal_history``; both run their queries compiled once per
process (``portal_prepared``)."""

import datetime
from collections import Counter

from django.db.models import Prefetch, prefetch_related_objects

from exercises.models import AtrophyKind
from planner.handout.data import cards_and_notes
from planner.models import Assignment, ProgramExercise, SessionLog
from planner.selectors.portal_prepared import Prepared


def current_plans(patient, today: datetime.date) -> list[Assignment]:
    """The patient's plans running today, each with its exercises in order (without their library
    exercise or the handout's cards: what the Done answer and the reminders read). On each
    exercise: ``logged_today``, whether the patient logged it today; ``done_today``, whether as
    done; ``done_this_week``, the days done since Monday; ``due_today``, whether the week's days
    are not yet all done. Three queries."""
    plans = list(
        Assignment.objects.for_patient(patient)
        .current(today)
        .select_related("program")
        .order_by("starts_on", "pk")
    )
    if not plans:
        return plans
    items = ProgramExercise.objects.order_by("position")
    prefetch_related_objects(plans, Prefetch("program__items", queryset=items))
    logged, done_days = week_of_logs(patient, today)
    for plan in plans:
        for item in plan.program.items.all():
            set_day_state(item, logged, done_days)
    return plans


def add_cards(patient, plans: list[Assignment], notes: list) -> None:
    """Read ``plans``' exercises in order (one query) and set on each plan its ``safety_notes``,
    picked from ``notes`` (safety notes, or anything with their ``scope``, ``text`` and
    ``citation``), and on each exercise the handout's ``card`` for it. The patient's
    conditions must be read already: the handout's rules read them from ``plan.patient``."""
    items = ProgramExercise.objects.select_related("exercise").order_by("position")
    prefetch_related_objects(plans, Prefetch("program__items", queryset=items))
    for plan in plans:
        plan.patient = patient
        cards, plan.safety_notes = cards_and_notes(plan, all_notes=notes)
        for item, card in zip(plan.program.items.all(), cards, strict=True):
            item.card = card


def monday_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


# Whether each row of the patient's current plans was done, on each day of this week up to
# today. No order is needed (the default one joins the exercise rows), and no log is built.
_WEEK_OF_LOGS = Prepared(
    lambda patient, monday, today: (
        SessionLog.objects.in_force()
        .filter(
            assignment__in=Assignment.objects.for_patient(patient).current(today),
            performed_on__range=(monday, today),
        )
        .order_by()
        .values_list("program_exercise_id", "performed_on", "done")
    ),
    patient=int,
    monday=datetime.date,
    today=datetime.date,
)


def week_of_logs(patient, today: datetime.date) -> tuple[dict[int, bool], Counter]:
    """Which exercises of the patient's current plans were logged today, as row id -> whether
    done, and on how many days since Monday each was done, in one query."""
    logged, done_days = {}, Counter()
    for row_id, day, done in _WEEK_OF_LOGS.rows(
        patient=patient.pk, monday=monday_of(today), today=today
    ):
        if day == today:
            logged[row_id] = done
        if done:
            done_days[row_id] += 1
    return logged, done_days


def set_day_state(row, logged: dict[int, bool], done_days: Counter) -> None:
    """Set on ``row`` (anything with ``pk`` and ``days_per_week``) what today's logs say of it:
    ``logged_today``, ``done_today``, ``done_this_week`` and ``due_today`` (``current_plans``
    says what each is)."""
    row.logged_today = row.pk in logged
    row.done_today = logged.get(row.pk, False)
    row.done_this_week = done_days[row.pk]
    row.due_today = row.done_this_week < row.days_per_week and not row.done_today


def next_undone(plans: list[Assignment], after: ProgramExercise) -> ProgramExercise | None:
    """The exercise to show next once ``after`` is logged: the first one below it on the page not
    done today, else the first one above it; None when all are done."""
    rows = [item for plan in plans for item in plan.program.items.all()]
    undone = [item for item in rows if item.pk != after.pk and not item.done_today]
    position = next((n for n, item in enumerate(rows) if item.pk == after.pk), -1)
    below = [item for item in undone if rows.index(item) > position]
    return (below or undone or [None])[0]


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
