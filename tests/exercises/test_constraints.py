"""The library's default dosage is range-checked by the database."""

import pytest
from django.db import IntegrityError, transaction

from tests.constraints import rejected
from tests.factories import make_exercise

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("overrides", "constraint"),
    [
        ({"default_sets": 0}, "exercise_default_sets_1_10"),
        ({"default_sets": 11}, "exercise_default_sets_1_10"),
        ({"default_repetitions": 101}, "exercise_default_reps_1_100"),
        ({"default_hold_seconds": 301}, "exercise_default_hold_0_300"),
        ({"default_rest_seconds": 601}, "exercise_default_rest_0_600"),
        ({"default_duration_minutes": 121}, "exercise_default_duration_1_120"),
        ({"default_times_per_day": 7}, "exercise_default_times_per_day_1_6"),
        ({"default_days_per_week": 8}, "exercise_default_days_per_week_1_7"),
        (
            {"default_repetitions": None, "default_duration_minutes": None},
            "exercise_default_reps_or_duration",
        ),
    ],
)
def test_exercise_default_dosage_is_checked_by_the_database(overrides, constraint):
    assert rejected(lambda: make_exercise(**overrides), constraint)


def test_a_dosage_within_the_limits_is_stored():
    assert not rejected(
        lambda: make_exercise(default_sets=10, default_days_per_week=7),
        "exercise_default_sets_1_10",
    )


def test_exercise_slug_and_name_are_unique():
    make_exercise(slug="sit-to-stand", name="Sit to stand")
    # Unique fields: SQLite names the column (table.slug), PostgreSQL the index (table_slug_key).
    with pytest.raises(IntegrityError, match=r"exercises_exercise[._]slug"), transaction.atomic():
        make_exercise(slug="sit-to-stand")
    with pytest.raises(IntegrityError, match=r"exercises_exercise[._]name"), transaction.atomic():
        make_exercise(name="Sit to stand")
