"""The function tests' admin: scoped to the therapist's patients, measured_by set on add, audited,
voided and never deleted, and every number a person types either saved exactly or refused with
a clear message, never a server error or a half-written row."""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from planner.models import AuditEvent, FunctionTest
from planner.models.measures import (
    CHAIR_STANDS_MESSAGE,
    GRIP_MESSAGE,
    NO_RESULT_MESSAGE,
    TUG_MESSAGE,
)
from planner.services import void_record
from tests.factories import make_user
from tests.planner.admin.measure_input import (
    DJANGO_NUMBER_MESSAGES,
    JUNK,
    PROPERTY,
    plain_value,
    typed,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
ADD = "/admin/planner/functiontest/add/"
LIST = "/admin/planner/functiontest/"
RESULTS = ["chair_stands", "grip_left_kg", "grip_right_kg", "timed_up_and_go_s"]


def add(client, patient, **changes):
    data = {
        "patient": patient.pk,
        "tested_on": TODAY.isoformat(),
        "chair_stands": "9",
        "grip_left_kg": "18.5",
        "grip_right_kg": "22.0",
        "timed_up_and_go_s": "11.2",
        "note": "",
        **changes,
    }
    return client.post(ADD, data)


@pytest.fixture
def record(patient, therapist):
    return FunctionTest.objects.create(
        patient=patient, tested_on=TODAY, chair_stands=9, measured_by=therapist
    )


def test_adding_sets_the_measurer_and_is_audited(therapist_client, therapist, patient):
    assert add(therapist_client, patient).status_code == 302
    saved = FunctionTest.objects.get()
    assert (saved.measured_by, saved.chair_stands, saved.grip_left_kg) == (
        therapist,
        9,
        Decimal("18.5"),
    )
    event = AuditEvent.objects.get(action="changed", object_type="planner.FunctionTest")
    assert (event.actor, event.patient, event.detail["new"]) == (therapist, patient, True)


def test_a_posted_measurer_is_ignored(therapist_client, therapist, other_therapist, patient):
    add(therapist_client, patient, measured_by=other_therapist.pk)
    assert FunctionTest.objects.get().measured_by == therapist


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"chair_stands": "61"}, "chair_stands", CHAIR_STANDS_MESSAGE),
        ({"grip_left_kg": "120.1"}, "grip_left_kg", GRIP_MESSAGE),
        ({"grip_right_kg": "-1"}, "grip_right_kg", GRIP_MESSAGE),
        ({"timed_up_and_go_s": "0.5"}, "timed_up_and_go_s", TUG_MESSAGE),
        ({"timed_up_and_go_s": "300.1"}, "timed_up_and_go_s", TUG_MESSAGE),
        (
            {"tested_on": (TODAY + datetime.timedelta(days=1)).isoformat()},
            "tested_on",
            "That day has not happened yet. Choose today or an earlier day.",
        ),
    ],
    ids=["chair stands", "grip left", "grip right", "tug low", "tug high", "tomorrow"],
)
def test_out_of_range_is_refused_with_its_message(
    therapist_client, patient, changes, field, message
):
    response = add(therapist_client, patient, **changes)
    assert response.status_code == 200
    assert message in response.context["adminform"].form.errors[field]
    assert not FunctionTest.objects.exists()


def test_a_row_with_no_result_is_refused(therapist_client, patient):
    response = add(therapist_client, patient, **dict.fromkeys(RESULTS, ""), note="Too tired")
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [NO_RESULT_MESSAGE]
    assert not FunctionTest.objects.exists()


def test_a_second_row_on_one_day_is_refused(therapist_client, patient):
    assert add(therapist_client, patient).status_code == 302
    response = add(therapist_client, patient, chair_stands="12")
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "This patient already has function tests on that day; change that one instead."
    ]
    assert FunctionTest.objects.get().chair_stands == 9


# --- who may see what ----------------------------------------------------------------------------


def test_the_owner_lists_and_opens_it(therapist_client, record):
    assert list(therapist_client.get(LIST).context["cl"].result_list) == [record]
    assert therapist_client.get(f"{LIST}{record.pk}/change/").status_code == 200


def test_another_therapist_neither_lists_nor_opens_it(client, other_therapist, record):
    client.force_login(other_therapist)
    assert list(client.get(LIST).context["cl"].result_list) == []
    response = client.get(f"{LIST}{record.pk}/change/")
    assert response.status_code == 302  # the admin's "doesn't exist" answer
    assert AuditEvent.objects.filter(action="denied", object_id=str(record.pk)).exists()
    assert client.post(f"{LIST}{record.pk}/void/", {"reason": "x"}).status_code == 404
    assert not FunctionTest.objects.get().is_voided


def test_another_therapist_cannot_add_one_for_my_patient(client, other_therapist, patient):
    client.force_login(other_therapist)
    response = add(client, patient)
    assert response.status_code == 200
    assert "patient" in response.context["adminform"].form.errors
    assert not FunctionTest.objects.exists()


@pytest.mark.parametrize("who", ["anonymous", "patient"])
def test_anonymous_and_patients_are_sent_to_sign_in(client, patient, record, who):
    if who == "patient":
        patient.user = make_user()
        patient.save()
        client.force_login(patient.user)
    for url in (LIST, f"{LIST}{record.pk}/change/", ADD):
        assert client.get(url)["Location"].startswith("/admin/login/")
    assert add(client, patient).status_code == 302
    assert FunctionTest.objects.count() == 1


def test_the_list_filters_by_voided_and_day(therapist_client, therapist, record):
    void_record(record=record, by=therapist, reason="Wrong day.")
    assert list(therapist_client.get(LIST).context["cl"].result_list) == []
    assert list(therapist_client.get(LIST, {"voided": "yes"}).context["cl"].result_list) == [record]
    filters = [spec.title for spec in therapist_client.get(LIST).context["cl"].filter_specs]
    assert filters == ["status", "tested on"]


def test_it_is_voided_with_a_reason_and_never_deleted(therapist_client, therapist, record):
    data = {"action": "void_selected", "_selected_action": [record.pk]}
    response = therapist_client.post(LIST, {**data, "post": "yes", "reason": "Other patient."})
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.is_voided, record.voided_by) == (True, therapist)
    assert AuditEvent.objects.filter(action="voided", object_id=str(record.pk)).exists()
    assert therapist_client.get(f"{LIST}{record.pk}/delete/").status_code == 403


def test_a_superuser_cannot_delete_it_either(admin_client, record):
    assert admin_client.get(f"{LIST}{record.pk}/delete/").status_code == 403


# --- every number a person types -----------------------------------------------------------------

ANY_RESULT = st.one_of(st.just(""), typed(-20, 400))


@PROPERTY
@given(
    chair=st.one_of(st.just(""), st.integers(-5, 100).map(str), st.sampled_from(JUNK)),
    grip_left=ANY_RESULT,
    grip_right=ANY_RESULT,
    tug=ANY_RESULT,
)
def test_any_typed_result_is_saved_exactly_or_refused_with_a_message(
    therapist_client, patient, chair, grip_left, grip_right, tug
):
    typed_in = dict(zip(RESULTS, [chair, grip_left, grip_right, tug], strict=True))
    known = DJANGO_NUMBER_MESSAGES | {
        CHAIR_STANDS_MESSAGE,
        GRIP_MESSAGE,
        TUG_MESSAGE,
        NO_RESULT_MESSAGE,
    }
    with transaction.atomic():
        response = add(therapist_client, patient, **typed_in)
        assert response.status_code in (200, 302)
        if response.status_code == 302:
            saved = FunctionTest.objects.get()
            for field, text in typed_in.items():
                stored = getattr(saved, field)
                assert stored == (Decimal(text.strip()) if text.strip() else None), field
        else:
            form = response.context["adminform"].form
            messages = [m for errors in form.errors.values() for m in errors]
            assert messages
            assert set(messages) <= known
            assert not FunctionTest.objects.exists()
            # A plainly written number in range is never what was refused.
            ranges = {
                "grip_left_kg": (0, 120),
                "grip_right_kg": (0, 120),
                "timed_up_and_go_s": (1, 300),
            }
            for field, (low, high) in ranges.items():
                value = plain_value(typed_in[field])
                if value is not None and low <= value <= high:
                    assert field not in form.errors
        transaction.set_rollback(True)
