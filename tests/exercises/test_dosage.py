"""Dosage as a plain sentence, the way the portal and handout print it."""

import pytest
import textstat
from hypothesis import given
from hypothesis import strategies as st

from exercises.dosage import dosage_sentence, effort_sentence, side_words
from exercises.models import BodyRegion
from tests.factories import make_dosage as dose


@pytest.mark.parametrize(
    ("overrides", "sentence"),
    [
        (
            {
                "sets": 3,
                "repetitions": 10,
                "hold_seconds": 5,
                "times_per_day": 2,
                "days_per_week": 5,
                "side": "left",
                "body_region": "knee_calf",
            },
            "3 sets of 10, hold each for 5 seconds, twice a day, 5 days a week, your left leg",
        ),
        ({"duration_minutes": 15}, "15 minutes, once a day, 3 days a week"),
        ({"sets": 2, "duration_minutes": 1}, "2 rounds of 1 minute, once a day, 3 days a week"),
        (
            {"sets": 2, "duration_minutes": 5, "rest_seconds": 120},
            "2 rounds of 5 minutes, rest 2 minutes between rounds, once a day, 3 days a week",
        ),
        (
            {"sets": 2, "repetitions": 8, "rest_seconds": 60, "days_per_week": 7},
            "2 sets of 8, rest 1 minute between sets, once a day, every day",
        ),
        (
            {"sets": 1, "repetitions": 1, "rest_seconds": 90},
            "1 set of 1, once a day, 3 days a week",
        ),
        (
            {"repetitions": 12, "times_per_day": 3, "side": "both", "body_region": "hand_wrist"},
            "1 set of 12, 3 times a day, 3 days a week, each hand",
        ),
        (
            {"repetitions": 12, "side": "right", "body_region": "trunk"},
            "1 set of 12, once a day, 3 days a week, your right side",
        ),
    ],
)
def test_dosage_sentence(overrides, sentence):
    assert dosage_sentence(dose(**overrides)) == sentence


@pytest.mark.parametrize(
    ("side", "region", "words"),
    [
        ("left", "hip_thigh", "your left leg"),
        ("right", "shoulder_upper_arm", "your right arm"),
        ("both", "ankle_foot", "each foot"),
        ("both", "trunk", "both sides"),
        ("left", "", "your left side"),
        ("", "knee_calf", ""),
    ],
)
def test_the_side_is_named_by_the_limb(side, region, words):
    assert side_words(side, region) == words


@given(
    side=st.sampled_from(["left", "right", "both"]),
    region=st.sampled_from([*BodyRegion.values, ""]),
)
def test_every_side_and_region_names_a_side(side, region):
    words = side_words(side, region)
    assert words.split()[-1] in {"arm", "hand", "leg", "foot", "side", "sides"}
    assert ("left" in words) == (side == "left")
    assert ("right" in words) == (side == "right")


def test_effort_in_words_follows_the_borg_scale():
    assert effort_sentence(None) == ""
    assert effort_sentence(3) == "Work at about 3 out of 10: you could talk easily."
    assert "cannot talk" in effort_sentence(9)


@pytest.mark.parametrize("effort", range(11))
def test_effort_sentences_read_at_grade_6_or_below(effort):
    sentence = effort_sentence(effort)
    assert f"about {effort} out of 10" in sentence
    assert textstat.flesch_kincaid_grade(sentence) <= 6.0, sentence
