"""/portal/: the signed-in patient's current plans, and nobody else's."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from planner.models import AuditEvent
from tests.factories import make_assignment, make_patient, make_therapist, make_user

pytestmark = pytest.mark.django_db


def test_it_shows_the_patients_current_plan_with_dosage_and_steps(client):
    assignment = make_assignment()
    item = assignment.program.items.get()
    client.force_login(assignment.patient.user)
    response = client.get("/portal/")
    assert response.status_code == 200
    html = response.content.decode()
    assert assignment.program.title in html
    assert item.exercise.name in html
    assert "2 sets of 10, once a day, 3 days a week" in html
    assert "Lift your leg." in html


def test_it_hides_other_patients_plans(client):
    mine = make_assignment()
    theirs = make_assignment(patient=make_patient(user=make_user(), display_name="Someone Else"))
    client.force_login(mine.patient.user)
    html = client.get("/portal/").content.decode()
    assert mine.program.title in html
    assert theirs.program.title not in html
    assert "Someone Else" not in html


def test_it_leaves_out_plans_not_started_or_ended(client):
    today = datetime.date.today()
    patient = make_patient(user=make_user())
    future = make_assignment(patient=patient, starts_on=today + datetime.timedelta(days=3))
    ended = make_assignment(
        patient=patient,
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today - datetime.timedelta(days=1),
    )
    client.force_login(patient.user)
    html = client.get("/portal/").content.decode()
    assert future.program.title not in html
    assert ended.program.title not in html
    assert "You have no exercise plan right now" in html


def test_it_requires_login(client):
    response = client.get("/portal/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/portal/"


def test_it_sends_therapists_to_the_admin(client):
    client.force_login(make_therapist())
    response = client.get("/portal/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_it_is_404_for_an_account_without_a_patient_record(client):
    client.force_login(make_user())
    assert client.get("/portal/").status_code == 404


def test_it_is_404_for_an_archived_patient(client):
    from django.utils import timezone

    patient = make_patient(user=make_user(), archived_at=timezone.now())
    client.force_login(patient.user)
    assert client.get("/portal/").status_code == 404


def test_viewing_is_audited(client):
    assignment = make_assignment()
    client.force_login(assignment.patient.user)
    client.get("/portal/")
    event = AuditEvent.objects.get()
    assert (event.actor, event.patient, event.action) == (
        assignment.patient.user,
        assignment.patient,
        "viewed",
    )


def test_query_count_does_not_grow_with_the_plan(client):
    small = make_assignment(exercises=2)
    big = make_assignment(exercises=25)
    client.force_login(small.patient.user)
    with CaptureQueriesContext(connection) as few:
        client.get("/portal/")
    client.force_login(big.patient.user)
    with CaptureQueriesContext(connection) as many:
        client.get("/portal/")
    assert len(many) == len(few)


def test_query_count_is_pinned(client, django_assert_num_queries):
    assignment = make_assignment(exercises=12)
    for _ in range(5):
        make_assignment()  # other patients' rows present
    client.force_login(assignment.patient.user)
    # session, user, patient, assignments, their items with exercises, audit insert
    with django_assert_num_queries(6):
        client.get("/portal/")
