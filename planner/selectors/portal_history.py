"""The patient's history in the portal: what they logged, a few weeks a page, newest first.
Only the signed-in patient's own logs (``for_patient``), and none voided (``in_force``)."""

import datetime
from dataclasses import dataclass
from typing import NamedTuple

from django.conf import settings
from django.db.models import Case, CharField, F, When
from django.db.models.fields.json import KeyTextTransform, KeyTransform
from django.db.models.functions import Coalesce

from exercises.translations import SOURCE_LANGUAGE, language_code
from planner.models import SessionLog
from planner.selectors.portal_prepared import Prepared

# What the history shows of a log.
HISTORY_LOG_FIELDS = ["performed_on", "done", "sets_done", "pain", "effort", "note"]


class HistoryLog(NamedTuple):
    """One log as the history shows it, with its exercise's name as given to the patient."""

    performed_on: datetime.date
    done: bool
    sets_done: int | None
    pain: int | None
    effort: int | None
    note: str
    exercise_name: str


# Only what the page shows: a log's values and its exercise's name as given to the patient
# (``ProgramExercise.given``: the frozen copy, or the library's for a row not yet frozen), in the
# page's language (the English where the row has no translation). Loading each log's whole
# exercise row and library row cost more than the rest of the page; building a model of each
# log still cost a third of it. One read for each language (a prepared query takes only ids and
# days).
def _name_in(language: str, row: str):
    if language == SOURCE_LANGUAGE:
        return F(f"{row}__name")
    return Coalesce(
        KeyTextTransform("name", KeyTransform(language, f"{row}__translations")),
        F(f"{row}__name"),
        output_field=CharField(),
    )


def _page_of_logs(language: str) -> Prepared:
    return Prepared(
        lambda patient, first_day, last_day: (
            SessionLog.objects.for_patient(patient)
            .in_force()
            .filter(performed_on__range=(first_day, last_day))
            .annotate(
                exercise_name=Case(
                    When(
                        program_exercise__frozen_at__isnull=True,
                        then=_name_in(language, "program_exercise__exercise"),
                    ),
                    default=_name_in(language, "program_exercise"),
                    output_field=CharField(),
                )
            )
            .order_by("-performed_on", "program_exercise__position")
            .values_list(*HISTORY_LOG_FIELDS, "exercise_name")
        ),
        patient=int,
        first_day=datetime.date,
        last_day=datetime.date,
    )


_PAGE_OF_LOGS = {code: _page_of_logs(code) for code, _ in settings.LANGUAGES}


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
    read = _PAGE_OF_LOGS[language_code()]
    logs = map(
        HistoryLog._make, read.rows(patient=patient.pk, first_day=first_day, last_day=last_day)
    )
    by_week: dict[datetime.date, list[HistoryLog]] = {}
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


def _by_day(logs: list[HistoryLog]) -> list[tuple[datetime.date, list[HistoryLog]]]:
    """(day, its logs) for logs already in day order. Grouped here rather than by the template's
    ``{% regroup %}``, which cost about a millisecond a page."""
    days: dict[datetime.date, list[HistoryLog]] = {}
    for log in logs:
        days.setdefault(log.performed_on, []).append(log)
    return list(days.items())
