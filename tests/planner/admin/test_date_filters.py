"""The plan and function-test lists find rows by date with a filter (past 7 days, this month...)
rather than the date navigation, whose links listed the distinct months among every row in scope
(a scan of every plan or test; issue 17). The filter stays within the therapist's scope."""

import datetime

import pytest

from tests.factories import make_assignment, make_patient
from tests.planner.admin.test_query_counts import function_test

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def past_week(field: str) -> dict:
    """The query Django's "Past 7 days" link sends."""
    return {
        f"{field}__gte": str(TODAY - datetime.timedelta(days=7)),
        f"{field}__lt": str(TODAY + datetime.timedelta(days=1)),
    }


def listed(response, *names) -> list[str]:
    assert response.status_code == 200
    html = response.content.decode()
    return [name for name in names if name in html]


def test_the_plan_list_filters_by_start_date_within_scope(
    therapist_client, therapist, other_therapist
):
    make_assignment(
        make_patient(therapist=therapist, display_name="Ann Recent"),
        starts_on=TODAY - datetime.timedelta(days=3),
    )
    make_assignment(
        make_patient(therapist=therapist, display_name="Bea Earlier"),
        starts_on=TODAY - datetime.timedelta(days=40),
    )
    make_assignment(
        make_patient(therapist=other_therapist, display_name="Cal Colleague"),
        starts_on=TODAY - datetime.timedelta(days=3),
    )

    response = therapist_client.get("/admin/planner/assignment/", past_week("starts_on"))

    assert listed(response, "Ann Recent", "Bea Earlier", "Cal Colleague") == ["Ann Recent"]
    assert '<nav class="toplinks">' not in response.content.decode()  # no date navigation


def test_the_function_test_list_filters_by_test_date_within_scope(
    therapist_client, therapist, other_therapist
):
    recent = make_patient(therapist=therapist, display_name="Ann Recent")
    earlier = make_patient(therapist=therapist, display_name="Bea Earlier")
    colleague = make_patient(therapist=other_therapist, display_name="Cal Colleague")
    for patient in (recent, earlier, colleague):
        patient.created_at -= datetime.timedelta(days=60)
        patient.save(update_fields=["created_at"])
    function_test(recent, therapist, days_ago=2)
    function_test(earlier, therapist, days_ago=30)
    function_test(colleague, other_therapist, days_ago=2)

    response = therapist_client.get("/admin/planner/functiontest/", past_week("tested_on"))

    assert listed(response, "Ann Recent", "Bea Earlier", "Cal Colleague") == ["Ann Recent"]
    assert '<nav class="toplinks">' not in response.content.decode()  # no date navigation
