"""Invite codes and /accounts/activate/: single use, 30 days, throttled, nothing revealed; and a
new code giving a patient who has an account a new password.
(The therapist's side, making codes, is in tests/planner/admin/test_patients.py.)"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from planner import invites
from planner.models import ActivationFailure, AuditAction, AuditEvent, Invite
from planner.services import TOO_MANY_TRIES, USERNAME_TAKEN, WRONG_CODE, create_invite
from planner.services.patients import USERNAME_NEEDED
from tests.factories import make_patient, make_user
from tests.html_forms import form_data, form_fields

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
    assert TOO_MANY_TRIES in response.content.decode()
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
        (
            "é" * 129,
            None,
            "This password is too long. It must contain at most 128 characters.",
        ),
    ],
)
def test_weak_or_mismatched_passwords_are_refused(
    client, patient, code, password, confirm, message
):
    before = activation_state(patient)
    response = activate(client, code, password=password, confirm=confirm)
    assert message in response.content.decode()
    # Not counted: the code was never looked at, and a patient may need a few tries to find a
    # password the rules accept.
    assert activation_state(patient) == before


def test_a_taken_username_is_refused_after_a_valid_code_counted_and_the_code_still_works(
    client, patient, code
):
    make_user("maria")
    before = activation_state(patient)
    response = activate(client, code, username="Maria")  # taken whatever the case
    assert USERNAME_TAKEN in response.content.decode()
    assert activation_state(patient) == one_more_failure(before)
    assert activate(client, code, username="maria2")["Location"] == "/portal/"


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


# --- what a try reveals, and what counts towards the throttle ----------------------------------


def refusals(response) -> list[str]:
    """Every error the page shows, field by field, without the values typed."""
    return sorted(
        f"{field}: {msg}" for field, msgs in response.context["form"].errors.items() for msg in msgs
    )


def test_a_username_alone_reveals_nothing_and_counts(client, patient):
    make_user("maria")
    before = activation_state(patient)
    taken = client.post(URL, {"username": "maria"})
    free = client.post(URL, {"username": "nobody-has-this"})
    assert USERNAME_TAKEN not in taken.content.decode()
    assert refusals(taken) == refusals(free)
    assert activation_state(patient) == {**before, "failures": before["failures"] + 2}


def test_a_taken_username_with_a_wrong_code_is_only_a_wrong_code(client, patient, code):
    make_user("maria")
    before = activation_state(patient)
    taken = activate(client, "ZZZZ-ZZZZ", username="maria")
    free = activate(client, "ZZZZ-ZZZZ", username="nobody-has-this")
    assert USERNAME_TAKEN not in taken.content.decode()
    assert refusals(taken) == refusals(free) == [f"code: {WRONG_CODE}"]
    assert activation_state(patient) == {**before, "failures": before["failures"] + 2}


def test_a_new_account_needs_a_username_after_a_valid_code(client, patient, code):
    before = activation_state(patient)
    response = activate(client, code, username="")
    assert USERNAME_NEEDED in response.content.decode()
    assert activation_state(patient) == one_more_failure(before)


@pytest.mark.parametrize(
    "last",
    [
        lambda client, code: activate(client, code),  # the right code and a free username
        lambda client, code: client.post(URL, {"username": "someone"}),
        lambda client, code: activate(client, code, password="short"),
    ],
    ids=["right-code", "username-only", "weak-password"],
)
def test_the_sixth_try_of_any_kind_within_15_minutes_is_throttled(client, patient, code, last):
    make_user("taken")
    tries = [
        lambda: client.post(URL, {"username": "taken"}),  # a username alone
        lambda: activate(client, "AAAA-AAAA"),  # a wrong code
        lambda: activate(client, code, username="taken"),  # a taken username, valid code
        lambda: activate(client, code, username=""),  # no username, valid code
        lambda: activate(client, code, username="not valid!"),  # a malformed username
    ]
    for attempt in tries:
        assert TOO_MANY_TRIES not in attempt().content.decode()
    before = activation_state(patient)
    assert before["failures"] == invites.MAX_FAILURES
    response = last(client, code)
    assert TOO_MANY_TRIES in response.content.decode()
    assert activation_state(patient) == before


def test_tries_older_than_15_minutes_no_longer_count(client, patient, code):
    for _ in range(invites.MAX_FAILURES):
        client.post(URL, {"username": "someone"})
    ActivationFailure.objects.update(
        created_at=timezone.now() - datetime.timedelta(minutes=15, seconds=1)
    )
    assert activate(client, code)["Location"] == "/portal/"


def test_weak_passwords_never_throttle(client, patient, code):
    for _ in range(invites.MAX_FAILURES + 2):
        assert "too short" in activate(client, code, password="short").content.decode()
    assert activate(client, code)["Location"] == "/portal/"


# --- a wrong code keeps what was typed, except the code ----------------------------------------


def typed_back(response) -> dict:
    """What the page gives back in its fields, as the browser would send it."""
    return {
        name: value
        for name, value in form_fields(response.content.decode())
        if name in {"code", "username", "password1", "password2"}
    }


@pytest.mark.parametrize("which", ["unknown", "expired", "used"])
def test_a_wrong_code_gives_back_all_but_the_code_and_is_never_cached(client, patient, code, which):
    tried = "ZZZZ-ZZZZ" if which == "unknown" else code
    if which == "expired":
        Invite.objects.update(
            created_at=timezone.now() - datetime.timedelta(days=31),
            expires_at=timezone.now() - datetime.timedelta(days=1),
        )
    if which == "used":
        Invite.objects.update(used_at=timezone.now())
    before = activation_state(patient)
    response = activate(client, tried)
    assert typed_back(response) == {
        "code": "",
        "username": "maria",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    assert response.context["form"].errors == {"code": [WRONG_CODE]}  # at the code, not above
    assert "no-store" in response["Cache-Control"]
    assert activation_state(patient) == one_more_failure(before)


def test_after_a_wrong_code_typing_only_the_right_one_is_enough(client, patient, code):
    page = activate(client, "ZZZZ-ZZZZ").content.decode()
    assert client.post(URL, form_data(page, code=code))["Location"] == "/portal/"
    patient.refresh_from_db()
    assert (patient.user.username, patient.user.check_password(PASSWORD)) == ("maria", True)


@pytest.mark.parametrize(
    ("password", "confirm"),
    [("short-pass", None), (PASSWORD, "something else entirely"), ("p" * 129, None)],
    ids=["too-short", "mismatch", "too-long"],
)
def test_a_refused_password_is_never_given_back(client, patient, code, password, confirm):
    response = activate(client, "ZZZZ-ZZZZ", password=password, confirm=confirm)
    typed = typed_back(response)
    assert (typed["password1"], typed["password2"]) == ("", "")
    assert (typed["code"], typed["username"]) == ("ZZZZ-ZZZZ", "maria")  # never looked at
    assert "code" not in response.context["form"].errors


def test_a_password_the_accounts_own_rules_refuse_is_not_given_back(client, patient):
    # A new-password code: the code is right, and only then is the password checked against
    # the account's username. That refusal is not a wrong code.
    patient.user = make_user("maria.lopez.garcia")
    patient.save()
    reset = create_invite(patient=patient, by=patient.therapist)[1]
    response = activate(client, reset, username="", password="maria.lopez.garcia!")
    typed = typed_back(response)
    assert (typed["password1"], typed["password2"]) == ("", "")
    assert "The password is too similar to the username." in response.content.decode()


def test_a_throttled_try_gives_no_password_back(client, patient, code):
    for _ in range(invites.MAX_FAILURES):
        activate(client, "AAAA-AAAA")
    before = activation_state(patient)
    response = activate(client, "AAAA-AAAA")
    assert response.context["form"].non_field_errors() == [TOO_MANY_TRIES]
    typed = typed_back(response)
    assert (typed["password1"], typed["password2"]) == ("", "")
    assert activation_state(patient) == before


# --- a new code for a patient who has an account: a new password ------------------------------

OLD_PASSWORD = "patient-pass-1234"  # make_user's
NEW_PASSWORD = "a brand new passphrase"


@pytest.fixture
def account(patient):
    """``patient`` with their own account "maria", who forgot its password and got a new code."""
    patient.user = make_user("maria")
    patient.save()
    return patient.user


@pytest.fixture
def reset_code(patient, account):
    return create_invite(patient=patient, by=patient.therapist)[1]


def signs_in(username, password) -> bool:
    response = Client().post("/accounts/login/", {"username": username, "password": password})
    return response.status_code == 302


def test_a_new_code_sets_a_new_password_and_keeps_the_username(
    client, patient, account, reset_code
):
    response = activate(client, reset_code, username="", password=NEW_PASSWORD)
    assert response["Location"] == "/portal/"
    page = client.get("/portal/").content.decode()  # signed in
    assert "Your new password is set. Your username is still maria" in page
    account.refresh_from_db()
    assert account.username == "maria"
    assert get_user_model().objects.count() == 2  # the therapist and maria: nobody new
    assert not signs_in("maria", OLD_PASSWORD)
    assert signs_in("maria", NEW_PASSWORD)
    assert Invite.objects.get().used_at is not None
    changed = AuditEvent.objects.get(action=AuditAction.CHANGED, actor=account)
    assert (changed.patient, changed.detail) == (patient, {"password": "reset"})
    assert AuditEvent.objects.filter(action=AuditAction.SIGNED_IN, actor=account).exists()


def test_a_new_password_ends_the_accounts_other_sessions(client, patient, account, reset_code):
    elsewhere = Client()
    elsewhere.force_login(account)
    activate(client, reset_code, username="", password=NEW_PASSWORD)
    assert elsewhere.get("/portal/")["Location"] == "/accounts/login/?next=/portal/"


def test_a_username_typed_with_a_new_password_code_is_ignored(client, patient, account, reset_code):
    response = activate(client, reset_code, username="someone-else", password=NEW_PASSWORD)
    assert response["Location"] == "/portal/"
    account.refresh_from_db()
    assert account.username == "maria"
    assert not get_user_model().objects.filter(username="someone-else").exists()


def test_until_the_new_code_is_used_the_old_password_works(patient, account, reset_code):
    assert signs_in("maria", OLD_PASSWORD)


def test_a_new_password_code_works_only_once(client, patient, account, reset_code):
    activate(client, reset_code, username="", password=NEW_PASSWORD)
    client.logout()
    response = activate(client, reset_code, username="", password="another new passphrase")
    assert WRONG_CODE in response.content.decode()
    assert signs_in("maria", NEW_PASSWORD)


def test_a_new_password_must_pass_the_rules_for_the_account_it_is_for(
    client, patient, account, reset_code
):
    # The form checks the password against the username typed (none here); the account's own
    # username is checked once the code has shown which account it is.
    account.username = "maria.lopez.garcia"
    account.save()
    before = activation_state(patient)
    response = activate(client, reset_code, username="", password="maria.lopez.garcia!")
    assert "The password is too similar to the username." in response.content.decode()
    assert activation_state(patient) == one_more_failure(before)
    assert signs_in("maria.lopez.garcia", OLD_PASSWORD)


def test_a_code_never_revives_a_switched_off_account(client, patient, account, reset_code):
    account.is_active = False
    account.save()
    before = activation_state(patient)
    response = activate(client, reset_code, username="", password=NEW_PASSWORD)
    assert WRONG_CODE in response.content.decode()
    assert activation_state(patient) == one_more_failure(before)
    account.refresh_from_db()
    assert account.check_password(OLD_PASSWORD)
