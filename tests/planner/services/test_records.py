"""planner.services.records.void_record called directly: scope, the reason, once only, audited."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from planner.models import AuditEvent, LimbMeasurement, SessionLog
from planner.services import void_record
from tests.factories import make_session_log

pytestmark = pytest.mark.django_db


@pytest.fixture
def log(assignment):
    return make_session_log(assignment, pain=3, note="Sore knee")


def test_voiding_keeps_the_record_and_says_who_when_and_why(log, therapist):
    void_record(record=log, by=therapist, reason="  Logged for the wrong day.  ")
    log.refresh_from_db()
    assert log.is_voided
    assert (log.voided_by, log.void_reason) == (therapist, "Logged for the wrong day.")
    # What the patient reported is untouched.
    assert (log.pain, log.note, log.done) == (3, "Sore knee", True)
    assert SessionLog.objects.in_force().count() == 0
    assert SessionLog.objects.count() == 1


def test_voiding_is_audited_once_with_the_reason_and_the_patient(log, therapist):
    void_record(record=log, by=therapist, reason="Duplicate entry.")
    event = AuditEvent.objects.get(action="voided")
    assert (event.actor, event.patient) == (therapist, log.assignment.patient)
    assert (event.object_type, event.object_id) == ("planner.SessionLog", str(log.pk))
    assert event.detail == {"reason": "Duplicate entry."}


@pytest.mark.parametrize("reason", ["", "   ", "x" * 501])
def test_a_reason_is_required_and_short(log, therapist, reason):
    with pytest.raises(ValidationError):
        void_record(record=log, by=therapist, reason=reason)
    log.refresh_from_db()
    assert not log.is_voided
    assert not AuditEvent.objects.filter(action="voided").exists()


def test_500_characters_is_enough(log, therapist):
    void_record(record=log, by=therapist, reason="x" * 500)
    log.refresh_from_db()
    assert len(log.void_reason) == 500


def test_a_record_is_voided_once(log, therapist):
    void_record(record=log, by=therapist, reason="Wrong day.")
    with pytest.raises(ValidationError, match="already voided"):
        void_record(record=log, by=therapist, reason="Again.")
    log.refresh_from_db()
    assert log.void_reason == "Wrong day."
    assert AuditEvent.objects.filter(action="voided").count() == 1


def test_another_therapist_cannot_void(log, other_therapist):
    with pytest.raises(PermissionDenied):
        void_record(record=log, by=other_therapist, reason="Not mine.")
    log.refresh_from_db()
    assert not log.is_voided


def test_a_voided_plan_leaves_the_current_plans_and_moves_on_a_revision(assignment, therapist):
    revision = assignment.revision
    void_record(record=assignment, by=therapist, reason="Assigned to the wrong patient.")
    assignment.refresh_from_db()
    assert assignment.revision == revision + 1  # an editor open on it cannot save over it
    assert not assignment.patient.assignments.current().exists()


def test_a_measurement_is_voided(patient, therapist):
    measurement = LimbMeasurement.objects.create(
        patient=patient,
        measured_on=datetime.date.today(),
        site="calf",
        left_cm=Decimal("35.0"),
        right_cm=Decimal("36.5"),
        measured_by=therapist,
    )
    void_record(record=measurement, by=therapist, reason="Tape measure slipped.")
    assert not LimbMeasurement.objects.in_force().exists()
    assert LimbMeasurement.objects.get().left_cm == Decimal("35.0")


def test_other_records_are_not_voided(patient, therapist):
    with pytest.raises(TypeError):
        void_record(record=patient, by=therapist, reason="Patients are archived.")
