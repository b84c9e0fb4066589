"""What the patient portal reads. Every function takes the signed-in patient and reaches only
that patient's plans and logs (``for_patient``). Records voided as entered in error are left out
(``in_force``): they count for nothing and are not shown."""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Case, F, Prefetch, When, prefetch_related_objects

from exercises.models import AtrophyKind, Condition
from planner.handout.data import cards_and_notes
from planner.models import Assignment, ProgramExercise, SafetyNote, SessionLog
from planner.selectors.handouts import all_safety_notes

# The portal speaks English, the handout's default.
PORTAL_LANGUAGE = "en"


def current_plans(patient, today: datetime.date) -> list[Assignment]:
    """The patient's plans running today, each with its exercises in order and the safety notes
    its handout prints (``safety_notes``). On each exercise: ``logged_today``, whether the
    patient logged it today; ``done_today``, whether as done; ``done_this_week``, the days done
    since Monday; ``due_today``, whether the week's days are not yet all done; ``card``, the
    handout's card for it (its precautions and device and skin checks, as frozen on the plan)."""
    plans = list(
        Assignment.objects.for_patient(patient)
        .current(today)
        .select_related("program")
        .order_by("starts_on", "pk")
    )
    logged, done_days = _week_of_logs(plans, today)
    if plans:
        prefetch_related_objects([patient], "conditions")
        # One query for every plan's notes.
        _add_cards(patient, plans, all_safety_notes(PORTAL_LANGUAGE))
    for plan in plans:
        for item in plan.program.items.all():
            set_day_state(item, logged, done_days)
    return plans


def _add_cards(patient, plans: list[Assignment], notes: list[SafetyNote]) -> None:
    """Read ``plans``' exercises in order (one query) and set on each plan its ``safety_notes``,
    picked from ``notes``, and on each exercise the handout's ``card`` for it. The patient's
    conditions must be read already: the handout's rules read them from ``plan.patient``."""
    items = ProgramExercise.objects.select_related("exercise").order_by("position")
    prefetch_related_objects(plans, Prefetch("program__items", queryset=items))
    for plan in plans:
        plan.patient = patient
        cards, plan.safety_notes = cards_and_notes(plan, all_notes=notes)
        for item, card in zip(plan.program.items.all(), cards, strict=True):
            item.card = card


def _week_of_logs(plans, today: datetime.date) -> tuple[dict[int, bool], Counter]:
    """Which of ``plans``' exercises were logged today, as row id -> whether done, and on how
    many days since Monday each was done, in one query."""
    monday = today - datetime.timedelta(days=today.weekday())
    # The page reads only whether each day was done; no order is needed (the default one joins
    # the exercise rows), and no log is built (values: a week of a long plan is many rows).
    week_logs = (
        SessionLog.objects.in_force()
        .filter(assignment__in=plans, performed_on__gte=monday, performed_on__lte=today)
        .order_by()
        .values_list("program_exercise_id", "performed_on", "done")
    )
    logged, done_days = {}, Counter()
    for row_id, day, done in week_logs:
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


# --- the home page: what its cached plan sections are keyed on, and what fills them ----------


@dataclass(frozen=True)
class HomePlans:
    """What the home page reads on every visit (``home_plans``). ``plans``: each current plan as
    (id, ``stamp``), in page order; ``stamp`` stands for everything of the plan, its program and its
    rows that its section is built from, as the database has it now (``_PLAN_STAMP``,
    ``_ROW_STAMP``). ``conditions``: the patient's conditions as (id, group).
    ``notes``: the active safety notes, unsaved, with only ``scope``, ``text`` and ``citation``.
    ``logged`` and ``done_days``: whether each row logged today was done, and this week's done
    days, by row id."""

    plans: list[tuple[int, tuple]]
    conditions: tuple[tuple[int, str], ...]
    notes: list[SafetyNote]
    logged: dict[int, bool]
    done_days: Counter


# What a plan's stamp holds of the plan and its program (the light query reads only these).
_PLAN_STAMP = [
    "pk",
    "revision",
    "updated_at",
    "version",
    "program_id",
    "program__revision",
    "program__updated_at",
]
# A row's words and dosage are its own once frozen, but a card still reads its library exercise
# in places: its name (screening findings that kept no id are matched by it), its load (whether
# "a day off between" is said) and its body region (the side's limb), when the row has none.
_ROW_STAMP = [
    "pk",
    "frozen_at",
    "exercise_id",
    "exercise__revision",
    "exercise__updated_at",
    "exercise__name",
    "exercise__load",
    "exercise__body_region",
]


def home_plans(patient, today: datetime.date) -> HomePlans:
    """The patient's plans running today as ``HomePlans``: what their sections are keyed on and
    today's state of each exercise, in five light queries (plans, rows, logs, conditions, notes;
    one when there is no plan). No model of a plan or a row is built: the sections come from the
    cache (``portal.card_cache``) and ``plans_for_sections`` reads the full rows only for the
    plans the cache does not hold."""
    plans = list(
        Assignment.objects.for_patient(patient)
        .current(today)
        .order_by("starts_on", "pk")
        .values_list(*_PLAN_STAMP)
    )
    if not plans:
        return HomePlans([], (), [], {}, Counter())
    rows: dict[int, list[tuple]] = {}
    for program_id, *row in (
        ProgramExercise.objects.filter(program_id__in=[p[4] for p in plans])
        .order_by("program_id", "position")
        .values_list("program_id", *_ROW_STAMP)
    ):
        rows.setdefault(program_id, []).append(tuple(row))
    logged, done_days = _week_of_logs([p[0] for p in plans], today)
    # The patient's conditions as the safety notes' rules read them (their group).
    conditions = Condition.objects.only("pk", "group").order_by()
    prefetch_related_objects([patient], Prefetch("conditions", queryset=conditions))
    notes = [
        SafetyNote(scope=scope, text=text, citation=citation)
        for scope, text, citation in SafetyNote.objects.filter(
            is_active=True, language=PORTAL_LANGUAGE
        ).values_list("scope", "text", "citation")
    ]
    return HomePlans(
        plans=[(plan[0], (*plan, tuple(rows.get(plan[4], ())))) for plan in plans],
        conditions=condition_stamp(patient),
        notes=notes,
        logged=logged,
        done_days=done_days,
    )


def plans_for_sections(patient, plan_ids: list[int], notes: list[SafetyNote]) -> list[Assignment]:
    """The patient's plans ``plan_ids`` with their exercises in order, each with ``stamp`` (as
    ``HomePlans`` has it), its ``safety_notes`` picked from ``notes`` and each exercise's
    ``card``: what a section is built from when the cache does not hold it (two queries; the
    patient's conditions are those ``home_plans`` read)."""
    plans = list(
        Assignment.objects.for_patient(patient).filter(pk__in=plan_ids).select_related("program")
    )
    _add_cards(patient, plans, notes)
    for plan in plans:
        plan.stamp = (
            *(_value(plan, name) for name in _PLAN_STAMP),
            tuple(
                tuple(_value(row, name) for name in _ROW_STAMP) for row in plan.program.items.all()
            ),
        )
    return plans


def condition_stamp(patient) -> tuple[tuple[int, str], ...]:
    """The patient's conditions (prefetched) as the safety notes read them: (id, group)."""
    return tuple(sorted((c.pk, c.group) for c in patient.conditions.all()))


def _value(obj, path: str):
    """``obj``'s value at a ``values_list`` path ("program__revision")."""
    for name in path.split("__"):
        obj = getattr(obj, name)
    return obj


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
