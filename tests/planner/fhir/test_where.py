"""Where a plan is exported: the buttons and JSON endpoints in the admin (for the plan's therapist
and a clinic admin only), the list action and the command; each export audited, as a print is;
and the number of queries does not grow with the exercises, sessions or measurements."""

import datetime
import json
import os
import subprocess
import sys
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from planner.models import AuditEvent, LimbMeasurement
from tests.factories import make_exercise, make_patient, make_plan, make_session_log, make_user
from tests.planner.fhir.reading import Read

pytestmark = pytest.mark.django_db
FHIR_JSON = "application/fhir+json; charset=utf-8"


def plan(therapist, name="Maria Lopez", exercises=1):
    patient = make_patient(therapist=therapist, display_name=name, user=make_user())
    return make_plan(patient, exercises=[make_exercise() for _ in range(exercises)])


def plan_url(assignment) -> str:
    return f"/admin/planner/assignment/{assignment.pk}/fhir/"


def patient_url(patient) -> str:
    return f"/admin/planner/patient/{patient.pk}/fhir/"


def exported() -> list[tuple]:
    return list(
        AuditEvent.objects.filter(action="exported").values_list(
            "actor__username", "patient__display_name", "object_id", "detail__via"
        )
    )


def test_the_plans_button_downloads_its_bundle_and_audits_it(client, therapist):
    assignment = plan(therapist)
    client.force_login(therapist)
    page = client.get(f"/admin/planner/assignment/{assignment.pk}/change/").content.decode()
    assert f'href="{plan_url(assignment)}?download=1">Export FHIR</a>' in page
    response = client.get(plan_url(assignment) + "?download=1")
    assert response["Content-Type"] == FHIR_JSON
    assert response["Content-Disposition"] == (
        f'attachment; filename="fhir-plan-{assignment.pk}-v1.json"'
    )
    assert "no-store" in response["Cache-Control"]
    read = Read(response.content.decode())
    assert read.one("Patient").name[0].text == "Maria Lopez"
    assert exported() == [(therapist.username, "Maria Lopez", str(assignment.pk), "admin")]


def test_the_endpoint_answers_json_to_read_in_place(client, therapist):
    assignment = plan(therapist)
    client.force_login(therapist)
    response = client.get(plan_url(assignment))
    assert response["Content-Type"] == FHIR_JSON
    assert not response.has_header("Content-Disposition")
    assert json.loads(response.content)["resourceType"] == "Bundle"
    assert client.post(plan_url(assignment)).status_code == 405, "read-only"
    assert len(exported()) == 1, "the refused POST exported nothing"


def test_the_patients_button_exports_every_plan_of_theirs(client, therapist):
    first = plan(therapist, "Anna Able")
    second = make_plan(first.patient, exercises=[make_exercise()])
    plan(therapist, "Bert Baker")  # another patient: not in Anna's export
    client.force_login(therapist)
    page = client.get(f"/admin/planner/patient/{first.patient.pk}/change/").content.decode()
    assert f'href="{patient_url(first.patient)}?download=1">Export FHIR</a>' in page
    response = client.get(patient_url(first.patient) + "?download=1")
    assert response["Content-Disposition"] == (
        f'attachment; filename="fhir-patient-{first.patient.pk}.json"'
    )
    read = Read(response.content.decode())
    assert sorted(p.identifier[0].value for p in read.all("CarePlan")) == sorted(
        [str(first.pk), str(second.pk)]
    )
    assert [p.name[0].text for p in read.all("Patient")] == ["Anna Able"]
    assert sorted(e[2] for e in exported()) == sorted([str(first.pk), str(second.pk)])


def test_a_patient_without_a_plan_still_exports_their_conditions_and_girths(client, therapist):
    patient = make_patient(therapist=therapist, display_name="Nora New")
    LimbMeasurement.objects.create(
        patient=patient,
        measured_on=datetime.date.today(),
        site="calf",
        left_cm=Decimal("30.0"),
        right_cm=Decimal("32.5"),
        measured_by=therapist,
    )
    client.force_login(therapist)
    read = Read(client.get(patient_url(patient)).content.decode())
    assert read.one("Patient").name[0].text == "Nora New"
    assert read.all("CarePlan") == []
    assert len(read.all("Condition")) == 1  # the atrophy
    (girth,) = read.observations("limb-girth")
    assert read.resolve(girth.subject) is read.one("Patient")
    assert exported() == [(therapist.username, "Nora New", str(patient.pk), "admin")]


def test_another_therapist_gets_404_and_a_denial_and_nothing_is_exported(
    client, therapist, other_therapist
):
    theirs = plan(other_therapist, "Tom Theirs")
    client.force_login(therapist)
    for url in (plan_url(theirs), patient_url(theirs.patient)):
        response = client.get(url)
        assert response.status_code == 404
        assert b"Tom Theirs" not in response.content
    assert exported() == []
    denied = AuditEvent.objects.filter(action="denied", actor=therapist)
    assert sorted(denied.values_list("object_type", flat=True)) == [
        "planner.Assignment",
        "planner.Patient",
    ]


def test_patients_and_anonymous_are_sent_to_the_staff_sign_in(client, therapist):
    assignment = plan(therapist)
    for url in (plan_url(assignment), patient_url(assignment.patient)):
        assert client.get(url)["Location"].startswith("/admin/login/")
    client.force_login(assignment.patient.user)
    for url in (plan_url(assignment), patient_url(assignment.patient)):
        response = client.get(url)
        assert response["Location"].startswith("/admin/login/")
    assert exported() == []


def test_staff_without_the_right_to_read_plans_are_refused(client):
    # Staff (may open the admin) and this patient's therapist, but not in the Therapists group:
    # the admin would not show them the plan, so neither does the export.
    receptionist = get_user_model().objects.create_user("desk", password="x" * 20, is_staff=True)
    assignment = plan(receptionist)
    client.force_login(receptionist)
    assert client.get(f"/admin/planner/assignment/{assignment.pk}/change/").status_code == 403
    for url in (plan_url(assignment), patient_url(assignment.patient)):
        assert client.get(url).status_code == 403
    assert exported() == []


def test_a_clinic_admin_exports_any_therapists_plan(client, therapist):
    assignment = plan(therapist)
    admin = get_user_model().objects.create_superuser("clinic_admin", password="x" * 20)
    client.force_login(admin)
    read = Read(client.get(plan_url(assignment)).content.decode())
    assert read.one("CarePlan").identifier[0].value == str(assignment.pk)
    assert exported() == [("clinic_admin", "Maria Lopez", str(assignment.pk), "admin")]


def test_the_action_exports_the_selected_plans_in_one_bundle(client, therapist, other_therapist):
    first, second = plan(therapist, "Anna Able"), plan(therapist, "Bert Baker")
    theirs = plan(other_therapist, "Tom Theirs")
    client.force_login(therapist)
    response = client.post(
        "/admin/planner/assignment/",
        {"action": "export_fhir", "_selected_action": [first.pk, second.pk, theirs.pk]},
    )
    assert response["Content-Type"] == FHIR_JSON
    assert response["Content-Disposition"].startswith('attachment; filename="fhir-plans-')
    read = Read(response.content.decode())
    assert sorted(p.name[0].text for p in read.all("Patient")) == ["Anna Able", "Bert Baker"]
    assert "Tom Theirs" not in response.content.decode()
    assert sorted(e[1] for e in exported()) == ["Anna Able", "Bert Baker"]


def test_the_action_refuses_more_plans_than_one_request_exports(client, therapist, monkeypatch):
    monkeypatch.setattr("planner.admin.assignments.FHIR_ACTION_LIMIT", 2)
    plans = [plan(therapist, f"Patient {n}") for n in range(3)]
    client.force_login(therapist)
    response = client.post(
        "/admin/planner/assignment/",
        {"action": "export_fhir", "_selected_action": [p.pk for p in plans]},
        follow=True,
    )
    assert "You ticked 3 plans; one export takes at most 2." in response.content.decode()
    assert exported() == []


def test_the_command_writes_a_plan_or_a_patients_plans(tmp_path, therapist):
    assignment = plan(therapist)
    second = make_plan(assignment.patient, exercises=[make_exercise()])
    out = tmp_path / "plan.json"
    call_command("export_fhir", str(assignment.pk), "-o", str(out))
    assert [p.identifier[0].value for p in Read(out.read_text()).all("CarePlan")] == [
        str(assignment.pk)
    ]
    call_command("export_fhir", "--patient", str(assignment.patient.pk), "-o", str(out))
    assert len(Read(out.read_text()).all("CarePlan")) == 2
    assert sorted(exported()) == sorted(
        [
            (None, "Maria Lopez", str(assignment.pk), "command"),
            (None, "Maria Lopez", str(assignment.pk), "command"),
            (None, "Maria Lopez", str(second.pk), "command"),
        ]
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["999999", "-o", "{tmp}/x.json"], "There is no assignment 999999."),
        (["--patient", "999999", "-o", "{tmp}/x.json"], "There is no patient 999999."),
        (["-o", "{tmp}/x.json"], "Give either a plan's id or --patient ID"),
        (["{id}", "--patient", "{patient}", "-o", "{tmp}/x.json"], "Give either"),
        (["{id}", "-o", "{tmp}/missing/x.json"], "does not exist"),
    ],
)
def test_the_commands_errors_are_clear_and_write_nothing(tmp_path, therapist, args, message):
    assignment = plan(therapist)
    values = {"tmp": tmp_path, "id": assignment.pk, "patient": assignment.patient.pk}
    with pytest.raises(CommandError, match=message):
        call_command("export_fhir", *[a.format(**values) for a in args])
    assert list(tmp_path.iterdir()) == []
    assert exported() == []


def test_the_query_count_does_not_grow_with_exercises_sessions_or_measurements(client, therapist):
    client.force_login(therapist)

    def queries_for(exercises: int, days: int) -> int:
        assignment = plan(therapist, exercises=exercises)
        rows = list(assignment.program.items.all())
        start = assignment.starts_on
        for day in range(days):
            for row in rows:
                make_session_log(
                    assignment,
                    item=row,
                    performed_on=start - datetime.timedelta(day),
                    pain=day % 11,
                )
            LimbMeasurement.objects.create(
                patient=assignment.patient,
                measured_on=start - datetime.timedelta(day),
                site="thigh",
                left_cm=Decimal("40.0"),
                right_cm=Decimal("41.0"),
                measured_by=therapist,
            )
        with CaptureQueriesContext(connection) as queries:
            response = client.get(plan_url(assignment))
        read = Read(response.content.decode())
        assert len(read.observations("home-exercise-session")) == exercises * days
        assert len(read.observations("limb-girth")) == days
        return len(queries)

    assert queries_for(exercises=1, days=1) == queries_for(exercises=12, days=20)


def test_serving_pages_does_not_load_the_fhir_models():
    # 15 MB and 0.2 s in every app process, needed only by an export: loaded when one is made.
    script = (
        "import django, sys; django.setup(); import config.warm; "
        "config.warm.freeze_the_loaded_app(); "
        "print(sorted(m for m in sys.modules if m.startswith(('fhir', 'pydantic'))))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
