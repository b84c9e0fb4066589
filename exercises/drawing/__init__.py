"""Line drawings of exercises, generated from each exercise's pose description (issue 13).

``pose`` reads and checks a description, ``body`` places the figure's joints, ``scene`` turns the
two positions into shapes, and ``svg`` and ``pdf`` draw those shapes for the web and the handout.
This module is the entry point the rest of the app uses; it knows nothing of patients: a side
("left", "right", "both" or "") is all it is told about a prescription.
"""

import json
from functools import lru_cache

from django.utils import translation

from exercises.drawing.describe import alt_text
from exercises.drawing.pdf import RecordedDrawing
from exercises.drawing.pose import PoseError, PoseSpec, parse_pose, validate_pose
from exercises.drawing.scene import Scene, build_scene
from exercises.drawing.svg import scene_svg

__all__ = [
    "PoseError",
    "alt_text",
    "drawing_alt",
    "drawing_pdf",
    "drawing_scene",
    "drawing_svg",
    "parse_pose",
    "validate_pose",
]


def _key(pose: dict) -> str:
    return json.dumps(pose, sort_keys=True)


@lru_cache(maxsize=512)
def _spec(key: str) -> PoseSpec | None:
    try:
        return parse_pose(json.loads(key))
    except PoseError:
        return None


@lru_cache(maxsize=1024)
def _scene(key: str, side: str) -> Scene | None:
    spec = _spec(key)
    return build_scene(spec, side) if spec else None


def drawing_scene(pose: dict, side: str = "") -> Scene | None:
    """The drawing's shapes, or None when there is no description (or one that cannot be
    drawn: the admin refuses those, an older row may still hold one)."""
    if not pose:
        return None
    return _scene(_key(pose), side if side in ("left", "right") else "")


def drawing_alt(pose: dict, name: str, side: str = "") -> str:
    spec = _spec(_key(pose)) if pose else None
    return alt_text(name, spec, side) if spec else ""


@lru_cache(maxsize=1024)
def _svg(key: str, side: str, name: str, language: str | None) -> str:
    # ``language``: the text alternative's (the active one), so each language keeps its own.
    scene = _scene(key, side)
    spec = _spec(key)
    return scene_svg(scene, alt_text(name, spec, side)) if scene else ""


def drawing_svg(pose: dict, name: str, side: str = "") -> str:
    """The inline SVG with its text alternative, "" when the exercise has no drawing."""
    if not pose:
        return ""
    side = side if side in ("left", "right") else ""
    return _svg(_key(pose), side, name, translation.get_language())


# About 25 KB a drawing recorded: 512 hold the library's drawings (88) for both print sizes and
# both sides, in about 12 MB.
@lru_cache(maxsize=512)
def _pdf(key: str, side: str, max_width: float, max_height: float) -> RecordedDrawing | None:
    scene = _scene(key, side)
    if scene is None:
        return None
    x0, y0, x1, y1 = scene.box
    aspect = (x1 - x0) / (y1 - y0)
    width = min(max_width, max_height * aspect)
    return RecordedDrawing(scene, width, min(max_height, width / aspect))


def drawing_pdf(
    pose: dict, side: str, max_width: float, max_height: float
) -> RecordedDrawing | None:
    """The drawing for a PDF page, as large as fits ``max_width`` by ``max_height`` points
    (kept for the next handout that shows it: a clinic prints the same exercises over and
    over, and drawing them is much of a handout's time), or None when there is none."""
    if not pose:
        return None
    return _pdf(_key(pose), side if side in ("left", "right") else "", max_width, max_height)
