"""`manage.py library_review -o FILE`: the library and the screening catalogue as a CSV sheet a
clinical lead can read and sign off outside the code."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from exercises.models import Condition, Exercise
from exercises.review import COLUMNS, review_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def library():
    call_command("load_library", stdout=io.StringIO())


def read_sheet(path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream))


def test_the_sheet_lists_every_exercise_and_condition_with_what_screening_uses(library, tmp_path):
    out = tmp_path / "review.csv"
    stdout = io.StringIO()
    call_command("library_review", "-o", str(out), stdout=stdout)

    rows = read_sheet(out)
    assert list(rows[0]) == COLUMNS
    exercises = [r for r in rows if r["Record"] == "Exercise"]
    conditions = [r for r in rows if r["Record"] == "Condition"]
    assert len(exercises) == Exercise.objects.count() > 40
    assert len(conditions) == Condition.objects.count() > 5
    assert f"Wrote {len(rows)} rows" in stdout.getvalue()

    pool = Exercise.objects.filter(contraindications__isnull=False).distinct().first()
    row = next(r for r in exercises if r["Slug"] == pool.slug)
    assert row["Hard stops"] == "; ".join(sorted(c.name for c in pool.contraindications.all()))
    assert row["Kind"] == pool.get_category_display()
    assert row["Steps"].startswith(f"1. {pool.steps[0]}")
    assert row["Reviewed by"] == ""
    assert row["Comments"] == ""
    condition = Condition.objects.first()
    row = next(r for r in conditions if r["Slug"] == condition.slug)
    assert (row["Condition group"], row["Explanation or summary"]) == (
        condition.get_group_display(),
        condition.explanation,
    )


def test_the_sheet_reads_in_a_fixed_number_of_queries(library):
    expected = Exercise.objects.count() + Condition.objects.count()
    with CaptureQueriesContext(connection) as all_rows:
        assert len(list(review_rows())) == expected
    Exercise.objects.filter(pk__in=Exercise.objects.values("pk")[:20]).delete()
    with CaptureQueriesContext(connection) as fewer_rows:
        list(review_rows())
    assert len(all_rows) == len(fewer_rows) <= 5


@pytest.mark.parametrize(
    ("name", "message"),
    [("review.pdf", "is not a .csv file"), ("missing/review.csv", "does not exist")],
)
def test_a_file_it_cannot_write_is_refused_with_the_reason(tmp_path, name, message):
    with pytest.raises(CommandError, match=message):
        call_command("library_review", "-o", str(tmp_path / name))


def test_an_existing_file_is_kept_unless_forced(library, tmp_path):
    out = tmp_path / "review.csv"
    out.write_text("signed off last month")
    with pytest.raises(CommandError, match="add --force"):
        call_command("library_review", "-o", str(out))
    assert out.read_text() == "signed off last month"
    call_command("library_review", "-o", str(out), "--force", stdout=io.StringIO())
    assert read_sheet(out)[0]["Record"] == "Exercise"
