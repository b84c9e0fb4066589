"""The exercise drawings' text alternatives in Spanish (issue 18): ``alt_text`` puts the
description together in English and says each phrase in the active language, so every phrase it
can make must be in ``exercises.drawing.words`` (the catalogue's list) and have its Spanish. The
English ones are checked by tests/exercises/test_drawings.py."""

import pytest
from django.utils import translation

from exercises.drawing import describe, drawing_alt, drawing_svg
from exercises.drawing.pose import PARTS, WATER
from exercises.drawing.words import MOVES, POSTURES
from tests.exercises.test_drawings import ARM_OUT, EXERCISES, KNEE

# The parts a drawing names with a side when it cannot say how they move ("the right foot").
SIDED_PARTS = ("arm", "forearm", "hand", "leg", "shank", "foot")


def phrases_alt_text_can_make() -> tuple[set[str], set[str]]:
    """(postures, moves): every phrase ``describe.alt_text`` can put in a description, made the
    way it makes them."""
    postures = {
        "lying on the side",
        "lying on the back",
        "lying face down",
        "sitting on a chair",
        "sitting on the bed",
        "standing",
        *(f"standing in water up to the {water}" for water in WATER),
    }
    changes = []
    for joint, up, down in describe._CHANGES:
        verbs = [up, down]
        if joint == "hip":
            verbs.append("straightens at the hip")
        if joint == "ankle":
            verbs.append("lifts the heel")
        if joint == "trunk":
            verbs += [
                "lifts the hips",
                "lifts the upper body",
                "lifts the chest",
                "lowers the chest",
            ]
        words = describe._JOINT_WORDS[joint]
        for verb in verbs:
            if joint.startswith("trunk"):
                changes.append(f"{words} {verb}")
            else:
                changes.append(f"both {words}s {describe._plural(verb)}")
                changes += [f"the {side} {words} {verb}" for side in ("right", "left")]
    for part in PARTS:
        changes.append(f"the {part} moves as the steps say")
        if part in SIDED_PARTS:
            changes += [f"the {side} {part} moves as the steps say" for side in ("right", "left")]
    return postures, {describe._PLAINER.get(change, change) for change in changes}


def test_every_phrase_alt_text_can_make_is_listed_for_the_catalogue():
    postures, moves = phrases_alt_text_can_make()
    assert postures == set(POSTURES)
    assert moves == set(MOVES)


@pytest.mark.parametrize("phrase", [*POSTURES, *MOVES])
def test_every_phrase_has_its_spanish(phrase):
    with translation.override("es"):
        spanish = translation.gettext(phrase)
    assert spanish != phrase


def test_a_drawing_is_described_in_spanish():
    with translation.override("es"):
        assert drawing_alt(KNEE, "Seated knee straightening", "left") == (
            "Dibujo de Seated knee straightening: sentado en una silla; "
            "la rodilla izquierda se estira."
        )
        assert drawing_alt(ARM_OUT, "Side raise") == (
            "Dibujo de Side raise: de pie; el brazo derecho sube hacia el lado."
        )


def test_the_inline_drawing_is_kept_apart_by_language():
    english = drawing_svg(KNEE, "Knee lift", "right")
    with translation.override("es"):
        spanish = drawing_svg(KNEE, "Knee lift", "right")
    assert 'aria-label="Drawing of Knee lift: sitting on a chair; the right knee straightens.' in (
        english
    )
    assert (
        'aria-label="Dibujo de Knee lift: sentado en una silla; la rodilla derecha se estira.'
        in (spanish)
    )
    assert drawing_svg(KNEE, "Knee lift", "right") == english


@pytest.mark.parametrize("slug", sorted(EXERCISES))
def test_every_library_drawing_reads_in_spanish(slug):
    pose = EXERCISES[slug]["pose"]
    english = drawing_alt(pose, "X", "left")
    with translation.override("es"):
        spanish = drawing_alt(pose, "X", "left")
    assert spanish.startswith("Dibujo de X: ")
    assert not any(phrase in spanish for phrase in (*POSTURES, *MOVES)), spanish
    assert english.startswith("Drawing of X: ")
