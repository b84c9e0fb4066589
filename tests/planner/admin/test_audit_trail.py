"""The audit trail in the admin: one "viewed" event per list, change and history page that shows
patient data (a list names the patients it shows), a "denied" event for another therapist's
object, events nobody can change or delete, and the patient page's "Recent activity" box."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from planner.models import AuditAction, AuditEvent, LimbMeasurement
from planner.services import create_invite, record_event
from tests.factories import (
    make_patient,
    make_plan,
    make_session_log,
    make_therapist,
    make_user,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
LISTS = {
    "patient": "planner.Patient",
    "program": "planner.Program",
    "programexercise": "planner.ProgramExercise",
    "assignment": "planner.Assignment",
    "sessionlog": "planner.SessionLog",
    "limbmeasurement": "planner.LimbMeasurement",
    "invite": "planner.Invite",
    "auditevent": "planner.AuditEvent",
}


def chart(therapist, name):
    """A patient of ``therapist`` with a plan, a session log, a measurement and a sign-in code:
    every kind of row the admin lists about a patient."""
    patient = make_patient(therapist=therapist, display_name=name)
    plan = make_plan(patient, title=f"{name} template")
    log = make_session_log(plan, pain=2)
    measurement = LimbMeasurement.objects.create(
        patient=patient,
        measured_on=TODAY,
        site="calf",
        left_cm=Decimal("35.0"),
        right_cm=Decimal("36.0"),
        measured_by=therapist,
    )
    invite, _ = create_invite(patient=patient, by=therapist)
    return {
        "patient": patient,
        "program": plan.program,  # the patient's own copy, not the template
        "programexercise": log.program_exercise,
        "assignment": plan,
        "sessionlog": log,
        "limbmeasurement": measurement,
        "invite": invite,
        "auditevent": AuditEvent.objects.filter(patient=patient).first(),
    }


@pytest.fixture
def ana(therapist):
    return chart(therapist, "Ana Alvarez")


@pytest.fixture
def ben(therapist):
    return chart(therapist, "Ben Brooks")


@pytest.fixture
def stranger(other_therapist):
    return chart(other_therapist, "Sam Stranger")


def new_events(before: int) -> list[AuditEvent]:
    return list(AuditEvent.objects.order_by("pk")[before:])


def visit(client, url, **params):
    before = AuditEvent.objects.count()
    response = client.get(url, params)
    return response, new_events(before)


# --- lists -------------------------------------------------------------------------------------


@pytest.mark.parametrize("model", LISTS)
def test_a_list_writes_one_event_naming_the_patients_shown(
    therapist_client, therapist, ana, ben, stranger, model
):
    params = {"archived": "all"} if model in ("patient", "program") else {}
    response, events = visit(therapist_client, f"/admin/planner/{model}/", **params)
    assert response.status_code == 200
    (event,) = events
    assert (event.actor, event.action, event.patient) == (therapist, AuditAction.VIEWED, None)
    assert event.detail == {
        "patients": sorted([ana["patient"].pk, ben["patient"].pk]),
        "list": LISTS[model],
    }
    assert event.ip_address == "127.0.0.1"


def test_a_list_of_one_patients_rows_names_that_patient(therapist_client, ana, ben):
    response, (event,) = visit(
        therapist_client, "/admin/planner/sessionlog/", q=ana["patient"].display_name
    )
    assert list(response.context["cl"].result_list) == [ana["sessionlog"]]
    assert event.patient == ana["patient"]
    assert event.detail["patients"] == [ana["patient"].pk]


def test_a_list_showing_no_patient_writes_nothing(therapist_client, ana):
    _, events = visit(therapist_client, "/admin/planner/patient/", q="Nobody by that name")
    assert events == []


# --- change and history pages -------------------------------------------------------------------


@pytest.mark.parametrize("model", LISTS)
@pytest.mark.parametrize("view", ["change", "history"])
def test_a_record_page_writes_one_event_naming_the_record(
    therapist_client, therapist, ana, model, view
):
    record = ana[model]
    response, events = visit(therapist_client, f"/admin/planner/{model}/{record.pk}/{view}/")
    assert response.status_code == 200
    (event,) = events
    assert (event.actor, event.action, event.patient) == (
        therapist,
        AuditAction.VIEWED,
        ana["patient"],
    )
    assert (event.object_type, event.object_id) == (LISTS[model], str(record.pk))


def test_a_template_is_not_patient_data(therapist_client, ana):
    template = ana["program"].source
    response, events = visit(therapist_client, f"/admin/planner/program/{template.pk}/change/")
    assert response.status_code == 200
    assert events == []


# --- denied ------------------------------------------------------------------------------------


@pytest.mark.parametrize("model", LISTS)
@pytest.mark.parametrize("view", ["change", "history"])
def test_another_therapists_record_is_refused_and_recorded(
    therapist_client, therapist, stranger, model, view
):
    record = stranger[model]
    response, events = visit(therapist_client, f"/admin/planner/{model}/{record.pk}/{view}/")
    assert response.status_code == 302  # Django's "doesn't exist", as before
    assert response["Location"] == "/admin/"
    (event,) = events
    assert (event.actor, event.action, event.outcome) == (therapist, "denied", "refused")
    assert (event.object_type, event.object_id) == (LISTS[model], str(record.pk))
    # The one refused can read their own events: nothing in it says whose record it was.
    assert event.patient is None
    assert "Stranger" not in event.object_repr
    assert "Sam Stranger" not in str(event.detail)


@pytest.mark.parametrize(
    ("model", "url"),
    [
        ("assignment", "/admin/planner/assignment/{pk}/handout/"),
        ("assignment", "/admin/planner/assignment/{pk}/revise/"),
        ("patient", "/admin/planner/patient/{pk}/invite/"),
    ],
)
def test_our_own_admin_views_refuse_and_record_too(therapist_client, stranger, model, url):
    before = AuditEvent.objects.count()
    response = therapist_client.post(url.format(pk=stranger[model].pk))
    assert response.status_code == 404
    (event,) = new_events(before)
    assert (event.action, event.object_id) == ("denied", str(stranger[model].pk))


def test_an_id_that_does_not_exist_is_not_a_refusal(therapist_client, ana):
    _, events = visit(therapist_client, "/admin/planner/sessionlog/999999/change/")
    assert events == []


def test_the_refused_therapist_does_not_learn_the_patients_name(therapist_client, stranger):
    therapist_client.get(f"/admin/planner/sessionlog/{stranger['sessionlog'].pk}/change/")
    html = therapist_client.get("/admin/planner/auditevent/").content.decode()
    assert "Was refused access" in html
    assert "Sam Stranger" not in html


# --- nobody changes or deletes an event ---------------------------------------------------------


@pytest.mark.parametrize(
    "who", ["anonymous", "patient", "therapist", "other_therapist", "superuser"]
)
def test_no_one_can_add_change_or_delete_an_event(client, ana, admin_user, who):
    event = AuditEvent.objects.filter(patient=ana["patient"]).earliest("pk")
    patient_user = make_user()
    ana["patient"].user = patient_user
    ana["patient"].save(update_fields=["user"])
    users = {
        "anonymous": None,
        "patient": patient_user,
        "therapist": ana["patient"].therapist,
        "other_therapist": make_therapist(),
        "superuser": admin_user,
    }
    if users[who] is not None:
        client.force_login(users[who])
    staff = who not in ("anonymous", "patient")
    kept = AuditEvent.objects.filter(pk=event.pk).values().get()
    base = "/admin/planner/auditevent/"
    change = {"action": "printed", "object_repr": "Rewritten", "actor": "", "patient": ""}
    requests = [
        ("get", f"{base}add/", {}),
        ("post", f"{base}add/", change),
        ("post", f"{base}{event.pk}/change/", change),
        ("get", f"{base}{event.pk}/delete/", {}),
        ("post", f"{base}{event.pk}/delete/", {"post": "yes"}),
    ]
    for method, url, data in requests:
        response = getattr(client, method)(url, data)
        if staff:
            assert response.status_code == 403, (method, url)
        else:
            assert response.status_code == 302, (method, url)
            assert response["Location"].startswith("/admin/login/")
    # The list offers no actions at all, so no bulk delete either.
    bulk = client.post(
        base, {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"}
    )
    if staff:
        assert bulk.status_code == 200
        assert bulk.context["action_form"] is None
    assert AuditEvent.objects.filter(pk=event.pk).values().get() == kept


# --- the patient's page -------------------------------------------------------------------------


def test_the_patient_page_shows_recent_activity_read_only(therapist_client, therapist, ana, ben):
    record_event(therapist, AuditAction.PRINTED, ana["assignment"], via="test")
    record_event(therapist, AuditAction.PRINTED, ben["assignment"], via="test")
    response = therapist_client.get(f"/admin/planner/patient/{ana['patient'].pk}/change/")
    html = response.content.decode()
    box = html[html.index('id="recent-activity"') :]
    box = box[: box.index("</table>")]
    assert "Recent activity" in html
    assert f"Printed a handout: {ana['assignment']}" in box
    assert therapist.username in box
    assert "Viewed: Ana Alvarez" in box  # this very visit
    assert "127.0.0.1" in box
    assert str(ben["assignment"]) not in box
    assert "<input" not in box
    assert "<form" not in box
    link = f"/admin/planner/auditevent/?patient__id__exact={ana['patient'].pk}"
    assert f'href="{link}"' in box.replace("&amp;", "&")
    trail = therapist_client.get(link)
    assert trail.status_code == 200
    shown = list(trail.context["cl"].result_list)
    assert shown
    assert {e.patient for e in shown} == {ana["patient"]}


def test_the_box_shows_the_last_20_and_its_queries_do_not_grow(therapist_client, therapist, ana):
    url = f"/admin/planner/patient/{ana['patient'].pk}/change/"

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = therapist_client.get(url)
        assert response.status_code == 200
        return len(captured), list(response.context["recent_activity"])

    few, shown_few = queries()
    for _ in range(30):
        record_event(therapist, AuditAction.PRINTED, ana["assignment"], via="test")
    many, shown_many = queries()
    assert len(shown_few) < 20
    assert len(shown_many) == 20
    assert shown_many[0].created_at >= shown_many[-1].created_at
    assert many == few
