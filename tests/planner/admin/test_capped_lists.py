"""A list longer than the cap is not counted to its end: it says "more than", offers no "Select all"
across its pages (which would have said "Select all 10001"), and refuses such a selection if one is
posted anyway; rows chosen on a page are acted on as usual."""

import re

import pytest

from planner.admin.base import CappedCountPaginator
from planner.admin.patients import PatientAdmin
from planner.models import Patient
from tests.factories import make_patient

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/planner/patient/"


@pytest.fixture
def small_cap(monkeypatch):
    """A cap of 3 and pages of 2, so five patients make a capped list of three pages."""
    monkeypatch.setattr(CappedCountPaginator, "CAP", 3)
    monkeypatch.setattr(PatientAdmin, "list_per_page", 2)


def patients(therapist, count):
    return [make_patient(therapist=therapist, display_name=f"Patient {n}") for n in range(count)]


def test_a_capped_list_says_more_than_and_offers_no_select_all(
    small_cap, therapist_client, therapist
):
    patients(therapist, 5)
    page = therapist_client.get(CHANGELIST).content.decode()
    assert "More than 3 patients" in page
    assert re.search(r"Select all \d", page) is None  # the page's own "Select all objects" stays
    assert "More than 3: choose rows on this page" in page
    assert "4 patients" not in page  # the count stopped at the cap + 1


def test_a_list_within_the_cap_is_counted_and_offers_select_all(
    small_cap, therapist_client, therapist
):
    patients(therapist, 3)
    page = therapist_client.get(CHANGELIST).content.decode()
    assert "Select all 3 patients" in page
    assert "choose rows on this page" not in page


def test_select_all_on_a_capped_list_is_refused_and_changes_nothing(
    small_cap, therapist_client, therapist
):
    made = patients(therapist, 5)
    response = therapist_client.post(
        CHANGELIST,
        {"action": "archive", "select_across": "1", "_selected_action": [made[0].pk]},
        follow=True,
    )
    assert "A list of more than 3 rows cannot be acted on all at once" in response.content.decode()
    assert Patient.objects.filter(archived_at__isnull=False).count() == 0


def test_rows_chosen_on_a_page_of_a_capped_list_are_acted_on(
    small_cap, therapist_client, therapist
):
    made = patients(therapist, 5)
    therapist_client.post(
        CHANGELIST,
        {"action": "archive", "select_across": "0", "_selected_action": [made[0].pk, made[1].pk]},
    )
    archived = Patient.objects.filter(archived_at__isnull=False)
    assert sorted(archived.values_list("pk", flat=True)) == [made[0].pk, made[1].pk]


def test_select_all_within_the_cap_still_acts_on_every_row(small_cap, therapist_client, therapist):
    made = patients(therapist, 3)
    therapist_client.post(
        CHANGELIST, {"action": "archive", "select_across": "1", "_selected_action": [made[0].pk]}
    )
    assert Patient.objects.filter(archived_at__isnull=False).count() == 3
