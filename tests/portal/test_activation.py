"""Invite codes and /accounts/activate/: single use, 30 days, throttled, nothing revealed."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from planner import invites
from planner.models import ActivationFailure, Invite, Patient
from planner.services import WRONG_CODE, create_invite
from tests.factories import make_patient, make_therapist, make_user

pytestmark = pytest.mark.django_db
URL = "/accounts/activate/"
PASSWORD = "a long enough passphrase"


@pytest.fixture
def patient():
    return make_patient(therapist=make_therapist(), display_name="Maria Lopez")


@pytest.fixture
def code(patient):
    return create_invite(patient=patient, by=patient.therapist)[1]


def activate(client, code, username="maria", password=PASSWORD, confirm=None):
    return client.post(
        URL,
        {
            "code": code,
            "username": username,
            "password1": password,
            "password2": confirm or password,
        },
    )


def test_the_form_renders_for_anonymous_people(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert "Sign-in code from your handout" in response.content.decode()


def test_a_valid_code_creates_the_account_links_it_and_signs_in(client, patient, code):
    response = activate(client, code)
    assert response["Location"] == "/portal/"
    patient.refresh_from_db()
    assert patient.user.username == "maria"
    assert patient.user.check_password(PASSWORD)
    assert not patient.user.is_staff
    assert client.get("/portal/").status_code == 200  # signed in
    assert Invite.objects.get().used_at is not None


def test_codes_are_forgiving_about_case_spaces_and_dashes(client, patient, code):
    typed = code.replace("-", " ").lower()
    assert activate(client, typed)["Location"] == "/portal/"


def test_a_code_works_only_once(client, patient, code):
    activate(client, code)
    client.logout()
    response = activate(client, code, username="someone")
    assert WRONG_CODE in response.content.decode()
    assert not get_user_model().objects.filter(username="someone").exists()


def test_an_expired_code_is_refused_with_the_same_message(client, patient, code):
    invite = Invite.objects.get()
    invite.created_at = timezone.now() - datetime.timedelta(days=31)
    invite.expires_at = timezone.now() - datetime.timedelta(days=1)
    invite.save()
    response = activate(client, code)
    assert WRONG_CODE in response.content.decode()
    assert Patient.objects.get(pk=patient.pk).user is None


def test_codes_last_30_days(patient):
    create_invite(patient=patient, by=patient.therapist)
    invite = Invite.objects.usable().get()
    assert invite.expires_at - invite.created_at == datetime.timedelta(days=30)


def test_an_unknown_code_gets_the_same_message(client, patient, code):
    response = activate(client, "ZZZZ-ZZZZ")
    assert response.status_code == 200
    assert WRONG_CODE in response.content.decode()
    assert "Maria" not in response.content.decode()


def test_a_new_code_replaces_the_old_one(client, patient, code):
    _, newer = create_invite(patient=patient, by=patient.therapist)
    assert newer != code
    assert WRONG_CODE in activate(client, code).content.decode()
    assert activate(client, newer, username="maria2")["Location"] == "/portal/"


def test_wrong_codes_are_throttled(client, patient, code):
    for _ in range(invites.MAX_FAILURES):
        assert WRONG_CODE in activate(client, "AAAA-AAAA").content.decode()
    response = activate(client, code)  # even the right code waits now
    assert "Too many codes were tried from here" in response.content.decode()
    assert Patient.objects.get(pk=patient.pk).user is None
    # After the window, the right code works again.
    ActivationFailure.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=16))
    assert activate(client, code)["Location"] == "/portal/"


@pytest.mark.parametrize(
    ("password", "confirm", "message"),
    [
        ("short-pass", None, "This password is too short. It must contain at least 12 characters."),
        ("123456789012345", None, "This password is entirely numeric."),
        ("password1234", None, "This password is too common."),
        (PASSWORD, "something else entirely", "The two passwords are not the same."),
    ],
)
def test_weak_or_mismatched_passwords_are_refused(
    client, patient, code, password, confirm, message
):
    response = activate(client, code, password=password, confirm=confirm)
    assert message in response.content.decode()
    assert Invite.objects.get().used_at is None  # the code still works


def test_a_taken_username_is_refused_and_the_code_still_works(client, patient, code):
    make_user("maria")
    response = activate(client, code, username="Maria")
    assert "That username is already taken" in response.content.decode()
    assert Invite.objects.get().used_at is None
    assert not ActivationFailure.objects.exists()  # not a wrong code


def test_signed_in_people_are_sent_on(client, patient):
    user = make_user()
    client.force_login(user)
    make_patient(user=user)
    assert client.get(URL)["Location"] == "/portal/"
    client.force_login(make_therapist())
    assert client.get(URL)["Location"] == "/admin/"


def test_the_code_is_not_stored(patient, code):
    invite = Invite.objects.get()
    stored = [str(getattr(invite, f.attname)) for f in Invite._meta.concrete_fields]
    assert not any(code in value or code.replace("-", "") in value for value in stored)


# --- the therapist's side ----------------------------------------------------------------------


def test_a_new_patient_gets_a_code_shown_in_the_admin(client):
    therapist = make_therapist()
    client.force_login(therapist)
    client.post(
        "/admin/planner/patient/add/",
        {
            "display_name": "New Person",
            "atrophy_type": "pathologic",
            "preferred_language": "en",
            "assignments-TOTAL_FORMS": 0,
            "assignments-INITIAL_FORMS": 0,
            "assignments-MIN_NUM_FORMS": 0,
            "assignments-MAX_NUM_FORMS": 1000,
        },
    )
    patient = Patient.objects.get(display_name="New Person")
    invite = Invite.objects.get(patient=patient)
    html = client.get(f"/admin/planner/patient/{patient.pk}/change/").content.decode()
    assert invites.code_for(invite.nonce) in html
    assert "/accounts/activate/" in html


def test_the_therapist_can_make_a_new_code(client, patient, code):
    client.force_login(patient.therapist)
    response = client.post(f"/admin/planner/patient/{patient.pk}/invite/", follow=True)
    newer = invites.code_for(Invite.objects.usable().get().nonce)
    assert newer != code
    assert f"New sign-in code for Maria Lopez: {newer}" in response.content.decode()


def test_another_therapist_cannot_make_a_code(client, patient):
    client.force_login(make_therapist())
    assert client.post(f"/admin/planner/patient/{patient.pk}/invite/").status_code == 404


def test_no_code_for_a_patient_with_an_account(client, patient):
    patient.user = make_user()
    patient.save()
    client.force_login(patient.therapist)
    response = client.post(f"/admin/planner/patient/{patient.pk}/invite/", follow=True)
    assert "This patient already has an account." in response.content.decode()
    assert not Invite.objects.exists()
