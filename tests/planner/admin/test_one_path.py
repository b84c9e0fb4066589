"""Register, assign and print in one path (issue 14): the shared sign-in page, the admin's front
page, "Save and choose a program", the program choice with what tells programs apart, and
"Assign and print"."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from exercises.models import AtrophyKind, AtrophyType, Category
from planner.models import Assignment, AuditEvent, Invite, Patient
from tests.factories import (
    make_condition,
    make_exercise,
    make_patient,
    make_template,
    make_therapist,
    make_user,
)

pytestmark = pytest.mark.django_db
ASSIGN = "/admin/planner/assignment/add/"
TODAY = datetime.date.today()


def _tagged(**overrides):
    exercise = make_exercise(**overrides)
    exercise.atrophy_types.set(AtrophyType.objects.all())
    return exercise


# --- One sign-in page -------------------------------------------------------------------------


def test_the_admin_sign_in_sends_everyone_to_the_shared_sign_in_page(client):
    response = client.get("/admin/login/?next=/admin/planner/patient/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2Fplanner%2Fpatient%2F"
    # Signed out at /admin/: through the admin's own redirect to the same page.
    assert client.get("/admin/", follow=True).redirect_chain[-1] == (
        "/accounts/login/?next=%2Fadmin%2F",
        302,
    )


def test_an_outside_next_address_is_dropped(client):
    response = client.get("/admin/login/?next=https://evil.example/steal")
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"


def test_a_therapist_signs_in_on_the_shared_page_and_lands_in_the_admin(client):
    make_therapist("jrivera")
    response = client.post(
        "/accounts/login/",
        {"username": "jrivera", "password": "therapist-pass-123", "next": "/admin/"},
    )
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_signed_in_patient_at_the_admin_is_told_instead_of_looping(client):
    user = make_user("maria")
    make_patient(user=user)
    client.force_login(user)
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain == [("/admin/login/?next=/admin/", 302)]
    assert "You are authenticated as maria, but are not authorized" in response.content.decode()


# --- The front page and the patient form -------------------------------------------------------


def test_the_front_page_opens_on_new_patient(therapist_client):
    html = therapist_client.get("/admin/").content.decode()
    start = html.index('id="start-here-heading"')
    assert html.index('href="/admin/planner/patient/add/"', start) < html.index("app-planner")


def test_a_new_patient_form_shows_only_what_can_be_filled_in(therapist_client):
    response = therapist_client.get("/admin/planner/patient/add/")
    html = response.content.decode()
    for empty in ("field-sign_in", "field-heaviness_alerts", "field-user", "field-archived_at"):
        assert empty not in html
    assert "Plans (assign a new one" not in html  # no plans inline before the patient exists
    buttons = re.findall(r'<input type="submit" value="([^"]+)"[^>]*name="(_\w+)"', html)
    assert buttons[0] == ("Save and choose a program", "_assign")  # what Enter presses
    assert 'class="default" name="_assign"' in html


def test_save_and_choose_a_program_goes_on_to_assigning_with_the_code(therapist_client, therapist):
    response = therapist_client.post(
        "/admin/planner/patient/add/",
        {
            "display_name": "Ana Ruiz",
            "atrophy_type": AtrophyKind.NEUROGENIC,
            "affected_side": "both",
            "affected_region": "knee_calf",
            "preferred_language": "en",
            "_assign": "Save and choose a program",
        },
    )
    patient = Patient.objects.get(display_name="Ana Ruiz")
    assert patient.therapist == therapist
    assert response.status_code == 302
    assert response["Location"] == f"{ASSIGN}?patient={patient.pk}"
    page = therapist_client.get(response["Location"])
    code = Invite.objects.get(patient=patient)
    text = page.content.decode()
    assert "Saved Ana Ruiz. Their sign-in code is " in text
    assert re.search(r"sign-in code is [A-Z2-9]{4}-[A-Z2-9]{4} \(also printed", text), code
    assert page.context["patient"] == patient


def test_an_archived_patient_has_no_save_and_choose(therapist_client, therapist):
    patient = make_patient(therapist=therapist)
    patient.archived_at = datetime.datetime.now(datetime.UTC)
    patient.save()
    html = therapist_client.get(f"/admin/planner/patient/{patient.pk}/change/").content.decode()
    assert 'name="_assign"' not in html


# --- Choosing the program ----------------------------------------------------------------------


@pytest.fixture
def library():
    return {
        "pool": _tagged(name="Water walking", category=Category.POOL),
        "strength": _tagged(name="Sit to stand", category=Category.STRENGTH),
        "range": _tagged(name="Ankle circles", category=Category.RANGE_OF_MOTION),
    }


def test_each_program_shows_its_count_kinds_and_types_grouped_for_the_patient(
    therapist_client, therapist, library
):
    neuro = AtrophyType.objects.get(code=AtrophyKind.NEUROGENIC)
    physio = AtrophyType.objects.get(code=AtrophyKind.PHYSIOLOGIC)
    patient = make_patient(therapist=therapist, atrophy_type=AtrophyKind.NEUROGENIC)
    suits = make_template(
        therapist, exercises=[library["pool"], library["strength"]], title="Pool and legs"
    )
    suits.atrophy_types.set([neuro, physio])
    other = make_template(therapist, exercises=[library["range"]], title="Bed rest")
    other.atrophy_types.set([physio])
    draft = make_template(therapist, exercises=[library["range"]], title="Ana's draft")
    draft.is_template = False
    draft.patient = patient
    draft.save()
    someone_else = make_patient(therapist=therapist, display_name="Someone else")
    theirs = make_template(therapist, exercises=[library["range"]], title="Their draft")
    theirs.is_template = False
    theirs.patient = someone_else
    theirs.save()
    private = make_template(make_therapist(), exercises=[library["pool"]], title="Not yours")

    response = therapist_client.get(ASSIGN, {"patient": patient.pk})
    groups = [(g["title"], [c.program for c in g["choices"]]) for g in response.context["groups"]]
    assert groups == [
        (f"Drafts for {patient}", [draft]),
        ("Templates tagged for Neurogenic (nerve injury or disease)", [suits]),
        ("Other templates", [other]),
    ]
    html = response.content.decode()
    assert "2 exercises · Pool exercise, Strengthening" in html
    assert "For: Neurogenic" in html
    assert theirs.title not in html
    assert private.title not in html
    assert f'name="program" value="{suits.pk}"' in html
    # A disabled first button keeps Enter in a date field from choosing a program.
    form = html[html.index('<form method="post" action="/admin/planner/assignment/add/"') :]
    first_button = re.search(r"<button[^>]*>", form)[0]
    assert "disabled" in first_button


def _choice_queries(client, therapist, patient, library, programs):
    for n in range(programs):
        template = make_template(
            therapist, exercises=[library["pool"], library["range"]], title=f"Program {n}"
        )
        template.atrophy_types.set(AtrophyType.objects.all())
    client.get(ASSIGN, {"patient": patient.pk})  # the session read once
    with CaptureQueriesContext(connection) as queries:
        response = client.get(ASSIGN, {"patient": patient.pk})
    return len(response.context["choices"]), len(queries)


def test_the_choice_costs_the_same_queries_for_3_or_18_programs(
    therapist_client, therapist, library
):
    patient = make_patient(therapist=therapist)
    few = _choice_queries(therapist_client, therapist, patient, library, 3)
    many = _choice_queries(therapist_client, therapist, patient, library, 15)
    assert (few[0], many[0]) == (3, 18)
    assert few[1] == many[1], (few, many)


# --- Assign and print --------------------------------------------------------------------------


@pytest.fixture
def cautious(therapist, library):
    """A patient with one precaution on a one-exercise program."""
    chlorine = make_condition(name="Chlorine sensitivity")
    library["pool"].cautions.add(chlorine)
    patient = make_patient(therapist=therapist, display_name="Ana Ruiz")
    patient.conditions.add(chlorine)
    program = make_template(therapist, exercises=[library["pool"]], title="Pool start")
    return program, patient


def _post(client, program, patient, **extra):
    data = {"program": program.pk, "patient": patient.pk, "starts_on": TODAY.isoformat()}
    return client.post(ASSIGN, {**data, **extra})


def test_the_review_reads_the_precautions_into_the_assign_button(therapist_client, cautious):
    program, patient = cautious
    html = _post(therapist_client, program, patient, step="review").content.decode()
    assert "Precautions read: assign and print" in html
    assert 'type="checkbox" name="confirm_precautions"' not in html
    assert '<input type="hidden" name="confirm_precautions" value="on">' in html
    # The breadcrumbs lead back to the patient, not to the list of assignments.
    start = html.index('class="breadcrumbs"')
    crumbs = html[start : html.index("</div>", start)]
    assert f'/admin/planner/patient/{patient.pk}/change/">Ana Ruiz</a>' in crumbs
    assert "Assignments" not in crumbs


def test_assign_and_print_lands_on_the_plan_which_downloads_the_handout(
    therapist_client, therapist, cautious
):
    program, patient = cautious
    response = _post(
        therapist_client, program, patient, step="confirm_print", confirm_precautions="on"
    )
    assignment = Assignment.objects.get()
    assert response["Location"] == f"/admin/planner/assignment/{assignment.pk}/change/?print=1"
    assert assignment.screening["precautions"][0]["condition"] == "Chlorine sensitivity"
    page = therapist_client.get(response["Location"]).content.decode()
    handout = f"/admin/planner/assignment/{assignment.pk}/handout/"
    assert f'<meta http-equiv="refresh" content="0;url={handout}">' in page
    assert "The handout is downloading." in page
    pdf = therapist_client.get(handout)
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="printed", patient=patient, actor=therapist).exists()
    # Opened again without ?print=1, the page does not download it again.
    again = therapist_client.get(f"/admin/planner/assignment/{assignment.pk}/change/")
    assert 'http-equiv="refresh"' not in again.content.decode()


def test_without_the_precautions_read_nothing_is_assigned(therapist_client, cautious):
    program, patient = cautious
    response = _post(therapist_client, program, patient, step="confirm_print")
    assert "Tick this box to confirm you have read them." in response.content.decode()
    assert not Assignment.objects.exists()
