"""Exporting a plan to the clinic's record system in a real browser: on the plan's page, one click
on "Export FHIR" saves a file that is a valid FHIR bundle of that plan (read by the
``fhir.resources`` models), and the same from the patient's page for all their plans."""

from pathlib import Path

import pytest

from exercises.models import AtrophyKind, AtrophyType
from tests.factories import make_exercise, make_patient, make_plan, make_therapist
from tests.planner.fhir.reading import Read

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_one_click_on_the_plans_page_saves_its_bundle(page, live_server):
    for kind in AtrophyKind:
        AtrophyType.objects.get_or_create(code=kind)
    therapist = make_therapist("jrivera", first_name="Jordan", last_name="Rivera")
    patient = make_patient(therapist, display_name="Maria Lopez")
    assignment = make_plan(
        patient, exercises=[make_exercise(name="Sit to stand"), make_exercise(name="Ankle pumps")]
    )
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "jrivera")
    page.fill("#id_password", "therapist-pass-123")
    page.click("button[type=submit]")

    page.goto(f"{live_server.url}/admin/planner/assignment/{assignment.pk}/change/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Export FHIR").click()
    assert download.value.suggested_filename == f"fhir-plan-{assignment.pk}-v1.json"
    read = Read(Path(download.value.path()).read_text(encoding="utf-8"))
    care_plan = read.one("CarePlan")
    assert [a.detail.code.text for a in care_plan.activity] == ["Sit to stand", "Ankle pumps"]
    assert read.resolve(care_plan.author).name[0].text == "Jordan Rivera"

    page.goto(f"{live_server.url}/admin/planner/patient/{patient.pk}/change/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Export FHIR").click()
    assert download.value.suggested_filename == f"fhir-patient-{patient.pk}.json"
    read = Read(Path(download.value.path()).read_text(encoding="utf-8"))
    assert read.one("Patient").name[0].text == "Maria Lopez"
