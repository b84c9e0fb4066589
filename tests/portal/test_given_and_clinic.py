"""The portal shows what the patient was given (the plan's frozen words, not the library's
latest) and whom to call: the clinic's name, phone as a link, hours and the emergency number."""

import datetime

import pytest
from django.utils import timezone
from django.utils.html import escape

from planner.models import ClinicProfile
from planner.services import assign_program, start_revision
from tests.factories import make_exercise, make_patient, make_plan, make_user

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
STEPS = ["Sit near the front of a firm chair.", "Stand up slowly."]


@pytest.fixture
def clinic():
    ClinicProfile.objects.filter(pk=1).update(
        name="Riverside Rehab Clinic",
        phone="+1 (555) 010-0100",
        hours="Mon-Fri 8 am-5 pm",
        emergency_number="911",
    )
    return ClinicProfile.objects.get()


@pytest.fixture
def given_plan(therapist):
    patient = make_patient(therapist=therapist, user=make_user())
    exercise = make_exercise(name="Sit to stand", summary="Stand up from a chair.", steps=STEPS)
    plan = make_plan(patient, exercises=[exercise], starts_on=TODAY - datetime.timedelta(days=3))
    return plan, exercise


def edit_library(exercise):
    exercise.name = "Chair stand (new wording)"
    exercise.summary = "A new summary."
    exercise.steps = ["A new first step.", "A new second step."]
    exercise.save()


def test_the_home_page_keeps_the_given_words_after_a_library_edit(client, given_plan):
    plan, exercise = given_plan
    client.force_login(plan.patient.user)
    before = client.get("/portal/").content.decode()
    edit_library(exercise)
    after = client.get("/portal/").content.decode()

    for text in ["1. Sit to stand", "Stand up from a chair.", *STEPS]:
        assert escape(text) in before
        assert escape(text) in after
    for text in ["Chair stand (new wording)", "A new summary.", "A new first step."]:
        assert text not in after


def test_log_and_history_pages_name_the_given_exercise(client, given_plan):
    plan, exercise = given_plan
    item = plan.program.items.get()
    edit_library(exercise)
    client.force_login(plan.patient.user)

    log_page = client.get(f"/portal/log/{item.pk}/").content.decode()
    assert '<h1 class="h2">Sit to stand</h1>' in log_page
    saved = client.post(
        f"/portal/log/{item.pk}/", {"performed_on": TODAY.isoformat(), "done": "True"}, follow=True
    )
    assert f"Saved: Sit to stand on {TODAY:%A} {TODAY.day} {TODAY:%B %Y}." in saved.content.decode()
    assert "<strong>Sit to stand:</strong>" in client.get("/portal/history/").content.decode()


def test_a_new_version_shows_the_edited_words(client, therapist, given_plan):
    plan, exercise = given_plan
    edit_library(exercise)
    draft = start_revision(assignment=plan, by=therapist)
    assign_program(program=draft, patient=plan.patient, by=therapist, starts_on=plan.starts_on)
    client.force_login(plan.patient.user)
    html = client.get("/portal/").content.decode()
    assert "1. Chair stand (new wording)" in html
    assert "A new first step." in html
    assert "Sit to stand" not in html


# --- whom to call ----------------------------------------------------------------------------


def test_the_home_page_says_whom_to_call_with_a_tel_link(client, clinic, given_plan):
    plan, _ = given_plan
    client.force_login(plan.patient.user)
    html = client.get("/portal/").content.decode()
    section = html[html.index('id="clinic-contact"') :]
    assert "Stop and call Riverside Rehab Clinic" in section
    assert (
        '<a class="btn btn-primary btn-lg text-nowrap" href="tel:+15550100100">'
        "Call +1 (555) 010-0100</a>" in section
    )
    assert "Open Mon-Fri 8 am-5 pm." in section
    assert 'href="tel:911">In an emergency call 911</a>' in section


def test_every_portal_page_footer_carries_the_clinic(client, clinic, given_plan):
    plan, _ = given_plan
    client.force_login(plan.patient.user)
    item = plan.program.items.get()
    for url in ["/portal/", "/portal/history/", f"/portal/log/{item.pk}/", "/portal/password/"]:
        html = client.get(url).content.decode()
        footer = html[html.index("<footer") :]
        assert "Call <strong>Riverside Rehab Clinic</strong>" in footer, url
        assert 'href="tel:+15550100100">+1 (555) 010-0100</a>' in footer, url
        assert "(Mon-Fri 8 am-5 pm)" in footer, url
        assert "In an emergency call 911" in footer, url


def test_the_sign_in_page_shows_the_clinic_too(client, clinic):
    footer = client.get("/accounts/login/").content.decode().split("<footer", 1)[1]
    assert "Riverside Rehab Clinic" in footer
    assert "tel:+15550100100" in footer


def test_another_emergency_number_is_shown_as_set(client, clinic, given_plan):
    ClinicProfile.objects.filter(pk=1).update(emergency_number="112")
    plan, _ = given_plan
    client.force_login(plan.patient.user)
    html = client.get("/portal/").content.decode()
    assert 'href="tel:112">In an emergency call 112</a>' in html
    assert "call 911" not in html


def test_without_a_phone_the_page_still_names_the_clinic_and_the_emergency_number(
    client, given_plan
):
    ClinicProfile.objects.filter(pk=1).update(name="Riverside Rehab Clinic", phone="", hours="")
    plan, _ = given_plan
    client.force_login(plan.patient.user)
    html = client.get("/portal/").content.decode()
    assert "Stop and call Riverside Rehab Clinic" in html
    assert "tel:+" not in html
    assert "In an emergency call 911" in html


def test_therapist_pages_do_not_read_the_clinic_profile(therapist_client):
    html = therapist_client.get("/exercises/").content.decode()
    assert "In an emergency call" not in html
    assert "Not for emergencies: call your local emergency number." in html


def test_the_target_effort_is_said_in_words_on_the_home_and_log_pages(client, given_plan):
    plan, _ = given_plan
    item = plan.program.items.get()
    item.target_effort = 3
    item.save(update_fields=["target_effort"])
    client.force_login(plan.patient.user)
    words = "Work at about 3 out of 10: you could talk easily."
    assert words in client.get("/portal/").content.decode()
    log_page = client.get(f"/portal/log/{item.pk}/").content.decode()
    assert words in log_page
