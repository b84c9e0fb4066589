"""Invite codes and /accounts/activate/: single use, 30 days, throttled, nothing revealed.
(The therapist's side, making codes, is in tests/planner/admin/test_patients.py.)"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from planner import invites
from planner.models import ActivationFailure, Invite
from planner.services import WRONG_CODE, create_invite
from tests.factories import make_patient, make_user

pytestmark = pytest.mark.django_db
URL = "/accounts/activate/"
PASSWORD = "a long enough passphrase"


@pytest.fixture
def code(patient):
    return create_invite(patient=patient, by=patient.therapist)[1]


def activation_state(patient) -> dict:
    """Everything an activation may change: the accounts, the patient's link to one, when each
    code was used, and the failed tries counted against this address."""
    patient.refresh_from_db()
    return {
        "usernames": sorted(get_user_model().objects.values_list("username", flat=True)),
        "patient_user": patient.user_id,
        "codes_used_at": list(Invite.objects.order_by("pk").values_list("used_at", flat=True)),
        "failures": ActivationFailure.objects.count(),
    }


def one_more_failure(state: dict) -> dict:
    return {**state, "failures": state["failures"] + 1}


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
    before = activation_state(patient)
    response = activate(client, code, username="someone")
    assert WRONG_CODE in response.content.decode()
    assert activation_state(patient) == one_more_failure(before)


def test_an_expired_code_is_refused_with_the_same_message(client, patient, code):
    invite = Invite.objects.get()
    invite.created_at = timezone.now() - datetime.timedelta(days=31)
    invite.expires_at = timezone.now() - datetime.timedelta(days=1)
    invite.save()
    before = activation_state(patient)
    response = activate(client, code)
    assert WRONG_CODE in response.content.decode()
    assert activation_state(patient) == one_more_failure(before)


def test_codes_last_30_days(patient):
    create_invite(patient=patient, by=patient.therapist)
    invite = Invite.objects.usable().get()
    assert invite.expires_at - invite.created_at == datetime.timedelta(days=30)


def test_an_unknown_code_gets_the_same_message(client, patient, code):
    before = activation_state(patient)
    response = activate(client, "ZZZZ-ZZZZ")
    assert response.status_code == 200
    assert WRONG_CODE in response.content.decode()
    assert "Maria" not in response.content.decode()
    assert activation_state(patient) == one_more_failure(before)


def test_a_new_code_replaces_the_old_one(client, patient, code):
    _, newer = create_invite(patient=patient, by=patient.therapist)
    assert newer != code
    before = activation_state(patient)
    assert WRONG_CODE in activate(client, code).content.decode()
    assert activation_state(patient) == one_more_failure(before)
    assert activate(client, newer, username="maria2")["Location"] == "/portal/"


def test_wrong_codes_are_throttled(client, patient, code):
    for _ in range(invites.MAX_FAILURES):
        assert WRONG_CODE in activate(client, "AAAA-AAAA").content.decode()
    before = activation_state(patient)
    assert before["failures"] == invites.MAX_FAILURES
    response = activate(client, code)  # even the right code waits now
    assert "Too many codes were tried from here" in response.content.decode()
    assert activation_state(patient) == before  # a throttled try is not counted again
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
    before = activation_state(patient)
    response = activate(client, code, password=password, confirm=confirm)
    assert message in response.content.decode()
    assert activation_state(patient) == before  # the code still works; not a wrong code


def test_a_taken_username_is_refused_and_the_code_still_works(client, patient, code):
    make_user("maria")
    before = activation_state(patient)
    response = activate(client, code, username="Maria")
    assert "That username is already taken" in response.content.decode()
    assert activation_state(patient) == before  # the code still works; not a wrong code


def test_signed_in_people_are_sent_on(client, therapist):
    user = make_user()
    client.force_login(user)
    make_patient(user=user)
    assert client.get(URL)["Location"] == "/portal/"
    client.force_login(therapist)
    assert client.get(URL)["Location"] == "/admin/"


def test_the_code_is_not_stored(patient, code):
    invite = Invite.objects.get()
    stored = [str(getattr(invite, f.attname)) for f in Invite._meta.concrete_fields]
    assert not any(code in value or code.replace("-", "") in value for value in stored)
