"""Sign-in and sign-out with Django's auth views, and where people land."""

import pytest
from django.contrib.auth.models import Group

from accounts.context_processors import navigation
from accounts.roles import THERAPIST_PERMISSIONS, THERAPISTS_GROUP
from tests.factories import make_patient, make_therapist, make_user

pytestmark = pytest.mark.django_db


def test_login_page_renders_with_crispy_form(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="username"' in html
    assert "form-control" in html  # crispy's Bootstrap 5 pack styled the field
    assert "bootstrap/css/bootstrap.min.css" in html


def test_patient_logs_in_and_lands_on_portal(client):
    user = make_user("maria")
    make_patient(user=user, display_name="Maria Lopez")
    response = client.post(
        "/accounts/login/", {"username": "maria", "password": "patient-pass-1234"}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/portal/"
    assert "Hello, Maria Lopez" in response.content.decode()


def test_therapist_logs_in_and_lands_on_admin(client):
    make_therapist("jsmith")
    response = client.post(
        "/accounts/login/", {"username": "jsmith", "password": "therapist-pass-123"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/")["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_wrong_password_shows_a_message_and_keeps_the_user_out(client):
    make_user("maria")
    response = client.post("/accounts/login/", {"username": "maria", "password": "wrong"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_next_to_a_local_page_is_followed(client):
    make_therapist("jsmith")
    response = client.post(
        "/accounts/login/?next=/admin/planner/patient/",
        {"username": "jsmith", "password": "therapist-pass-123", "next": "/admin/planner/patient/"},
    )
    assert response["Location"] == "/admin/planner/patient/"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example.com/",
        "//evil.example.com/",
        "http:///evil.example.com",
        "/\\evil.example.com",
        "javascript:alert(1)",
    ],
)
def test_next_to_another_site_is_ignored(client, target):
    make_therapist("jsmith")
    response = client.post(
        "/accounts/login/",
        {"username": "jsmith", "password": "therapist-pass-123", "next": target},
    )
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_logout_is_a_post_and_ends_the_session(client):
    user = make_user("maria")
    client.force_login(user)
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")
    assert response["Location"] == "/accounts/login/"
    assert "_auth_user_id" not in client.session


def test_anonymous_home_goes_to_login(client):
    response = client.get("/")
    assert response["Location"] == "/accounts/login/?next=/"


def test_account_without_a_role_gets_a_clear_page(client):
    client.force_login(make_user("nobody"))
    response = client.get("/")
    assert response.status_code == 403
    assert "not linked to a patient record" in response.content.decode()


def test_navigation_offers_admin_to_therapists_and_portal_to_patients(rf):
    therapist = make_therapist()
    patient_user = make_user()
    make_patient(user=patient_user)
    request = rf.get("/")
    request.user = therapist
    assert navigation(request) == {"nav_therapist": True, "nav_patient": False}
    request.user = patient_user
    assert navigation(request) == {"nav_therapist": False, "nav_patient": True}


def test_portal_page_shows_the_patient_navigation(client):
    user = make_user()
    make_patient(user=user)
    client.force_login(user)
    html = client.get("/portal/").content.decode()
    assert "My exercises" in html
    assert "Clinic admin" not in html


def test_migrate_sets_up_the_therapists_group_with_its_permissions():
    # Made by the post_migrate hook when the test database was migrated; no factory has run.
    group = Group.objects.get(name=THERAPISTS_GROUP)
    granted = {
        f"{permission.content_type.app_label}.{permission.codename}"
        for permission in group.permissions.select_related("content_type")
    }
    expected = set()
    for label, actions in THERAPIST_PERMISSIONS.items():
        app_label, model = label.split(".")
        expected |= {f"{app_label}.{action}_{model}" for action in actions}
    assert granted == expected
