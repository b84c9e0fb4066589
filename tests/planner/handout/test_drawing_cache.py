"""A card's drawing is worked out once and copied onto each handout that shows it (issue 17): what
the page gets is byte for byte what reportlab's renderer writes, opacity included, and the copy
kept is the one for that pose, side and size."""

import datetime
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from exercises import drawing
from exercises.drawing.pdf import RecordedDrawing, scene_drawing
from exercises.drawing.scene import Scene
from exercises.drawing.shapes import DEVICE, INK, WATER_FILL, Shape
from planner.handout import render_handout
from tests.factories import make_exercise, make_plan

BOX = (-0.5, 0.0, 0.5, 1.0)
FIGURE = (
    Shape("capsule", ((0.0, 0.2), (0.0, 0.8)), 0.06, INK),
    Shape("circle", ((0.0, 0.9),), 0.08, INK, "#ffffff"),
    Shape("polyline", ((-0.3, 0.1), (0.0, 0.3), (0.3, 0.1)), 0.03, INK),
)
# Two see-through shapes of different opacity: each names a graphics state of the document.
WATER = Scene(
    (Shape("rect", ((-0.5, 0.0), (0.5, 0.4)), 0, WATER_FILL, WATER_FILL, 0.8), *FIGURE),
    BOX,
    False,
)
BRACE = Scene(
    (*FIGURE, Shape("capsule", ((0.0, 0.2), (0.0, 0.5)), 0.05, DEVICE, opacity=0.55)), BOX, False
)
AT = (0, 2 * mm)  # where a card's sketch is drawn inside its flowable


def pdf(draw_each) -> bytes:
    """A one-page PDF with ``draw_each(canvas)`` called on it, in invariant mode."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    canvas.translate(72, 500)
    draw_each(canvas)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def reportlab_draws(*scenes):
    def draw_each(canvas):
        for scene in scenes:
            scene_drawing(scene, 120, 90).drawOn(canvas, *AT)
            canvas.translate(0, -100)

    return draw_each


def copies_draw(*recorded):
    def draw_each(canvas):
        for drawn in recorded:
            drawn.drawOn(canvas, *AT)
            canvas.translate(0, -100)

    return draw_each


def test_a_copied_drawing_is_what_reportlab_writes_the_first_time_and_after():
    water = RecordedDrawing(WATER, 120, 90)
    expected = pdf(reportlab_draws(WATER))

    assert pdf(copies_draw(water)) == expected  # recorded here
    assert pdf(copies_draw(water)) == expected  # copied


def test_opacity_is_named_in_the_order_each_document_first_uses_it():
    water, brace = RecordedDrawing(WATER, 120, 90), RecordedDrawing(BRACE, 120, 90)
    pdf(copies_draw(brace, water))  # recorded in the other order

    assert pdf(copies_draw(water, brace)) == pdf(reportlab_draws(WATER, BRACE))
    assert pdf(copies_draw(brace, water, brace)) == pdf(reportlab_draws(BRACE, WATER, BRACE))


def test_an_opacity_set_around_the_drawing_is_drawn_by_reportlab_itself():
    brace = RecordedDrawing(BRACE, 120, 90)
    pdf(copies_draw(brace))

    def faded(draw_each):
        def draw(canvas):
            canvas.setFillAlpha(0.55)
            draw_each(canvas)

        return draw

    assert pdf(faded(copies_draw(brace))) == pdf(faded(reportlab_draws(BRACE)))


@settings(max_examples=25, deadline=None)
@given(
    x=st.floats(-200, 200, allow_nan=False),
    y=st.floats(-200, 200, allow_nan=False),
    width=st.floats(10, 300),
    height=st.floats(10, 300),
)
def test_any_place_and_size_copies_what_reportlab_writes(x, y, width, height):
    recorded = RecordedDrawing(BRACE, width, height)
    expected = pdf(lambda canvas: scene_drawing(BRACE, width, height).drawOn(canvas, x, y))

    for _ in range(2):
        assert pdf(lambda canvas: recorded.drawOn(canvas, x, y)) == expected


POSE = {
    "view": "side",
    "base": "chair",
    "moving": "right_shank",
    "start": {"hip": 90, "knee": 90},
    "end": {"hip": 90, "knee": 30},
}


def test_the_copy_kept_is_the_one_for_that_pose_side_and_size():
    right = drawing.drawing_pdf(POSE, "right", 250, 130)

    assert drawing.drawing_pdf(dict(POSE), "right", 250, 130) is right
    assert drawing.drawing_pdf(POSE, "left", 250, 130).scene.mirrored
    assert not right.scene.mirrored
    large = drawing.drawing_pdf(POSE, "right", 250, 175)
    assert large.height > right.height
    other = {**POSE, "end": {"hip": 90, "knee": 0}}
    assert drawing.drawing_pdf(other, "right", 250, 130).scene != right.scene
    assert drawing.drawing_pdf({}, "right", 250, 130) is None
    # Kept for the exercises a clinic prints, not for every size ever asked for.
    assert drawing._pdf.cache_info().maxsize == 512


@pytest.mark.django_db
@pytest.mark.parametrize("large_print", [False, True], ids=["regular", "large-print"])
def test_a_handout_is_the_same_with_its_drawings_kept_or_made_anew(large_print):
    poses = [POSE, {**POSE, "end": {"hip": 90, "knee": 0}}]
    plan = make_plan(
        exercises=[make_exercise(pose=pose) for pose in poses],
        starts_on=datetime.date(2026, 12, 1),
    )
    drawing._pdf.cache_clear()
    first = render_handout(plan, large_print=large_print)

    assert drawing._pdf.cache_info().currsize == 2
    assert render_handout(plan, large_print=large_print) == first
    drawing._pdf.cache_clear()
    assert render_handout(plan, large_print=large_print) == first
