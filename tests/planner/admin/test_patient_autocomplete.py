"""The patient search behind a record's patient box (limb girth, function test): Django's admin
autocomplete, answered by PatientAdmin within the user's scope, archived patients left out."""

import pytest
from django.utils import timezone

from tests.factories import make_patient, make_therapist

pytestmark = pytest.mark.django_db

URL = "/admin/autocomplete/"


def search(client, term="", model="limbmeasurement"):
    return client.get(
        URL, {"app_label": "planner", "model_name": model, "field_name": "patient", "term": term}
    )


def names(response) -> list[str]:
    assert response.status_code == 200
    return [row["text"] for row in response.json()["results"]]


@pytest.mark.parametrize("model", ["limbmeasurement", "functiontest"])
def test_it_offers_the_therapists_own_patients(therapist_client, therapist, model):
    make_patient(therapist=therapist, display_name="Ann Own")
    assert names(search(therapist_client, "Ann", model)) == ["Ann Own"]


def test_it_never_offers_another_therapists_patient(therapist_client, therapist, other_therapist):
    make_patient(therapist=therapist, display_name="Ann Own")
    make_patient(therapist=other_therapist, display_name="Ann Other")
    assert names(search(therapist_client, "Ann")) == ["Ann Own"]
    assert names(search(therapist_client, "Other")) == []


def test_it_leaves_out_archived_patients(therapist_client, therapist):
    make_patient(therapist=therapist, display_name="Ann Own")
    make_patient(therapist=therapist, display_name="Ann Gone", archived_at=timezone.now())
    assert names(search(therapist_client)) == ["Ann Own"]


def test_a_superuser_finds_every_therapists_patient(client, therapist, other_therapist):
    client.force_login(make_therapist(is_superuser=True))
    make_patient(therapist=therapist, display_name="Ann Own")
    make_patient(therapist=other_therapist, display_name="Ann Other")
    assert names(search(client, "Ann")) == ["Ann Other", "Ann Own"]


def test_it_requires_sign_in(client, therapist):
    make_patient(therapist=therapist, display_name="Ann Own")
    response = search(client, "Ann")
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")
