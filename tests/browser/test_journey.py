"""The therapist's one path in Chromium, counted (issue 14): from the sign-in page, signed out, to
the downloaded handout of a new patient with one precaution in at most 10 actions; and a hard
stop fixed in place on the review by leaving the exercise out or swapping it.

An action is what a person does: each click, each field filled, each choice ticked or picked.
Opening the admin's address in the browser is where the journey starts and is not counted."""

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from exercises.models import AtrophyKind, AtrophyType, Category
from planner.models import Assignment, AuditEvent, Patient
from tests.browser.test_flows import PASSWORD, STAND_UP
from tests.factories import (
    make_condition,
    make_exercise,
    make_patient,
    make_template,
    make_therapist,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
MAX_ACTIONS = 10


class Journey:
    """The page, with every user action counted."""

    def __init__(self, page):
        self.page = page
        self.actions: list[str] = []

    def fill(self, selector, text):
        self.page.fill(selector, text)
        self.actions.append(f"type into {selector}")

    def click(self, selector):
        self.page.click(selector)
        self.actions.append(f"click {selector}")

    def choose(self, selector, value):
        self.page.select_option(selector, value)
        self.actions.append(f"choose {value} in {selector}")

    def tick(self, selector):
        self.page.check(selector)
        self.actions.append(f"tick {selector}")


@pytest.fixture
def clinic():
    for kind in AtrophyKind:
        AtrophyType.objects.get_or_create(code=kind)
    therapist = make_therapist("jrivera", first_name="Jordan", last_name="Rivera")
    falls = make_condition(name="Risk of falls")
    wound = make_condition(name="Open wound")
    stand = make_exercise(name="Sit to stand", pose=STAND_UP)
    walk = make_exercise(name="Pool walking", category=Category.POOL, pose=STAND_UP)
    marching = make_exercise(name="Seated marching", category=Category.FUNCTIONAL)
    for exercise in (stand, walk, marching):
        exercise.atrophy_types.set(AtrophyType.objects.all())
    stand.cautions.add(falls)
    walk.contraindications.add(wound)
    walk.easier_versions.add(marching)
    legs = make_template(therapist, exercises=[stand], title="Legs after bed rest")
    legs.atrophy_types.set(AtrophyType.objects.all())
    pool = make_template(therapist, exercises=[walk, stand], title="Pool and legs")
    pool.atrophy_types.set(AtrophyType.objects.all())
    return {"therapist": therapist, "legs": legs, "pool": pool, "wound": wound}


def test_a_new_patient_is_registered_assigned_and_printed_in_ten_actions(
    page, live_server, clinic, shot
):
    page.set_viewport_size({"width": 1280, "height": 900})
    journey = Journey(page)
    page.goto(f"{live_server.url}/admin/")  # signed out: the shared sign-in page
    page.wait_for_selector("#id_username")
    shot("journey-1-sign-in")

    journey.fill("#id_username", "jrivera")
    journey.fill("#id_password", PASSWORD)
    journey.click("button[type=submit]")
    page.wait_for_selector("#start-here-heading")
    shot("journey-2-start-here")

    journey.click("a.start-action:text-is('New patient')")
    journey.fill("#id_display_name", "Maria Lopez")
    journey.choose("#id_atrophy_type", AtrophyKind.PHYSIOLOGIC)
    journey.tick("label.condition-choice:has-text('Risk of falls') input")
    shot("journey-3-new-patient")
    journey.click("input[name=_assign]")
    page.wait_for_selector("button.program-choice")
    shot("journey-4-choose-program")

    journey.click("button.program-choice:has-text('Legs after bed rest')")
    page.wait_for_selector("#precautions")
    shot("journey-5-review")
    with page.expect_download() as download:
        journey.click("#assign-and-print")
    pdf = Path(download.value.path()).read_bytes()
    page.wait_for_selector(".handout-downloading")
    shot("journey-6-assigned")

    assert len(journey.actions) <= MAX_ACTIONS, journey.actions
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Maria Lopez" in text
    assert "Legs after bed rest" in text
    assert "Sit to stand" in text
    patient = Patient.objects.get(display_name="Maria Lopez")
    assert list(patient.conditions.values_list("name", flat=True)) == ["Risk of falls"]
    assignment = Assignment.objects.get(patient=patient)
    assert assignment.screening["precautions"][0]["condition"] == "Risk of falls"
    assigned = AuditEvent.objects.get(action="assigned", patient=patient)
    assert assigned.detail["precautions"] == ["Sit to stand: Risk of falls"]
    assert AuditEvent.objects.filter(action="printed", patient=patient).count() == 1


@pytest.mark.parametrize(
    ("choice", "kept"),
    [
        ("Leave it out of this plan", ["Sit to stand"]),
        ("Swap for Seated marching", ["Seated marching", "Sit to stand"]),
    ],
)
def test_a_hard_stop_is_left_out_or_swapped_on_the_review(
    page, live_server, clinic, shot, choice, kept
):
    therapist = clinic["therapist"]
    patient = make_patient(therapist=therapist, display_name="Ana Ruiz")
    patient.conditions.add(clinic["wound"])
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/admin/planner/patient/")
    page.fill("#id_username", "jrivera")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.click("a.assign-row:has-text('Assign a program')")
    page.click("button.program-choice:has-text('Pool and legs')")
    page.wait_for_selector("#fix-hard-stops")
    page.get_by_label(choice).check()
    shot(f"journey-hard-stop-{choice.split()[0].lower()}")
    page.click("button[value=confirm]")
    page.wait_for_selector("text=as version 1")

    assignment = Assignment.objects.get(patient=patient)
    given = sorted(assignment.program.items.values_list("name", flat=True))
    assert given == kept
    resolved = assignment.screening["resolved"]
    assert [r["exercise"] for r in resolved] == ["Pool walking"]
    assert resolved[0]["action"] == ("left out" if choice.startswith("Leave") else "swapped")
    event = AuditEvent.objects.get(action="assigned", patient=patient)
    assert event.detail["resolved"] == resolved
    assert assignment.override_reason == ""  # nothing was overridden
    assert not AuditEvent.objects.filter(action="overridden", patient=patient).exists()
