"""What an FHIR export reads: every record of a set of plans, in a fixed number of queries.

One query each for the plans, their exercise rows, the patients' conditions, the session logs,
the limb girths and the function tests, and two for the plans' weekly adherence
(``weekly_adherence_by_plan``, the definition the plan page and the worklist use), whatever
their number. Voided records are read too: the export sends them as "entered in error", so a
record system that took an earlier export learns they were wrong instead of keeping them."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from planner.models import (
    Assignment,
    ClinicProfile,
    FunctionTest,
    LimbMeasurement,
    Patient,
    ProgramExercise,
    SessionLog,
)
from planner.selectors.adherence import WeekAdherence, weekly_adherence_by_plan


@dataclass
class ExportRecords:
    clinic: ClinicProfile
    today: datetime.date
    assignments: list[Assignment]
    patients: list[Patient] = field(default_factory=list)  # the plans' and any asked for
    items: dict[int, list[ProgramExercise]] = field(default_factory=dict)  # by program id
    logs: dict[int, list[SessionLog]] = field(default_factory=dict)  # by assignment id
    weeks: dict[int, list[WeekAdherence]] = field(default_factory=dict)  # by assignment id
    girths: dict[int, list[LimbMeasurement]] = field(default_factory=dict)  # by patient id
    function_tests: dict[int, list[FunctionTest]] = field(default_factory=dict)  # by patient id


def export_records(
    assignments, *, today: datetime.date, patient: Patient | None = None
) -> ExportRecords:
    """The records of ``assignments`` (a QuerySet the caller has already scoped), oldest plan
    first, and of their patients; with ``patient``, that patient's too, plans or none."""
    plans = list(
        assignments.select_related("patient", "patient__therapist", "program", "assigned_by")
        .prefetch_related("patient__conditions")
        .order_by("patient_id", "starts_on", "version", "pk")
    )
    records = ExportRecords(clinic=ClinicProfile.objects.current(), today=today, assignments=plans)
    people = {a.patient_id: a.patient for a in plans}
    if patient is not None and patient.pk not in people:
        # A patient with no plan yet: their conditions and measurements still go.
        people[patient.pk] = Patient.objects.prefetch_related("conditions").get(pk=patient.pk)
    records.patients = list(people.values())
    if not people:
        return records
    program_ids = [a.program_id for a in plans]
    patient_ids = set(people)
    rows = ProgramExercise.objects.filter(program_id__in=program_ids).select_related("exercise")
    for row in rows.order_by("program_id", "position"):
        records.items.setdefault(row.program_id, []).append(row)
    logs = SessionLog.objects.filter(assignment__in=plans).select_related("program_exercise")
    records.logs = _grouped(logs.order_by("performed_on", "pk"), "assignment_id")
    girths = LimbMeasurement.objects.filter(patient_id__in=patient_ids).select_related(
        "measured_by"
    )
    records.girths = _grouped(girths.order_by("measured_on", "site", "pk"), "patient_id")
    tests = FunctionTest.objects.filter(patient_id__in=patient_ids).select_related("measured_by")
    records.function_tests = _grouped(tests.order_by("tested_on", "pk"), "patient_id")
    records.weeks = weekly_adherence_by_plan(
        Assignment.objects.filter(pk__in=[a.pk for a in plans]), today=today
    )
    return records


def _grouped(queryset, key: str) -> dict[int, list]:
    groups = defaultdict(list)
    for row in queryset:
        groups[getattr(row, key)].append(row)
    return dict(groups)
