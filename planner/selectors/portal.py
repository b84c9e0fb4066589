"""What the patient portal reads. Every function takes the signed-in patient and reaches only
that patient's plans and logs (``for_patient``). Records voided as entered in error are left out
(``in_force``): they count for nothing and are not shown."""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Case, F, Prefetch, When, prefetch_related_objects

from exercises.models import AtrophyKind
from planner.handout.data import cards_and_notes
from planner.models import Assignment, ProgramExercise, SessionLog
from planner.selectors.handouts import all_safety_notes


def current_plans(patient, today: datetime.date) -> list[Assignment]:
    """The patient's plans running today, each with its exercises in order and the safety notes
    its handout prints (``safety_notes``). On each exercise: ``today_log``, what the patient
    logged for it today (or None); ``done_this_week``, the days done since Monday; ``due_today``,
    whether the week's days are not yet all done; ``card``, the handout's card for it (its
    precautions and device and skin checks, as frozen on the plan)."""
    items = ProgramExercise.objects.select_related("exercise").order_by("position")
    plans = list(
        Assignment.objects.for_patient(patient)
        .current(today)
        .select_related("program")
        .prefetch_related(Prefetch("program__items", queryset=items))
        .order_by("starts_on", "pk")
    )
    monday = today - datetime.timedelta(days=today.weekday())
    # The page reads only whether each day was done; no order is needed (the default one joins
    # the exercise rows).
    week_logs = (
        SessionLog.objects.in_force()
        .filter(assignment__in=plans, performed_on__gte=monday, performed_on__lte=today)
        .only("program_exercise", "performed_on", "done")
        .order_by()
    )
    logged, done_days = {}, Counter()
    for log in week_logs:
        if log.performed_on == today:
            logged[log.program_exercise_id] = log
        if log.done:
            done_days[log.program_exercise_id] += 1
    notes = []
    if plans:
        prefetch_related_objects([patient], "conditions")
        # One query for every plan's notes (the portal speaks English, the handout's default).
        notes = all_safety_notes("en")
    for plan in plans:
        plan.patient = patient  # the handout's rules read the patient's conditions from here
        cards, plan.safety_notes = cards_and_notes(plan, all_notes=notes)
        for item, card in zip(plan.program.items.all(), cards, strict=True):
            item.today_log = logged.get(item.pk)
            item.done_this_week = done_days[item.pk]
            item.due_today = item.done_this_week < item.days_per_week and not (
                item.today_log and item.today_log.done
            )
            item.card = card
    return plans


def next_undone(plans: list[Assignment], after: ProgramExercise) -> ProgramExercise | None:
    """The exercise to show next once ``after`` is logged: the first one below it on the page not
    done today, else the first one above it; None when all are done."""
    rows = [item for plan in plans for item in plan.program.items.all()]
    undone = [
        item
        for item in rows
        if item.pk != after.pk and not (item.today_log and item.today_log.done)
    ]
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


# What the history shows of a log (with ``exercise_name``, annotated).
HISTORY_LOG_FIELDS = ["performed_on", "done", "sets_done", "pain", "effort", "note"]


@dataclass(frozen=True)
class HistoryPage:
    """One page of a patient's history: ``weeks``, the weeks of it that have logs (newest first,
    each a dict of ``start``, ``end``, ``logs`` (each with its ``exercise_name``), the same logs
    as ``days`` (a list of (day, logs), newest first) and ``done``),
    from ``first_day`` (a Monday) to ``last_day`` (a Sunday). Page 1 holds this week and those
    just before it."""

    number: int
    weeks: list[dict]
    first_day: datetime.date
    last_day: datetime.date
    has_newer: bool
    has_older: bool


def history_weeks(
    patient, today: datetime.date, *, page: int = 1, per_page: int = 4
) -> HistoryPage:
    """Page ``page`` of the patient's history, ``per_page`` weeks (Monday to Sunday) a page,
    back to the week the patient was registered (nothing can be logged before it). A page
    number that is not one of those pages gives the first page.

    Only the page's days are read, so a page costs the same however long the history is."""
    this_monday = today - datetime.timedelta(days=today.weekday())
    registered = min(patient.registered_on, today)
    first_monday = registered - datetime.timedelta(days=registered.weekday())
    weeks_in_all = (this_monday - first_monday).days // 7 + 1
    pages = -(-weeks_in_all // per_page)
    number = page if 1 <= page <= pages else 1
    last_day = this_monday + datetime.timedelta(weeks=1 - (number - 1) * per_page, days=-1)
    first_day = last_day - datetime.timedelta(weeks=per_page, days=-1)
    # Only what the page shows: a log's values and its exercise's name as given to the patient
    # (``ProgramExercise.given``: the frozen copy, or the library's for a row not yet frozen).
    # Loading each log's whole exercise row and library row cost more than the rest of the page.
    logs = (
        SessionLog.objects.for_patient(patient)
        .in_force()
        .filter(performed_on__range=(first_day, last_day))
        .only(*HISTORY_LOG_FIELDS)
        .annotate(
            exercise_name=Case(
                When(
                    program_exercise__frozen_at__isnull=True,
                    then=F("program_exercise__exercise__name"),
                ),
                default=F("program_exercise__name"),
            )
        )
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
            "days": _by_day(entries),
            "done": sum(1 for e in entries if e.done),
        }
        for start, entries in sorted(by_week.items(), reverse=True)
    ]
    return HistoryPage(
        number=number,
        weeks=week_list,
        first_day=first_day,
        last_day=last_day,
        has_newer=number > 1,
        has_older=number < pages,
    )


def _by_day(logs: list[SessionLog]) -> list[tuple[datetime.date, list[SessionLog]]]:
    """(day, its logs) for logs already in day order. Grouped here rather than by the template's
    ``{% regroup %}``, which cost about a millisecond a page."""
    days: dict[datetime.date, list[SessionLog]] = {}
    for log in logs:
        days.setdefault(log.performed_on, []).append(log)
    return list(days.items())


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
