"""`manage.py library_review -o FILE`: the library and the screening catalogue as a sheet (CSV or
PDF) a clinical lead can read and sign off outside the code. Both formats come from
``review_rows``; the PDF is read back with pypdf (in drawing order) and pdfplumber (characters
and sizes)."""

import csv
import datetime
import html
import io
import re
import unicodedata
from collections import Counter

import pdfplumber
import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from core import fonts
from exercises.models import AtrophyType, Condition, ConditionRegion, Exercise, Load
from exercises.review import COLUMNS, review_rows
from exercises.review_pdf import library_review_pdf
from exercises.rules import MAX_STEP_LENGTH, MAX_STEPS
from tests.factories import make_condition, make_exercise

pytestmark = pytest.mark.django_db

PRINTED = datetime.date(2026, 12, 3)
# review_rows: exercises, their atrophy types, hard stops, cautions, easier and harder versions,
# then the conditions.
ROW_QUERIES = 7


@pytest.fixture
def library():
    call_command("load_library", stdout=io.StringIO())


def read_sheet(path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream))


def squeeze(value: str) -> str:
    """Text without whitespace: a cell's words wrap wherever its column ends."""
    return re.sub(r"\s+", "", value)


def pdf_text(content: bytes) -> str:
    """Every page's text in drawing order (cell after cell), without whitespace."""
    return squeeze("".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages))


def sections(text: str, exercises: list[dict[str, str]]) -> dict[str, str]:
    """Each exercise's part of the PDF's text, from its heading (name and slug) to the next."""
    starts = []
    for row in exercises:
        heading = squeeze(row["Name"] + row["Slug"])
        assert text.count(heading) == 1, heading
        starts.append(text.index(heading))
    ends = [*starts[1:], text.index("Screeningconditions")]
    return {row["Slug"]: text[a:b] for row, a, b in zip(exercises, starts, ends, strict=True)}


def stock(count: int) -> None:
    """``count`` exercises with everything the sheet reads: atrophy types, hard stops, cautions,
    and each one harder than the one before."""
    hard_stop, caution = make_condition(), make_condition(region=ConditionRegion.LEG)
    easier = None
    for _ in range(count):
        exercise = make_exercise(load=Load.BODY_WEIGHT, progress_rule="When it feels easy.")
        exercise.atrophy_types.set(AtrophyType.objects.all())
        exercise.contraindications.add(hard_stop)
        exercise.cautions.add(caution)
        if easier is not None:
            easier.harder_versions.add(exercise)
        easier = exercise


# --- the CSV ------------------------------------------------------------------------------------


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
    assert row["Load"] == pool.get_load_display()
    assert row["Steps"].startswith(f"1. {pool.steps[0]}")
    assert row["Reviewed by"] == ""
    assert row["Comments"] == ""
    condition = Condition.objects.first()
    row = next(r for r in conditions if r["Slug"] == condition.slug)
    assert (row["Condition group"], row["Explanation or summary"]) == (
        condition.get_group_display(),
        condition.explanation,
    )
    assert row["Region (condition)"] == condition.get_region_display()


def test_an_exercise_row_names_its_load_its_easier_and_harder_versions_and_the_rule():
    easy = make_exercise(name="Quad sets", load=Load.NONE)
    middle = make_exercise(
        name="Straight leg raise", load=Load.BODY_WEIGHT, progress_rule="10 easy lifts twice."
    )
    hard = make_exercise(name="Leg raise with a weight", load=Load.RESISTED, is_active=False)
    easy.harder_versions.add(middle)
    middle.harder_versions.add(hard)

    rows = {row["Slug"]: row for row in review_rows()}

    row = rows[middle.slug]
    assert row["Load"] == "Body weight"
    assert row["Easier versions"] == "Quad sets"
    assert row["Harder versions"] == "Leg raise with a weight (archived)"
    assert row["Rule for moving on"] == "10 easy lifts twice."
    assert (rows[easy.slug]["Easier versions"], rows[easy.slug]["Harder versions"]) == (
        "",
        "Straight leg raise",
    )
    assert rows[hard.slug]["Load"] == Load.RESISTED.label


def test_a_condition_row_names_its_region_overwork_rules_atrophy_type_and_use():
    nerve = make_condition(
        name="Post-polio syndrome", group="neurogenic", overwork_risk=True, eccentric_risk=True
    )
    knee = make_condition(name="Knee replacement", region=ConditionRegion.LEG)
    unused = make_condition(name="Unused", group="aquatic", is_active=False)
    for _ in range(3):
        make_exercise().cautions.add(nerve)
    make_exercise().contraindications.add(nerve, knee)

    rows = {row["Slug"]: row for row in review_rows()}

    row = rows[nerve.slug]
    assert row["Overwork rules"] == "overwork guard; no heavy slow lowering"
    assert row["Region (condition)"] == "Whole body"
    assert row["Condition group"] == "Neurogenic (overwork risk)"
    assert row["Atrophy types"] == "Neurogenic (nerve injury or disease)"
    assert row["Used in screening"] == "hard stop for 1 exercise; caution for 3 exercises"
    row = rows[knee.slug]
    assert (row["Region (condition)"], row["Overwork rules"], row["Atrophy types"]) == (
        "Leg and hip",
        "",
        "",
    )
    assert rows[unused.slug]["Used in screening"] == "not used by any exercise"
    assert rows[unused.slug]["Active"] == "no"


def test_a_condition_row_gives_its_codes_for_the_reviewer(library, tmp_path):
    out = tmp_path / "review.csv"
    call_command("library_review", "-o", str(out), stdout=io.StringIO())

    codes = {row["Slug"]: row["Codes"] for row in read_sheet(out) if row["Record"] == "Condition"}
    assert codes["orthostatic-hypotension"] == "ICD-10-CM I95.1; SNOMED CT 28651003"
    assert codes["post-polio"] == "ICD-10-CM G14"
    assert codes["diabetic-neuropathy"] == "SNOMED CT 230572002"
    assert codes["uncontrolled-blood-pressure"] == ""
    exercise_codes = {row["Codes"] for row in read_sheet(out) if row["Record"] == "Exercise"}
    assert exercise_codes == {""}


def test_the_sheet_reads_in_a_fixed_number_of_queries(library):
    expected = Exercise.objects.count() + Condition.objects.count()
    with CaptureQueriesContext(connection) as all_rows:
        assert len(list(review_rows())) == expected
    Exercise.objects.filter(pk__in=Exercise.objects.values("pk")[:20]).delete()
    with CaptureQueriesContext(connection) as fewer_rows:
        list(review_rows())
    assert len(all_rows) == len(fewer_rows) == ROW_QUERIES


def test_the_query_count_is_the_same_for_2_and_20_exercises():
    stock(2)
    with CaptureQueriesContext(connection) as two:
        assert len(list(review_rows())) == 2 + 2
        library_review_pdf(printed_on=PRINTED)
    stock(18)
    with CaptureQueriesContext(connection) as twenty:
        assert len(list(review_rows())) == 20 + 4
        library_review_pdf(printed_on=PRINTED)
    assert len(two) == len(twenty) == 2 * ROW_QUERIES


# --- the PDF ------------------------------------------------------------------------------------


def test_the_pdf_shows_every_exercise_and_condition_and_a_sign_off_block(library, tmp_path):
    easier = Exercise.objects.filter(harder_versions__isnull=False).order_by("name").first()
    if easier is None:  # the library file names no harder versions yet
        easier, harder = Exercise.objects.order_by("name")[:2]
        easier.harder_versions.add(harder)
    harder = easier.harder_versions.order_by("name").first()
    out = tmp_path / "review.pdf"
    stdout = io.StringIO()
    call_command("library_review", "-o", str(out), stdout=stdout)

    content = out.read_bytes()
    reader = PdfReader(io.BytesIO(content))
    pages = len(reader.pages)
    assert stdout.getvalue().strip() == (
        f"Wrote {Exercise.objects.count()} exercises and {Condition.objects.count()} conditions "
        f"on {pages} pages to {out}."
    )
    text = pdf_text(content)
    assert squeeze("Exercise library review — Rehab Planner exercise library version") in text
    assert "licensedclinicianmustreview" in text
    for name in [
        *Exercise.objects.values_list("name", flat=True),
        *Condition.objects.values_list("name", flat=True),
    ]:
        assert squeeze(name) in text, name
    exercises = [row for row in review_rows() if row["Record"] == "Exercise"]
    by_slug = sections(text, exercises)
    assert "Harderversions" + squeeze(harder.name) in by_slug[easier.slug]
    assert "Easierversions" + squeeze(easier.name) in by_slug[harder.slug]
    # The sign-off block closes the last page, and every page says which of how many it is.
    last = squeeze(reader.pages[-1].extract_text())
    for label in ("Sign-off", "Reviewedby", "Role", "Signature", "Date", "Comments"):
        assert label in last
    for number, page in enumerate(reader.pages, 1):
        assert f"Page{number}of{pages}" in squeeze(page.extract_text())


def test_the_csv_and_the_pdf_have_the_same_records(library, tmp_path):
    call_command("library_review", "-o", str(tmp_path / "r.csv"), stdout=io.StringIO())
    call_command("library_review", "-o", str(tmp_path / "r.pdf"), stdout=io.StringIO())
    rows = read_sheet(tmp_path / "r.csv")
    text = pdf_text((tmp_path / "r.pdf").read_bytes())

    exercises = [row for row in rows if row["Record"] == "Exercise"]
    conditions = [row for row in rows if row["Record"] == "Condition"]
    assert f"{len(exercises)}exercises" in text
    assert f"and{len(conditions)}screeningconditions" in text
    # One table per exercise, in the CSV's order, each with the CSV's values.
    assert text.count("Ruleformovingon") == len(exercises)
    for slug, section in sections(text, exercises).items():
        row = next(r for r in exercises if r["Slug"] == slug)
        for column in ("Load", "Hard stops", "Cautions", "Harder versions"):
            assert squeeze(column + (row[column] or "none")) in section, (slug, column)
    for row in conditions:
        assert squeeze(row["Name"] + row["Slug"] + row["Condition group"]) in text
        assert squeeze(row["Used in screening"]) in text
        # The PDF sets a code a line; the CSV separates them with "; ".
        assert squeeze(row["Codes"].replace(";", "")) in text


def heading_chars(content: bytes) -> list[str]:
    """The characters set in the exercise headings' size (11 pt) on the first page that has
    any (a table that goes on over the page repeats its heading)."""
    with pdfplumber.open(io.BytesIO(content)) as document:
        for page in document.pages:
            chars = [
                char["text"]
                for char in page.chars
                if round(char["size"]) == 11 and not char["text"].isspace()
            ]
            if chars:
                return chars
    return []


def drawn(value: str) -> str:
    """The characters the PDF draws for ``value``: what ``text()`` keeps of it, in drawing
    order, without markup or whitespace."""
    return squeeze(html.unescape(re.sub(r"<[^>]*>", "", fonts.text(value))))


# Characters people type, a few of each kind, so that short strings mix scripts often.
ALPHABET = (
    "AaZzÀÉõüßÇŁœÑ0123456789<>&\"'.,;:-()/ "
    "ΑβγΖωή АБвгд 王小明山田はなこ김민준漢字カタカナ محمدعبداللهتمرين١٢٣،؟ דנהכהןשלום "
    "👍🏽🙂❤⭐✓🇬🇧\u200d\ufe0f\u0301\u0308\n\t\u00a0\u3000\u200b\u202e\u00ad"
)


def any_text(limit: int, min_size: int = 0):
    """Text up to ``limit`` characters as stored (in NFC, which can lengthen it)."""
    return st.one_of(
        st.text(alphabet=st.sampled_from(ALPHABET), min_size=min_size, max_size=limit),
        st.text(
            alphabet=st.characters(codec="utf-8", exclude_characters="\x00"),
            min_size=min_size,
            max_size=limit,
        ),
    ).map(lambda value: unicodedata.normalize("NFC", value)[:limit])


# Bidirectional classes that make text (or a run of it) right to left.
RIGHT_TO_LEFT = {"R", "AL", "RLE", "RLO", "RLI"}
NAME = Exercise._meta.get_field("name").max_length
PRECAUTIONS = Exercise._meta.get_field("precautions").max_length


# Kept: an unbroken name at the longest, a precaution at the longest, markup that must print as
# itself (and fetch nothing), and names in right-to-left scripts that wrap.
@example(name="W" * NAME, precautions=("Stop if it hurts. " * 60)[:PRECAUTIONS])
@example(name="ش" * NAME, precautions="字" * PRECAUTIONS)
@example(name='<b>Leg & "arm"</b> <img src="http://127.0.0.1:9/x.png"/>', precautions="a<b&c")
@example(name=" ".join(["تمرين الركبة", "שלום דנה", "王小明"] * 5)[:NAME], precautions="")
@example(name="Ana 🙂 👍🏽", precautions="👨\u200d👩\u200d👧 " * 100)
# Found by this test: pypdf puts a Latin word inside right-to-left text out of order, so the
# order is read with pdfplumber, as drawn.
@example(name="Aד0A", precautions="")
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(name=any_text(NAME, min_size=1), precautions=any_text(PRECAUTIONS))
def test_any_name_and_precaution_give_a_pdf_that_shows_the_name(name, precautions):
    with transaction.atomic():
        exercise = make_exercise(name=name, precautions=precautions)
        content = library_review_pdf(printed_on=PRINTED).content
        transaction.set_rollback(True)

    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) >= 1
    # Every character of the name is in its heading, once, and no other (the slug is smaller);
    # left-to-right text in the order typed.
    shown = heading_chars(content)
    assert Counter(shown) == Counter(drawn(exercise.name))
    if not any(unicodedata.bidirectional(char) in RIGHT_TO_LEFT for char in exercise.name):
        assert "".join(shown) == drawn(exercise.name)


def test_every_field_at_its_longest_still_lays_out():
    """Nothing stops the PDF: every text at its longest, in unbroken words and in sentences, on
    exercises that go on over a page, and a condition longer than a page."""
    longest = {
        field: Exercise._meta.get_field(field).max_length
        for field in ("name", "summary", "precautions", "progress_rule", "source")
    }
    condition = make_condition(
        name="C" * Condition._meta.get_field("name").max_length,
        explanation=("Stop and rest. " * 50)[: Condition._meta.get_field("explanation").max_length],
    )
    # Longer than a page: only text put in the database directly can be.
    make_condition(explanation="Stop and rest. " * 600)
    for piece in ("W", "Keep your back straight. ", "تمرين الركبة 王小明 "):
        exercise = make_exercise(
            steps=[(piece * MAX_STEP_LENGTH)[:MAX_STEP_LENGTH]] * MAX_STEPS,
            **{field: (piece * limit)[:limit] for field, limit in longest.items()},
        )
        exercise.contraindications.add(condition)
        exercise.cautions.add(condition)

    sheet = library_review_pdf(printed_on=PRINTED)

    assert (sheet.exercises, sheet.conditions) == (3, 2)
    pages = PdfReader(io.BytesIO(sheet.content)).pages
    assert len(pages) == sheet.pages > 3
    assert condition.name in pdf_text(sheet.content)
    # A table that goes on over the page repeats its header once at the top, never mid-page.
    for page in pages:
        assert squeeze(page.extract_text()).count("Conditionandslug") <= 1
    # Long words wrap inside their cells: nothing is pushed off the paper.
    with pdfplumber.open(io.BytesIO(sheet.content)) as document:
        for page in document.pages:
            for char in page.chars:
                assert char["x0"] >= 0, char["text"]
                assert char["x1"] <= page.width, char["text"]
                assert char["top"] >= 0, char["text"]
                assert char["bottom"] <= page.height, char["text"]


def test_the_conditions_table_repeats_its_header_only_at_the_top_of_a_page():
    for n in range(40):
        make_condition(explanation=("Stop and rest. " * 40)[: (n * 97) % 590 + 10])

    pages = PdfReader(io.BytesIO(library_review_pdf(printed_on=PRINTED).content)).pages

    headers = [squeeze(page.extract_text()).count("Conditionandslug") for page in pages]
    assert sum(headers) > 2
    assert max(headers) == 1


# --- the command --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["review.txt", "review", "review.csv.bak"])
def test_a_file_that_is_neither_csv_nor_pdf_is_refused_naming_both(tmp_path, name):
    with pytest.raises(CommandError, match=r"neither a \.csv nor a \.pdf file") as refused:
        call_command("library_review", "-o", str(tmp_path / name))
    assert ".csv" in str(refused.value)
    assert ".pdf" in str(refused.value)
    assert not (tmp_path / name).exists()


@pytest.mark.parametrize("name", ["missing/review.csv", "missing/review.pdf"])
def test_a_missing_folder_is_refused(tmp_path, name):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("library_review", "-o", str(tmp_path / name))


@pytest.mark.parametrize("name", ["review.csv", "REVIEW.PDF"])
def test_an_existing_file_is_kept_unless_forced(library, tmp_path, name):
    out = tmp_path / name
    out.write_text("signed off last month")
    with pytest.raises(CommandError, match="add --force"):
        call_command("library_review", "-o", str(out))
    assert out.read_text() == "signed off last month"
    call_command("library_review", "-o", str(out), "--force", stdout=io.StringIO())
    if out.suffix == ".csv":
        assert read_sheet(out)[0]["Record"] == "Exercise"
    else:
        assert out.read_bytes().startswith(b"%PDF")
