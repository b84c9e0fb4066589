"""The admin's assign flow: choose, review the screening, confirm or go back."""

import datetime

import pytest

from exercises.models import AtrophyType, Category
from planner.models import Assignment, AuditEvent
from tests.factories import (
    make_condition,
    make_exercise,
    make_patient,
    make_template,
    make_therapist,
)

pytestmark = pytest.mark.django_db
URL = "/admin/planner/assignment/add/"
TODAY = datetime.date.today()


@pytest.fixture
def therapist():
    return make_therapist()


@pytest.fixture
def therapist_client(client, therapist):
    client.force_login(therapist)
    return client


@pytest.fixture
def wound():
    return make_condition(name="Open wound or unhealed burn")


@pytest.fixture
def risky(therapist, wound):
    """A pool program and a patient with an open wound: a hard stop."""
    swim = make_exercise(name="Water walking", category=Category.POOL)
    swim.atrophy_types.set(AtrophyType.objects.all())
    swim.contraindications.add(wound)
    program = make_template(therapist, exercises=[swim], title="Pool start")
    patient = make_patient(therapist=therapist, display_name="Maria Lopez")
    patient.conditions.add(wound)
    return program, patient


def fields(program, patient, **extra):
    return {"program": program.pk, "patient": patient.pk, "starts_on": TODAY.isoformat(), **extra}


def test_the_form_is_prefilled_from_the_address(therapist_client, risky):
    program, patient = risky
    response = therapist_client.get(URL, {"program": program.pk, "patient": patient.pk})
    assert response.status_code == 200
    form = response.context["form"]
    assert (form["program"].value(), form["patient"].value()) == (str(program.pk), str(patient.pk))


def test_review_lists_hard_stops_and_saves_nothing(therapist_client, risky):
    program, patient = risky
    response = therapist_client.post(URL, fields(program, patient, step="review"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Hard stops" in html
    assert "Water walking</strong> — Open wound or unhealed burn" in html
    assert "Override and assign" in html
    assert not Assignment.objects.exists()


def test_confirming_without_a_reason_is_refused_with_a_message(therapist_client, risky):
    program, patient = risky
    response = therapist_client.post(
        URL, fields(program, patient, step="confirm", confirm_precautions="on")
    )
    assert response.status_code == 200
    assert "Give a reason to assign despite the hard stops." in response.content.decode()
    assert not Assignment.objects.exists()


def test_confirming_with_a_reason_assigns_and_audits(therapist_client, therapist, risky):
    program, patient = risky
    response = therapist_client.post(
        URL,
        fields(
            program,
            patient,
            step="confirm",
            override_reason="Wound closed at review today.",
            confirm_precautions="on",
        ),
    )
    assignment = Assignment.objects.get()
    assert response["Location"] == f"/admin/planner/assignment/{assignment.pk}/change/"
    assert assignment.override_reason == "Wound closed at review today."
    assert AuditEvent.objects.filter(action="overridden", actor=therapist, patient=patient).exists()


def test_go_back_keeps_the_choices(therapist_client, risky):
    program, patient = risky
    response = therapist_client.post(URL, fields(program, patient, step="edit"))
    assert response.status_code == 200
    assert response.context["form"]["patient"].value() == str(patient.pk)
    assert "Check screening" in response.content.decode()
    assert not Assignment.objects.exists()


def test_precautions_must_be_confirmed(therapist_client, therapist):
    chlorine = make_condition(name="Chlorine sensitivity")
    swim = make_exercise(name="Swim")
    swim.atrophy_types.set(AtrophyType.objects.all())
    swim.cautions.add(chlorine)
    program = make_template(therapist, exercises=[swim])
    patient = make_patient(therapist=therapist)
    patient.conditions.add(chlorine)
    review = therapist_client.post(URL, fields(program, patient, step="review")).content.decode()
    assert "Precautions (printed on the handout)" in review
    response = therapist_client.post(URL, fields(program, patient, step="confirm"))
    assert "Tick this box to confirm you have read them." in response.content.decode()
    assert not Assignment.objects.exists()
    therapist_client.post(URL, fields(program, patient, step="confirm", confirm_precautions="on"))
    assert (
        Assignment.objects.get().screening["precautions"][0]["condition"] == "Chlorine sensitivity"
    )


def test_a_clean_program_assigns_at_once(therapist_client, therapist):
    exercise = make_exercise()
    exercise.atrophy_types.set(AtrophyType.objects.all())
    program = make_template(therapist, exercises=[exercise])
    patient = make_patient(therapist=therapist)
    review = therapist_client.post(URL, fields(program, patient, step="review")).content.decode()
    assert "no hard stops and no precautions" in review
    therapist_client.post(URL, fields(program, patient, step="confirm"))
    assert Assignment.objects.get().patient == patient


def test_bad_dates_are_form_errors(therapist_client, risky):
    program, patient = risky
    response = therapist_client.post(
        URL,
        fields(
            program,
            patient,
            step="review",
            ends_on=(TODAY - datetime.timedelta(days=2)).isoformat(),
        ),
    )
    assert "The end date cannot be before the start date." in response.content.decode()
    response = therapist_client.post(
        URL, fields(program, patient, step="review", starts_on="2026-02-30")
    )
    assert "Enter a valid date." in response.content.decode()


def test_another_therapists_patient_or_private_template_cannot_be_chosen(
    therapist_client, therapist
):
    private = make_template(make_therapist(), exercises=[make_exercise()])
    stranger = make_patient()
    own = make_template(therapist, exercises=[make_exercise()])
    response = therapist_client.post(URL, fields(own, stranger, step="confirm"))
    assert "Select a valid choice" in response.content.decode()
    response = therapist_client.post(
        URL, fields(private, make_patient(therapist=therapist), step="confirm")
    )
    assert "Select a valid choice" in response.content.decode()
    assert not Assignment.objects.exists()


def test_patients_and_anonymous_cannot_reach_it(client):
    assert client.get(URL)["Location"].startswith("/admin/login/")
    from tests.factories import make_user

    client.force_login(make_user())
    assert client.get(URL)["Location"].startswith("/admin/login/")
