"""manage.py seed_scale (issue 17): believable rows, every one the models accept, written fast;
never in production, never over a clinic's patients unless asked."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import F
from django.test import override_settings
from django.utils import timezone

from accounts.roles import THERAPISTS_GROUP
from planner.models import (
    Assignment,
    AuditEvent,
    FunctionTest,
    LimbMeasurement,
    Patient,
    Program,
    ProgramExercise,
    SessionLog,
)
from tests.factories import make_patient

pytestmark = pytest.mark.django_db


def seed(*args):
    out = io.StringIO()
    call_command("seed_scale", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded():
    """12 patients over 3 therapists, 3 weeks: what seed_scale printed."""
    return seed("--patients", "12", "--weeks", "3", "--therapists", "3", "--seed", "7")


def test_it_prints_the_counts_and_the_time(seeded):
    assert "patients: 12" in seeded
    assert "therapists: 3" in seeded
    plan_rows = ProgramExercise.objects.filter(program__is_template=False).count()
    for name, count in [
        ("plans", Assignment.objects.count()),
        ("plan rows", plan_rows),
        ("session logs", SessionLog.objects.count()),
        ("limb measurements", LimbMeasurement.objects.count()),
        ("function tests", FunctionTest.objects.count()),
        ("audit events", AuditEvent.objects.count()),
    ]:
        assert f"{name}: {count:,}\n" in seeded
    assert "Done in " in seeded


def test_the_same_seed_makes_the_same_history():
    def history():
        return list(
            SessionLog.objects.order_by("pk").values_list(
                "performed_on", "done", "sets_done", "pain", "effort", "note"
            )
        )

    seed("--patients", "6", "--weeks", "2", "--seed", "3")
    first = history()
    seed("--patients", "6", "--weeks", "2", "--seed", "3", "--append")

    assert first
    assert history() == first * 2


def test_the_counts_are_right(seeded):
    therapists = get_user_model().objects.filter(groups__name=THERAPISTS_GROUP, is_staff=True)
    assert therapists.count() == 3
    assert Patient.objects.count() == 12
    assert Assignment.objects.count() == 12
    assert Program.objects.filter(is_template=False).count() == 12
    caseloads = set(Patient.objects.values_list("therapist", flat=True))
    assert caseloads == set(therapists.values_list("pk", flat=True))
    assert SessionLog.objects.count() > 12
    assert LimbMeasurement.objects.exists()
    assert FunctionTest.objects.exists()
    assert AuditEvent.objects.filter(action="assigned").count() == 12


def test_every_plan_is_made_by_the_patients_own_therapist(seeded):
    plans = Assignment.objects.select_related("patient", "program")
    for plan in plans:
        assert plan.assigned_by_id == plan.patient.therapist_id
        assert plan.program.owner_id == plan.patient.therapist_id
        assert plan.program.patient_id == plan.patient_id
    assert not AuditEvent.objects.exclude(therapist=F("patient__therapist")).exists()


def test_logs_fall_within_plans_and_after_registration(seeded):
    today = timezone.localdate()
    for log in SessionLog.objects.select_related("assignment__patient", "program_exercise"):
        plan = log.assignment
        assert plan.starts_on <= log.performed_on < today
        assert plan.ends_on is None or log.performed_on <= plan.ends_on
        assert log.performed_on >= plan.patient.registered_on
        assert log.program_exercise.program_id == plan.program_id
    for row in [*LimbMeasurement.objects.all(), *FunctionTest.objects.all()]:
        day = getattr(row, "measured_on", None) or row.tested_on
        assert row.patient.registered_on <= day < today


def test_every_plan_row_is_frozen(seeded):
    rows = ProgramExercise.objects.filter(program__is_template=False)
    assert rows.exists()
    assert not rows.filter(frozen_at__isnull=True).exists()
    assert not rows.filter(name="").exists()


@pytest.mark.parametrize(
    "model",
    [Patient, Program, ProgramExercise, Assignment, SessionLog, LimbMeasurement, FunctionTest],
)
def test_a_sample_of_every_kind_of_row_passes_the_models_checks(seeded, model):
    rows = list(model.objects.all())
    assert rows
    for row in rows[:: max(1, len(rows) // 25)]:
        row.full_clean()


def test_it_refuses_to_run_in_production():
    with override_settings(PRODUCTION=True), pytest.raises(CommandError, match="production"):
        seed("--patients", "2", "--weeks", "1")
    assert not Patient.objects.exists()


def test_it_refuses_a_database_that_holds_patients_unless_appending():
    make_patient()
    with pytest.raises(CommandError, match="already holds patients"):
        seed("--patients", "2", "--weeks", "1")
    assert Patient.objects.count() == 1
    seed("--patients", "2", "--weeks", "1", "--append")
    assert Patient.objects.count() == 3


def test_it_refuses_counts_below_one():
    with pytest.raises(CommandError, match="counted from 1"):
        seed("--patients", "0", "--weeks", "1")
