"""Hostile and careless input across the forms people fill in and the handout, as a table.

Every case must end in a clear message or a faithful save — never a server error, never a
silently cut or half-written record. Each row names the form, what is sent, and what must happen.
"""

import datetime
import unicodedata
from dataclasses import dataclass, field
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pypdf import PdfReader

from planner.handout import render_handout
from planner.models import LimbMeasurement, Patient, ProgramExercise, SessionLog
from tests.factories import make_exercise, make_patient, make_plan, make_therapist, make_user
from tests.html_forms import add_patient as post_new_patient

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
MEGABYTE = "x" * 1_000_000
# "ABCD-2345" typed on a keyboard set to full-width characters.
FULL_WIDTH_CODE = "\uff21\uff22\uff23\uff24\uff0d\uff12\uff13\uff14\uff15"


@dataclass
class World:
    therapist: object
    patient: object
    plan: object
    therapist_client: Client = field(default_factory=Client)
    patient_client: Client = field(default_factory=Client)


@pytest.fixture
def world():
    therapist = make_therapist()
    patient = make_patient(therapist, display_name="Ines Example", user=make_user())
    plan = make_plan(
        patient,
        exercises=[make_exercise(name="Sit to stand")],
        starts_on=TODAY - datetime.timedelta(days=7),
    )
    w = World(therapist, patient, plan)
    w.therapist_client.force_login(therapist)
    w.patient_client.force_login(patient.user)
    return w


# --- the portal's session log ------------------------------------------------------------------


def log(w, **fields):
    item = w.plan.program.items.get()
    data = {"performed_on": TODAY.isoformat(), "done": "True", "pain": "2", "effort": "3"}
    data.update(fields)
    return w.patient_client.post(f"/portal/log/{item.pk}/", data)


LOG_REFUSED = [
    ("a 1 MB note", {"note": MEGABYTE}, "1000"),
    ("a NUL byte in the note", {"note": "fine\x00then"}, "Something you typed cannot be saved."),
    ("pain 11", {"pain": "11"}, ""),
    ("pain NaN", {"pain": "NaN"}, ""),
    ("pain 1e9", {"pain": "1e9"}, ""),
    ("sets -1", {"sets_done": "-1"}, ""),
    ("an impossible date", {"performed_on": "2026-02-30"}, ""),
    ("tomorrow", {"performed_on": (TODAY + datetime.timedelta(days=1)).isoformat()}, ""),
    ("the year 0", {"performed_on": "0000-01-01"}, ""),
    ("a day before the plan", {"performed_on": "2001-01-01"}, ""),
    ("done is neither yes nor no", {"done": "maybe"}, ""),
    ("a decimal comma in pain", {"pain": "2,5"}, ""),
]


@pytest.mark.parametrize(("case", "fields", "says"), LOG_REFUSED, ids=[c[0] for c in LOG_REFUSED])
def test_the_log_form_refuses_with_a_message_and_saves_nothing(world, case, fields, says):
    response = log(world, **fields)
    assert response.status_code == 200, case  # the form again, not a redirect or an error
    html = response.content.decode()
    assert 'class="invalid-feedback' in html or "errorlist" in html, case
    assert says in html
    assert not SessionLog.objects.exists()


LOG_SAVED = [
    ("Arabic and an emoji", "ركبتي بخير اليوم 👍"),
    ("Chinese", "今天膝盖好多了"),
    ("Hebrew, right to left", "הברך כואבת מעט"),
    ("markup", "<script>alert('x')</script> & <b>bold</b>"),
    ("exactly 1000 characters", "é" * 1000),
    ("combining accents", "Jose\u0301 was here"),
]


@pytest.mark.parametrize(("case", "note"), LOG_SAVED, ids=[c[0] for c in LOG_SAVED])
def test_the_log_form_keeps_what_was_written(world, case, note):
    response = log(world, note=note)
    assert response.status_code == 302, case
    assert SessionLog.objects.get().note == unicodedata.normalize("NFC", note)
    history = world.patient_client.get("/portal/history/").content.decode()
    assert "<script>alert" not in history


def test_an_extra_field_cannot_move_a_log_to_another_plan(world):
    other = make_plan(make_patient(make_therapist(), user=make_user()))
    response = log(world, assignment=other.pk, program_exercise=other.program.items.get().pk)
    assert response.status_code == 302
    assert SessionLog.objects.get().assignment == world.plan
    assert not SessionLog.objects.filter(assignment=other).exists()


# --- the patient form in the admin -------------------------------------------------------------


def add_patient(w, **fields):
    return post_new_patient(w.therapist_client, **fields)


PATIENT_REFUSED = [
    ("a 121-character name", {"display_name": "N" * 121}, "120"),
    ("a NUL byte in the name", {"display_name": "Ann\x00e"}, "Null characters"),
    ("a 1 MB note", {"notes": MEGABYTE}, "2000"),
    ("an unknown atrophy type", {"atrophy_type": "alien"}, ""),
    ("a name of spaces", {"display_name": "     "}, ""),
    ("an unknown language", {"preferred_language": "tlh"}, ""),
]


@pytest.mark.parametrize(
    ("case", "fields", "says"), PATIENT_REFUSED, ids=[c[0] for c in PATIENT_REFUSED]
)
def test_the_patient_form_refuses_with_a_message(world, case, fields, says):
    before = Patient.objects.count()
    response = add_patient(world, **fields)
    assert response.status_code == 200, case
    html = response.content.decode()
    assert "errornote" in html or "errorlist" in html, case
    assert says in html
    assert Patient.objects.count() == before


def test_a_name_with_markup_is_stored_and_shown_as_text(world):
    add_patient(world, display_name="<script>alert(1)</script>")
    patient = Patient.objects.get(display_name="<script>alert(1)</script>")
    page = world.therapist_client.get(f"/admin/planner/patient/{patient.pk}/change/")
    assert "<script>alert(1)</script>" not in page.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.content.decode()


def test_a_name_typed_with_a_combining_accent_is_found_by_its_composed_form(world):
    add_patient(world, display_name="Jose\u0301 Pe\u0301rez")
    found = world.therapist_client.get("/admin/planner/patient/", {"q": "José"})
    assert "José Pérez" in found.content.decode()


# --- limb measurements -------------------------------------------------------------------------


def add_measurement(w, **fields):
    data = {
        "patient": w.patient.pk,
        "measured_on": TODAY.isoformat(),
        "site": "thigh",
        "left_cm": "41.5",
        "right_cm": "44.0",
    }
    data.update(fields)
    return w.therapist_client.post("/admin/planner/limbmeasurement/add/", data)


MEASUREMENT_REFUSED = [
    ("a decimal comma", {"left_cm": "41,5"}, ""),
    ("NaN", {"left_cm": "NaN"}, ""),
    ("1e9", {"right_cm": "1e9"}, ""),
    ("3 cm", {"left_cm": "3"}, "150"),
    ("a girth of 400 cm", {"right_cm": "400"}, "150"),
    ("tomorrow", {"measured_on": (TODAY + datetime.timedelta(days=1)).isoformat()}, ""),
    ("before the patient was registered", {"measured_on": "2001-01-01"}, ""),
    ("an unknown site", {"site": "ear"}, ""),
]


@pytest.mark.parametrize(
    ("case", "fields", "says"), MEASUREMENT_REFUSED, ids=[c[0] for c in MEASUREMENT_REFUSED]
)
def test_the_measurement_form_refuses_with_a_message(world, case, fields, says):
    response = add_measurement(world, **fields)
    assert response.status_code == 200, case
    html = response.content.decode()
    assert "errorlist" in html, case
    assert says in html
    assert "limb_measurement_" not in html  # never a constraint's name
    assert not LimbMeasurement.objects.exists()


# --- the assignment page -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "ends_on", "says"),
    [
        ("an end before the start", TODAY - datetime.timedelta(days=30), "before the start"),
        ("an end five years away", TODAY + datetime.timedelta(days=5 * 365), "two years"),
        ("an impossible date", "2026-02-30", "Enter a valid date."),
    ],
)
def test_the_assignment_page_refuses_a_bad_end_date_with_a_message(world, case, ends_on, says):
    url = f"/admin/planner/assignment/{world.plan.pk}/change/"
    form = world.therapist_client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update({"status": "active", "ends_on": str(ends_on)})
    data["expected_revision"] = world.plan.revision  # an up-to-date page: the date is the problem
    response = world.therapist_client.post(url, data)
    assert response.status_code == 200, case
    html = response.content.decode()
    assert says in html, case
    assert "Someone else saved" not in html
    world.plan.refresh_from_db()
    assert world.plan.ends_on is None


# --- programs ----------------------------------------------------------------------------------


def test_an_over_long_row_note_and_a_nan_dosage_are_form_errors(world):
    exercise = make_exercise()
    data = {
        "title": "Hostile program",
        "is_template": "on",
        "items-TOTAL_FORMS": 2,
        "items-INITIAL_FORMS": 0,
        "items-MIN_NUM_FORMS": 0,
        "items-MAX_NUM_FORMS": 1000,
        "items-0-position": 1,
        "items-0-exercise": exercise.pk,
        "items-0-sets": "NaN",
        "items-0-repetitions": 10,
        "items-0-times_per_day": 1,
        "items-0-days_per_week": 3,
        "items-1-position": 2,
        "items-1-exercise": exercise.pk,
        "items-1-sets": "99999999999999999999",
        "items-1-repetitions": 10,
        "items-1-times_per_day": 1,
        "items-1-days_per_week": 3,
        "items-1-notes": MEGABYTE,
    }
    response = world.therapist_client.post("/admin/planner/program/add/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter a whole number." in html
    assert "1000" in html
    assert not ProgramExercise.objects.filter(program__title="Hostile program").exists()


# --- the exercise library ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "upload"),
    [
        ("HTML renamed .png", SimpleUploadedFile("x.png", b"<html><script>1</script></html>")),
        ("an SVG with a script", SimpleUploadedFile("x.svg", b"<svg onload='alert(1)'></svg>")),
        ("an empty file", SimpleUploadedFile("x.jpg", b"")),
    ],
)
def test_bad_pictures_are_refused_with_a_message(world, case, upload):
    exercise = make_exercise()
    url = f"/admin/exercises/exercise/{exercise.pk}/change/"
    form = world.therapist_client.get(url).context["adminform"].form
    data = {}
    for name, value in form.initial.items():
        if value in (None, ""):
            continue
        if name == "steps":
            value = "\n".join(value) if isinstance(value, list) else value
        elif isinstance(value, list):
            value = [getattr(v, "pk", v) for v in value]
        data[name] = value
    data["image"] = upload
    data["expected_revision"] = exercise.revision  # an up-to-date page: the picture is the problem
    response = world.therapist_client.post(url, data)
    assert response.status_code == 200, case
    html = response.content.decode()
    assert "errorlist" in html
    assert "Someone else saved" not in html
    exercise.refresh_from_db()
    assert not exercise.image


# --- activation --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "fields"),
    [
        ("a NUL byte in the code", {"code": "ABCD\x00EFGH"}),
        ("full-width characters", {"code": FULL_WIDTH_CODE}),
        ("a 10,000-character username", {"username": "u" * 10_000}),
        ("a 129-character password", {"password1": "p" * 129, "password2": "p" * 129}),
        ("an emoji username", {"username": "🙂🙂🙂"}),
    ],
)
def test_activation_refuses_with_a_message(case, fields):
    data = {
        "code": "ABCD-EFGH",
        "username": "someone",
        "password1": "a long enough pass phrase",
        "password2": "a long enough pass phrase",
    }
    data.update(fields)
    response = Client().post("/accounts/activate/", data)
    assert response.status_code == 200, case
    html = response.content.decode()
    assert "invalid-feedback" in html or "alert-danger" in html or "errorlist" in html, case


# --- the handout -------------------------------------------------------------------------------


@pytest.mark.parametrize("large_print", [False, True])
@pytest.mark.parametrize(
    ("case", "name", "note"),
    [
        ("markup that fetches", "Ana <img src='http://127.0.0.1:1/x.png'>", "<para>&amp;</para"),
        ("control characters", "Bo\x07b\x1b[31m", "line\x0bbreak"),
        ("right-to-left names", "مريم حداد", "שלום"),
        ("Devanagari", "अनीता", "धीरे धीरे"),
    ],
)
def test_the_handout_prints_anything_a_person_typed(world, case, name, note, large_print):
    Patient.objects.filter(pk=world.patient.pk).update(display_name=name)
    ProgramExercise.objects.filter(program=world.plan.program).update(notes=note)
    pdf = render_handout(world.plan, large_print=large_print)
    reader = PdfReader(BytesIO(pdf))
    assert len(reader.pages) >= 2, case
    # A typed <img> tag prints as text: nothing is fetched, so no page carries an image.
    for page in reader.pages:
        xobjects = page.get("/Resources", {}).get("/XObject", {})
        assert all(x.get_object().get("/Subtype") != "/Image" for x in xobjects.values()), case
