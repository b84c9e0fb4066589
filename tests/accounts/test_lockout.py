"""The sign-in lockout (django-axes) on both sign-in pages, and every sign-in on the audit trail.

Five failed sign-ins for one username from one address lock that pair out for 15 minutes; the
address is core.client's, so X-Forwarded-For counts only when a clinic configures it."""

import datetime
import io
import json
import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.signals import user_login_failed
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from planner.models import AuditAction, AuditEvent
from tests.factories import make_patient, make_therapist, make_user

pytestmark = pytest.mark.django_db

LIMIT = 5
LOCKED = (
    "Too many failed sign-ins with this username from here. To keep your account safe, "
    "signing in is paused. Please try again in 15 minutes, or ask your clinic to unlock it."
)
HOME = "127.0.0.1"  # the test client's REMOTE_ADDR
ELSEWHERE = "198.51.100.20"


def patient_account():
    user = make_user("maria")
    make_patient(user=user, display_name="Maria Lopez")
    return user, "patient-pass-1234"


def therapist_account():
    return make_therapist("jsmith"), "therapist-pass-123"


# Each sign-in page, with someone who may sign in there.
PAGES = [
    pytest.param("/accounts/login/", patient_account, id="accounts-login"),
    pytest.param("/admin/login/", therapist_account, id="admin-login"),
]


def sign_in(client, url, username, password, **extra):
    return client.post(url, {"username": username, "password": password}, **extra)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def fail(client, url, username, times=LIMIT, **extra):
    """``times`` wrong passwords for ``username``; the responses."""
    return [sign_in(client, url, username, f"wrong password {n}", **extra) for n in range(times)]


def words(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def is_lockout(response) -> bool:
    return response.status_code == 429 and LOCKED in words(response)


@pytest.mark.parametrize(("url", "account"), PAGES)
def test_five_wrong_passwords_lock_the_username_out_even_with_the_right_one(client, url, account):
    user, password = account()
    *before, fifth = fail(client, url, user.username)
    assert [r.status_code for r in before] == [200] * (LIMIT - 1)
    assert not any(is_lockout(r) for r in before)
    assert is_lockout(fifth)
    response = sign_in(client, url, user.username, password)
    assert is_lockout(response)
    assert not signed_in(client)


@pytest.mark.parametrize(("url", "account"), PAGES)
def test_four_wrong_passwords_do_not_lock(client, url, account):
    user, password = account()
    fail(client, url, user.username, times=LIMIT - 1)
    assert sign_in(client, url, user.username, password).status_code == 302
    assert signed_in(client)


@pytest.mark.parametrize(("url", "account"), PAGES)
def test_another_address_is_not_locked(client, url, account):
    user, password = account()
    fail(client, url, user.username)
    response = sign_in(client, url, user.username, password, REMOTE_ADDR=ELSEWHERE)
    assert response.status_code == 302
    assert signed_in(client)


@pytest.mark.parametrize(("url", "account"), PAGES)
def test_another_username_from_the_same_address_is_not_locked(client, url, account):
    user, password = account()
    fail(client, url, "someone-else")
    assert sign_in(client, url, user.username, password).status_code == 302


def error_texts(response) -> list[str]:
    """What the page says went wrong: the form's errors, or the whole lockout page."""
    if response.status_code == 429:
        # Without the language switch's CSRF token, masked afresh on every response.
        page = response.content.decode()
        return [re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)]
    return [str(error) for error in response.context["form"].non_field_errors()]


@pytest.mark.parametrize(("url", "account"), PAGES)
def test_unknown_usernames_and_wrong_passwords_get_the_same_answers(client, url, account):
    user, _ = account()
    known = fail(client, url, user.username)
    unknown = fail(client, url, "nobody-has-this-name")
    assert [error_texts(r) for r in known] == [error_texts(r) for r in unknown]
    assert [r.status_code for r in unknown] == [200] * (LIMIT - 1) + [429]
    assert "correct username and password" in error_texts(known[0])[0]


def test_a_success_clears_the_count(client):
    user, password = patient_account()
    fail(client, "/accounts/login/", user.username, times=LIMIT - 1)
    assert sign_in(client, "/accounts/login/", user.username, password).status_code == 302
    client.logout()
    fail(client, "/accounts/login/", user.username, times=LIMIT - 1)
    assert sign_in(client, "/accounts/login/", user.username, password).status_code == 302


def test_the_lockout_ends_15_minutes_after_the_last_try(client):
    user, password = patient_account()
    fail(client, "/accounts/login/", user.username)
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=14))
    assert is_lockout(sign_in(client, "/accounts/login/", user.username, password))
    # That try counted again, so the 15 minutes start from it.
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - datetime.timedelta(minutes=15, seconds=1)
    )
    assert sign_in(client, "/accounts/login/", user.username, password).status_code == 302


# --- the audit trail ---------------------------------------------------------------------------


def events(action) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("pk"))


@pytest.mark.parametrize(("url", "account"), PAGES)
def test_failures_the_lockout_and_a_success_are_on_the_audit_trail(client, url, account):
    user, password = account()
    fail(client, url, user.username)
    sign_in(client, url, user.username, password, REMOTE_ADDR=ELSEWHERE)

    failed = events(AuditAction.SIGN_IN_FAILED)
    assert [(e.actor, e.outcome, e.ip_address) for e in failed] == [(None, "refused", HOME)] * 5
    assert all(e.detail == {"username": user.username, "path": url} for e in failed)
    assert not any("wrong password" in json.dumps(e.detail) for e in failed)
    [locked] = events(AuditAction.LOCKED_OUT)
    assert (locked.actor, locked.outcome, locked.ip_address) == (None, "refused", HOME)
    assert locked.detail == {"username": user.username, "path": url}
    [success] = events(AuditAction.SIGNED_IN)
    assert (success.actor, success.outcome, success.ip_address) == (user, "success", ELSEWHERE)
    assert success.patient == getattr(user, "patient", None)


def test_each_try_while_locked_out_is_on_the_audit_trail(client):
    user, password = patient_account()
    fail(client, "/accounts/login/", user.username)
    sign_in(client, "/accounts/login/", user.username, password)
    assert len(events(AuditAction.SIGN_IN_FAILED)) == LIMIT + 1
    assert len(events(AuditAction.LOCKED_OUT)) == 2
    assert not events(AuditAction.SIGNED_IN)


def test_an_unknown_username_is_recorded_as_typed_up_to_150_characters(rf):
    request = rf.post("/accounts/login/")
    typed = "x" * 149 + "é" + "y" * 100
    user_login_failed.send(
        sender=__name__,
        credentials={"username": typed, "password": "********************"},
        request=request,
    )
    [event] = events(AuditAction.SIGN_IN_FAILED)
    assert event.detail == {"username": typed[:150], "path": "/accounts/login/"}


def test_force_login_in_tests_is_not_a_sign_in(client):
    client.force_login(make_user())
    assert not AuditEvent.objects.exists()
    assert not AccessAttempt.objects.exists()


# --- which address: REMOTE_ADDR unless a trusted proxy header is configured ----------------------


def test_x_forwarded_for_is_ignored_by_default(client):
    user, password = patient_account()
    for n in range(LIMIT):
        forged = {"HTTP_X_FORWARDED_FOR": f"203.0.113.{n}"}
        response = sign_in(client, "/accounts/login/", user.username, "wrong", **forged)
    assert is_lockout(response)  # a new forged address each time did not reset the count
    fresh = {"HTTP_X_FORWARDED_FOR": "203.0.113.99"}
    assert is_lockout(sign_in(client, "/accounts/login/", user.username, password, **fresh))
    assert {e.ip_address for e in AuditEvent.objects.all()} == {HOME}


@override_settings(CLIENT_IP_HEADER="X-Forwarded-For")
def test_the_configured_header_is_the_client_address(client):
    user, password = patient_account()
    # The proxy appends the address it saw; what the client sent before it is not trusted.
    via_proxy = {"HTTP_X_FORWARDED_FOR": "10.9.9.9, 203.0.113.7"}
    fail(client, "/accounts/login/", user.username, **via_proxy)
    assert is_lockout(sign_in(client, "/accounts/login/", user.username, password, **via_proxy))
    assert {e.ip_address for e in AuditEvent.objects.all()} == {"203.0.113.7"}
    another = {"HTTP_X_FORWARDED_FOR": "10.9.9.9, 203.0.113.8"}  # same proxy, another client
    assert (
        sign_in(client, "/accounts/login/", user.username, password, **another).status_code == 302
    )
    assert events(AuditAction.SIGNED_IN)[0].ip_address == "203.0.113.8"


def test_lockout_page_is_plain_words_without_the_username(client):
    fail(client, "/accounts/login/", "maria<script>")
    response = sign_in(client, "/accounts/login/", "maria<script>", "x")
    assert "Please try again in 15 minutes, or ask your clinic to unlock it." in words(response)
    assert "maria" not in response.content.decode()


def test_a_clinic_admin_clears_a_lockout_with_axes_reset_username(client):
    user, password = patient_account()
    fail(client, "/accounts/login/", user.username)
    call_command("axes_reset_username", user.username, stdout=io.StringIO())
    assert sign_in(client, "/accounts/login/", user.username, password).status_code == 302


def test_a_clinic_admin_sees_the_lockout_in_the_admin(client):
    fail(client, "/accounts/login/", "maria")
    client.force_login(make_therapist("boss", is_superuser=True))
    html = client.get("/admin/axes/accessattempt/").content.decode()
    assert "maria" in html
