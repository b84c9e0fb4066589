"""Whatever people type survives the export as the same text: any script, markup, quotes,
backslashes and control characters, up to each field's longest, in every place the bundle
carries free text. A record system that renders an Annotation's markdown shows exactly what was
typed (``markdown_text``), and the bundle still validates."""

import datetime
import re
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from planner.fhir.text import markdown_text, unescape
from planner.models import Assignment, FunctionTest, LimbMeasurement, Patient, ProgramExercise
from planner.services.exporting import export_fhir
from tests.factories import make_exercise, make_patient, make_plan, make_session_log, make_therapist
from tests.planner.fhir.reading import Read, component, narrative, notes

pytestmark = pytest.mark.django_db

# Every character a database keeps (PostgreSQL refuses NUL; no lone surrogates in UTF-8), with
# the ones markdown and HTML care about made likely.
CHARACTERS = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
MARKUP = st.sampled_from([*"\\`*_[]()<>&~|#-+=!.:\n\t 1", "&amp;", "<script>", "**", "1. "])
TEXT = st.lists(st.one_of(CHARACTERS, MARKUP), min_size=1).map("".join)


def text(max_size: int):
    return TEXT.filter(lambda t: t.strip()).map(lambda t: t[:max_size]).filter(str.strip)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=text(120),
    title=text(160),
    note=text(1000),
    resistance=text(200),
    log_note=text(1000),
    landmark=text(80),
    girth_note=text(200),
    test_note=text(200),
)
# The longest each field takes, in scripts that are wide, right-to-left or made of markup.
@example(
    name="María José Ñúñez-Ōtsuka " * 4 + "ñ" * 20,
    title="برنامج تمارين الساق " * 8,
    note="**<b>נא לנוח</b>** \\ " * 47 + "y" * 13,
    resistance="1. " * 66 + "kg",
    log_note="😀 dolor 8/10 — `ouch` " * 45 + "x" * 10,
    landmark="#" * 80,
    girth_note="[a](javascript:alert(1)) " * 8,
    test_note="\n- " * 66 + "ab",
)
# Characters XML cannot carry, and a bare carriage return, which an XML reader would change.
@example(
    name="Ana\x01 Ruiz", title="Plan\r\x0bA\r\nB\uffff", note="a\rb", resistance="\x1f",
    log_note="\r", landmark="x\x7f", girth_note="\u2028", test_note="\u200f\u202e",
)  # fmt: skip
def test_free_text_comes_back_as_typed(
    name, title, note, resistance, log_note, landmark, girth_note, test_note
):
    therapist = make_therapist()
    patient = make_patient(therapist, display_name=name)
    assignment = make_plan(patient, exercises=[make_exercise()], title=title)
    row = assignment.program.items.get()
    ProgramExercise.objects.filter(pk=row.pk).update(notes=note, resistance_note=resistance)
    make_session_log(assignment, note=log_note, pain=5)
    day = datetime.date.today()
    LimbMeasurement.objects.create(
        patient=patient, measured_on=day, site="calf", landmark=landmark, left_cm=Decimal("30.0"),
        right_cm=Decimal("31.0"), measured_by=therapist, note=girth_note,
    )  # fmt: skip
    FunctionTest.objects.create(
        patient=patient, tested_on=day, chair_stands=10, measured_by=therapist, note=test_note
    )
    # What the database kept (names are normalised as they are saved).
    name = Patient.objects.get(pk=patient.pk).display_name
    title = Assignment.objects.get(pk=assignment.pk).program.title

    read = Read(export_fhir(assignments=Assignment.objects.filter(pk=assignment.pk)))

    assert read.one("Patient").name[0].text == name
    care_plan = read.one("CarePlan")
    assert care_plan.title == f"{title} (version 1)"
    # The narrative is XHTML: the same words, but for the control characters XML cannot carry.
    shown = "".join(narrative(care_plan).itertext())
    assert re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "\ufffd", title) in shown
    assert f"Therapist's note to the patient: {note}" in notes(care_plan.activity[0].progress)
    assert care_plan.activity[0].detail.description.endswith(f"Resistance: {resistance}")
    (session,) = read.observations("home-exercise-session")
    assert notes(session.note) == [f"Patient's note: {log_note}"]
    (girth,) = read.observations("limb-girth")
    assert girth.bodySite.text == f"Calf (widest point); measured {landmark}"
    assert notes(girth.note) == [f"Note: {girth_note}"]
    (stands,) = read.observations("chair-stand-30s")
    assert notes(stands.note) == [f"Note: {test_note}"]
    assert component(session, "exercise").valueString == row.name


@given(TEXT)
def test_markdown_text_is_undone_exactly(typed):
    assert unescape(markdown_text(typed)) == typed


@pytest.mark.parametrize(
    ("typed", "markdown"),
    [
        ("Sit-to-stand: 3 sets. Stop!", "Sit-to-stand: 3 sets. Stop!"),  # plain stays plain
        ("*not* after meals", "\\*not\\* after meals"),
        ("<script>alert(1)</script>", "\\<script\\>alert(1)\\</script\\>"),
        ("- a list?\n1. numbered\n# heading", "\\- a list?\\\n1\\. numbered\\\n\\# heading"),
        ("two\r\nlines", "two\\\r\nlines"),  # each line break kept as a hard break
        ("old\r# mac", "old\\\r\\# mac"),
        ("C:\\path & [link](x)", "C:\\\\path \\& \\[link\\](x)"),
    ],
)
def test_markup_is_escaped_where_it_would_be_markup(typed, markdown):
    assert markdown_text(typed) == markdown
