"""Each database constraint rejects a bad row at the database itself, not only in a form."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import ProtectedError

from planner.models import LimbMeasurement, Program, ProgramExercise, Reminder, SessionLog
from tests.constraints import rejected
from tests.factories import (
    make_assignment,
    make_exercise,
    make_patient,
    make_program,
    make_therapist,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("field", "value", "constraint"),
    [
        ("sets", 0, "program_exercise_sets_1_10"),
        ("sets", 11, "program_exercise_sets_1_10"),
        ("repetitions", 101, "program_exercise_reps_1_100"),
        ("repetitions", 0, "program_exercise_reps_1_100"),
        ("hold_seconds", 301, "program_exercise_hold_0_300"),
        ("rest_seconds", 601, "program_exercise_rest_0_600"),
        ("duration_minutes", 121, "program_exercise_duration_1_120"),
        ("duration_minutes", 0, "program_exercise_duration_1_120"),
        ("times_per_day", 7, "program_exercise_times_per_day_1_6"),
        ("times_per_day", 0, "program_exercise_times_per_day_1_6"),
        ("days_per_week", 8, "program_exercise_days_per_week_1_7"),
        ("days_per_week", 0, "program_exercise_days_per_week_1_7"),
        ("target_effort", 11, "program_exercise_effort_0_10"),
    ],
)
def test_program_exercise_dosage_ranges(field, value, constraint):
    program = make_program(exercises=0)
    exercise = make_exercise()
    dosage = {"sets": 2, "repetitions": 10, field: value}
    assert rejected(
        lambda: ProgramExercise.objects.create(
            program=program, exercise=exercise, position=1, **dosage
        ),
        constraint,
    )


def test_program_exercise_needs_repetitions_or_duration():
    program = make_program(exercises=0)
    exercise = make_exercise()
    assert rejected(
        lambda: ProgramExercise.objects.create(
            program=program, exercise=exercise, position=1, repetitions=None, duration_minutes=None
        ),
        "program_exercise_reps_or_duration",
    )
    # Either one alone is enough.
    ProgramExercise.objects.create(
        program=program, exercise=exercise, position=1, duration_minutes=20
    )
    ProgramExercise.objects.create(program=program, exercise=exercise, position=2, repetitions=12)


def test_program_positions_are_unique():
    program = make_program(exercises=1)
    assert rejected(
        lambda: ProgramExercise.objects.create(
            program=program, exercise=make_exercise(), position=1, repetitions=5
        ),
        "program_exercise_unique_position",
    )


def test_template_cannot_belong_to_a_patient_and_patient_program_needs_one():
    therapist = make_therapist()
    patient = make_patient(therapist=therapist)
    assert rejected(
        lambda: Program.objects.create(
            title="x", owner=therapist, is_template=True, patient=patient
        ),
        "program_template_xor_patient",
    )
    assert rejected(
        lambda: Program.objects.create(title="x", owner=therapist, is_template=False),
        "program_template_xor_patient",
    )


def test_only_templates_can_be_shared():
    therapist = make_therapist()
    patient = make_patient(therapist=therapist)
    assert rejected(
        lambda: Program.objects.create(
            title="x", owner=therapist, is_template=False, patient=patient, is_shared=True
        ),
        "program_only_templates_shared",
    )


def test_assignment_cannot_end_before_it_starts():
    start = datetime.date(2026, 12, 1)
    assert rejected(
        lambda: make_assignment(starts_on=start, ends_on=start - datetime.timedelta(days=1)),
        "assignment_ends_after_start",
    )
    make_assignment(starts_on=start, ends_on=start)  # a one-day plan is fine


def test_one_session_log_per_assigned_exercise_per_day():
    assignment = make_assignment()
    item = assignment.program.items.get()
    day = assignment.starts_on
    SessionLog.objects.create(assignment=assignment, program_exercise=item, performed_on=day)
    assert rejected(
        lambda: SessionLog.objects.create(
            assignment=assignment, program_exercise=item, performed_on=day
        ),
        "session_log_one_per_exercise_per_day",
    )
    SessionLog.objects.create(
        assignment=assignment, program_exercise=item, performed_on=day + datetime.timedelta(days=1)
    )


@pytest.mark.parametrize(
    ("field", "value", "constraint"),
    [
        ("pain", 11, "session_log_pain_0_10"),
        ("effort", 11, "session_log_effort_0_10"),
        ("sets_done", 11, "session_log_sets_done_0_10"),
    ],
)
def test_session_log_scales(field, value, constraint):
    assignment = make_assignment()
    item = assignment.program.items.get()
    assert rejected(
        lambda: SessionLog.objects.create(
            assignment=assignment,
            program_exercise=item,
            performed_on=assignment.starts_on,
            **{field: value},
        ),
        constraint,
    )


@pytest.mark.parametrize(
    ("left", "right", "constraint"),
    [
        ("0.0", "40.0", "limb_measurement_left_cm_range"),
        ("40.0", "151.0", "limb_measurement_right_cm_range"),
        ("-3.0", "40.0", "limb_measurement_left_cm_range"),
    ],
)
def test_limb_measurements_must_be_plausible(left, right, constraint):
    patient = make_patient()
    assert rejected(
        lambda: LimbMeasurement.objects.create(
            patient=patient,
            measured_on=datetime.date(2026, 11, 2),
            site="thigh",
            left_cm=Decimal(left),
            right_cm=Decimal(right),
            measured_by=patient.therapist,
        ),
        constraint,
    )


def test_limb_difference_is_derived():
    patient = make_patient()
    measurement = LimbMeasurement.objects.create(
        patient=patient,
        measured_on=datetime.date(2026, 11, 2),
        site="thigh",
        left_cm=Decimal("44.5"),
        right_cm=Decimal("47.5"),
        measured_by=patient.therapist,
    )
    assert measurement.difference_cm == Decimal("3.0")


def test_clinical_records_are_protected_from_deletion():
    assignment = make_assignment()
    item = assignment.program.items.get()
    SessionLog.objects.create(
        assignment=assignment, program_exercise=item, performed_on=assignment.starts_on
    )
    with pytest.raises(ProtectedError):
        assignment.patient.delete()
    with pytest.raises(ProtectedError):
        assignment.program.delete()
    with pytest.raises(ProtectedError):
        item.exercise.delete()
    with pytest.raises(ProtectedError):
        assignment.delete()
    with pytest.raises(ProtectedError):
        assignment.patient.therapist.delete()


@pytest.mark.parametrize(
    ("email", "send_at", "refused"),
    [
        ("", datetime.time(9), True),
        ("maria@example.org", None, True),
        ("maria@example.org", datetime.time(9), False),
    ],
)
def test_a_reminder_that_is_on_needs_an_email_and_a_time(email, send_at, refused):
    patient = make_patient()
    assert (
        rejected(
            lambda: Reminder.objects.create(
                patient=patient, is_on=True, email=email, send_at=send_at
            ),
            "reminder_on_needs_email_and_time",
        )
        is refused
    )
    # Turned off, it may keep either or neither.
    assert not rejected(
        lambda: Reminder.objects.update_or_create(patient=patient, defaults={"is_on": False}),
        "reminder_on_needs_email_and_time",
    )
