"""Never fail on content: every text field up to its longest, every plan size a program allows,
both print sizes and names in any script give a valid PDF, with no empty box for a character.

Handouts are built from ``HandoutData`` directly (no database), starting from one base object
and changing fields with ``dataclasses.replace``, so fields the layout gains later (with
defaults) do not break these tests.
"""

import dataclasses
import datetime
import io
import itertools
import re
import unicodedata
from collections import Counter

import fontpkg
import pdfplumber
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.pdfbase.ttfonts import TTFont

from core import fonts
from exercises.models import Exercise
from exercises.rules import MAX_STEP_LENGTH, MAX_STEPS, MIN_STEPS
from planner.handout.data import ExerciseCard, HandoutData, Note
from planner.handout.layout import build_handout
from planner.models import Patient, Program, ProgramExercise, SafetyNote
from planner.models.programs import MAX_PROGRAM_ROWS


def _longest(model, name: str) -> int:
    return model._meta.get_field(name).max_length


# The longest each field can be, read from the models that hold it.
LONGEST = {
    "patient": _longest(Patient, "display_name"),
    "program": _longest(Program, "title"),
    "clinic": 120,  # the clinic profile's name
    "name": _longest(Exercise, "name"),
    "step": MAX_STEP_LENGTH,
    "precautions": _longest(Exercise, "precautions"),
    "therapist_note": _longest(ProgramExercise, "notes"),
    "resistance_note": _longest(ProgramExercise, "resistance_note"),
    "device": _longest(Exercise, "device"),
    "wear_schedule": _longest(Exercise, "wear_schedule"),
    "skin_check": _longest(Exercise, "skin_check"),
    "note": _longest(SafetyNote, "text"),
    "citation": _longest(SafetyNote, "citation"),
    # Fields the clinic profile and the override add, filled when the handout has them.
    "clinic_phone": 40,
    "clinic_hours": 200,
    "therapist_says": 600,
    "progress": _longest(ProgramExercise, "progress"),
}

START = datetime.date(2026, 12, 1)
CARD = ExerciseCard(
    number=1,
    name="Sit to stand",
    steps=["Sit near the front of a firm chair.", "Lean forward.", "Stand up slowly."],
    dosage="2 sets of 10, once a day, 3 days a week",
    equipment="A firm chair",
    device="",
    device_worn_during=None,
    wear_schedule="",
    skin_check="",
    precautions="",
    screening_notes=[],
    therapist_note="",
    resistance_note="",
    image_path="",
    category="strength",
)
HANDOUT = HandoutData(
    clinic="Riverside Physical Therapy",
    site_url="http://127.0.0.1:8000",
    therapist="Jordan Rivera",
    patient="Maria Lopez",
    patient_has_account=False,
    invite_code="K7QX-2MPD-9RTA",
    large_print=False,
    program="Leg strength",
    version=1,
    starts_on=START,
    ends_on=START + datetime.timedelta(weeks=6),
    cards=[CARD],
    notes=[
        Note(
            "Stop and call if the pain is sharp or lasts.",
            "MedlinePlus Medical Encyclopedia: Muscle atrophy",
        )
    ],
)


def with_fields(obj, **values):
    """``obj`` with the fields it has among ``values`` replaced (others are ignored)."""
    names = {f.name for f in dataclasses.fields(obj)}
    return dataclasses.replace(obj, **{k: v for k, v in values.items() if k in names})


def card_with(number: int, texts: dict[str, str], steps: list[str]) -> ExerciseCard:
    return with_fields(
        CARD,
        number=number,
        steps=steps,
        device_worn_during=True if texts.get("device") else None,
        **texts,
    )


# Characters people type, a few of each kind, so that short strings mix scripts often.
LATIN = "AaZzÀÉÎõüßÇçŁłŒœÑñ0123456789<>&\"'.,;:-()/"
GREEK = "ΑΒΓΔαβγδεζηθΖωήΠπ"
CYRILLIC = "АБВГабвгдёжзИвн"
CJK = "王小明山田はなこ김민준漢字カタカナ"
ARABIC = "محمدعبداللهتمرينالركبة١٢٣،؟" + "\u064b\u064e\u0651\u0652"  # with vowel marks
HEBREW = "דנהכהןשלוםמאל" + "\u05b8\u05bc"  # with points
EMOJI = "👍🏽🙂❤⭐✓✔🇬🇧👨👩👧" + "\u200d\ufe0f\u20e3"  # joiner, variation selector, keycap
COMBINING = "\u0301\u0308\u0327\u0323"
SPACES = " \n\t\u00a0\u2028\u3000\u200b"
ODD = "\ue000\U000f0000\u0378\ufffd\x00\x85\u202e\u2066\u00ad"  # private use, unassigned, controls
ALPHABET = LATIN + GREEK + CYRILLIC + CJK + ARABIC + HEBREW + EMOJI + COMBINING + SPACES + ODD

# Whole strings of one kind at the longest a field takes.
PIECES = [
    "W",  # one unbroken word
    "ش",  # an unbroken Arabic word, joined
    "王",
    "👍🏽",
    "e\u0301",
    " ",
    "\n",
    "Exercise 3 — تمرين (الركبة) ",
    "שלום דנה (בבוקר) 3\u00d710 ",
    "Ζωή Анна Zoë 山田 ",
    "Sit tall, then stand up slowly. ",
]


def maximal(piece: str, limit: int) -> str:
    return (piece * (limit // len(piece) + 1))[:limit]


def field_text(limit: int, min_size: int = 0):
    return st.one_of(
        st.text(alphabet=st.sampled_from(ALPHABET), min_size=min_size, max_size=limit),
        st.text(min_size=min_size, max_size=min(limit, 40)),  # any code point at all
        st.sampled_from(PIECES).map(lambda piece: maximal(piece, limit)),
    )


@st.composite
def cards(draw, number: int) -> ExerciseCard:
    texts = {
        key: draw(field_text(LONGEST[key]))
        for key in (
            "name",
            "precautions",
            "therapist_note",
            "resistance_note",
            "device",
            "wear_schedule",
            "skin_check",
            "therapist_says",
            "progress",
        )
    }
    steps = draw(st.lists(field_text(MAX_STEP_LENGTH, 1), min_size=MIN_STEPS, max_size=MAX_STEPS))
    return card_with(number, texts, steps)


@st.composite
def handouts(draw) -> HandoutData:
    size = draw(st.integers(1, MAX_PROGRAM_ROWS))
    # The first few cards carry generated text; the rest stay short so each example builds
    # fast (and the pages read back for boxes hold the generated text).
    generated = draw(st.integers(1, min(size, 3)))
    plan = [draw(cards(number)) for number in range(1, generated + 1)]
    plan += [with_fields(CARD, number=number) for number in range(generated + 1, size + 1)]
    notes = draw(
        st.lists(
            st.builds(Note, field_text(LONGEST["note"], 1), field_text(LONGEST["citation"])),
            min_size=1,
            max_size=4,
        )
    )
    return with_fields(
        HANDOUT,
        patient=draw(field_text(LONGEST["patient"], 1)),
        program=draw(field_text(LONGEST["program"], 1)),
        clinic=draw(field_text(LONGEST["clinic"], 1)),
        clinic_phone=draw(field_text(LONGEST["clinic_phone"])),
        clinic_hours=draw(field_text(LONGEST["clinic_hours"])),
        cards=plan,
        notes=notes,
    )


@pytest.fixture(scope="module")
def cmaps() -> dict[str, dict[int, int]]:
    """What each embedded font draws, by its PDF name, read from the packaged files."""
    files = {
        "FiraSans-Regular": ("Fira Sans", 400),
        "FiraSans-Bold": ("Fira Sans", 700),
        "IBMPlexSansArabic-Regular": ("IBM Plex Sans Arabic", 400),
        "IBMPlexSansArabic-Bold": ("IBM Plex Sans Arabic", 700),
        "Heebo-Regular": ("Heebo", 400),
    }
    return {
        name: TTFont(name, str(fontpkg.path(*file))).face.charToGlyph
        for name, file in files.items()
    }


# reportlab's CID fonts (the reader supplies their glyphs), under the names pdfminer reads
# them by, and the ranges we send them.
CID_FONTS = {"STSongStd-Light", "HeiseKakuGo-W5", "HYSMyeongJo-Medium"}
CJK_RANGES = re.compile(
    r"[\u1100-\u11ff\u3000-\u30ff\u3130-\u318f\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    r"\uac00-\ud7af\uf900-\ufaff\uff01-\uff9f]+"
)


CHECKED_PAGES = 12


def assert_valid_handout(pdf: bytes, data: HandoutData, cmaps) -> None:
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 1
    extracted = " ".join(page.extract_text() for page in reader.pages)
    assert "\ufffd" not in extracted
    squeezed = re.sub(r"\s+", "", extracted)
    # The patient's name is on the sheet: its first Latin or digit word, or else something of
    # it in whatever script it is written.
    latin = re.findall(r"[A-Za-z0-9]+", unicodedata.normalize("NFC", data.patient))
    drawn = re.sub(r"<[^>]*>|\s+", "", fonts.text(data.patient))
    if latin:
        assert latin[0] in squeezed
    elif drawn:
        shown = unicodedata.normalize("NFKC", squeezed)
        assert any(unicodedata.normalize("NFKC", char) in shown for char in drawn)
    # Every character drawn is in the font it is drawn in: no box, no substitute font. Reading
    # characters back is slow, so a long handout is checked on its first and last pages (the
    # generated text is on the first cards, and the calendar with every name is last).
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        pages = document.pages
        for page in pages if len(pages) <= CHECKED_PAGES else pages[:8] + pages[-4:]:
            for char in page.chars:
                # Nothing is pushed off the paper (a long unbroken name once moved the footer).
                assert char["x0"] >= 0, char["text"]
                assert char["x1"] <= page.width + 0.5, char["text"]
                assert char["top"] >= 0, char["text"]
                assert char["bottom"] <= page.height, char["text"]
                if char["text"].isspace():
                    continue
                font = char["fontname"].split("+")[-1]
                if font in CID_FONTS:
                    assert CJK_RANGES.fullmatch(char["text"]), (font, char["text"])
                else:
                    assert cmaps[font].get(ord(char["text"]), 0), (font, char["text"])


def assert_plain_is_fira(value: str, cmaps) -> None:
    fira = cmaps["FiraSans-Regular"]
    assert all(fira.get(ord(char), 0) for char in fonts.plain(value))


# Examples kept. Found by this test: Chinese or Japanese text away from the name (the clinic's
# hours) is read back under pdfminer's own names for reportlab's CID fonts ("STSongStd-Light",
# "HeiseKakuGo-W5"), which the box check did not know at first.
@example(data=with_fields(HANDOUT, clinic_hours="字"), large_print=False)
@example(data=with_fields(HANDOUT, clinic_hours="こ"), large_print=False)
# From issue 11: a 120-character unbroken name pushed the footer off the page, and 13 cards
# with long notes in large print raised reportlab's LayoutError ("Splitting error … _Card").
@example(data=with_fields(HANDOUT, patient="W" * LONGEST["patient"]), large_print=True)
@example(data=with_fields(HANDOUT, patient="ش" * LONGEST["patient"]), large_print=False)
@example(
    data=with_fields(
        HANDOUT,
        cards=[
            card_with(
                number,
                {
                    "therapist_note": maximal("Keep your back straight. ", 1000),
                    "precautions": maximal("Stop if it hurts. ", 1000),
                },
                [maximal("Sit tall, then stand up slowly. ", MAX_STEP_LENGTH)] * MAX_STEPS,
            )
            for number in range(1, 14)
        ],
    ),
    large_print=True,
)
@example(data=HANDOUT, large_print=True)
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=handouts(), large_print=st.booleans())
def test_any_content_gives_a_valid_handout(data, large_print, cmaps):
    pdf = build_handout(data, large_print=large_print)
    assert_valid_handout(pdf, data, cmaps)
    assert_plain_is_fira(data.patient, cmaps)
    for card in data.cards:
        assert_plain_is_fira(card.name, cmaps)


@pytest.mark.parametrize("large_print", [False, True], ids=["regular", "large-print"])
@pytest.mark.parametrize(
    "piece",
    ["Sit tall, then stand up slowly. ", "Exercise 3 — تمرين (الركبة) שלום דנה 王小明 👍🏽 ", "W"],
    ids=["sentences", "mixed-scripts", "one-word"],
)
def test_the_largest_plan_with_every_field_at_its_longest(piece, large_print, cmaps):
    texts = {
        key: maximal(piece, LONGEST[key])
        for key in (
            "name",
            "precautions",
            "therapist_note",
            "resistance_note",
            "device",
            "wear_schedule",
            "skin_check",
            "therapist_says",
            "progress",
        )
    }
    steps = [maximal(piece, MAX_STEP_LENGTH)] * MAX_STEPS
    data = with_fields(
        HANDOUT,
        patient=maximal(piece, LONGEST["patient"]),
        program=maximal(piece, LONGEST["program"]),
        clinic=maximal(piece, LONGEST["clinic"]),
        clinic_phone="+1 (555) 010-0100",
        clinic_hours=maximal(piece, LONGEST["clinic_hours"]),
        cards=[card_with(n, texts, steps) for n in range(1, MAX_PROGRAM_ROWS + 1)],
        notes=[Note(maximal(piece, LONGEST["note"]), maximal(piece, LONGEST["citation"]))] * 4,
    )
    pdf = build_handout(data, large_print=large_print)
    assert_valid_handout(pdf, data, cmaps)


def _token(n: int) -> str:
    """A word that appears nowhere else on a handout: "qz" and a number spelt in letters."""
    return "qz" + "".join("abcdefghij"[int(d)] for d in str(n)) + "x"


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    sizes=st.lists(
        st.tuples(st.integers(3, 8), st.integers(0, 60), st.integers(0, 30)),
        min_size=1,
        max_size=20,
    ),
    large_print=st.booleans(),
)
def test_every_word_of_every_card_is_printed_once(sizes, large_print):
    """Splitting across pages loses and repeats nothing: each card's steps, precautions and note
    carry words found nowhere else, and each is read back from the PDF exactly once."""
    counter, expected, cards = itertools.count(), [], []
    for number, (steps, note_words, care_words) in enumerate(sizes, start=1):
        step_texts = [
            " ".join(_token(next(counter)) for _ in range(1 + s % 4)) for s in range(steps)
        ]
        note = " ".join(_token(next(counter)) for _ in range(note_words))
        care = " ".join(_token(next(counter)) for _ in range(care_words))
        expected += " ".join([*step_texts, note, care]).split()
        cards.append(
            with_fields(
                CARD, number=number, steps=step_texts, therapist_note=note, precautions=care
            )
        )
    pdf = build_handout(dataclasses.replace(HANDOUT, cards=cards), large_print=large_print)
    words = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split()
    printed = Counter(w for w in words if w.startswith("qz"))
    assert printed == Counter(expected)
