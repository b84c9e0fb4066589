"""Input the admin's forms refuse with a clear message, never a server error: text over its
limit on every editable record's page, plan end dates, and limb measurements' girths, dates and
one-per-day rule."""

import datetime

import pytest
from django import forms
from django.utils import timezone

from planner.models import END_BEFORE_START, Assignment, LimbMeasurement, Patient
from planner.models.records import GIRTH_MESSAGE
from tests.factories import make_exercise, make_patient, make_plan, make_template, make_user
from tests.html_forms import form_data
from tests.planner.admin.editable import EDITABLE

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def limited_text_fields(form):
    """The form's free-text fields that have a length limit (choices and numbers excluded)."""
    for name, field in form.fields.items():
        if type(field) is forms.CharField and field.max_length:
            yield name, field.max_length


# The plan page has no free text to type: its override reason is shown read-only.
WITH_TEXT = [case for case in EDITABLE if case.model is not Assignment]


@pytest.mark.parametrize("case", WITH_TEXT, ids=str)
def test_every_text_field_over_its_limit_is_refused_naming_the_limit(
    therapist_client, therapist, case
):
    obj = case.make(therapist)
    url = case.change_url(obj)
    page = therapist_client.get(url)
    fields = dict(limited_text_fields(page.context["adminform"].form))
    assert fields, "a page with no limited text field would test nothing"
    opened = form_data(page.content.decode(), case.form_id)
    for name, limit in fields.items():
        response = therapist_client.post(url, {**opened, name: "x" * (limit + 1)})
        assert response.status_code == 200, name
        errors = response.context["adminform"].form.errors
        assert errors[name] == [
            f"Ensure this value has at most {limit} characters (it has {limit + 1})."
        ]
        assert type(obj).objects.get(pk=obj.pk).revision == obj.revision  # nothing saved


# --- plan end dates ----------------------------------------------------------------------------


def post_plan_page(client, plan, **changes):
    url = f"/admin/planner/assignment/{plan.pk}/change/"
    return client.post(
        url, form_data(client.get(url).content.decode(), "assignment_form", **changes)
    )


@pytest.fixture
def plan(therapist):
    return make_plan(make_patient(therapist, user=make_user()), starts_on=TODAY)


@pytest.mark.parametrize(
    ("ends_on", "message"),
    [
        (TODAY - datetime.timedelta(days=1), END_BEFORE_START),
        (
            TODAY + datetime.timedelta(days=732),
            "A plan can run for at most two years: choose an end date on or before "
            f"{(TODAY + datetime.timedelta(days=731)).day} "
            f"{TODAY + datetime.timedelta(days=731):%B %Y}.",
        ),
    ],
    ids=["before the start", "past two years"],
)
def test_the_plan_page_refuses_a_bad_end_date_with_a_message(
    therapist_client, plan, ends_on, message
):
    # The start date is read-only on this page, so Django skips the end-date constraint; before
    # the model's clean() the database refused the row with a 500.
    response = post_plan_page(therapist_client, plan, ends_on=ends_on.isoformat())
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["ends_on"] == [message]
    plan.refresh_from_db()
    assert plan.ends_on is None


def test_a_plan_may_end_two_years_after_it_starts(therapist_client, plan):
    ends_on = TODAY + datetime.timedelta(days=731)
    assert post_plan_page(therapist_client, plan, ends_on=ends_on.isoformat()).status_code == 302
    plan.refresh_from_db()
    assert plan.ends_on == ends_on


def test_assigning_refuses_an_end_date_past_two_years(therapist_client, therapist, patient):
    program = make_template(therapist, exercises=[make_exercise()])
    data = {
        "program": program.pk,
        "patient": patient.pk,
        "starts_on": TODAY.isoformat(),
        "ends_on": (TODAY + datetime.timedelta(days=800)).isoformat(),
        "step": "review",
    }
    response = therapist_client.post("/admin/planner/assignment/add/", data)
    assert response.status_code == 200
    assert "A plan can run for at most two years" in response.context["form"].errors["ends_on"][0]


# --- limb measurements -------------------------------------------------------------------------


def add_measurement(client, patient, **changes):
    data = {
        "patient": patient.pk,
        "measured_on": TODAY.isoformat(),
        "site": "thigh",
        "left_cm": "41.5",
        "right_cm": "44.0",
        **changes,
    }
    return client.post("/admin/planner/limbmeasurement/add/", data)


def registered(patient, days_ago):
    Patient.objects.filter(pk=patient.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days_ago)
    )
    patient.refresh_from_db()
    return patient


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"left_cm": "4.9"}, "left_cm", GIRTH_MESSAGE),
        ({"right_cm": "150.1"}, "right_cm", GIRTH_MESSAGE),
        (
            {"measured_on": (TODAY + datetime.timedelta(days=1)).isoformat()},
            "measured_on",
            "That day has not happened yet. Choose today or an earlier day.",
        ),
        (
            {"measured_on": (TODAY - datetime.timedelta(days=11)).isoformat()},
            "measured_on",
            "Maria Lopez was registered on {registered}. Choose that day or a later one.",
        ),
    ],
    ids=["left below 5 cm", "right above 150 cm", "tomorrow", "before registration"],
)
def test_a_measurement_out_of_bounds_is_refused_with_a_human_message(
    therapist_client, patient, changes, field, message
):
    patient = registered(patient, days_ago=10)
    on = patient.registered_on
    response = add_measurement(therapist_client, patient, **changes)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors[field] == [
        message.format(registered=f"{on.day} {on:%B %Y}")
    ]
    assert not LimbMeasurement.objects.exists()


def test_a_measurement_on_the_day_of_registration_is_kept(therapist_client, patient):
    patient = registered(patient, days_ago=10)
    day = patient.registered_on.isoformat()
    assert add_measurement(therapist_client, patient, measured_on=day).status_code == 302


def test_a_second_measurement_of_a_site_on_one_day_is_refused_with_a_message(
    therapist_client, patient
):
    assert add_measurement(therapist_client, patient).status_code == 302
    response = add_measurement(therapist_client, patient, left_cm="40.0")
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "This patient already has a measurement at this site on that day; change that one instead."
    ]
    assert LimbMeasurement.objects.get().left_cm == 41.5
