"""Exercise drawings (issue 13): every library exercise has a pose description that validates and
draws; bad descriptions are refused with a message; the drawing is mirrored for the prescribed
side; the text alternative says what the two positions show."""

import math

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.graphics import renderPDF

from exercises.drawing import drawing_alt, drawing_svg, parse_pose, validate_pose
from exercises.drawing.pdf import scene_drawing
from exercises.drawing.pose import RANGES, PoseError
from exercises.drawing.scene import ACCENT, build_scene
from exercises.library import LIBRARY_PATH

LIBRARY = yaml.safe_load(LIBRARY_PATH.read_text(encoding="utf-8"))
EXERCISES = {e["slug"]: e for e in LIBRARY["exercises"]}

KNEE = {
    "view": "side",
    "base": "chair",
    "moving": "right_shank",
    "start": {"hip": 90, "knee": 90},
    "end": {"hip": 90, "knee": 90, "right_knee": 0},
    "props": [{"kind": "ankle_weight", "at": "right_ankle"}],
}
ARM_OUT = {
    "view": "front",
    "base": "floor",
    "moving": "right_arm",
    "start": {},
    "end": {"right_shoulder_out": 90},
}


@pytest.mark.parametrize("slug", sorted(EXERCISES))
def test_every_library_exercise_has_a_drawing_that_validates_and_draws(slug):
    pose = EXERCISES[slug].get("pose")
    assert pose, f"{slug} has no pose description"
    assert validate_pose(pose) == ""
    spec = parse_pose(pose)
    for side in ("right", "left", ""):
        scene = build_scene(spec, side)
        x0, y0, x1, y1 = scene.box
        assert all(math.isfinite(v) for v in scene.box)
        # A figure of believable size: not a speck, not off in the distance.
        assert 0.5 < x1 - x0 < 4
        assert 0.4 < y1 - y0 < 3
        assert any(shape.stroke == ACCENT for shape in scene.shapes), "nothing is highlighted"
        assert "<title>" in drawing_svg(pose, EXERCISES[slug]["name"], side)
    assert renderPDF.drawToString(scene_drawing(build_scene(spec, "left"), 120, 120))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"end": {"knee": 200}}, "knee 200° is outside 0° to 150°"),
        ({"end": {"right_elbw": 10}}, "'right_elbw' is not a joint the figure has"),
        ({"end": {"right_trunk": 10}}, "'trunk' has no side"),
        ({"end": {"knee": "bent"}}, "knee must be a number of degrees"),
        ({"props": [{"kind": "trampoline"}]}, "unknown prop 'trampoline'"),
        ({"props": [{"kind": "wall"}]}, "a wall needs 'at'"),
        ({"props": [{"kind": "band", "at": "right_paw"}]}, "'right_paw' is not a point"),
        ({"moving": "tail"}, "moving must name a part"),
        ({"view": "aerial"}, "view must be one of side, front, top"),
        ({"base": "pool"}, "a pool drawing gives its water line"),
        ({"end": {"hip": 90, "knee": 90}}, "the start and end positions are the same"),
        ({"colour": "red"}, "unknown pose keys: colour"),
    ],
)
def test_a_description_that_cannot_be_drawn_is_refused_with_a_reason(change, message):
    pose = {**KNEE, **change}
    with pytest.raises(PoseError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_pose(pose)
    assert message in validate_pose(pose)


def _accent_xs(scene):
    return [x for shape in scene.shapes if shape.stroke == ACCENT for x, _ in shape.points]


def test_the_left_side_is_drawn_mirrored_with_the_left_limb_moving():
    right, left = build_scene(parse_pose(KNEE), "right"), build_scene(parse_pose(KNEE), "left")
    assert (right.mirrored, left.mirrored) == (False, True)
    # Facing right, the moving shin reaches out to the right of the figure; mirrored, to the left.
    assert min(_accent_xs(right)) > 0
    assert max(_accent_xs(left)) < 0


def test_in_a_front_view_the_highlight_moves_to_the_other_arm():
    """Facing us, the figure's right arm is on our left; a left-side plan highlights the arm on
    our right instead."""
    right, left = (
        build_scene(parse_pose(ARM_OUT), "right"),
        build_scene(parse_pose(ARM_OUT), "left"),
    )
    assert max(_accent_xs(right)) < 0 < min(_accent_xs(left))


def test_the_text_alternative_names_the_exercise_the_positions_and_the_side():
    assert drawing_alt(KNEE, "Seated knee straightening", "left") == (
        "Drawing of Seated knee straightening: sitting on a chair; the left knee straightens."
    )
    assert drawing_alt(ARM_OUT, "Side raise") == (
        "Drawing of Side raise: standing; the right arm lifts out to the side."
    )
    svg = drawing_svg(KNEE, "Knee <b>& co</b>", "right")
    assert 'aria-label="Drawing of Knee &lt;b&gt;&amp; co&lt;/b&gt;: sitting' in svg
    assert "<b>" not in svg


angles = st.fixed_dictionaries(
    {},
    optional={
        joint: st.integers(low, high)
        for joint, (low, high) in RANGES.items()
        if joint not in {"trunk_side", "trunk_turn"}
    },
)


@settings(max_examples=150, deadline=None)
@given(
    start=angles,
    end=angles,
    view=st.sampled_from(["side", "front", "top"]),
    base=st.sampled_from(["floor", "chair", "bed", "pool"]),
    moving=st.sampled_from(
        ["right_leg", "left_arm", "arms", "legs", "trunk", "body", "right_hand"]
    ),
    side=st.sampled_from(["", "left", "right", "both"]),
)
def test_any_pose_within_the_ranges_draws(start, end, view, base, moving, side):
    pose = {"view": view, "base": base, "moving": moving, "start": start, "end": end}
    if base == "pool":
        pose["water"] = "waist"
    if start == end:
        assert "nothing moves" in validate_pose(pose)
        return
    scene = build_scene(parse_pose(pose), side)
    assert all(math.isfinite(v) for v in scene.box)
    assert drawing_svg(pose, "Any", side).startswith("<svg")


@settings(max_examples=60, deadline=None)
@given(
    joint=st.sampled_from(sorted(RANGES)),
    beyond=st.integers(1, 720),
    above=st.booleans(),
)
def test_any_angle_outside_its_range_is_refused(joint, beyond, above):
    low, high = RANGES[joint]
    value = high + beyond if above else low - beyond
    pose = {**KNEE, "end": {**KNEE["end"], joint: value}}
    assert "outside" in validate_pose(pose)


@pytest.mark.parametrize(
    ("pose", "says"),
    [
        (
            {"base": "floor", "moving": "legs", "start": {}, "end": {"ankle": -30}},
            "Drawing of It: standing; both heels lift.",
        ),
        (
            {
                "base": "bed",
                "moving": "trunk",
                "start": {"trunk": -90, "hip": 50, "knee": 100},
                "end": {"trunk": -112, "hip": 25, "knee": 100},
            },
            "Drawing of It: lying on the back; the hips lift.",
        ),
        (
            {
                "base": "bed",
                "moving": "right_leg",
                "start": {"trunk": -90, "roll": -90},
                "end": {"trunk": -90, "roll": -90, "right_hip_out": 35},
            },
            "Drawing of It: lying on the side; the right leg moves out to the side.",
        ),
        (
            {
                "base": "chair",
                "moving": "body",
                "start": {"hip": 90, "knee": 90, "trunk": 15},
                "end": {},
            },
            "Drawing of It: from sitting on a chair to standing; both legs straighten at the hip; "
            "both knees straighten.",
        ),
    ],
)
def test_the_text_alternative_says_it_as_a_person_would(pose, says):
    assert drawing_alt({"view": "side", **pose}, "It") == says
