"""Whose audit trail an event joins (issue 17): the event keeps the therapist its patient had
when it was written, so ``for_therapist`` reads two indexed columns instead of joining every
event to its patient. For events written since, the scope shows exactly what the old join showed
at the time of writing; when a patient moves on, their earlier events stay with the therapist
who had them."""

import importlib

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.models import Q
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.models import AuditAction, AuditEvent, Patient
from planner.selectors.patients import recent_activity
from planner.services.audit import record_denied, record_event
from tests.factories import make_patient, make_therapist, make_user

pytestmark = pytest.mark.django_db
MIGRATION = "0013_indexes_audit_therapist"

THERAPISTS = 3
PATIENTS = 3

# One step: an event by actor ``a`` (a therapist, the clinic admin, a patient's own account or
# nobody) about patient ``p`` (or no patient), or patient ``p`` moving to therapist ``t``.
_actor = st.sampled_from([*range(THERAPISTS), "admin", "patient", None])
_event = st.tuples(st.just("event"), _actor, st.sampled_from([*range(PATIENTS), None]))
_move = st.tuples(st.just("move"), st.integers(0, PATIENTS - 1), st.integers(0, THERAPISTS - 1))


def old_scope(user):
    """The scope as it was before the event kept its therapist: a join to the patient's
    therapist now."""
    return AuditEvent.objects.filter(Q(patient__therapist=user) | Q(actor=user))


@settings(max_examples=25, deadline=None)
@given(steps=st.lists(st.one_of(_event, _move), min_size=1, max_size=12))
def test_each_new_event_is_seen_by_whom_the_old_scope_showed_it_to(steps):
    therapists = [make_therapist() for _ in range(THERAPISTS)]
    patients = [make_patient(therapist=therapists[n]) for n in range(PATIENTS)]
    actors = dict(enumerate(therapists))
    actors["admin"] = make_user(is_staff=True, is_superuser=True)
    actors["patient"] = make_user()
    actors[None] = None
    for kind, first, second in steps:
        if kind == "move":
            Patient.objects.filter(pk=patients[first].pk).update(therapist=therapists[second])
            patients[first].refresh_from_db()
            continue
        patient = patients[second] if second is not None else None
        event = record_event(actors[first], AuditAction.VIEWED, patient)
        for therapist in therapists:
            now = AuditEvent.objects.for_therapist(therapist).filter(pk=event.pk).exists()
            before = old_scope(therapist).filter(pk=event.pk).exists()
            assert now == before, (therapist, event)


@pytest.fixture
def ana_moved():
    """Ana, first Dana's patient, then Eli's; one event written in each therapist's time."""
    dana, eli = make_therapist(username="dana"), make_therapist(username="eli")
    ana = make_patient(therapist=dana, display_name="Ana")
    admin = make_user(is_staff=True, is_superuser=True)
    in_danas_time = record_event(admin, AuditAction.CHANGED, ana)
    ana.therapist = eli
    ana.save()
    in_elis_time = record_event(admin, AuditAction.CHANGED, ana)
    return dana, eli, ana, in_danas_time, in_elis_time


def test_a_moved_patients_earlier_events_stay_with_the_therapist_who_had_them(ana_moved):
    dana, eli, _ana, in_danas_time, in_elis_time = ana_moved
    assert list(AuditEvent.objects.for_therapist(dana)) == [in_danas_time]
    assert list(AuditEvent.objects.for_therapist(eli)) == [in_elis_time]


def test_the_patient_page_shows_the_whole_trail_to_the_new_therapist(ana_moved):
    _dana, _eli, ana, in_danas_time, in_elis_time = ana_moved
    assert list(recent_activity(ana)) == [in_elis_time, in_danas_time]


def test_an_event_is_never_seen_by_another_therapist(therapist, patient, other_therapist):
    admin = make_user(is_staff=True, is_superuser=True)
    events = [
        record_event(therapist, AuditAction.VIEWED, patient),
        record_event(admin, AuditAction.CHANGED, patient),
        record_event(None, AuditAction.SIGN_IN_FAILED, patient=patient),
        record_denied(therapist, Patient, patient.pk, patient=patient),
        record_event(therapist, AuditAction.VIEWED),  # no patient: the therapist's own doing
    ]
    assert not AuditEvent.objects.for_therapist(other_therapist).exists()
    assert set(AuditEvent.objects.for_therapist(therapist)) == set(events)
    assert set(AuditEvent.objects.for_therapist(admin)) == set(events)


def test_an_event_keeps_its_patients_therapist(therapist, patient):
    assert record_event(None, AuditAction.SIGNED_IN, patient=patient).therapist == therapist
    assert record_denied(None, Patient, 1, patient=patient).therapist == therapist
    assert record_event(therapist, AuditAction.VIEWED).therapist is None


def test_the_migration_fills_in_the_therapist_of_earlier_events(monkeypatch, therapist):
    """Events written before 0013 get their patient's therapist then, batch by batch; events
    about nobody keep none, and running it again changes nothing."""
    migration = importlib.import_module(f"planner.migrations.{MIGRATION}")
    monkeypatch.setattr(migration, "BATCH", 2)  # several batches from a few rows
    other = make_therapist()
    ana, ben = make_patient(therapist=therapist), make_patient(therapist=other)
    about = {
        record_event(therapist, AuditAction.VIEWED, p).pk: p for p in [ana, ben, ana, ben, ana]
    }
    about_nobody = record_event(therapist, AuditAction.VIEWED).pk
    AuditEvent.objects.update(therapist=None)  # as the column was after it was added

    state = MigrationLoader(connection).project_state(("planner", MIGRATION))
    migration.therapist_from_patient(state.apps, None)
    migration.therapist_from_patient(state.apps, None)

    filled = dict(AuditEvent.objects.values_list("pk", "therapist_id"))
    assert filled == {
        **{pk: patient.therapist_id for pk, patient in about.items()},
        about_nobody: None,
    }
