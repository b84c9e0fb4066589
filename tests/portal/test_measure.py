"""The patient measures an arm or leg at home (/portal/measure/): a plain-words guide, both
sides in cm to 0.1, saved as their own measurement at their therapist's landmark, only for the
signed-in patient, and every number typed either saved exactly or refused with a clear message."""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import given

from planner.models import AuditEvent, LimbMeasurement, Patient
from planner.services import void_record
from portal import measure_guide
from tests.factories import make_patient, make_user
from tests.planner.admin.measure_input import PROPERTY, plain_value, typed
from tests.portal.plain_words import stock_phrases_in
from tests.test_reading_grade import assert_plain

pytestmark = pytest.mark.django_db
URL = "/portal/measure/"
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
PORTAL_MESSAGES = {
    measure_guide.NOT_A_NUMBER,
    measure_guide.ONE_DECIMAL,
    measure_guide.OUT_OF_RANGE,
}


@pytest.fixture
def me(therapist):
    """A patient with an account, registered 30 days ago."""
    patient = make_patient(therapist, display_name="Maria Lopez", user=make_user("maria"))
    Patient.objects.filter(pk=patient.pk).update(created_at=timezone.now() - 30 * DAY)
    patient.refresh_from_db()
    return patient


@pytest.fixture
def my_client(client, me):
    client.force_login(me.user)
    return client


def measure(client, **changes):
    data = {
        "measured_on": TODAY.isoformat(),
        "site": "thigh",
        "left_cm": "44.5",
        "right_cm": "47.0",
        "note": "",
        **changes,
    }
    return client.post(URL, data)


# --- the guide -----------------------------------------------------------------------------------


GUIDE_TEXTS = {
    **{f"step-{n}": text for n, text in enumerate(measure_guide.STEPS, start=1)},
    **{f"place-{site}": text for site, text in measure_guide.PLACES.items()},
    "therapist-place": measure_guide.THERAPIST_PLACE.format(landmark="15 cm above the knee"),
    "when-to-call": measure_guide.WHEN_TO_CALL,
    "not-a-number": measure_guide.NOT_A_NUMBER,
    "one-decimal": measure_guide.ONE_DECIMAL,
    "out-of-range": measure_guide.OUT_OF_RANGE,
}


@pytest.mark.parametrize("where", GUIDE_TEXTS)
def test_the_guide_is_plain(where):
    assert_plain(GUIDE_TEXTS[where])


def test_every_site_has_a_place_and_a_name():
    from planner.models import MeasurementSite

    assert set(measure_guide.PLACES) == set(measure_guide.SITE_NAMES) == set(MeasurementSite)


def test_the_page_shows_the_guide_and_is_linked_from_home(my_client, me):
    html = my_client.get(URL).content.decode()
    for text in (*measure_guide.STEPS, *measure_guide.PLACES.values()):
        assert text in html
    assert 'href="/portal/measure/"' in my_client.get("/portal/").content.decode()
    assert 'class="btn btn-primary btn-lg' in html  # a big button, as on the portal's forms
    assert "form-control-lg" in html
    assert "form-select-lg" in html
    assert AuditEvent.objects.filter(actor=me.user, action="viewed", patient=me).exists()


def test_the_page_shows_the_landmark_the_therapist_used(my_client, me, therapist):
    LimbMeasurement.objects.create(
        patient=me,
        measured_on=TODAY - DAY,
        site="thigh",
        landmark="15 cm above the top of the kneecap",
        left_cm=Decimal("44.0"),
        right_cm=Decimal("46.0"),
        measured_by=therapist,
    )
    html = my_client.get(URL).content.decode()
    assert (
        "Your therapist put the tape here: 15 cm above the top of the kneecap. Use the same place."
        in html
    )
    assert measure(my_client).status_code == 302
    assert LimbMeasurement.objects.get(measured_on=TODAY).landmark == (
        "15 cm above the top of the kneecap"
    )


# --- saving --------------------------------------------------------------------------------------


def test_it_saves_the_patients_own_measurement_and_says_so(my_client, me):
    response = measure(my_client, note="Sitting")
    assert response["Location"] == "/portal/"
    saved = LimbMeasurement.objects.get()
    assert (saved.patient, saved.measured_by, saved.site, saved.landmark, saved.note) == (
        me,
        me.user,
        "thigh",
        "",
        "Sitting",
    )
    assert (saved.left_cm, saved.right_cm) == (Decimal("44.5"), Decimal("47.0"))
    event = AuditEvent.objects.get(action="changed", object_type="planner.LimbMeasurement")
    assert (event.actor, event.patient, event.detail["new"]) == (me.user, me, True)
    home = my_client.get("/portal/").content.decode()
    assert "Saved: thigh on" in home
    assert "left 44.5 cm, right 47.0 cm" in home


def test_the_therapist_sees_it_as_measured_at_home(my_client, me, client, therapist):
    measure(my_client)
    client.force_login(therapist)
    html = client.get(f"/admin/planner/patient/{me.pk}/change/").content.decode()
    assert "Patient at home" in html
    assert "+2.5 cm, 5.3 % (right larger)" in html


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"left_cm": "4.9"}, "left_cm", measure_guide.OUT_OF_RANGE),
        ({"right_cm": "150.1"}, "right_cm", measure_guide.OUT_OF_RANGE),
        ({"right_cm": "1000"}, "right_cm", measure_guide.OUT_OF_RANGE),
        ({"left_cm": "44.55"}, "left_cm", measure_guide.ONE_DECIMAL),
        ({"left_cm": "forty"}, "left_cm", measure_guide.NOT_A_NUMBER),
        ({"left_cm": "NaN"}, "left_cm", measure_guide.NOT_A_NUMBER),
        ({"right_cm": ""}, "right_cm", measure_guide.NOT_A_NUMBER),
        ({"site": ""}, "site", "Choose what you measured."),
        (
            {"measured_on": (TODAY + DAY).isoformat()},
            "measured_on",
            "That day has not happened yet. Choose today or an earlier day.",
        ),
        (
            {"measured_on": (TODAY - 31 * DAY).isoformat()},
            "measured_on",
            "Your records here start on {registered}, the day the clinic registered you. "
            "Choose that day or a later one.",
        ),
    ],
    ids=[
        "too small",
        "too big",
        "far too big",
        "two decimals",
        "words",
        "nan",
        "empty",
        "no site",
        "tomorrow",
        "before registration",
    ],
)
def test_bad_input_is_refused_with_a_clear_message(my_client, me, changes, field, message):
    response = measure(my_client, **changes)
    assert response.status_code == 200
    on = me.registered_on
    assert response.context["form"].errors[field] == [
        message.format(registered=f"{on:%A} {on.day} {on:%B %Y}")
    ]
    assert not LimbMeasurement.objects.exists()


@pytest.mark.parametrize("voided", [False, True], ids=["kept", "voided"])
def test_a_second_measurement_of_a_site_on_one_day_is_refused(my_client, me, voided):
    assert measure(my_client).status_code == 302
    if voided:
        void_record(record=LimbMeasurement.objects.get(), by=me.therapist, reason="Wrong leg")
    response = measure(my_client, left_cm="40.0")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        measure_guide_already("thigh"),
    ]
    assert LimbMeasurement.objects.get().left_cm == Decimal("44.5")


def measure_guide_already(site):
    from planner.services.measures import ALREADY_MEASURED

    return ALREADY_MEASURED.format(site=site)


# --- who may use it ------------------------------------------------------------------------------


def test_anonymous_is_sent_to_sign_in(client):
    assert client.get(URL)["Location"].startswith("/accounts/login/")
    assert measure(client)["Location"].startswith("/accounts/login/")
    assert not LimbMeasurement.objects.exists()


@pytest.mark.parametrize("who", ["therapist", "other_therapist"])
def test_therapists_are_sent_to_the_admin(client, me, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(URL)["Location"] == "/admin/"
    assert measure(client)["Location"] == "/admin/"
    assert not LimbMeasurement.objects.exists()


def test_another_patient_saves_only_their_own(client, me, other_therapist):
    other = make_patient(other_therapist, user=make_user("bruno"))
    client.force_login(other.user)
    assert measure(client, patient=me.pk).status_code == 302
    assert LimbMeasurement.objects.get().patient == other
    assert not LimbMeasurement.objects.filter(patient=me).exists()


def test_an_account_without_a_patient_record_gets_404(client):
    client.force_login(make_user())
    assert client.get(URL).status_code == 404
    assert measure(client).status_code == 404


def test_an_archived_patient_gets_404(my_client, me):
    Patient.objects.filter(pk=me.pk).update(archived_at=timezone.now())
    assert my_client.get(URL).status_code == 404
    assert measure(my_client).status_code == 404
    assert not LimbMeasurement.objects.exists()


# --- every number a person types -----------------------------------------------------------------


@PROPERTY
@given(left=typed(0, 200), right=typed(0, 200))
def test_any_typed_girth_is_saved_exactly_or_refused_with_a_message(my_client, me, left, right):
    with transaction.atomic():
        response = measure(my_client, left_cm=left, right_cm=right)
        assert response.status_code in (200, 302)
        if response.status_code == 302:
            saved = LimbMeasurement.objects.get()
            assert (saved.left_cm, saved.right_cm) == (Decimal(left), Decimal(right))
            assert 5 <= saved.left_cm <= 150
        else:
            errors = response.context["form"].errors
            messages = [m for field in errors.values() for m in field]
            assert messages
            assert set(messages) <= PORTAL_MESSAGES
            assert stock_phrases_in(response.content.decode()) == []
            assert not LimbMeasurement.objects.exists()
            for field, text in (("left_cm", left), ("right_cm", right)):
                value = plain_value(text)
                if value is not None and 5 <= value <= 150:
                    assert field not in errors
        transaction.set_rollback(True)
