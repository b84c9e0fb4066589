"""The clinic profile in the admin: one row that clinic admins and superusers change, therapists
only read, nobody adds twice or deletes; phone numbers are checked; and ``current()`` reads
without writing."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.test import override_settings
from django.utils.html import escape
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from accounts.roles import CLINIC_ADMINS_GROUP, ensure_clinic_admin_group
from planner.models import AuditEvent, ClinicProfile
from planner.models.clinic import PHONE_CHARACTERS_MESSAGE, validate_phone
from tests.constraints import rejected
from tests.factories import make_therapist

pytestmark = pytest.mark.django_db
URL = "/admin/planner/clinicprofile/1/change/"


def clinic_admin():
    user = make_therapist()
    user.groups.add(ensure_clinic_admin_group())
    return user


def profile_data(**changes):
    data = {
        "name": "Riverside Rehab Clinic",
        "phone": "+1 (555) 010-0100",
        "hours": "Mon-Fri 8 am-5 pm",
        "emergency_number": "911",
        "address": "1 River Road",
    }
    return {**data, **changes}


# --- who may change it ------------------------------------------------------------------------


def test_a_clinic_admin_changes_the_profile_and_it_is_audited(client):
    user = clinic_admin()
    client.force_login(user)
    response = client.post(URL, profile_data())
    assert response.status_code == 302
    profile = ClinicProfile.objects.get()
    assert (profile.name, profile.phone, profile.hours) == (
        "Riverside Rehab Clinic",
        "+1 (555) 010-0100",
        "Mon-Fri 8 am-5 pm",
    )
    event = AuditEvent.objects.get(action="changed", object_type="planner.ClinicProfile")
    assert event.actor == user
    assert {"name", "phone", "hours", "address"} <= set(event.detail["fields"])


def test_a_superuser_changes_the_profile(client):
    client.force_login(get_user_model().objects.create_superuser("boss", password="x" * 20))
    assert client.post(URL, profile_data(phone="555 0199")).status_code == 302
    assert ClinicProfile.objects.get().phone == "555 0199"


def test_a_therapist_may_view_but_not_change_it(client):
    client.force_login(make_therapist())
    page = client.get(URL)
    assert page.status_code == 200
    assert ClinicProfile.objects.get().name in page.content.decode()
    assert 'name="phone"' not in page.content.decode()  # read-only: no inputs
    before = ClinicProfile.objects.get()
    assert client.post(URL, profile_data()).status_code == 403
    after = ClinicProfile.objects.get()
    assert (after.name, after.phone, after.updated_at) == (
        before.name,
        before.phone,
        before.updated_at,
    )


def test_someone_not_signed_in_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    response = client.post(URL, profile_data())
    assert response["Location"].startswith("/admin/login/")
    assert ClinicProfile.objects.get().phone == ""


def test_nobody_adds_a_second_profile_or_deletes_it(client):
    client.force_login(get_user_model().objects.create_superuser("boss", password="x" * 20))
    assert client.get("/admin/planner/clinicprofile/add/").status_code == 403
    assert client.get("/admin/planner/clinicprofile/1/delete/").status_code == 403
    assert client.post("/admin/planner/clinicprofile/1/delete/", {"post": "yes"}).status_code == 403
    listing = client.get("/admin/planner/clinicprofile/").content.decode()
    assert "delete_selected" not in listing
    assert ClinicProfile.objects.count() == 1


def test_the_database_holds_one_profile_only():
    assert rejected(
        lambda: ClinicProfile.objects.create(id=2, name="Second clinic"),
        "clinic_profile_single_row",
    )


def test_the_clinic_admins_group_has_exactly_view_and_change():
    group = Group.objects.get(name=CLINIC_ADMINS_GROUP)  # made after migrate
    assert set(group.permissions.values_list("codename", flat=True)) == {
        "view_clinicprofile",
        "change_clinicprofile",
    }
    therapists = Group.objects.get(name="Therapists")
    codenames = set(therapists.permissions.values_list("codename", flat=True))
    assert "view_clinicprofile" in codenames
    assert "change_clinicprofile" not in codenames


# --- the phone number -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phone", "message"),
    [
        ("call us", PHONE_CHARACTERS_MESSAGE),
        ("555-0100 ext. 4", PHONE_CHARACTERS_MESSAGE),
        ("<script>", PHONE_CHARACTERS_MESSAGE),
        ("+1-", "A phone number needs at least 3 digits."),
        ("", "This field is required."),
    ],
)
def test_a_bad_phone_is_refused_with_a_clear_message(client, phone, message):
    client.force_login(clinic_admin())
    response = client.post(URL, profile_data(phone=phone))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["phone"] == [message]
    assert escape(message) in response.content.decode()
    assert ClinicProfile.objects.get().phone == ""


def test_a_bad_emergency_number_is_refused(client):
    client.force_login(clinic_admin())
    response = client.post(URL, profile_data(emergency_number="nine-one-one"))
    assert response.context["adminform"].form.errors["emergency_number"] == [
        PHONE_CHARACTERS_MESSAGE
    ]


PHONE_SIGNS = " +().-"


def accepts(validator, value) -> bool:
    try:
        validator(value)
    except ValidationError:
        return False
    return True


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=40))
@example("+44 (0)20 7946 0000")
@example("555.0100")
@example("\u0665\u0665\u0665\u0660\u0661\u0660\u0660")  # Arabic-Indic digits: not dialled
@example("555\n0100")
def test_a_phone_is_accepted_exactly_when_it_is_digits_and_signs_with_three_digits(phone):
    allowed = bool(phone) and all(c in "0123456789" + PHONE_SIGNS for c in phone)
    enough = sum(c in "0123456789" for c in phone) >= 3
    assert accepts(validate_phone, phone) == (allowed and enough)


def test_the_tel_link_keeps_digits_and_a_leading_plus():
    assert ClinicProfile(phone="+1 (555) 010-0100").tel_uri == "tel:+15550100100"
    assert ClinicProfile(phone="555-0100").tel_uri == "tel:5550100"
    assert ClinicProfile(phone="").tel_uri == ""


# --- reading it ------------------------------------------------------------------------------


@override_settings(CLINIC_NAME="Lakeside Physical Therapy")
def test_current_without_a_row_is_the_settings_name_and_writes_nothing():
    ClinicProfile.objects.all().delete()
    profile = ClinicProfile.objects.current()
    assert (profile.name, profile.phone, profile.emergency_number) == (
        "Lakeside Physical Therapy",
        "",
        "911",
    )
    assert profile._state.adding
    assert not ClinicProfile.objects.exists()


def test_current_is_the_saved_row():
    ClinicProfile.objects.filter(pk=1).update(name="Riverside Rehab Clinic", phone="555-0100")
    assert ClinicProfile.objects.current().phone == "555-0100"


def test_the_migration_made_the_row_from_settings():
    assert ClinicProfile.objects.get().name == django_settings.CLINIC_NAME


def test_the_migration_refuses_a_clinic_name_it_would_have_to_cut():
    migration = importlib.import_module("planner.migrations.0007_frozen_text_clinic_override")
    ClinicProfile.objects.all().delete()
    with override_settings(CLINIC_NAME="R" * 121), pytest.raises(ImproperlyConfigured) as refused:
        migration.create_clinic_profile(django_apps, None)
    assert "CLINIC_NAME is 121 characters long" in str(refused.value)
    assert not ClinicProfile.objects.exists()
