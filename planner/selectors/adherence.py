"""Adherence: sessions logged against sessions prescribed, with pain and effort, by week and per
patient. The portal, the patient's admin page, the patient list and the worklist read it here.

Definitions (one place; the patient list's sortable column computes the same in the database):

- A plan **counts** on day d when it is not voided and
  ``starts_on <= d <= min(ends_on, stopped_on - 1 day, today)``. ``stopped_on`` is the first day a
  paused, completed or cancelled plan, or one replaced by a newer version, no longer counts (the
  newer version counts from that day). The status itself is not read: a plan made active again
  has no ``stopped_on`` and counts over the days it was paused too.
- Each row of a counting plan prescribes ``times_per_day * days_per_week / 7`` sessions per
  counting day: a week-long plan of 3 days a week prescribes 3 sessions per time a day, a plan
  counting 3 days of a week 9/7. Both fields are required (never null; 1-6 and 1-7, checked by
  the database), so no row is skipped; the other dosage fields (sets, repetitions, duration...)
  say what a session is, not how many there are, and are not read. A plan without rows
  prescribes nothing.
- A done, in-force log on a day its plan counts is ``times_per_day`` sessions of its row (the
  portal keeps one entry per exercise per day: the day's dose, whatever ``sets_done`` says). Logs
  on other days (before the start, after the end or the stop, in the future), logs not done and
  logs of voided plans are not sessions.
- ``rate`` is logged / prescribed, ``None`` when nothing was prescribed. It can pass 1 when a
  patient exercises on more days than the plan asks for.
- A week's ``logs`` is the number of logs that counted (done, on a counting day). Its pain and
  effort come from every in-force log of an in-force plan dated that week that has a value, done
  or not (a skipped session with pain 8 is what a therapist needs to see).

Prescriptions are counted in sevenths of a session (integers) and divided at the end, so weeks
add up to their period exactly.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from statistics import fmean

from django.db import NotSupportedError
from django.db.models import (
    Case,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    When,
)
from django.db.models.functions import Cast, Coalesce

from planner.models import Assignment, Patient, SessionLog

ONE_DAY = datetime.timedelta(days=1)
WEEK = datetime.timedelta(days=7)


@dataclass(frozen=True)
class WeekAdherence:
    week_start: datetime.date  # Monday
    prescribed: float  # sessions prescribed in the counting days of this week
    logged: float  # sessions logged (done) on counting days
    rate: float | None  # logged / prescribed, None when nothing was prescribed
    pain_max: int | None
    pain_mean: float | None
    effort_mean: float | None
    logs: int  # done logs that week


@dataclass(frozen=True)
class Adherence:
    prescribed: float
    logged: float
    rate: float | None


@dataclass(frozen=True)
class _Plan:
    pk: int
    patient_id: int
    starts_on: datetime.date
    last: datetime.date  # the last counting day (before starts_on when it never counted)
    sevenths: int  # sum of times_per_day * days_per_week over its rows

    def days_within(self, first: datetime.date, last: datetime.date) -> int:
        """How many days of ``first``..``last`` the plan counts on."""
        return max(0, (min(last, self.last) - max(first, self.starts_on)).days + 1)

    def counts_on(self, day: datetime.date) -> bool:
        return self.starts_on <= day <= self.last


@dataclass(frozen=True)
class _Log:
    assignment_id: int
    performed_on: datetime.date
    done: bool
    times_per_day: int
    pain: int | None
    effort: int | None


def monday(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def last_counting_day(assignment, *, today: datetime.date) -> datetime.date:
    """The last day ``assignment`` counts on; before its start when it never counted."""
    last = today
    if assignment.ends_on is not None:
        last = min(last, assignment.ends_on)
    if assignment.stopped_on is not None:
        last = min(last, assignment.stopped_on - ONE_DAY)
    return last


def _rate(logged: int, sevenths: int) -> float | None:
    return logged * 7 / sevenths if sevenths else None


def _plans(assignments: QuerySet, *, today: datetime.date) -> dict[int, _Plan]:
    """pk -> plan for the in-force ``assignments`` that have started, in one query."""
    rows = (
        assignments.in_force()
        .filter(starts_on__lte=today)
        .annotate(
            sevenths=Coalesce(
                Sum(F("program__items__times_per_day") * F("program__items__days_per_week")), 0
            )
        )
        .order_by()
    )
    return {
        a.pk: _Plan(a.pk, a.patient_id, a.starts_on, last_counting_day(a, today=today), a.sevenths)
        for a in rows
    }


def _logs(logs: QuerySet) -> list[_Log]:
    """The in-force logs of in-force plans among ``logs``, in one query."""
    rows = (
        logs.in_force()
        .filter(assignment__voided_at__isnull=True)
        .order_by()
        .values_list(
            "assignment_id",
            "performed_on",
            "done",
            "program_exercise__times_per_day",
            "pain",
            "effort",
        )
    )
    return [_Log(*row) for row in rows]


def _counted(log: _Log, plans: dict[int, _Plan]) -> bool:
    plan = plans.get(log.assignment_id)
    return log.done and plan is not None and plan.counts_on(log.performed_on)


def _weeks(
    plans: dict[int, _Plan], logs: list[_Log], first: datetime.date, last: datetime.date
) -> list[WeekAdherence]:
    """One WeekAdherence per week from the Monday ``first`` to the Monday ``last``."""
    by_week: dict[datetime.date, list[_Log]] = {}
    for log in logs:
        by_week.setdefault(monday(log.performed_on), []).append(log)
    weeks = []
    week_start = first
    while week_start <= last:
        week_end = week_start + WEEK - ONE_DAY
        sevenths = sum(p.sevenths * p.days_within(week_start, week_end) for p in plans.values())
        week_logs = by_week.get(week_start, [])
        counted = [log for log in week_logs if _counted(log, plans)]
        logged = sum(log.times_per_day for log in counted)
        pains = [log.pain for log in week_logs if log.pain is not None]
        efforts = [log.effort for log in week_logs if log.effort is not None]
        weeks.append(
            WeekAdherence(
                week_start=week_start,
                prescribed=sevenths / 7,
                logged=float(logged),
                rate=_rate(logged, sevenths),
                pain_max=max(pains, default=None),
                pain_mean=fmean(pains) if pains else None,
                effort_mean=fmean(efforts) if efforts else None,
                logs=len(counted),
            )
        )
        week_start += WEEK
    return weeks


def weekly_adherence(assignment, *, today: datetime.date) -> list[WeekAdherence]:
    """``assignment``'s weeks, from the week it started to the week of its last counting day
    (today's at the latest); none for a voided plan or one that has not counted a day. Two
    queries."""
    if assignment.is_voided or last_counting_day(assignment, today=today) < assignment.starts_on:
        return []
    plans = Assignment.objects.filter(pk=assignment.pk)
    return weekly_adherence_by_plan(plans, today=today).get(assignment.pk, [])


def weekly_adherence_by_plan(
    assignments, *, today: datetime.date
) -> dict[int, list[WeekAdherence]]:
    """``weekly_adherence`` of each of ``assignments`` (a QuerySet), by pk, in two queries
    whatever their number; a plan with no weeks is left out."""
    plans = _plans(assignments, today=today)
    logs: dict[int, list[_Log]] = {}
    for log in _logs(SessionLog.objects.filter(assignment__in=list(plans))):
        logs.setdefault(log.assignment_id, []).append(log)
    return {
        pk: _weeks({pk: plan}, logs.get(pk, []), monday(plan.starts_on), monday(plan.last))
        for pk, plan in plans.items()
        if plan.last >= plan.starts_on
    }


def patient_weeks(patient, *, today: datetime.date, weeks: int = 12) -> list[WeekAdherence]:
    """The patient's last ``weeks`` weeks ending with today's, oldest first, every in-force plan
    combined. Two queries."""
    final = monday(today)
    first = final - WEEK * (weeks - 1)
    plans = _plans(Assignment.objects.for_patient(patient).exclude(ends_on__lt=first), today=today)
    logs = _logs(
        SessionLog.objects.for_patient(patient).filter(
            performed_on__range=(first, final + WEEK - ONE_DAY)
        )
    )
    return _weeks(plans, logs, first, final)


def _patient_ids(patients) -> list[int]:
    if isinstance(patients, QuerySet):
        return list(patients.values_list("pk", flat=True))
    return [p.pk if isinstance(p, Patient) else p for p in patients]


def adherence_by_patient(
    patients: QuerySet | Iterable, *, today: datetime.date, days: int = 14
) -> dict[int, Adherence]:
    """Adherence over the ``days`` days ending today, for each of ``patients`` (a QuerySet, or
    patients or their ids). Three queries whatever the number of patients and logs (two for a
    list of ids)."""
    ids = _patient_ids(patients)
    first = today - datetime.timedelta(days=days - 1)
    plans = _plans(
        Assignment.objects.filter(patient__in=ids).exclude(ends_on__lt=first),
        today=today,
    )
    sevenths = dict.fromkeys(ids, 0)
    for plan in plans.values():
        sevenths[plan.patient_id] += plan.sevenths * plan.days_within(first, today)
    logged = dict.fromkeys(ids, 0)
    logs = _logs(
        SessionLog.objects.filter(
            assignment__patient__in=ids,
            done=True,
            performed_on__range=(first, today),
        )
    )
    for log in logs:
        if _counted(log, plans):
            logged[plans[log.assignment_id].patient_id] += log.times_per_day
    return {
        pk: Adherence(
            prescribed=sevenths[pk] / 7,
            logged=float(logged[pk]),
            rate=_rate(logged[pk], sevenths[pk]),
        )
        for pk in ids
    }


def _counts_on(day: datetime.date, prefix: str = "") -> Q:
    """The database's version of "the plan counts on ``day``" (``prefix`` leads to the plan)."""
    return (
        Q(**{f"{prefix}voided_at__isnull": True, f"{prefix}starts_on__lte": day})
        & (Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": day}))
        & (Q(**{f"{prefix}stopped_on__isnull": True}) | Q(**{f"{prefix}stopped_on__gt": day}))
    )


class _CountingDays(Func):
    """How many days of ``first``..``last`` a plan counts on, 0 when none: ``_Plan.days_within``
    in the database (a voided plan is left out by the query). One expression per plan: a
    comparison for each day of the period (14 ``CASE`` branches of five conditions) took 4 of
    the 6 ms building the patient list's query and half of the 12 ms compiling it, each request.
    SQLite and PostgreSQL only, the databases the app runs on."""

    output_field = IntegerField()

    def __init__(self, first: datetime.date, last: datetime.date):
        super().__init__(F("starts_on"), F("ends_on"), F("stopped_on"))
        self.first, self.last = first, last

    def _compiled(self, compiler, connection):
        """(starts_on, ends_on, stopped_on) as SQL, their parameters, and the two days."""
        parts = [compiler.compile(e) for e in self.get_source_expressions()]
        sql = [part[0] for part in parts]
        params = [part[1] for part in parts]
        days = [connection.ops.adapt_datefield_value(d) for d in (self.first, self.last)]
        return sql, params, days

    def as_postgresql(self, compiler, connection):
        (starts, ends, stopped), (p_starts, p_ends, p_stopped), (first, last) = self._compiled(
            compiler, connection
        )
        # A date minus a date is a number of days; LEAST and GREATEST skip nulls.
        sql = (
            f"GREATEST(0, LEAST(%s::date, {ends}, {stopped} - 1)"
            f" - GREATEST(%s::date, {starts}) + 1)"
        )
        return sql, [last, *p_ends, *p_stopped, first, *p_starts]

    def as_sqlite(self, compiler, connection):
        (starts, ends, stopped), (p_starts, p_ends, p_stopped), (first, last) = self._compiled(
            compiler, connection
        )
        # Dates are ISO text: julianday() makes them day numbers (whole days apart, exactly).
        # MIN() of several values is null when one is: the open ends stand in for today.
        sql = (
            f"MAX(0, CAST(MIN(julianday(%s), julianday(COALESCE({ends}, %s)),"
            f" julianday(COALESCE({stopped}, %s)) - 1)"
            f" - MAX(julianday(%s), julianday({starts})) AS INTEGER) + 1)"
        )
        after = connection.ops.adapt_datefield_value(self.last + ONE_DAY)
        return sql, [last, *p_ends, last, *p_stopped, after, first, *p_starts]

    def as_sql(self, compiler, connection, **extra_context):
        raise NotSupportedError(f"Counting plan days is not written for {connection.vendor}.")


def with_adherence(patients: QuerySet, *, today: datetime.date, days: int = 14) -> QuerySet:
    """``patients`` annotated with ``adherence_rate``: ``adherence_by_patient``'s rate computed
    in the database, so a list can sort by it. On SQLite and PostgreSQL (_CountingDays)."""
    first = today - datetime.timedelta(days=days - 1)
    prescribed = (
        Assignment.objects.in_force()
        .filter(patient=OuterRef("pk"), starts_on__lte=today)
        .exclude(ends_on__lt=first)
        .order_by()
        .values("patient")
        .annotate(
            total=Sum(
                _CountingDays(first, today)
                * F("program__items__times_per_day")
                * F("program__items__days_per_week"),
                output_field=IntegerField(),
            )
        )
        .values("total")
    )
    logged = (
        SessionLog.objects.in_force()
        .filter(
            _counts_on(F("performed_on"), prefix="assignment__"),
            assignment__patient=OuterRef("pk"),
            done=True,
            performed_on__range=(first, today),
        )
        .order_by()
        .values("assignment__patient")
        .annotate(total=Sum("program_exercise__times_per_day"))
        .values("total")
    )
    # Aliases, not columns: PostgreSQL runs a subquery each place it is written, and the rate
    # alone needs them.
    return patients.alias(
        adherence_sevenths=Coalesce(Subquery(prescribed), 0),
        adherence_logged=Coalesce(Subquery(logged), 0),
    ).annotate(
        adherence_rate=Case(
            When(
                adherence_sevenths__gt=0,
                then=Cast(F("adherence_logged") * 7, FloatField())
                / Cast(F("adherence_sevenths"), FloatField()),
            ),
            default=None,
            output_field=FloatField(),
        )
    )
