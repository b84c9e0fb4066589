"""Dosage, effort and sides in Spanish, and the English exactly as it was before translation."""

import json
import re
from pathlib import Path

import pytest
import textstat
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from exercises.dosage import DOSAGE_LIMITS, dosage_sentence, effort_sentence, side_words
from exercises.models import BodyRegion, Load
from tests.factories import make_dosage

# dosage_sentence, effort_sentence and side_words for 1,858 rows, captured from the code before
# any string was translatable (every value of each field alone, every side and region, and 400
# random rows): the handout and portal English must not move by a byte. One correction was made
# since, in those 65 rows: one day a week read "1 days a week" and now reads "1 day a week".
BEFORE = json.loads((Path(__file__).parent / "english_before.json").read_text(encoding="utf-8"))
FIELDS = BEFORE["dosage"]["fields"]
ROWS = [dict(zip(FIELDS, row, strict=True)) for row in BEFORE["dosage"]["rows"]]


def dose(**values):
    return make_dosage(**{"body_region": "", "load": "none", **values})


def test_one_day_a_week_is_singular_in_english():
    with translation.override("en"):
        assert dosage_sentence(dose(days_per_week=1)).endswith(", 1 day a week")
        assert dosage_sentence(dose(days_per_week=4)).endswith(", 4 days a week")


@pytest.mark.parametrize("language", ["en", "en-us"])
def test_english_is_byte_identical_to_before_translation(language):
    with translation.override(language):
        for row in ROWS:
            expected = row.pop("sentence")
            assert dosage_sentence(dose(**row)) == expected, row
            row["sentence"] = expected
        assert {str(n): effort_sentence(n) for n in range(11)} == BEFORE["effort"]
        assert [[s, r, side_words(s, r)] for s, r, _ in BEFORE["sides"]] == BEFORE["sides"]


@pytest.mark.parametrize(
    ("values", "spanish"),
    [
        (
            {"sets": 3, "repetitions": 10, "hold_seconds": 5, "times_per_day": 2},
            "3 series de 10, mantener 5 segundos, 2 veces al día, 3 días por semana",
        ),
        (
            {"repetitions": 12, "days_per_week": 1, "side": "left", "body_region": "knee_calf"},
            "1 serie de 12, 1 vez al día, 1 día por semana, pierna izquierda",
        ),
        (
            {"sets": 2, "repetitions": 8, "rest_seconds": 60, "days_per_week": 7},
            "2 series de 8, descansar 1 minuto entre series, 1 vez al día, todos los días",
        ),
        (
            {"sets": 2, "duration_minutes": 5, "rest_seconds": 120, "times_per_day": 3},
            "2 tandas de 5 minutos, descansar 2 minutos entre tandas, 3 veces al día, "
            "3 días por semana",
        ),
        (
            {"duration_minutes": 1, "hold_seconds": 90},
            "1 minuto, mantener 90 segundos, 1 vez al día, 3 días por semana",
        ),
        (
            {
                "sets": 3,
                "repetitions": 10,
                "days_per_week": 2,
                "load": "resisted",
                "side": "both",
                "body_region": "shoulder_upper_arm",
            },
            "3 series de 10, 1 vez al día, 2 días por semana, con un día de descanso entre uno y "
            "otro, cada brazo",
        ),
        (
            {
                "repetitions": 15,
                "times_per_day": 6,
                "days_per_week": 5,
                "side": "right",
                "body_region": "hand_wrist",
            },
            "1 serie de 15, 6 veces al día, 5 días por semana, mano derecha",
        ),
        (
            {"repetitions": 10, "side": "left", "body_region": "ankle_foot", "hold_seconds": 1},
            "1 serie de 10, mantener 1 segundo, 1 vez al día, 3 días por semana, pie izquierdo",
        ),
        (
            {"repetitions": 10, "side": "both", "body_region": "trunk"},
            "1 serie de 10, 1 vez al día, 3 días por semana, los dos lados",
        ),
    ],
)
def test_spanish_dosage_sentences(values, spanish):
    with translation.override("es"):
        assert dosage_sentence(dose(**values)) == spanish


@pytest.mark.parametrize(
    ("side", "region", "spanish"),
    [
        ("left", "hip_thigh", "pierna izquierda"),  # the side after the limb, agreeing with it
        ("right", "elbow_forearm", "brazo derecho"),
        ("both", "ankle_foot", "cada pie"),
        ("left", "hand_wrist", "mano izquierda"),
        ("right", "", "lado derecho"),
        ("both", "trunk", "los dos lados"),
        ("", "knee_calf", ""),
    ],
)
def test_spanish_sides(side, region, spanish):
    with translation.override("es"):
        assert side_words(side, region) == spanish


def words(text: str) -> set[str]:
    return set(re.findall(r"[^\W\d_]+", text.lower()))


ENGLISH_DOSAGE_WORDS = set().union(*(words(row["sentence"]) for row in ROWS))
ENGLISH_EFFORT_WORDS = set().union(*(words(s) for s in BEFORE["effort"].values())) - {"no"}
# "no" is the same word in both languages ("no puede hablar").
# A count and the noun it governs: singular for 1, plural for every other number.
COUNTED = re.compile(r"(\d+) (serie|tanda|minuto|segundo|vez|día)(s|es)?\b")


def value(field, *, optional=False):
    low, high, _, _ = DOSAGE_LIMITS[field]
    numbers = st.integers(low, high)
    return st.none() | numbers if optional else numbers


@settings(max_examples=300, deadline=None)
@given(
    sets=value("sets"),
    repetitions=value("repetitions", optional=True),
    hold=value("hold_seconds", optional=True),
    rest=value("rest_seconds", optional=True),
    duration=value("duration_minutes", optional=True),
    times=value("times_per_day"),
    days=value("days_per_week"),
    side=st.sampled_from(["", "left", "right", "both"]),
    region=st.sampled_from([*BodyRegion.values, ""]),
    load=st.sampled_from([*Load.values, None]),
)
def test_every_allowed_dosage_reads_in_spanish(
    sets, repetitions, hold, rest, duration, times, days, side, region, load
):
    if repetitions is None and duration is None:
        duration = 10  # the database asks for one or the other (dosage_constraints)
    item = dose(
        sets=sets,
        repetitions=repetitions,
        hold_seconds=hold,
        rest_seconds=rest,
        duration_minutes=duration,
        times_per_day=times,
        days_per_week=days,
        side=side,
        body_region=region,
        load=load,
    )
    with translation.override("es"):
        spanish = dosage_sentence(item)

    assert not words(spanish) & ENGLISH_DOSAGE_WORDS, spanish
    counted = COUNTED.findall(spanish)
    assert counted, spanish
    for number, _, plural in counted:
        assert (plural == "") == (number == "1"), spanish
    assert ("1 vez al día" if times == 1 else f"{times} veces al día") in spanish
    if days == 7:
        assert "todos los días" in spanish
    else:
        assert (f"{days} día por semana" if days == 1 else f"{days} días por semana") in spanish
    if repetitions:
        assert re.search(rf"\b{sets} series? de {repetitions}\b", spanish)
    elif sets > 1:
        assert re.search(rf"\b{sets} tandas de {duration} minutos?\b", spanish)
    assert ("mantener" in spanish) == bool(hold)
    assert ("descansar" in spanish) == bool(rest and sets > 1)


@pytest.mark.parametrize("effort", range(11))
def test_spanish_effort_sentences(effort):
    with translation.override("es"):
        spanish = effort_sentence(effort)
    assert spanish.startswith(f"Haga un esfuerzo de más o menos {effort} sobre 10: ")
    assert spanish.endswith(".")
    assert not words(spanish) & ENGLISH_EFFORT_WORDS, spanish


def test_the_talk_test_reads_in_spanish():
    with translation.override("es"):
        assert (
            effort_sentence(3)
            == "Haga un esfuerzo de más o menos 3 sobre 10: podría hablar sin problema."
        )
        assert effort_sentence(9).endswith("no puede hablar.")
        assert effort_sentence(None) == ""


@pytest.fixture
def spanish_textstat():
    # textstat's language is global: set back to its default so the English grade tests keep it.
    textstat.set_lang("es")
    yield textstat
    textstat.set_lang("en_US")


def test_spanish_effort_sentences_read_easily(spanish_textstat):
    # Fernández-Huerta, the Spanish Flesch: 70 and above reads "bastante fácil" or easier
    # (the aim issue 18 sets for the Spanish texts).
    with translation.override("es"):
        for effort in range(11):
            sentence = effort_sentence(effort)
            assert spanish_textstat.fernandez_huerta(sentence) >= 70, sentence
