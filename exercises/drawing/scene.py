"""A pose description turned into shapes on a flat page: the start pose faint, the end pose solid
with the moving part in the accent colour, an arrow along the movement, and the props.

The shapes are plain data (``Shape``) in metres with y pointing up; ``svg`` and ``pdf`` only
translate them, so the web and the handout draw the same picture.
"""

from dataclasses import dataclass

from exercises.drawing.body import HEAD_RADIUS, THICKNESS, Body, pose_body
from exercises.drawing.pose import PARTS, SEATS, Pose, PoseSpec
from exercises.drawing.props import base_shapes, device_shapes, prop_shapes
from exercises.drawing.shapes import (
    ACCENT,
    BED,
    CHAIR_FEET,
    FAR,
    GHOST,
    INK,
    SEATED_ABOVE_SEAT,
    Shape,
)

__all__ = ["ACCENT", "GHOST", "INK", "Scene", "Shape", "build_scene"]


@dataclass(frozen=True)
class Scene:
    shapes: tuple[Shape, ...]
    box: tuple[float, float, float, float]  # min x, min y, max x, max y
    mirrored: bool


def _lerp_pose(a: Pose, b: Pose, t: float) -> Pose:
    keys = set(a.angles) | set(b.angles)
    angles = {}
    for key in keys:
        side, _, joint = key.partition("_")
        if side in ("right", "left"):
            va, vb = a.get(joint, side), b.get(joint, side)
        else:
            va, vb = a.get(key), b.get(key)
        angles[key] = va + (vb - va) * t
    # A shared angle ("knee") given on one side only still applies to the other.
    return Pose(angles)


def _moving_sides(spec: PoseSpec) -> set[str]:
    if spec.moving_side:
        return {spec.moving_side}
    return {"right", "left"} if spec.moving_part in {"arms", "legs", "body"} else {""}


def _seated(body: Body) -> bool:
    """Whether the figure sits: the pelvis would be low with the feet on the floor."""
    feet = min(body.points[f"{s}_{p}"][1] for s in ("right", "left") for p in ("heel", "toe"))
    return -feet < SEATS["high"] + SEATED_ABOVE_SEAT + 0.12 and body.points["right_knee"][1] > -0.3


def _offset(spec: PoseSpec, body: Body) -> tuple[float, float]:
    """Where this pose's pelvis goes, so the figure sits, lies or stands on its base."""
    p = body.points
    if spec.rest:
        top = {"bed": BED, "chair": SEATS[spec.seat]}.get(spec.base, 0.0)
        # Each resting point touches the base with the outside of its limb, not its centre.
        lowest = min(p[k][1] - _REST_PAD.get(k.split("_")[-1], 0.03) for k in spec.rest)
        return -p[spec.rest[0]][0], top - lowest
    if spec.base == "bed":
        lowest = min(p[k][1] for k in ("pelvis", "chest", "head"))
        return -p["pelvis"][0], BED + THICKNESS["trunk"] / 2 - lowest
    if spec.base == "chair" and _seated(body):
        return -p["pelvis"][0], SEATS[spec.seat] + SEATED_ABOVE_SEAT
    moving_legs = spec.moving_part in {"leg", "shank", "foot", "legs", "body"}
    stance = [
        s
        for s in ("right", "left")
        if not (moving_legs and (not spec.moving_side or spec.moving_side == s))
    ] or ["right", "left"]
    lowest = min(p[f"{s}_{k}"][1] for s in stance for k in ("heel", "toe"))
    anchor = sum(p[f"{s}_ankle"][0] for s in stance) / len(stance)
    if spec.base == "chair":
        # Standing up from the chair: the feet stay where they were when seated.
        return CHAIR_FEET - anchor, -lowest + THICKNESS["foot"] / 2
    return -anchor, -lowest + THICKNESS["foot"] / 2


_REST_PAD = {
    "pelvis": THICKNESS["trunk"] / 2,
    "chest": THICKNESS["trunk"] / 2,
    "head": HEAD_RADIUS,
    "shoulder": THICKNESS["upper_arm"] / 2,
    "elbow": THICKNESS["forearm"] / 2,
    "wrist": THICKNESS["forearm"] / 2,
    "hand": THICKNESS["hand"] / 2,
    "hip": THICKNESS["thigh"] / 2,
    "knee": THICKNESS["shank"] / 2,
    "ankle": THICKNESS["shank"] / 2,
    "heel": THICKNESS["foot"] / 2,
    "toe": THICKNESS["foot"] / 2,
}


def _placed(spec: PoseSpec, pose: Pose, offset=None) -> Body:
    body = pose_body(pose)
    dx, dy = offset or _offset(spec, body)
    return body.moved(dx, dy)


class _Projection:
    def __init__(self, view: str, mirrored: bool):
        self.view, self.mirrored = view, mirrored

    def point(self, p) -> tuple[float, float]:
        x, y, z = p
        if self.view == "front":
            return (-z, y)
        if self.view == "top":
            return (x, -z)
        return (-x if self.mirrored else x, y)

    def depth(self, p) -> float:
        x, y, z = p
        if self.view == "front":
            return x
        if self.view == "top":
            return y
        return -z if self.mirrored else z


def _farthest(spec: PoseSpec, side: str, start: Body, end: Body, proj) -> str:
    """The point of the moving part that travels farthest on the page (the arrow follows it)."""
    candidates = [_distal(spec, side)]
    names = {
        "upper_arm": "elbow",
        "forearm": "wrist",
        "hand": "hand",
        "thigh": "knee",
        "shank": "ankle",
        "foot": "toe",
    }
    for part in PARTS[spec.moving_part]:
        if part in names:
            candidates.append(f"{side or 'right'}_{names[part]}")
    candidates += (
        ["head", "pelvis", "chest"] if spec.moving_part in {"trunk", "body", "arms", "legs"} else []
    )

    def travel(name):
        return _dist2(proj.point(start.points[name]), proj.point(end.points[name]))

    best = max(candidates, key=travel)
    # The far end of the limb unless another point travels clearly farther.
    return candidates[0] if travel(candidates[0]) >= 0.7 * travel(best) else best


def _distal(spec: PoseSpec, side: str) -> str:
    part = spec.moving_part
    if part == "body":
        return "pelvis"
    if part == "trunk":
        return "head"
    point = "toe" if part in {"leg", "shank", "foot", "legs"} else "hand"
    return f"{side or 'right'}_{point}"


def build_scene(spec: PoseSpec, side: str = "") -> Scene:
    """The drawing for a prescription of ``side`` ("left" mirrors a side view so the left limb
    is the near one and moves; "right", "both" or "" draw the description as written)."""
    if (side == "left" and spec.moving_side == "right") or (
        side == "right" and spec.moving_side == "left"
    ):
        spec = swap_sides(spec)
    mirrored = spec.view == "side" and spec.moving_side == "left"
    proj = _Projection(spec.view, mirrored)
    start_offset = _offset(spec, pose_body(spec.start))
    end_offset = _offset(spec, pose_body(spec.end))
    start = _placed(spec, spec.start, start_offset)
    end = _placed(spec, spec.end, end_offset)
    moving = _moving_sides(spec)
    parts = set(PARTS[spec.moving_part])

    shapes: list[Shape] = []
    shapes += base_shapes(spec, start, end, proj)
    shapes += _figure(start, proj, ghost=True, moving=moving, parts=parts)
    shapes += prop_shapes(spec, start, end, proj)
    shapes += _figure(end, proj, ghost=False, moving=moving, parts=parts)
    shapes += device_shapes(spec, end, proj)
    shapes += _arrows(spec, start_offset, end_offset, proj, moving)
    box = _box(shapes)
    if spec.focus:
        box = _focus_box(spec.focus, start, end, proj, box)
    return Scene(tuple(shapes), box, mirrored)


FOCUS_MARGIN = 0.3  # metres around the focus points: enough of the limb to know what it is


def _focus_box(names, start: Body, end: Body, proj, whole) -> tuple[float, float, float, float]:
    points = [proj.point(body.points[n]) for body in (start, end) for n in names]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    box = (
        min(xs) - FOCUS_MARGIN,
        min(ys) - FOCUS_MARGIN,
        max(xs) + FOCUS_MARGIN,
        max(ys) + FOCUS_MARGIN,
    )
    # Never wider than the whole drawing.
    return (
        max(box[0], whole[0]),
        max(box[1], whole[1]),
        min(box[2], whole[2]),
        min(box[3], whole[3]),
    )


def swap_sides(spec: PoseSpec) -> PoseSpec:
    def swap_key(key: str) -> str:
        if key.startswith("right_"):
            return "left_" + key[6:]
        if key.startswith("left_"):
            return "right_" + key[5:]
        return key

    def pose(p: Pose) -> Pose:
        angles = {swap_key(k): v for k, v in p.angles.items()}
        for turn in ("trunk_side", "trunk_turn", "roll"):
            if turn in angles:
                angles[turn] = -angles[turn]
        return Pose(angles)

    from exercises.drawing.pose import Prop

    props = tuple(
        Prop(p.kind, tuple(swap_key(a) for a in p.at), swap_key(p.to), p.pose) for p in spec.props
    )
    return PoseSpec(
        spec.view,
        spec.base,
        pose(spec.start),
        pose(spec.end),
        swap_key(spec.moving),
        props,
        spec.water,
        rest=tuple(swap_key(r) for r in spec.rest),
        arrow=swap_key(spec.arrow),
        seat=spec.seat,
        focus=tuple(swap_key(f) for f in spec.focus),
    )


def _figure(body: Body, proj, *, ghost: bool, moving: set[str], parts: set[str]) -> list[Shape]:
    shapes = []
    near = "left" if proj.mirrored else "right"
    ordered = sorted(body.segments, key=lambda s: proj.depth(s.start) + proj.depth(s.end))
    for seg in ordered:
        moves = seg.name in parts and (seg.side in moving or seg.side == "")
        if seg.name in {"trunk", "neck"} and not {"trunk", "neck"} & parts:
            moves = False
        if len(parts) > 6:  # the whole body moves (standing up): the arrow says how
            moves = False
        if ghost:
            colour = GHOST
        elif moves:
            colour = ACCENT
        elif seg.side and proj.view == "side" and seg.side != near:
            colour = FAR
        else:
            colour = INK
        a, b = proj.point(seg.start), proj.point(seg.end)
        shapes.append(Shape("capsule", (a, b), THICKNESS[seg.name], colour))
    head_moves = "head" in parts and not ghost and len(parts) <= 6
    shapes.append(
        Shape(
            "circle",
            (proj.point(body.points["head"]),),
            HEAD_RADIUS,
            GHOST if ghost else (ACCENT if head_moves else INK),
            fill=GHOST if ghost else (ACCENT if head_moves else INK),
        )
    )
    return shapes


def _arrows(spec: PoseSpec, start_offset, end_offset, proj, moving: set[str]) -> list[Shape]:
    shapes = []
    start = pose_body(spec.start).moved(*start_offset)
    end = pose_body(spec.end).moved(*end_offset)
    for side in sorted(moving):
        point = spec.arrow or _farthest(spec, side, start, end, proj)
        if spec.arrow and side == "left" and spec.arrow.startswith("right_"):
            point = "left_" + spec.arrow[6:]
        path = []
        for step in range(13):
            t = step / 12
            offset = tuple(
                start_offset[i] + (end_offset[i] - start_offset[i]) * t for i in range(2)
            )
            body = pose_body(_lerp_pose(spec.start, spec.end, t)).moved(*offset)
            path.append(proj.point(body.points[point]))
        shapes += _arrow(path)
    return shapes


def _arrow(path: list[tuple[float, float]]) -> list[Shape]:
    """An arrow beside the path the moving point takes, from just after its start to just
    before its end, with a head at the end. Nothing when the point hardly moves."""
    length = sum(_dist2(path[i], path[i + 1]) for i in range(len(path) - 1))
    if length < 0.06:
        return []
    # Move the arrow a little off the limb, to the outside of its curve.
    (x0, y0), (x1, y1) = path[0], path[-1]
    mx, my = path[len(path) // 2]
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    ox, oy = mx - cx, my - cy
    norm = (ox * ox + oy * oy) ** 0.5
    if norm < 1e-6:
        dx, dy = x1 - x0, y1 - y0
        d = (dx * dx + dy * dy) ** 0.5 or 1
        ox, oy, norm = -dy / d, dx / d, 1
    shift = 0.12
    shifted = [(x + ox / norm * shift, y + oy / norm * shift) for x, y in path]
    body = shifted[2:-2] if len(shifted) > 6 else shifted
    tip, before = body[-1], body[-2]
    dx, dy = tip[0] - before[0], tip[1] - before[1]
    d = (dx * dx + dy * dy) ** 0.5 or 1
    ux, uy = dx / d, dy / d
    size = 0.07
    head = (
        (tip[0] + ux * size, tip[1] + uy * size),
        (tip[0] - uy * size * 0.7, tip[1] + ux * size * 0.7),
        (tip[0] + uy * size * 0.7, tip[1] - ux * size * 0.7),
    )
    return [
        Shape("polyline", tuple(body), 0.022, ACCENT),
        Shape("polygon", head, 0.0, ACCENT, ACCENT),
    ]


def _dist2(a, b) -> float:
    return ((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5


def _box(shapes) -> tuple[float, float, float, float]:
    xs, ys = [], []
    for shape in shapes:
        pad = shape.width if shape.kind in {"capsule", "circle"} else shape.width / 2
        for x, y in shape.points:
            xs += [x - pad, x + pad]
            ys += [y - pad, y + pad]
    return (min(xs), min(ys), max(xs), max(ys))
