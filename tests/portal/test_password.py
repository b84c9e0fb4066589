"""/portal/password/: a patient changes their own password (Django's form), audited; everyone
else is sent where they belong."""

import pytest
from django.test import Client

from planner.models import AuditAction, AuditEvent
from tests.factories import make_patient, make_therapist, make_user

pytestmark = pytest.mark.django_db
URL = "/portal/password/"
OLD = "patient-pass-1234"  # make_user's
NEW = "a brand new passphrase"


@pytest.fixture
def maria():
    user = make_user("maria")
    make_patient(user=user, display_name="Maria Lopez")
    return user


@pytest.fixture
def maria_client(client, maria):
    client.force_login(maria)
    return client


def change(client, old=OLD, new=NEW, confirm=None):
    data = {"old_password": old, "new_password1": new, "new_password2": confirm or new}
    return client.post(URL, data)


def signs_in(username, password) -> bool:
    response = Client().post("/accounts/login/", {"username": username, "password": password})
    return response.status_code == 302


def test_the_page_is_a_crispy_form_linked_from_the_portal(maria_client):
    response = maria_client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="old_password"' in html
    assert "form-control" in html  # laid out by crispy forms
    assert "12 to 128 characters" in html  # the rules, in plain words
    assert f'href="{URL}"' in maria_client.get("/portal/").content.decode()


def test_the_owner_changes_their_password_and_stays_signed_in(maria_client, maria):
    response = change(maria_client)
    assert response["Location"] == "/portal/"
    page = maria_client.get("/portal/")
    assert page.status_code == 200
    assert "Your password is changed." in page.content.decode()
    assert not signs_in("maria", OLD)
    assert signs_in("maria", NEW)
    event = AuditEvent.objects.get(action=AuditAction.CHANGED)
    assert (event.actor, event.patient, event.detail) == (
        maria,
        maria.patient,
        {"password": "changed"},
    )
    assert event.ip_address == "127.0.0.1"


def test_other_sessions_end(maria_client, maria):
    elsewhere = Client()
    elsewhere.force_login(maria)
    change(maria_client)
    assert elsewhere.get("/portal/")["Location"] == "/accounts/login/?next=/portal/"


@pytest.mark.parametrize(
    ("old", "new", "confirm", "message"),
    [
        ("not my password", NEW, None, "That is not the password you use now."),
        (OLD, NEW, "a different passphrase", "The two new passwords are not the same."),
        (OLD, "short", None, "This password is too short."),
        (
            OLD,
            "ö" * 129,
            None,
            "This password is too long. It must contain at most 128 characters.",
        ),
    ],
    ids=["wrong-current", "mismatch", "too-short", "too-long"],
)
def test_a_refused_change_changes_nothing(maria_client, maria, old, new, confirm, message):
    response = change(maria_client, old=old, new=new, confirm=confirm)
    assert response.status_code == 200
    assert message in response.content.decode()
    maria.refresh_from_db()
    assert maria.check_password(OLD)
    assert not AuditEvent.objects.filter(action=AuditAction.CHANGED).exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_people_are_sent_to_sign_in(client, method):
    response = getattr(client, method)(URL)
    assert response["Location"] == f"/accounts/login/?next={URL}"


def test_therapists_are_sent_to_the_admin_and_nothing_changes(client):
    therapist = make_therapist()
    client.force_login(therapist)
    assert client.get(URL)["Location"] == "/admin/"
    response = change(client, old="therapist-pass-123")
    assert response["Location"] == "/admin/"
    therapist.refresh_from_db()
    assert therapist.check_password("therapist-pass-123")


def test_accounts_without_a_patient_record_get_404(client):
    user = make_user()
    client.force_login(user)
    assert client.get(URL).status_code == 404
    assert change(client).status_code == 404
    user.refresh_from_db()
    assert user.check_password(OLD)


def test_the_form_speaks_as_the_activation_page_does_not_as_django(maria_client):
    html = maria_client.get(URL).content.decode()
    for words in (
        "The password you use now",
        "Choose a new password",
        "Type the new password again",
        "12 to 128 characters: not only digits, not a common password, not like your name.",
    ):
        assert words in html
    for django_words in ("Old password", "New password confirmation", "<ul><li>Your password"):
        assert django_words not in html
