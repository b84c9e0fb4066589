"""Every text a patient reads on the handout or in the portal is at Flesch-Kincaid grade 6 or below.

Health-literacy guidance asks for about a 6th-grade level (shared/CLINICAL.md, "Writing for
patients"). textstat 0.7.4 scores offline; its grade rewards short sentences and short words, so a
lone long word ("Relax.") can score higher than a plain sentence: write "Let go and rest." instead.
"""

import ast
import importlib
from pathlib import Path

import pytest
import textstat

from exercises.library import read_library
from planner import screening
from planner.models import SafetyNote

MAX_GRADE = 6.0
HANDOUT_WORDING = "planner.handout.wording"
NOTES_MIGRATION = "planner.migrations.0008_plain_language_safety_notes"
WORDING_PATH = Path(__file__).resolve().parents[1] / "planner" / "handout" / "wording.py"


def assert_plain(text: str) -> None:
    grade = textstat.flesch_kincaid_grade(text)
    assert grade <= MAX_GRADE, f"grade {grade:.1f} (at most {MAX_GRADE}): {text!r}"


def _library_texts():
    data = read_library()
    for exercise in data["exercises"]:
        slug = exercise["slug"]
        for number, step in enumerate(exercise["steps"], start=1):
            yield f"exercise/{slug}/step-{number}", step
        for key in ("summary", "precautions", "equipment_note", "progress_rule"):
            if exercise.get(key):
                yield f"exercise/{slug}/{key}", exercise[key]
        device = exercise.get("device") or {}
        for key in ("name", "wear_schedule", "skin_check"):
            if device.get(key):
                yield f"exercise/{slug}/device-{key}", device[key]
    for condition in data["conditions"]:
        yield f"condition/{condition['slug']}/explanation", condition["explanation"]


LIBRARY_TEXTS = dict(_library_texts())


@pytest.mark.parametrize("where", LIBRARY_TEXTS)
def test_library_text(where):
    assert_plain(LIBRARY_TEXTS[where])


# The notes the migrations seed, by slug; a clinic may add more, checked just below.
SEEDED_NOTES = list(importlib.import_module(NOTES_MIGRATION).NOTES)


@pytest.mark.django_db
@pytest.mark.parametrize("slug", SEEDED_NOTES)
def test_safety_note(slug):
    assert_plain(SafetyNote.objects.get(slug=slug, language="en").text)


@pytest.mark.django_db
def test_every_english_safety_note_in_the_database():
    grades = {
        note.slug: textstat.flesch_kincaid_grade(note.text)
        for note in SafetyNote.objects.filter(language="en", is_active=True)
    }
    assert set(SEEDED_NOTES) <= set(grades)
    assert {slug: grade for slug, grade in grades.items() if grade > MAX_GRADE} == {}


@pytest.mark.parametrize(
    "name",
    [
        "REST_RULE",
        "OVERWORK_GUARD",
        "OVERWORK_CARD_NOTE",
        "ECCENTRIC_WARNING",
        "ECCENTRIC_CARD_NOTE",
    ],
)
def test_screening_wording(name):
    assert_plain(getattr(screening, name))


def _handout_wording_names() -> list[str]:
    """The UPPER_CASE string constants of planner.handout.wording, read from its source so that
    collecting this module never imports the handout package (a broken layout fails only the
    tests below, not the library's and the notes')."""
    if not WORDING_PATH.exists():
        return []
    tree = ast.parse(WORDING_PATH.read_text(encoding="utf-8"))
    return [
        node.targets[0].id
        for node in tree.body
        if isinstance(node, ast.Assign)
        and isinstance(node.targets[0], ast.Name)
        and node.targets[0].id.isupper()
        and _is_sentence(node.value)
    ]


def _is_sentence(value: ast.expr) -> bool:
    """A string, or a string marked for translation as it stands (``gettext_noop("…")``): the
    English sentence is what is graded."""
    if isinstance(value, ast.Call) and getattr(value.func, "id", "") == "gettext_noop":
        value = value.args[0]
    return isinstance(value, ast.Constant) and isinstance(value.value, str)


HANDOUT_NAMES = _handout_wording_names()


@pytest.mark.skipif(not HANDOUT_NAMES, reason=f"{HANDOUT_WORDING} does not exist (yet)")
@pytest.mark.parametrize("name", HANDOUT_NAMES or ["(none)"])
def test_handout_wording(name):
    assert_plain(getattr(importlib.import_module(HANDOUT_WORDING), name))


def test_every_handout_sentence_is_graded():
    if not HANDOUT_NAMES:
        pytest.skip(f"{HANDOUT_WORDING} does not exist (yet)")
    module = importlib.import_module(HANDOUT_WORDING)
    constants = {k for k, v in vars(module).items() if k.isupper() and isinstance(v, str)}
    assert constants == set(HANDOUT_NAMES)


def test_the_grade_check_catches_hard_text():
    # The seeded note that read at grade 12.2 before it was rewritten.
    with pytest.raises(AssertionError, match=r"grade 12\.2"):
        assert_plain(
            "Muscle loss is often easiest to notice by comparing sides: look at one hand, arm or "
            "leg next to the other one and tell your provider if one is thinner or weaker."
        )
