"""Dosage as a plain sentence, the way the portal and handout print it."""

from types import SimpleNamespace

import pytest

from exercises.dosage import dosage_sentence


def dose(**overrides):
    values = {
        "sets": 1,
        "repetitions": None,
        "hold_seconds": None,
        "rest_seconds": None,
        "duration_minutes": None,
        "times_per_day": 1,
        "days_per_week": 3,
        "side": "",
    }
    values.update(overrides)
    return SimpleNamespace(**values)


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
            },
            "3 sets of 10, hold each for 5 seconds, twice a day, 5 days a week, left side",
        ),
        ({"duration_minutes": 15}, "15 minutes, once a day, 3 days a week"),
        ({"sets": 2, "duration_minutes": 1}, "2 rounds of 1 minute, once a day, 3 days a week"),
        (
            {"sets": 2, "repetitions": 8, "rest_seconds": 60, "days_per_week": 7},
            "2 sets of 8, rest 1 minute between sets, once a day, every day",
        ),
        (
            {"sets": 1, "repetitions": 1, "rest_seconds": 90},
            "1 set of 1, once a day, 3 days a week",
        ),
        (
            {"repetitions": 12, "times_per_day": 3, "side": "both"},
            "1 set of 12, 3 times a day, 3 days a week, both sides",
        ),
    ],
)
def test_dosage_sentence(overrides, sentence):
    assert dosage_sentence(dose(**overrides)) == sentence
