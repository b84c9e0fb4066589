"""The PDF handout, read back with real PDF readers (pypdf and pdfplumber)."""

import datetime
import io
import re

import pdfplumber
import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from exercises.models import AtrophyKind, Category, ConditionGroup
from planner.handout import HandoutError, build_handout, load_handout, render_handout
from planner.models import NoteScope, SafetyNote
from planner.screening import OVERWORK_CARD_NOTE
from planner.services import create_invite
from tests.factories import (
    make_condition,
    make_exercise,
    make_patient,
    make_plan,
    make_therapist,
    make_user,
)

pytestmark = pytest.mark.django_db
START = datetime.date(2026, 12, 1)
DAY, WEEK = datetime.timedelta(days=1), datetime.timedelta(weeks=1)
ARTICLE = (
    "MedlinePlus Medical Encyclopedia: Muscle atrophy, "
    "https://medlineplus.gov/ency/article/003188.htm, reviewed 11/22/2017"
)
# Safety notes printed only when the program or the patient calls for them.
SPECIFIC_SCOPES = [
    NoteScope.POOL,
    NoteScope.BRACE_SPLINT,
    NoteScope.NEUROGENIC,
    NoteScope.SPINAL_CORD,
]


def pdf_text(pdf: bytes) -> str:
    """All text, with line breaks and repeated spaces folded, so sentences can be searched."""
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def handout_plan(*, patient=None, exercises=None, ends_on=None, **patient_fields):
    """A "Leg strength" plan from 1 Dec 2026, for a patient of Jordan Rivera's unless one is
    given; the one exercise is "Sit to stand" unless others are."""
    if patient is None:
        therapist = make_therapist(first_name="Jordan", last_name="Rivera")
        patient = make_patient(therapist=therapist, **patient_fields)
    return make_plan(
        patient,
        exercises=exercises or [make_exercise(name="Sit to stand")],
        starts_on=START,
        ends_on=ends_on,
        title="Leg strength",
    )


def test_it_carries_the_header_the_cards_and_the_dosage_sentences():
    exercises = [
        make_exercise(
            name="Sit to stand",
            steps=["Sit near the front of a firm chair.", "Lean forward.", "Stand up slowly."],
        ),
        make_exercise(
            name="Water walking",
            category=Category.POOL,
            default_repetitions=None,
            default_duration_minutes=15,
        ),
    ]
    assignment = handout_plan(
        display_name="Maria Lopez", exercises=exercises, ends_on=datetime.date(2027, 1, 12)
    )
    row = assignment.program.items.get(position=1)
    row.sets, row.repetitions, row.hold_seconds, row.times_per_day, row.days_per_week, row.side = (
        3,
        10,
        5,
        2,
        5,
        "left",
    )
    row.save()
    row2 = assignment.program.items.get(position=2)
    row2.repetitions, row2.duration_minutes = None, 15
    row2.save()

    text = pdf_text(render_handout(assignment))

    for expected in (
        "Maria Lopez",
        "Plan “Leg strength” · v1",
        "Start on 1 Dec 2026. Check-up on 12 Jan 2027. Your therapist is Jordan Rivera.",
        "1 Sit to stand",
        "1. Sit near the front of a firm chair.",
        "3 sets of 10, hold each for 5 seconds, twice a day, 5 days a week, your left leg",
        "15 minutes, once a day, 3 days a week",
        "YOUR PLAN AT A GLANCE",
    ):
        assert expected in text, expected


def test_it_carries_every_general_safety_note_with_its_citation():
    text = pdf_text(render_handout(handout_plan()))
    for note in SafetyNote.objects.filter(scope=NoteScope.ALL, language="en"):
        assert note.text in text
    assert f"Source: {ARTICLE}" in text
    assert "call your emergency number right away" in text
    # Program-specific notes stay off a plain strength program.
    for scope in SPECIFIC_SCOPES:
        assert SafetyNote.objects.get(scope=scope, language="en").text not in text


def test_pool_brace_and_neurogenic_notes_appear_when_they_apply():
    pool = make_exercise(name="Water walking", category=Category.POOL)
    brace = make_exercise(
        name="Passive elbow bend",
        category=Category.BRACE_SPLINT,
        device="Hinged elbow brace",
        device_worn_during=True,
        wear_schedule="Wear it in the day.",
        skin_check="Look for red marks after you take it off.",
    )
    sci = make_condition(group=ConditionGroup.SPINAL_CORD, name="Spinal cord injury")
    patient = make_patient(atrophy_type=AtrophyKind.NEUROGENIC)
    patient.conditions.add(sci)
    text = pdf_text(render_handout(handout_plan(patient=patient, exercises=[pool, brace])))
    for scope in SPECIFIC_SCOPES:
        note = SafetyNote.objects.get(scope=scope, language="en")
        assert note.text in text, scope
        assert f"Source: {note.citation}" in text, scope
    assert "Hinged elbow brace. Wear it while you do this. Wear it in the day." in text
    assert "Look for red marks after you take it off." in text


def test_screening_precautions_are_explained_once_and_named_on_their_exercise():
    chlorine = make_condition(
        name="Chlorine sensitivity", explanation="Chlorine can make your skin itch."
    )
    pool = make_exercise(name="Water walking", category=Category.POOL)
    pool.cautions.add(chlorine)
    patient = make_patient()
    patient.conditions.add(chlorine)
    text = pdf_text(render_handout(handout_plan(patient=patient, exercises=[pool])))
    assert (
        "YOUR HEALTH AND THESE EXERCISES Chlorine sensitivity For number 1 on your plan "
        "Chlorine can make your skin itch."
    ) in text
    assert re.search(r"TAKE CARE Chlorine sensitivity: read more on page \d\.", text)


def test_the_calendar_covers_twelve_weeks_or_until_the_end():
    text = pdf_text(render_handout(handout_plan()))
    assert "TICK A BOX EACH TIME YOU DO IT" in text
    for week in range(1, 13):
        assert f"Week {week} ·" in text
    assert "Week 13" not in text
    assert "Week 1 · 1 Dec to 7 Dec Tue Wed Thu Fri Sat Sun Mon Pain 0-10 1 2 3 4 5 6 7" in text
    assert "Week 12 · 16 Feb to 22 Feb" in text
    # No end date: twelve weeks, and the patient is told to ask for the next sheet.
    assert "This sheet has weeks 1 to 12. Ask your therapist for a new sheet" in text
    short_plan = handout_plan(
        exercises=[make_exercise()], ends_on=START + datetime.timedelta(days=9)
    )
    short = pdf_text(render_handout(short_plan))
    assert "Week 2 · 8 Dec to 10 Dec Tue Wed Thu Pain 0-10 8 9 10" in short
    assert "Week 3" not in short
    assert "new sheet" not in short


def test_the_calendar_has_a_box_per_prescribed_session():
    exercises = [make_exercise(name=f"Exercise {n}") for n in range(3)]
    pdf = render_handout(handout_plan(exercises=exercises, ends_on=START + WEEK * 4 - DAY))
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        boxes = [
            rect
            for page in document.pages
            for rect in page.rects
            if abs(rect["width"] - rect["height"]) < 0.5 and 13 < rect["width"] < 15
        ]
    # Three exercises, each once a day on 3 days a week (the template's dosage), for 4 weeks:
    # three boxes a week each, never one for every day.
    assert len(boxes) == 3 * 3 * 4


def test_every_page_says_page_x_of_y_and_the_print_date():
    today = timezone.localdate()
    pdf = render_handout(handout_plan(exercises=[make_exercise() for _ in range(6)]))
    reader = PdfReader(io.BytesIO(pdf))
    total = len(reader.pages)
    assert total >= 3
    for number, page in enumerate(reader.pages, start=1):
        footer = re.search(r"Printed (\d+ \w+ \d{4}) · Page (\d+) of\s*(\d+)", page.extract_text())
        assert footer is not None
        assert (int(footer[2]), int(footer[3])) == (number, total)
        assert footer[1] == f"{today.day} {today:%b %Y}"


def test_the_qr_code_and_portal_address_are_there():
    text = pdf_text(render_handout(handout_plan()))
    assert "SEE YOUR PLAN ONLINE" in text
    assert "http://127.0.0.1:8000/portal/" in text


def test_hostile_names_print_literally_and_fetch_nothing():
    name = 'Bob & <b>Alice</b> <img src="http://127.0.0.1:1/x.png"/> <font name="x"> <para'
    patient = make_patient(display_name=name)
    assignment = handout_plan(
        patient=patient, exercises=[make_exercise(name="Curl & <i>press</i> <unclosed")]
    )
    row = assignment.program.items.get()
    row.notes = "Use 2 < 3 kg & stop at </para> pain"
    row.save()
    pdf = render_handout(assignment)
    text = pdf_text(pdf)
    assert name in text
    assert "Curl & <i>press</i> <unclosed" in text
    assert "Use 2 < 3 kg & stop at </para> pain" in text
    assert b"/Subtype /Image" not in pdf  # the <img> was text, not a picture


def test_greek_cyrillic_and_accents_use_real_glyphs():
    name = "Ζωή Παπαδοπούλου · Анна Иванова · Zoë Ñúñez Łukasz"
    pdf = render_handout(handout_plan(display_name=name))
    assert name in pdf_text(pdf)
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        title_chars = [c for c in document.pages[0].chars if c["text"] in "ΖωήАннаŁ"]
    assert title_chars
    # Embedded subsets of the packaged Fira Sans, not a substitute font.
    assert {c["fontname"].split("+")[-1] for c in title_chars} <= {
        "FiraSans-Regular",
        "FiraSans-Bold",
    }


def test_cjk_names_render_through_cid_fonts():
    name = "王小明 山田はなこ 김민준"
    pdf = render_handout(handout_plan(display_name=name))
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        fonts = {c["fontname"] for c in document.pages[0].chars if ord(c["text"]) > 0x3000}
    # Three of reportlab's CID fonts (Chinese, Japanese, Korean), none of them the Latin font.
    assert len(fonts) == 3
    assert not any("Fira" in font for font in fonts)
    for encoding in (b"UniGB-UCS2-H", b"UniJIS-UCS2-H", b"UniKS-UCS2-H"):
        assert encoding in pdf


def test_a_300_character_word_wraps_inside_its_cell():
    exercise = make_exercise(name="Long", summary="x")
    assignment = handout_plan(exercises=[exercise])
    row = assignment.program.items.get()
    row.notes = "W" * 300
    row.save()
    pdf = render_handout(assignment)
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            right_edge = max((c["x1"] for c in page.chars), default=0)
            assert right_edge <= page.width - 18 * 72 / 25.4 + 1  # inside the right margin
    # The note comes back after its label a piece per printed line, the pieces set off by spaces
    # (and its label said again where the card goes on over the page).
    note = "".join(re.findall(r"FROM YOUR THERAPIST ([W ]+) ", pdf_text(pdf)))
    assert note.replace(" ", "") == "W" * 300
    assert len(note.split()) > 1  # it wrapped


def test_a_calendar_week_a_little_taller_than_a_page_splits():
    # 34 one-line names make a week 677 pt tall: more than the 672 pt a page's frame holds but
    # less than the page's full height, which once sent the week to the next page for ever.
    exercises = [make_exercise(name=f"Exercise number {n:02d}") for n in range(34)]
    four_weeks = START + WEEK * 4 - DAY
    text = pdf_text(render_handout(handout_plan(exercises=exercises, ends_on=four_weeks)))
    assert "Week 1 · 1 Dec to 7 Dec (continued from the last page)" in text
    assert "(continued from the last page) (continued" not in text
    # At a glance, the card's title, and a row in each of the four weeks.
    for n in range(34):
        assert text.count(f"Exercise number {n:02d}") == 6


def test_a_40_exercise_program_paginates_cleanly():
    exercises = [make_exercise(name=f"Exercise number {n:02d}") for n in range(40)]
    pdf = render_handout(handout_plan(exercises=exercises, ends_on=START + WEEK * 4 - DAY))
    text = pdf_text(pdf)
    for n in range(40):
        assert f"Exercise number {n:02d}" in text
    reader = PdfReader(io.BytesIO(pdf))
    for page in reader.pages:
        # A card's steps are never cut in two (only its last lines may go on over the page).
        page_text = page.extract_text()
        assert page_text.count("1. Sit down.") == page_text.count("3. Lower it slowly.")
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        assert 10 <= len(document.pages) <= 40
        for page in document.pages:
            for char in page.chars:
                assert char["x0"] >= 0
                assert char["x1"] <= page.width
                assert char["top"] >= 0
                assert char["bottom"] <= page.height


def test_the_same_input_gives_byte_identical_output():
    assignment = handout_plan(exercises=[make_exercise() for _ in range(5)])
    assert render_handout(assignment) == render_handout(assignment)


@pytest.mark.parametrize(("large_print", "minimum"), [(False, 12), (True, 16)])
def test_body_text_size(large_print, minimum):
    exercise = make_exercise(steps=["Sit down.", "Lift the leg.", "Lower it."])
    pdf = render_handout(handout_plan(exercises=[exercise]), large_print=large_print)
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        step_sizes = {
            round(c["size"], 1)
            for page in document.pages
            for line in page.extract_text_lines()
            if line["text"].startswith("2. Lift the leg.")
            for c in line["chars"]
        }
    assert step_sizes == {float(minimum)}


def test_a_patient_who_prefers_large_print_gets_it():
    assignment = handout_plan(large_print=True)
    with pdfplumber.open(io.BytesIO(render_handout(assignment))) as document:
        sizes = [c["size"] for c in document.pages[0].chars]
    assert min(sizes) >= 14 - 0.01  # citations and the footer are 2 pt under the 16 pt body


@pytest.mark.parametrize("language", ["fr", "xx"])
def test_a_language_without_text_is_a_clear_error(language):
    with pytest.raises(HandoutError, match=f"no handout text in '{language}' yet"):
        render_handout(handout_plan(), language=language)


def test_english_is_the_default_and_can_be_named():
    assignment = handout_plan()
    assert render_handout(assignment, language="en") == render_handout(assignment)


def test_the_query_count_does_not_grow_with_the_program():
    small = handout_plan(exercises=[make_exercise() for _ in range(2)])
    big = handout_plan(exercises=[make_exercise() for _ in range(25)])
    counts = []
    for assignment in (small, big):
        with CaptureQueriesContext(connection) as queries:
            render_handout(assignment)
        counts.append(len(queries))
    # assignment with patient, therapist and program; rows with exercises; conditions; notes;
    # the clinic profile; the sign-in code (these patients have no account yet)
    assert counts == [6, 6]


def test_rendering_writes_nothing():
    assignment = handout_plan()
    with CaptureQueriesContext(connection) as queries:
        render_handout(assignment)
    assert all(q["sql"].lstrip().upper().startswith("SELECT") for q in queries)


def test_an_exercise_picture_is_printed(tmp_path):
    out = io.BytesIO()
    Image.new("RGB", (60, 40), "navy").save(out, format="JPEG")
    exercise = make_exercise(name="With picture")
    with override_settings(MEDIA_ROOT=tmp_path / "media"):
        exercise.image.save("picture.jpg", ContentFile(out.getvalue()))
        pdf = render_handout(handout_plan(exercises=[exercise]))
    assert b"/Subtype /Image" in pdf


def test_load_handout_is_plain_data_that_lays_out_without_the_database():
    data = load_handout(handout_plan(display_name="Plain Data"))
    assert (data.patient, data.program, data.version) == ("Plain Data", "Leg strength", 1)
    assert [(card.number, card.name, card.steps, card.dosage) for card in data.cards] == [
        (
            1,
            "Sit to stand",
            ["Sit down.", "Lift your leg.", "Lower it slowly."],
            "2 sets of 10, once a day, 3 days a week, with a day off between",
        )
    ]
    with CaptureQueriesContext(connection) as queries:
        pdf = build_handout(data)
    assert len(queries) == 0
    assert "1 Sit to stand" in pdf_text(pdf)


def test_the_overwork_guard_prints_on_each_resisted_exercise():
    resisted = make_exercise(name="Sit to stand")
    gentle = make_exercise(name="Ankle circles", category=Category.RANGE_OF_MOTION)
    patient = make_patient(atrophy_type=AtrophyKind.NEUROGENIC)
    assignment = handout_plan(patient=patient, exercises=[resisted, gentle])
    data = load_handout(assignment)
    assert [card.screening_notes for card in data.cards] == [[OVERWORK_CARD_NOTE], []]
    text = pdf_text(render_handout(assignment))
    assert f"TAKE CARE {OVERWORK_CARD_NOTE}" in text
    assert text.count(OVERWORK_CARD_NOTE) == 1
    # The card once said "rest 2 days", which contradicted the 48-hour guard.
    assert "rest 2 days" not in text


def test_the_sign_in_code_is_printed_until_the_patient_has_an_account():
    assignment = handout_plan()
    patient = assignment.patient
    _, code = create_invite(patient=patient, by=patient.therapist)
    text = pdf_text(render_handout(assignment))
    assert f"/accounts/activate/ and type your code: {code}" in text
    patient.user = make_user()
    patient.save()
    text = pdf_text(render_handout(assignment))
    assert code not in text
    assert "Sign in with the name and password you chose." in text
