"""Each card of the handout carries its exercise's drawing, in vectors (issue 13): read back from
the PDF's drawing operations, not from its size."""

import datetime
import io

import pdfplumber
import pytest

from exercises.drawing.scene import ACCENT, GHOST
from planner.handout import render_handout
from tests.factories import make_exercise, make_plan

pytestmark = pytest.mark.django_db

POSES = [
    {
        "view": "side",
        "base": "chair",
        "moving": "right_shank",
        "start": {"hip": 90, "knee": 90},
        "end": {"hip": 90, "knee": 90, "right_knee": n * 8},
    }
    for n in range(10)
]


def _is(colour, hex_colour: str) -> bool:
    """Whether a colour pdfplumber read back is ``hex_colour``."""
    wanted = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    return bool(colour) and all(abs(a - b) < 0.01 for a, b in zip(colour, wanted, strict=True))


def drawings(pdf: bytes) -> list[tuple[int, str]]:
    """(page number, that page's text) for each drawing, in reading order: each drawing has one
    faint head (its start pose), a filled grey circle nothing else on the handout uses."""
    found = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for number, page in enumerate(document.pages, start=1):
            heads = [
                c for c in page.curves if c.get("fill") and _is(c["non_stroking_color"], GHOST)
            ]
            text = page.extract_text()
            found += [(number, text) for _ in sorted(heads, key=lambda c: c["top"])]
    return found


@pytest.mark.parametrize("large_print", [False, True])
def test_a_ten_exercise_plan_has_one_drawing_per_card(large_print):
    exercises = [
        make_exercise(
            name=f"Drill {n}",
            steps=[f"Sit tall for drill {n}.", "Lift your foot.", "Lower it."],
            pose=POSES[n],
        )
        for n in range(10)
    ]
    plan = make_plan(exercises=exercises, starts_on=datetime.date(2026, 12, 1))

    found = drawings(render_handout(plan, large_print=large_print))

    assert len(found) == 10
    for n, (_, page_text) in enumerate(found):
        # The n-th drawing is on the page where the n-th card's steps begin.
        assert f"Sit tall for drill {n}." in page_text


def test_a_card_without_a_description_has_no_drawing():
    plain = make_exercise(name="Plain", steps=["Sit.", "Stand.", "Sit again."])
    plan = make_plan(exercises=[plain])

    assert drawings(render_handout(plan)) == []


def test_the_left_side_plan_prints_the_mirrored_drawing():
    exercise = make_exercise(name="Knee", pose=POSES[9])
    plan = make_plan(exercises=[exercise])
    row = plan.program.items.get()
    row.side = "left"
    row.save()

    right_card = render_handout(make_plan(exercises=[make_exercise(name="Knee 2", pose=POSES[9])]))
    left_card = render_handout(plan)

    def accent_lines_x(pdf):
        with pdfplumber.open(io.BytesIO(pdf)) as document:
            return [
                (line["x0"] + line["x1"]) / 2
                for page in document.pages
                for line in page.lines
                if _is(line.get("stroking_color"), ACCENT)
            ]

    def heads_x(pdf):
        with pdfplumber.open(io.BytesIO(pdf)) as document:
            return [
                (c["x0"] + c["x1"]) / 2
                for page in document.pages
                for c in page.curves
                if c.get("fill") and _is(c["non_stroking_color"], GHOST)
            ]

    # Facing right the moving shin is right of the head; mirrored for the left leg, left of it.
    assert min(accent_lines_x(right_card)) > heads_x(right_card)[0]
    assert max(accent_lines_x(left_card)) < heads_x(left_card)[0]
