"""Limb girth and function tests on the patient's page: new rows typed in (measured_by set,
audited), kept rows read-only with the derived difference and who measured, voided rows left
out, the same people allowed as on the page itself, and a query count that does not grow with
the rows shown."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st

from planner.models import AuditEvent, FunctionTest, LimbMeasurement
from planner.models.measures import GRIP_MESSAGE, NO_RESULT_MESSAGE, TUG_MESSAGE
from planner.models.records import GIRTH_MESSAGE
from planner.services import void_record
from tests.factories import make_patient, make_user
from tests.html_forms import form_data
from tests.planner.admin.measure_input import (
    DJANGO_NUMBER_MESSAGES,
    PROPERTY,
    plain_value,
    typed,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)
GIRTHS, TESTS = "measurements", "function_tests"  # the inlines' form prefixes


def page_url(patient) -> str:
    return f"/admin/planner/patient/{patient.pk}/change/"


def girth(patient, by, *, left, right, site="thigh", on=TODAY, **extra):
    return LimbMeasurement.objects.create(
        patient=patient,
        measured_on=on,
        site=site,
        left_cm=Decimal(left),
        right_cm=Decimal(right),
        measured_by=by,
        **extra,
    )


def function_test(patient, by, *, on=TODAY, note="", **results):
    return FunctionTest.objects.create(
        patient=patient, tested_on=on, measured_by=by, note=note, **(results or {"chair_stands": 9})
    )


def inline(response, prefix):
    return next(f for f in response.context["inline_admin_formsets"] if f.formset.prefix == prefix)


def post_new_rows(client, patient, *, girths=None, tests=None):
    """The patient's page as opened, with the new (last) row of each inline filled in."""
    url = page_url(patient)
    page = client.get(url)
    data = form_data(page.content.decode(), "patient_form")
    for prefix, values in ((GIRTHS, girths), (TESTS, tests)):
        row = inline(page, prefix).formset.initial_form_count()
        for name, value in (values or {}).items():
            data[f"{prefix}-{row}-{name}"] = value
    return client.post(url, data)


NEW_GIRTH = {
    "measured_on": TODAY.isoformat(),
    "site": "calf",
    "landmark": "widest point, standing",
    "left_cm": "35.5",
    "right_cm": "37.0",
    "note": "Tape snug",
}
NEW_TESTS = {"tested_on": TODAY.isoformat(), "chair_stands": "8", "grip_left_kg": "19.5"}


# --- adding on the patient's page ----------------------------------------------------------------


def test_new_rows_are_saved_as_the_therapists_and_audited(therapist_client, therapist, patient):
    response = post_new_rows(therapist_client, patient, girths=NEW_GIRTH, tests=NEW_TESTS)
    assert response.status_code == 302
    saved = LimbMeasurement.objects.get()
    assert (saved.patient, saved.measured_by, saved.site, saved.landmark) == (
        patient,
        therapist,
        "calf",
        "widest point, standing",
    )
    assert (saved.left_cm, saved.right_cm, saved.note) == (
        Decimal("35.5"),
        Decimal("37.0"),
        "Tape snug",
    )
    tests = FunctionTest.objects.get()
    assert (tests.measured_by, tests.chair_stands, tests.grip_left_kg) == (
        therapist,
        8,
        Decimal("19.5"),
    )
    for label, record in (("planner.LimbMeasurement", saved), ("planner.FunctionTest", tests)):
        event = AuditEvent.objects.get(action="changed", object_type=label)
        assert (event.actor, event.patient, event.object_id) == (
            therapist,
            patient,
            str(record.pk),
        )
        assert event.detail["new"] is True


def test_an_untouched_new_row_saves_nothing(therapist_client, patient):
    assert post_new_rows(therapist_client, patient).status_code == 302
    assert not LimbMeasurement.objects.exists()
    assert not FunctionTest.objects.exists()


def test_kept_rows_cannot_be_changed_from_the_page(therapist_client, therapist, patient):
    kept = girth(patient, therapist, left="40.0", right="42.0")
    url = page_url(patient)
    data = form_data(therapist_client.get(url).content.decode(), "patient_form")
    data.update({f"{GIRTHS}-0-id": kept.pk, f"{GIRTHS}-0-left_cm": "99.0"})
    assert therapist_client.post(url, data).status_code == 302
    kept.refresh_from_db()
    assert kept.left_cm == Decimal("40.0")


@pytest.mark.parametrize(
    ("girths", "tests", "prefix", "field", "message"),
    [
        ({**NEW_GIRTH, "left_cm": "4.9"}, None, GIRTHS, "left_cm", GIRTH_MESSAGE),
        ({**NEW_GIRTH, "right_cm": "abc"}, None, GIRTHS, "right_cm", "Enter a number."),
        (
            {**NEW_GIRTH, "measured_on": (TODAY + DAY).isoformat()},
            None,
            GIRTHS,
            "measured_on",
            "That day has not happened yet. Choose today or an earlier day.",
        ),
        (None, {**NEW_TESTS, "grip_left_kg": "121"}, TESTS, "grip_left_kg", GRIP_MESSAGE),
        (None, {**NEW_TESTS, "timed_up_and_go_s": "0"}, TESTS, "timed_up_and_go_s", TUG_MESSAGE),
        (
            None,
            {**NEW_TESTS, "tested_on": (TODAY + DAY).isoformat()},
            TESTS,
            "tested_on",
            "That day has not happened yet. Choose today or an earlier day.",
        ),
    ],
    ids=["girth low", "girth junk", "girth tomorrow", "grip high", "tug zero", "tests tomorrow"],
)
def test_bad_input_is_refused_with_its_message_and_nothing_is_saved(
    therapist_client, patient, girths, tests, prefix, field, message
):
    # The other inline's row is valid: a refusal anywhere saves nothing at all.
    girths = girths or NEW_GIRTH
    tests = tests or NEW_TESTS
    response = post_new_rows(therapist_client, patient, girths=girths, tests=tests)
    assert response.status_code == 200
    form = inline(response, prefix).formset.forms[-1]
    assert form.errors[field] == [message]
    assert not LimbMeasurement.objects.exists()
    assert not FunctionTest.objects.exists()
    assert not AuditEvent.objects.filter(action="changed").exists()


def test_function_tests_with_no_result_are_refused(therapist_client, patient):
    response = post_new_rows(
        therapist_client, patient, tests={"tested_on": TODAY.isoformat(), "note": "Tired"}
    )
    assert response.status_code == 200
    assert inline(response, TESTS).formset.forms[-1].non_field_errors() == [NO_RESULT_MESSAGE]
    assert not FunctionTest.objects.exists()


@pytest.mark.parametrize("voided", [False, True], ids=["kept", "voided"])
def test_a_second_girth_of_a_site_on_one_day_is_refused(
    therapist_client, therapist, patient, voided
):
    first = girth(patient, therapist, left="40.0", right="42.0", site="calf")
    if voided:  # not shown on the page, and still holding its day
        void_record(record=first, by=therapist, reason="Wrong leg")
    response = post_new_rows(therapist_client, patient, girths=NEW_GIRTH)
    assert response.status_code == 200
    assert inline(response, GIRTHS).formset.forms[-1].non_field_errors() == [
        "This patient already has a measurement at this site on that day; change that one instead."
    ]
    assert LimbMeasurement.objects.count() == 1


@pytest.mark.parametrize("voided", [False, True], ids=["kept", "voided"])
def test_second_function_tests_on_one_day_are_refused(therapist_client, therapist, patient, voided):
    first = function_test(patient, therapist)
    if voided:
        void_record(record=first, by=therapist, reason="Wrong patient")
    response = post_new_rows(therapist_client, patient, tests=NEW_TESTS)
    assert response.status_code == 200
    assert inline(response, TESTS).formset.forms[-1].non_field_errors() == [
        "This patient already has function tests on that day; change that one instead."
    ]
    assert FunctionTest.objects.count() == 1


def test_two_new_girths_of_one_site_and_day_are_refused(therapist_client, patient):
    url = page_url(patient)
    data = form_data(therapist_client.get(url).content.decode(), "patient_form")
    data[f"{GIRTHS}-TOTAL_FORMS"] = 2
    for row in (0, 1):
        data.update({f"{GIRTHS}-{row}-{k}": v for k, v in NEW_GIRTH.items()})
    response = therapist_client.post(url, data)
    assert response.status_code == 200
    assert "change that one instead" in str(inline(response, GIRTHS).formset.forms[1].errors)
    assert not LimbMeasurement.objects.exists()


# --- what the page shows -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("left", "right", "shown"),
    [
        ("40.0", "42.0", "+2.0 cm, 4.8 % (right larger)"),
        ("45.0", "43.5", "\N{MINUS SIGN}1.5 cm, 3.3 % (left larger)"),
        ("38.0", "38.0", "0.0 cm, 0.0 % (equal)"),
    ],
    ids=["right bigger", "left bigger", "equal"],
)
def test_kept_girths_show_the_derived_difference(
    therapist_client, therapist, patient, left, right, shown
):
    girth(patient, therapist, left=left, right=right)
    html = therapist_client.get(page_url(patient)).content.decode()
    assert shown in html


def test_kept_rows_are_read_only_and_say_who_measured(therapist_client, therapist, patient):
    patient.user = make_user()
    patient.save()
    girth(patient, therapist, left="40.0", right="42.0", on=TODAY - DAY)
    girth(patient, patient.user, left="40.5", right="42.5")
    function_test(patient, therapist)
    response = therapist_client.get(page_url(patient))
    html = response.content.decode()
    assert html.count("Patient at home") == 1
    assert html.count(f"Therapist ({therapist.username})") == 2
    for prefix in (GIRTHS, TESTS):
        shown = inline(response, prefix)
        assert not shown.has_change_permission
        kept = [row for row in shown if row.original is not None]
        assert kept
        fields = [field for row in kept for fieldset in row for line in fieldset for field in line]
        assert fields
        assert all(field.is_readonly for field in fields)
        assert len(shown.formset.extra_forms) == 1
    assert 'name="measurements-0-left_cm"' not in html  # kept: text, not a box
    assert 'name="measurements-2-left_cm"' in html  # the new row


def test_voided_rows_are_not_shown(therapist_client, therapist, patient):
    kept = girth(patient, therapist, left="40.0", right="42.0", note="Stands")
    voided = girth(patient, therapist, left="30.0", right="32.0", site="calf", note="Wrong leg")
    void_record(record=voided, by=therapist, reason="Wrong patient")
    tests = function_test(patient, therapist, note="Voided tests")
    void_record(record=tests, by=therapist, reason="Wrong patient")
    response = therapist_client.get(page_url(patient))
    html = response.content.decode()
    assert "Stands" in html
    assert "Wrong leg" not in html
    assert "Voided tests" not in html
    assert list(inline(response, GIRTHS).formset.get_queryset()) == [kept]


def test_the_add_page_has_no_measure_inlines(therapist_client):
    response = therapist_client.get("/admin/planner/patient/add/")
    assert response.context["inline_admin_formsets"] == []


def test_an_archived_patient_gets_no_new_rows(therapist_client, therapist, patient):
    from django.utils import timezone

    girth(patient, therapist, left="40.0", right="42.0")
    patient.archived_at = timezone.now()
    patient.save()
    response = therapist_client.get(page_url(patient))
    for prefix in (GIRTHS, TESTS):
        assert inline(response, prefix).formset.extra_forms == []
    assert "+2.0 cm" in response.content.decode()


def test_the_page_query_count_does_not_grow_with_measurements(therapist_client, therapist):
    patient = make_patient(therapist, user=make_user())

    def add_rows(start, count):
        for n in range(start, start + count):
            on = TODAY - n * DAY
            by = patient.user if n % 2 else therapist
            girth(patient, by, left="40.0", right="41.0", site="thigh", on=on)
            girth(patient, by, left="30.0", right="29.5", site="calf", on=on)
            function_test(patient, by, on=on, chair_stands=10, grip_right_kg=Decimal("20.5"))

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = therapist_client.get(page_url(patient))
        assert response.status_code == 200
        return len(queries), inline(response, GIRTHS).formset.initial_form_count()

    from planner.models import Patient

    Patient.objects.filter(pk=patient.pk).update(
        created_at=patient.created_at - datetime.timedelta(days=60)
    )
    add_rows(0, 2)
    few, shown_few = count()
    add_rows(2, 18)
    many, shown_many = count()
    assert (shown_few, shown_many) == (4, 40)
    assert many == few


# --- who may use it ------------------------------------------------------------------------------


def test_another_therapist_can_neither_see_nor_add(client, therapist, other_therapist, patient):
    girth(patient, therapist, left="40.0", right="42.0", note="Mine only")
    client.force_login(other_therapist)
    response = client.get(page_url(patient))
    assert response.status_code == 302
    assert "Mine only" not in client.get(response["Location"]).content.decode()
    data = {f"{GIRTHS}-TOTAL_FORMS": 1, f"{GIRTHS}-INITIAL_FORMS": 0}
    data.update({f"{GIRTHS}-0-{k}": v for k, v in NEW_GIRTH.items()})
    client.post(page_url(patient), data)
    assert LimbMeasurement.objects.count() == 1


@pytest.mark.parametrize("who", ["anonymous", "patient"])
def test_anonymous_and_patients_are_sent_to_sign_in(client, therapist, patient, who):
    girth(patient, therapist, left="40.0", right="42.0")
    if who == "patient":
        patient.user = make_user()
        patient.save()
        client.force_login(patient.user)
    response = client.get(page_url(patient))
    assert response["Location"].startswith("/admin/login/")
    data = {f"{GIRTHS}-TOTAL_FORMS": 1, f"{GIRTHS}-INITIAL_FORMS": 0}
    data.update({f"{GIRTHS}-0-{k}": v for k, v in NEW_GIRTH.items()})
    assert client.post(page_url(patient), data)["Location"].startswith("/admin/login/")
    assert LimbMeasurement.objects.count() == 1


# --- every number a person types -----------------------------------------------------------------

GIRTH_MESSAGES = DJANGO_NUMBER_MESSAGES | {GIRTH_MESSAGE}


@PROPERTY
@given(left=typed(0, 200), right=typed(0, 200))
def test_any_typed_girth_is_saved_exactly_or_refused_with_a_message(
    therapist_client, patient, left, right
):
    with transaction.atomic():
        girths = {**NEW_GIRTH, "left_cm": left, "right_cm": right}
        response = post_new_rows(therapist_client, patient, girths=girths)
        assert response.status_code in (200, 302)
        if response.status_code == 302:
            saved = LimbMeasurement.objects.get()
            assert (saved.left_cm, saved.right_cm) == (Decimal(left), Decimal(right))
        else:
            form = inline(response, GIRTHS).formset.forms[-1]
            messages = [m for errors in form.errors.values() for m in errors]
            assert messages
            assert set(messages) <= GIRTH_MESSAGES
            assert not LimbMeasurement.objects.exists()
            for field, text in (("left_cm", left), ("right_cm", right)):
                value = plain_value(text)
                if value is not None and 5 <= value <= 150:
                    assert field not in form.errors
        transaction.set_rollback(True)


@PROPERTY
@given(
    chair=st.one_of(st.just(""), st.integers(-5, 100).map(str)),
    grip=st.one_of(st.just(""), typed(-20, 200)),
    tug=st.one_of(st.just(""), typed(-20, 400)),
)
def test_any_typed_function_test_is_saved_exactly_or_refused(
    therapist_client, patient, chair, grip, tug
):
    from planner.models.measures import CHAIR_STANDS_MESSAGE

    typed_in = {"chair_stands": chair, "grip_right_kg": grip, "timed_up_and_go_s": tug}
    known = DJANGO_NUMBER_MESSAGES | {
        CHAIR_STANDS_MESSAGE,
        GRIP_MESSAGE,
        TUG_MESSAGE,
        NO_RESULT_MESSAGE,
    }
    with transaction.atomic():
        tests = {"tested_on": TODAY.isoformat(), **typed_in}
        response = post_new_rows(therapist_client, patient, tests=tests)
        assert response.status_code in (200, 302)
        if response.status_code == 302:
            saved = FunctionTest.objects.get()
            for field, text in typed_in.items():
                assert getattr(saved, field) == (Decimal(text) if text.strip() else None)
        else:
            form = inline(response, TESTS).formset.forms[-1]
            messages = [m for errors in form.errors.values() for m in errors]
            assert messages
            assert set(messages) <= known
            assert not FunctionTest.objects.exists()
        transaction.set_rollback(True)
