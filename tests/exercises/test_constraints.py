"""The library's default dosage is range-checked by the database."""

import pytest
from django.db import IntegrityError, transaction

from tests.factories import make_exercise

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "overrides",
    [
        {"default_sets": 0},
        {"default_sets": 11},
        {"default_repetitions": 101},
        {"default_hold_seconds": 301},
        {"default_rest_seconds": 601},
        {"default_duration_minutes": 121},
        {"default_times_per_day": 7},
        {"default_days_per_week": 8},
        {"default_repetitions": None, "default_duration_minutes": None},
    ],
)
def test_exercise_default_dosage_is_checked_by_the_database(overrides):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_exercise(**overrides)


def test_exercise_slug_and_name_are_unique():
    make_exercise(slug="sit-to-stand", name="Sit to stand")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_exercise(slug="sit-to-stand")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_exercise(name="Sit to stand")
