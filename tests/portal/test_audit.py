"""The portal on the audit trail (each page a patient opens, refusals of other people's ids) and
records voided by the therapist (not counted, not shown, not written over)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from planner.models import AuditEvent, SessionLog
from planner.services import void_record
from planner.services.sessions import VOIDED_DAY
from tests.factories import make_exercise, make_patient, make_plan, make_session_log, make_user

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def portal_plan(**patient_fields):
    """A two-exercise plan that started 10 days ago, for a new patient with an account."""
    patient = make_patient(user=make_user(), **patient_fields)
    items = [make_exercise(name=f"Exercise {patient.pk}-{n}") for n in range(2)]
    return make_plan(patient, exercises=items, starts_on=TODAY - 10 * DAY)


@pytest.fixture
def mine():
    return portal_plan()


@pytest.fixture
def theirs():
    return portal_plan()


def get(client, url, **params):
    """The response, and the audit events it wrote."""
    before = AuditEvent.objects.count()
    response = client.get(url, params)
    return response, list(AuditEvent.objects.order_by("pk")[before:])


# --- what a patient opens ----------------------------------------------------------------------


def test_the_history_page_writes_one_viewed_event(client, mine):
    client.force_login(mine.patient.user)
    response, (event,) = get(client, "/portal/history/")
    assert response.status_code == 200
    assert (event.actor, event.action, event.patient) == (mine.patient.user, "viewed", mine.patient)
    assert event.detail == {"page": "history"}
    assert event.ip_address == "127.0.0.1"


def test_the_history_page_takes_six_queries(client, mine):
    make_session_log(mine, performed_on=TODAY)
    client.force_login(mine.patient.user)
    with CaptureQueriesContext(connection) as queries:
        client.get("/portal/history/")
    # session, user, patient, the logs with their exercises, the audit row, the clinic profile
    # (whom to call, in the footer)
    assert len(queries) == 6


def test_the_log_form_writes_one_viewed_event(client, mine):
    item = mine.program.items.first()
    client.force_login(mine.patient.user)
    response, (event,) = get(client, f"/portal/log/{item.pk}/", date=TODAY.isoformat())
    assert response.status_code == 200
    assert (event.action, event.patient) == ("viewed", mine.patient)
    assert (event.object_type, event.object_id) == ("planner.ProgramExercise", str(item.pk))
    assert event.detail == {"day": TODAY.isoformat()}


def test_logging_a_session_is_recorded_as_a_change(client, mine):
    item = mine.program.items.first()
    client.force_login(mine.patient.user)
    client.post(f"/portal/log/{item.pk}/", {"performed_on": TODAY.isoformat(), "done": "True"})
    event = AuditEvent.objects.get(action="changed")
    log = SessionLog.objects.get()
    assert (event.actor, event.patient, event.object_id) == (
        mine.patient.user,
        mine.patient,
        str(log.pk),
    )
    assert event.detail["new"] is True


# --- refusals ----------------------------------------------------------------------------------


@pytest.mark.parametrize("view", ["log", "handout"])
def test_another_patients_id_is_404_and_recorded(client, mine, theirs, view):
    item = theirs.program.items.first()
    url, model, pk = {
        "log": (f"/portal/log/{item.pk}/", "planner.ProgramExercise", item.pk),
        "handout": (f"/portal/handout/{theirs.pk}/", "planner.Assignment", theirs.pk),
    }[view]
    client.force_login(mine.patient.user)
    response, (event,) = get(client, url)
    assert response.status_code == 404
    assert (event.actor, event.action, event.outcome) == (mine.patient.user, "denied", "refused")
    # On the asking patient's own record, naming the row by kind and id only.
    assert event.patient == mine.patient
    assert (event.object_type, event.object_id) == (model, str(pk))
    assert theirs.patient.display_name not in event.object_repr
    assert item.exercise.name not in event.object_repr


def test_posting_to_another_patients_exercise_is_recorded_too(client, mine, theirs):
    item = theirs.program.items.first()
    client.force_login(mine.patient.user)
    data = {"performed_on": TODAY.isoformat(), "done": "True"}
    assert client.post(f"/portal/log/{item.pk}/", data).status_code == 404
    assert AuditEvent.objects.filter(action="denied", object_id=str(item.pk)).count() == 1
    assert not SessionLog.objects.exists()


def test_a_mistyped_id_is_only_not_found(client, mine):
    client.force_login(mine.patient.user)
    response, events = get(client, "/portal/handout/999999/")
    assert response.status_code == 404
    assert events == []


def test_anonymous_asking_for_a_record_is_recorded(client, mine):
    item = mine.program.items.first()
    response, (event,) = get(client, f"/portal/log/{item.pk}/")
    assert response.status_code == 302
    assert (event.actor, event.action, event.patient) == (None, "denied", None)
    assert event.detail == {"path": f"/portal/log/{item.pk}/", "reason": "not signed in"}
    # The front door (the handout's QR code) asked for while signed out is not a refusal.
    _, events = get(client, "/portal/")
    assert events == []


def test_an_account_without_a_patient_record_is_recorded(client, mine):
    user = make_user()
    client.force_login(user)
    response, (event,) = get(client, f"/portal/handout/{mine.pk}/")
    assert response.status_code == 404
    assert (event.actor, event.action, event.detail["reason"]) == (
        user,
        "denied",
        "no patient record",
    )


# --- voided records ----------------------------------------------------------------------------


def test_a_voided_log_is_not_done_today_nor_in_the_history(client, mine):
    entry = make_session_log(mine, performed_on=TODAY, done=True)
    client.force_login(mine.patient.user)
    assert "Done today" in client.get("/portal/").content.decode()
    void_record(record=entry, by=mine.patient.therapist, reason="Logged by mistake.")
    assert "Done today" not in client.get("/portal/").content.decode()
    weeks = client.get("/portal/history/").context["weeks"]
    assert weeks == []


def test_the_log_form_does_not_offer_a_voided_entry(client, mine):
    entry = make_session_log(mine, performed_on=TODAY, pain=7)
    void_record(record=entry, by=mine.patient.therapist, reason="Wrong exercise.")
    client.force_login(mine.patient.user)
    form = client.get(f"/portal/log/{entry.program_exercise_id}/").context["form"]
    assert form.instance.pk is None


def test_a_voided_day_is_not_written_over(client, mine):
    entry = make_session_log(mine, performed_on=TODAY, pain=7, note="Typo")
    void_record(record=entry, by=mine.patient.therapist, reason="Wrong exercise.")
    client.force_login(mine.patient.user)
    data = {"performed_on": TODAY.isoformat(), "done": "True", "pain": "1"}
    response = client.post(f"/portal/log/{entry.program_exercise_id}/", data)
    assert response.status_code == 200
    assert VOIDED_DAY in response.content.decode()
    entry.refresh_from_db()
    assert (entry.pain, entry.note, entry.is_voided) == (7, "Typo", True)


def test_a_voided_session_is_not_asked_about_the_next_day(client):
    plan = portal_plan(atrophy_type="neurogenic")
    entry = make_session_log(plan, performed_on=TODAY - DAY, done=True)
    void_record(record=entry, by=plan.patient.therapist, reason="Not done after all.")
    client.force_login(plan.patient.user)
    # The check-in question, not the safety note that also speaks of a heavier, weaker limb.
    assert 'id="check-in"' not in client.get("/portal/").content.decode()


def test_a_voided_plan_is_not_shown_nor_printed(client, mine):
    void_record(record=mine, by=mine.patient.therapist, reason="Wrong patient.")
    client.force_login(mine.patient.user)
    assert "You have no exercise plan right now" in client.get("/portal/").content.decode()
    response, events = get(client, f"/portal/handout/{mine.pk}/")
    assert response.status_code == 404
    assert events == []  # their own plan: not found, not a refusal
