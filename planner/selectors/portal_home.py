"""What the portal home reads on every visit: what its cached plan sections are keyed on
(``portal.card_cache``) and today's state of each exercise, and what fills a section the cache
does not hold. Every read is the signed-in patient's own (``for_patient``)."""

import datetime
from collections import Counter
from dataclasses import dataclass
from typing import NamedTuple

from django.conf import settings
from django.db.models import Prefetch, prefetch_related_objects

from exercises.models import Condition
from exercises.translations import language_code
from planner.models import Assignment, SafetyNote
from planner.selectors.portal import add_cards, week_of_logs
from planner.selectors.portal_prepared import Prepared


@dataclass(frozen=True)
class HomePlans:
    """What the home page reads on every visit (``home_plans``). ``plans``: each current plan as
    (id, ``stamp``), in page order; ``stamp`` stands for everything of the plan, its program and its
    rows that its section is built from, as the database has it now (``_PLAN_STAMP``,
    ``_ROW_STAMP``). ``conditions``: the patient's conditions as (id, group, revision).
    ``notes``: the active safety notes, as ``NoteText``.
    ``logged`` and ``done_days``: whether each row logged today was done, and this week's done
    days, by row id."""

    plans: list[tuple[int, tuple]]
    conditions: tuple[tuple[int, str, int], ...]
    notes: list["NoteText"]
    logged: dict[int, bool]
    done_days: Counter


class NoteText(NamedTuple):
    """What a plan's section reads of a safety note (the handout's rules pick them by
    ``scope``). Not a model: building a dozen models on every visit cost a fifth of these reads."""

    scope: str
    text: str
    citation: str


# What a plan's stamp holds of the plan and its program.
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


def _current(patient, today):
    return Assignment.objects.for_patient(patient).current(today)


# The plans running today, each with its rows (one line a row; a plan without rows, one line of
# None after the plan's), in page order.
_PLANS_AND_ROWS = Prepared(
    lambda patient, today: (
        _current(patient, today)
        .order_by("starts_on", "pk", "program__items__position")
        .values_list(*_PLAN_STAMP, *(f"program__items__{name}" for name in _ROW_STAMP))
    ),
    patient=int,
    today=datetime.date,
)
# The patient's conditions as the safety notes' rules read them (their group), and as the cards
# name them (their words change only with their revision, which the library's load bumps).
_CONDITIONS = Prepared(
    lambda patient: (
        Condition.objects.filter(patients=patient).order_by().values_list("pk", "group", "revision")
    ),
    patient=int,
)
# The safety notes in each language a page may be in (a prepared query takes only ids and days).
_NOTES = {
    code: Prepared(
        lambda code=code: (
            SafetyNote.objects.filter(is_active=True, language=code)
            .order_by()
            .values_list("scope", "text", "citation")
        )
    )
    for code, _ in settings.LANGUAGES
}


def home_plans(patient, today: datetime.date) -> HomePlans:
    """The patient's plans running today as ``HomePlans``: what their sections are keyed on and
    today's state of each exercise, in four light queries (plans with their rows, this week's
    logs, conditions, notes; one when there is no plan), compiled once per process
    (``Prepared``). No model of a plan or a row is built: the sections come from the cache
    (``portal.card_cache``), and ``plans_for_sections`` reads the full rows only for the plans
    the cache does not hold."""
    lines = _PLANS_AND_ROWS.rows(patient=patient.pk, today=today)
    if not lines:
        return HomePlans([], (), [], {}, Counter())
    width = len(_PLAN_STAMP)
    plans: dict[int, tuple] = {}
    rows: dict[int, list[tuple]] = {}
    for line in lines:
        plans.setdefault(line[0], line[:width])
        rows.setdefault(line[0], [])
        if line[width] is not None:
            rows[line[0]].append(line[width:])
    logged, done_days = week_of_logs(patient, today)
    conditions = tuple(sorted(_CONDITIONS.rows(patient=patient.pk)))
    notes = list(map(NoteText._make, _NOTES[language_code()].rows()))
    return HomePlans(
        plans=[(pk, (*plan, tuple(rows[pk]))) for pk, plan in plans.items()],
        conditions=conditions,
        notes=notes,
        logged=logged,
        done_days=done_days,
    )


def plans_for_sections(patient, plan_ids: list[int], notes: list[NoteText]) -> list[Assignment]:
    """The patient's plans ``plan_ids`` with their exercises in order, each with ``stamp`` (as
    ``HomePlans`` has it), its ``safety_notes`` picked from ``notes`` and each exercise's
    ``card``: what a section is built from when the cache does not hold it (three queries). The
    patient's conditions are read again with the rows, as the handout's rules read them: the
    section is kept under the stamp of what it was built from (``condition_stamp``)."""
    conditions = Condition.objects.only(
        "pk", "group", "revision", "name", "explanation", "translations"
    ).order_by()
    prefetch_related_objects([patient], Prefetch("conditions", queryset=conditions))
    plans = list(
        Assignment.objects.for_patient(patient).filter(pk__in=plan_ids).select_related("program")
    )
    add_cards(patient, plans, notes)
    for plan in plans:
        plan.stamp = (
            *(_value(plan, name) for name in _PLAN_STAMP),
            tuple(
                tuple(_value(row, name) for name in _ROW_STAMP) for row in plan.program.items.all()
            ),
        )
    return plans


def condition_stamp(patient) -> tuple[tuple[int, str, int], ...]:
    """The patient's conditions (prefetched) as ``_CONDITIONS`` reads them."""
    return tuple(sorted((c.pk, c.group, c.revision) for c in patient.conditions.all()))


def _value(obj, path: str):
    """``obj``'s value at a ``values_list`` path ("program__revision")."""
    for name in path.split("__"):
        obj = getattr(obj, name)
    return obj
