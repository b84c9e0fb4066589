"""Every model is in the admin, branded, and the audit trail cannot be edited there."""

import pytest
from django.apps import apps
from django.contrib import admin

from tests.factories import make_assignment, make_patient, make_therapist

pytestmark = pytest.mark.django_db

OUR_MODELS = [m for app in ("exercises", "planner") for m in apps.get_app_config(app).get_models()]


def test_every_domain_model_is_registered():
    missing = [m.__name__ for m in OUR_MODELS if not admin.site.is_registered(m)]
    assert missing == []


@pytest.mark.parametrize("model", OUR_MODELS, ids=lambda m: m.__name__)
def test_changelist_renders_for_a_superuser(admin_client, model):
    make_assignment()
    url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
    response = admin_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Rehab Planner" in html
    assert f"Select {model._meta.verbose_name} to" in html  # "... to change" or "... to view"
    # A superuser's list holds every row there is.
    assert response.context["cl"].result_count == model.objects.count()


def test_audit_events_are_read_only(admin_client):
    response = admin_client.get("/admin/planner/auditevent/add/")
    assert response.status_code == 403


def test_therapist_group_can_reach_the_clinic_models(client):
    therapist = make_therapist()
    patient = make_patient(therapist=therapist, display_name="Maria Lopez")
    client.force_login(therapist)
    html = client.get("/admin/").content.decode()
    for name in ("Patients", "Programs", "Assignments", "Exercises"):
        assert name in html
    response = client.get("/admin/planner/patient/")
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [patient]
    assert "Maria Lopez" in response.content.decode()
    # Therapists archive clinical records: the group has no delete permission on patients.
    assert not therapist.has_perm("planner.delete_patient")
    assert client.get(f"/admin/planner/patient/{patient.pk}/delete/").status_code == 403
    # User accounts are not theirs to manage either.
    assert client.get("/admin/auth/user/").status_code == 403
