"""core.text: whatever people type (any length, any script, control characters, combining
accents) ends in a faithful NFC save or a form error naming the limit, never a server error or a
half-saved record; names are found whichever way their accents were typed.

The property tests search texts of 0 to 3,000 characters over every code point UTF-8 carries,
through the patient's admin form and the portal's log note (TESTING.md, "Searching for failures").
"""

import datetime
import unicodedata

import pytest
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from planner.models import Invite, Patient, SessionLog
from tests.factories import make_exercise, make_patient, make_plan, make_user

pytestmark = pytest.mark.django_db

# Every code point UTF-8 can carry: NUL and other controls, right-to-left and CJK scripts,
# combining marks, emoji. (Surrogates cannot be sent at all.)
ANY_CHARACTER = st.characters(codec="utf-8")


def _repeat_to(piece: str, length: int) -> str:
    return (piece * (length // len(piece) + 1))[:length]


# Short texts of anything, and texts of any length up to 3,000 made by repeating a short piece, so
# lengths around every limit are reached without asking hypothesis for megabytes of data.
TEXTS = st.one_of(
    st.text(ANY_CHARACTER, max_size=200),
    st.builds(_repeat_to, st.text(ANY_CHARACTER, min_size=1, max_size=6), st.integers(0, 3000)),
)

# Django's CharField strips surrounding whitespace; what is stored is the NFC of the rest.
# U+0958 (DEVANAGARI QA) becomes two characters in NFC, so 61 of them are 122 stored characters.
EXAMPLES = [
    "Jose\u0301 Pe\u0301rez",
    "e\u0301" * 2000,  # 4,000 typed, 2,000 stored
    "\u0958" * 61,
    "\u0958" * 1001,
    "Ann\x00e",
    "\x00" * 2001,
    "مريم حداد \u202eevil",
    "今天膝盖好多了",
    "\x07\x1b[31m\x0b",
    "  padded  ",
    "x" * 2001,
]


# What a refused text field says: Django's words in the admin, plain words in the portal
# (portal/form_fields.py).
ADMIN_WORDS = {
    "required": "This field is required.",
    "too_long": "Ensure this value has at most {limit} characters (it has {length}).",
    "nul": "Null characters are not allowed.",
}
PORTAL_WORDS = {
    "required": "Please fill this in.",
    "too_long": "This is too long. Use {limit} letters or fewer. You used {length}.",
    "nul": "Something you typed cannot be saved. Please type it again.",
}


def expected_outcome(
    text: str, *, limit: int, required: bool, words: dict[str, str] = ADMIN_WORDS
) -> tuple[str, str | list[str]]:
    """("saved", the stored text) or ("refused", the messages the field must show)."""
    value = unicodedata.normalize("NFC", text).strip()
    if required and not value:
        return "refused", [words["required"]]
    messages = []
    if len(value) > limit:
        messages.append(words["too_long"].format(limit=limit, length=len(value)))
    if "\x00" in value:
        messages.append(words["nul"])
    return ("refused", messages) if messages else ("saved", value)


def with_examples(test):
    for text in EXAMPLES:
        test = example(text=text)(test)
    return test


# The clients and rows below are made once per test and shared by its examples; each example runs
# in a savepoint that is rolled back, so no example sees another's rows.
SHARED_FIXTURES = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


# --- the patient form in the admin -------------------------------------------------------------


def add_patient(client, **fields):
    data = {
        "display_name": "New Person",
        "atrophy_type": "pathologic",
        "preferred_language": "en",
        "assignments-TOTAL_FORMS": 0,
        "assignments-INITIAL_FORMS": 0,
        "assignments-MIN_NUM_FORMS": 0,
        "assignments-MAX_NUM_FORMS": 0,
        **fields,
    }
    return client.post("/admin/planner/patient/add/", data)


@pytest.mark.parametrize(("field", "limit"), [("display_name", 120), ("notes", 2000)])
@SHARED_FIXTURES
@with_examples
@given(text=TEXTS)
def test_the_patient_form_saves_the_nfc_of_any_text_or_names_the_limit(
    therapist_client, field, limit, text
):
    outcome, detail = expected_outcome(text, limit=limit, required=field == "display_name")
    with transaction.atomic():
        before = Patient.objects.count()
        response = add_patient(therapist_client, **{field: text})
        if outcome == "saved":
            assert response.status_code == 302
            assert getattr(Patient.objects.latest("pk"), field) == detail
        else:
            assert response.status_code == 200
            assert response.context["adminform"].form.errors[field] == detail
            assert Patient.objects.count() == before  # nothing half-saved
            assert not Invite.objects.filter(patient__display_name="New Person").exists()
        transaction.set_rollback(True)


# --- the portal's log note ---------------------------------------------------------------------


@pytest.fixture
def logging_patient():
    """A patient signed in to the portal, and the one exercise of their current plan."""
    patient = make_patient(display_name="Ines Example", user=make_user())
    plan = make_plan(patient, exercises=[make_exercise(name="Sit to stand")])
    client = Client()
    client.force_login(patient.user)
    return client, plan.program.items.get()


@SHARED_FIXTURES
@with_examples
@given(text=TEXTS)
def test_the_log_note_saves_the_nfc_of_any_text_or_names_the_limit(logging_patient, text):
    client, item = logging_patient
    outcome, detail = expected_outcome(text, limit=1000, required=False, words=PORTAL_WORDS)
    data = {"performed_on": datetime.date.today().isoformat(), "done": "True", "note": text}
    with transaction.atomic():
        response = client.post(f"/portal/log/{item.pk}/", data)
        if outcome == "saved":
            assert response.status_code == 302
            assert SessionLog.objects.get().note == detail
        else:
            assert response.status_code == 200
            assert response.context["form"].errors["note"] == detail
            assert detail[0] in response.content.decode()
            assert not SessionLog.objects.exists()
        transaction.set_rollback(True)


# --- names found whichever way they were typed -------------------------------------------------


@pytest.mark.parametrize(
    ("saved_as", "searched_for"),
    [("Jose\u0301 Pe\u0301rez", "Jos\u00e9"), ("Jos\u00e9 P\u00e9rez", "Jose\u0301")],
    ids=["decomposed name, composed search", "composed name, decomposed search"],
)
def test_a_patient_is_found_whichever_way_the_accent_was_typed(
    therapist_client, therapist, saved_as, searched_for
):
    patient = make_patient(therapist, display_name=saved_as)
    make_patient(therapist, display_name="Joseph Other")
    response = therapist_client.get("/admin/planner/patient/", {"q": searched_for})
    assert list(response.context["cl"].result_list) == [patient]
    assert patient.display_name == "Jos\u00e9 P\u00e9rez"


def test_a_name_that_lengthens_in_nfc_is_measured_as_stored(therapist):
    # 60 of U+0958 are 120 characters once stored: the limit exactly, so the model accepts it.
    patient = Patient(display_name="\u0958" * 60, therapist=therapist, atrophy_type="neurogenic")
    patient.full_clean()
    assert len(patient.display_name) == 120
    patient.display_name = "\u0958" * 61
    with pytest.raises(Exception, match="at most 120 characters \\(it has 122\\)"):
        patient.full_clean()
