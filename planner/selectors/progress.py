"""What the progress charts read (issue 15): one patient's weeks of adherence, pain and effort by
day, girth by site and function tests, each part a fixed number of queries however many logs,
measurements or tests there are."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Avg, Max

from planner.models import FunctionTest, LimbMeasurement, MeasurementSite, SessionLog
from planner.selectors.adherence import WeekAdherence, patient_weeks

WEEKS = 12  # the window the portal's history and the adherence chart cover


@dataclass(frozen=True)
class PainEffortDay:
    day: datetime.date
    pain_max: int | None  # the highest pain logged that day
    effort_mean: float | None  # the average effort logged that day


@dataclass(frozen=True)
class Girth:
    measured_on: datetime.date
    left_cm: Decimal
    right_cm: Decimal
    landmark: str

    @property
    def difference_cm(self) -> Decimal:
        return abs(self.left_cm - self.right_cm)


@dataclass(frozen=True)
class FunctionResult:
    tested_on: datetime.date
    chair_stands: int | None
    grip_left_kg: Decimal | None
    grip_right_kg: Decimal | None
    timed_up_and_go_s: Decimal | None


@dataclass(frozen=True)
class Progress:
    weeks: list[WeekAdherence]  # oldest first
    days: list[PainEffortDay]  # oldest first, only days with a pain or effort logged
    girth: dict[str, list[Girth]]  # site -> oldest first; only sites measured, in site order
    function_tests: list[FunctionResult]  # oldest first


def window_start(today: datetime.date, weeks: int = WEEKS) -> datetime.date:
    """The Monday that starts the first of the last ``weeks`` weeks, this week included."""
    return today - datetime.timedelta(days=today.weekday(), weeks=weeks - 1)


def adherence_weeks(patient, *, today, weeks=WEEKS) -> list[WeekAdherence]:
    return patient_weeks(patient, today=today, weeks=weeks)


def pain_effort_days(patient, *, today, weeks=WEEKS) -> list[PainEffortDay]:
    """One query: the highest pain and the average effort of each day in the window, from the
    logs that stand on plans that stand."""
    rows = (
        SessionLog.objects.in_force()
        .for_patient(patient)
        .filter(
            assignment__voided_at__isnull=True,
            performed_on__range=(window_start(today, weeks), today),
        )
        .exclude(pain=None, effort=None)
        .values("performed_on")
        .annotate(pain_max=Max("pain"), effort_mean=Avg("effort"))
        .order_by("performed_on")
    )
    return [
        PainEffortDay(
            day=row["performed_on"],
            pain_max=row["pain_max"],
            effort_mean=None if row["effort_mean"] is None else float(row["effort_mean"]),
        )
        for row in rows
    ]


def girth_by_site(patient) -> dict[str, list[Girth]]:
    """One query: every girth that stands, all time (the first measurement is the baseline)."""
    by_site: dict[str, list[Girth]] = {site: [] for site in MeasurementSite.values}
    rows = (
        LimbMeasurement.objects.in_force()
        .filter(patient=patient)
        .order_by("measured_on", "pk")
        .values_list("site", "measured_on", "left_cm", "right_cm", "landmark")
    )
    for site, measured_on, left_cm, right_cm, landmark in rows:
        by_site[site].append(Girth(measured_on, left_cm, right_cm, landmark))
    return {site: points for site, points in by_site.items() if points}


def function_results(patient) -> list[FunctionResult]:
    """One query: every function test that stands, all time."""
    rows = (
        FunctionTest.objects.in_force()
        .filter(patient=patient)
        .order_by("tested_on", "pk")
        .values_list(
            "tested_on", "chair_stands", "grip_left_kg", "grip_right_kg", "timed_up_and_go_s"
        )
    )
    return [FunctionResult(*row) for row in rows]


def patient_progress(patient, *, today, weeks=WEEKS, function_tests=True) -> Progress:
    """Everything the progress section shows. The portal leaves out the function tests."""
    return Progress(
        weeks=adherence_weeks(patient, today=today, weeks=weeks),
        days=pain_effort_days(patient, today=today, weeks=weeks),
        girth=girth_by_site(patient),
        function_tests=function_results(patient) if function_tests else [],
    )
