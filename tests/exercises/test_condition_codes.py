"""A screening condition's ICD-10-CM and SNOMED CT codes, which an HL7 FHIR export sends: the
library file's codes, the model's validators, the database's checks and the admin's form."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from exercises.models import Condition
from tests.constraints import rejected
from tests.factories import make_condition
from tests.html_forms import form_data

pytestmark = pytest.mark.django_db

# The codes the lead engineer chose, as (ICD-10-CM, SNOMED CT); every other condition has none.
# uncontrolled-blood-pressure has none: its explanation is blood pressure too high *or* too low,
# and I10 (hypertension) says only the first.
CODES = {
    "fever": ("R50.9", "386661006"),
    "bowel-incontinence": ("R15.9", "72042002"),
    "uncontrolled-seizures": ("G40.919", ""),
    "tracheostomy": ("Z93.0", ""),
    "controlled-seizures": ("G40.909", ""),
    "orthostatic-hypotension": ("I95.1", "28651003"),
    "falls-risk": ("Z91.81", "129839007"),
    "diabetic-neuropathy": ("", "230572002"),
    "reduced-skin-sensation": ("R20.1", ""),
    "pressure-sore-under-device": ("L89.90", ""),
    "als": ("G12.21", "86044005"),
    "post-polio": ("G14", ""),
    "guillain-barre": ("G65.0", ""),
    "charcot-marie-tooth": ("G60.0", ""),
    "muscular-dystrophy": ("G71.00", "73297009"),
    "inflammatory-myopathy": ("M60.9", ""),
    "long-term-corticosteroids": ("Z79.52", ""),
    "osteoporosis": ("M81.0", "64859006"),
    "malnutrition": ("E46", ""),
}


def test_the_loaded_catalogue_has_exactly_the_chosen_codes():
    call_command("load_library", stdout=io.StringIO())
    loaded = {
        slug: (icd10, snomed)
        for slug, icd10, snomed in Condition.objects.values_list(
            "slug", "icd10_code", "snomed_code"
        )
        if icd10 or snomed
    }
    assert loaded == CODES
    assert Condition.objects.get(slug="uncontrolled-blood-pressure").icd10_code == ""


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("icd10_code", "i95.1"),
        ("icd10_code", "I95."),
        ("icd10_code", "I95.12345"),
        ("icd10_code", "I9"),
        ("icd10_code", "195.1"),
        ("icd10_code", "IA5.1"),
        ("icd10_code", "I95-1"),
        ("icd10_code", "I95.1\n"),
        ("snomed_code", "12345"),
        ("snomed_code", "0286510"),
        ("snomed_code", "2865100A"),
        ("snomed_code", "1234567890123456789"),
        ("snomed_code", "28651003\n"),
    ],
)
def test_the_validators_refuse_a_malformed_code(field, value):
    condition = make_condition()
    setattr(condition, field, value)
    with pytest.raises(ValidationError) as info:
        condition.full_clean()
    assert list(info.value.message_dict) == [field]


@pytest.mark.parametrize(
    ("icd10", "snomed"),
    [("I95.1", "28651003"), ("G14", ""), ("", "123456"), ("S72.001A", "1" * 18), ("", "")],
)
def test_the_validators_accept_a_well_formed_code_or_none(icd10, snomed):
    condition = make_condition(icd10_code=icd10, snomed_code=snomed)
    condition.full_clean()


@pytest.mark.parametrize(
    ("field", "value", "constraint"),
    [
        ("icd10_code", "i95.1", "condition_icd10_code_shape"),
        ("icd10_code", "I 95", "condition_icd10_code_shape"),
        ("icd10_code", "I9", "condition_icd10_code_shape"),
        ("icd10_code", "I95-1", "condition_icd10_code_shape"),
        ("icd10_code", "I95.", "condition_icd10_code_shape"),
        ("snomed_code", "12345", "condition_snomed_code_digits"),
        ("snomed_code", "0286510", "condition_snomed_code_digits"),
        ("snomed_code", "2865100A", "condition_snomed_code_digits"),
        ("snomed_code", "286 5100", "condition_snomed_code_digits"),
    ],
)
def test_the_database_refuses_a_malformed_code(field, value, constraint):
    # What saves without full_clean (a bulk update, a script) still cannot store it.
    assert rejected(lambda: make_condition(**{field: value}), constraint)


def test_the_database_stores_a_well_formed_code():
    assert not rejected(
        lambda: make_condition(icd10_code="S72.001A", snomed_code="28651003"),
        "condition_icd10_code_shape",
    )
    assert not rejected(
        lambda: make_condition(snomed_code="1" * 18), "condition_snomed_code_digits"
    )


# --- the admin ----------------------------------------------------------------------------------


def change_url(condition) -> str:
    return f"/admin/exercises/condition/{condition.pk}/change/"


def test_the_admin_saves_a_valid_code(admin_client):
    condition = make_condition(name="Dizzy on standing")
    page = admin_client.get(change_url(condition)).content.decode()
    data = form_data(page, "condition_form", icd10_code="I95.1", snomed_code="28651003")

    assert admin_client.post(change_url(condition), data).status_code == 302
    condition.refresh_from_db()
    assert (condition.icd10_code, condition.snomed_code) == ("I95.1", "28651003")
    listing = admin_client.get("/admin/exercises/condition/").content.decode()
    assert "I95.1" in listing
    assert "28651003" in listing


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("icd10_code", "i95.1", "An ICD-10-CM code is a capital letter"),
        ("snomed_code", "2865100A", "A SNOMED CT concept id is 6 to 18 digits"),
    ],
)
def test_the_admin_refuses_a_bad_code_with_a_message(admin_client, field, value, message):
    condition = make_condition()
    page = admin_client.get(change_url(condition)).content.decode()
    response = admin_client.post(
        change_url(condition), form_data(page, "condition_form", **{field: value})
    )

    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == [field]
    assert message in response.content.decode()
    condition.refresh_from_db()
    assert getattr(condition, field) == ""
