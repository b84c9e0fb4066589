"""A pose description turned into shapes on a flat page: the start pose faint, the end pose solid
with the moving part in the accent colour, an arrow along the movement, and the props.

The shapes are plain data (``Shape``) in metres with y pointing up; ``svg`` and ``pdf`` only
translate them, so the web and the handout draw the same picture.
"""

from dataclasses import dataclass

from exercises.drawing.body import HEAD_RADIUS, THICKNESS, Body, pose_body
from exercises.drawing.pose import PARTS, SEATS, WATER, Pose, PoseSpec

# Colours: a dark figure on white, the part that moves in an orange that stays distinct in
# grey print and for the common colour-vision differences; the start pose a light grey.
INK = "#2f3640"
FAR = "#7b8494"
GHOST = "#c7ccd4"
ACCENT = "#c2410c"
PROP = "#8a6a3d"
WATER_FILL = "#cfe6f5"
WATER_LINE = "#3b82c4"
DEVICE = "#1d4ed8"

BED = 0.52  # bed top
SEATED_ABOVE_SEAT = 0.03  # the pelvis's centre above the seat
CHAIR_FEET = 0.36  # how far in front of the seated pelvis the feet stand


@dataclass(frozen=True)
class Shape:
    kind: str  # "capsule", "circle", "rect", "line", "polyline", "polygon"
    points: tuple  # ((x, y), ...); a circle's centre; a rect's two corners
    width: float = 0.0  # stroke width, or a circle's radius
    stroke: str = INK
    fill: str = ""
    opacity: float = 1.0
    dash: bool = False


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
        spec = _swap_sides(spec)
    mirrored = spec.view == "side" and spec.moving_side == "left"
    proj = _Projection(spec.view, mirrored)
    start_offset = _offset(spec, pose_body(spec.start))
    end_offset = _offset(spec, pose_body(spec.end))
    start = _placed(spec, spec.start, start_offset)
    end = _placed(spec, spec.end, end_offset)
    moving = _moving_sides(spec)
    parts = set(PARTS[spec.moving_part])

    shapes: list[Shape] = []
    shapes += _base_shapes(spec, start, end, proj)
    shapes += _figure(start, proj, ghost=True, moving=moving, parts=parts)
    shapes += _props(spec, start, end, proj)
    shapes += _figure(end, proj, ghost=False, moving=moving, parts=parts)
    shapes += _devices(spec, end, proj)
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


def _swap_sides(spec: PoseSpec) -> PoseSpec:
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


def _base_shapes(spec: PoseSpec, start: Body, end: Body, proj) -> list[Shape]:
    shapes = []
    xs = [proj.point(p)[0] for body in (start, end) for p in body.points.values()]
    left, right = min(xs) - 0.25, max(xs) + 0.25
    if spec.view == "top":
        if spec.base == "bed":
            shapes.append(Shape("rect", ((left, -0.45), (right, 0.45)), 0.012, PROP, "#f4efe6"))
        return shapes
    if spec.base == "pool":
        level = WATER[spec.water]
        shapes.append(
            Shape("rect", ((left, 0), (right, level)), 0, WATER_FILL, WATER_FILL, opacity=0.8)
        )
        shapes.append(Shape("line", ((left, level), (right, level)), 0.014, WATER_LINE))
    shapes.append(Shape("line", ((left, 0), (right, 0)), 0.012, PROP))
    if spec.base == "bed":
        shapes.append(
            Shape("rect", ((left + 0.1, BED - 0.1), (right - 0.1, BED)), 0.012, PROP, "#f4efe6")
        )
        for x in (left + 0.15, right - 0.15):
            shapes.append(Shape("line", ((x, 0), (x, BED - 0.1)), 0.03, PROP))
    if spec.base == "chair":
        seat = SEATS[spec.seat]
        seated = start if _seated_body(start, seat) else end
        px = proj.point(seated.points["pelvis"])[0]
        facing = 1 if proj.point(seated.points["right_knee"])[0] >= px else -1
        if spec.view == "front":
            shapes.append(
                Shape("rect", ((px - 0.24, seat - 0.05), (px + 0.24, seat)), 0.012, PROP, "#e9dcc6")
            )
            for x in (px - 0.2, px + 0.2):
                shapes.append(Shape("line", ((x, 0), (x, seat - 0.05)), 0.03, PROP))
            return shapes
        front, back = px + facing * 0.32, px - facing * 0.14
        shapes.append(
            Shape(
                "rect",
                ((min(front, back), seat - 0.05), (max(front, back), seat)),
                0.012,
                PROP,
                "#e9dcc6",
            )
        )
        for x in (front - facing * 0.03, back + facing * 0.02):
            shapes.append(Shape("line", ((x, 0), (x, seat - 0.05)), 0.03, PROP))
        shapes.append(
            Shape("line", ((back, seat), (back - facing * 0.05, seat + 0.5)), 0.035, PROP)
        )
    return shapes


def _seated_body(body: Body, seat: float) -> bool:
    return body.points["pelvis"][1] < seat + SEATED_ABOVE_SEAT + 0.05


def _props(spec: PoseSpec, start: Body, end: Body, proj) -> list[Shape]:
    shapes = []
    placed = {
        when: {k: proj.point(v) for k, v in body.points.items()}
        for when, body in (("start", start), ("end", end))
    }
    for prop in spec.props:
        points = placed[prop.pose]
        at = [points[a] for a in prop.at if a in points]
        forward = -1 if proj.mirrored else 1
        if prop.kind == "wall" and at:
            if prop.to == "behind":
                forward = -forward
            reach = [a[0] * forward for a in at]
            x = (max(reach) + 0.03) * forward
            shapes.append(Shape("line", ((x, 0), (x, 1.9)), 0.05, PROP))
        elif prop.kind == "rail" and at:
            y = min(a[1] for a in at) - 0.02
            x0, x1 = min(a[0] for a in at) - 0.45, max(a[0] for a in at) + 0.45
            shapes.append(Shape("line", ((x0, y), (x1, y)), 0.03, PROP))
            for x in (x0 + 0.05, x1 - 0.05):
                shapes.append(Shape("line", ((x, 0), (x, y)), 0.025, PROP))
        elif prop.kind == "seat" and at:
            x, y = at[0]
            top = y - THICKNESS["trunk"] / 3
            shapes.append(
                Shape("rect", ((x - 0.2, top - 0.05), (x + 0.2, top)), 0.012, PROP, "#e9dcc6")
            )
            for leg in (x - 0.16, x + 0.16):
                shapes.append(Shape("line", ((leg, 0), (leg, top - 0.05)), 0.03, PROP))
        elif prop.kind == "counter" and at:
            y = min(a[1] for a in at) - 0.03
            x0 = min(a[0] for a in at) - 0.2
            x1 = max(a[0] for a in at) + 0.2
            shapes.append(Shape("rect", ((x0, y - 0.05), (x1, y)), 0.012, PROP, "#e9dcc6"))
            shapes.append(
                Shape("line", (((x0 + x1) / 2, 0), ((x0 + x1) / 2, y - 0.05)), 0.04, PROP)
            )
        elif prop.kind == "armrests" and at:
            for a in at:
                shapes.append(
                    Shape(
                        "line",
                        ((a[0] - 0.15, a[1] - 0.03), (a[0] + 0.15, a[1] - 0.03)),
                        0.035,
                        PROP,
                    )
                )
        elif prop.kind == "step" and at:
            a = at[0]
            shapes.append(
                Shape("rect", ((a[0] - 0.2, 0), (a[0] + 0.2, 0.15)), 0.012, PROP, "#e9dcc6")
            )
        elif prop.kind in {"band", "strap"} and at:
            target = _anchor(prop.to, points, at[0], proj)
            shapes.append(
                Shape("line", (at[0], target), 0.018, "#15803d" if prop.kind == "band" else PROP)
            )
            if prop.kind == "band" and prop.to in {"door", "front", "behind"}:
                # What the band is tied to: a post from the floor to the knot.
                shapes.append(
                    Shape("line", ((target[0], 0), (target[0], target[1] + 0.08)), 0.04, PROP)
                )
                shapes.append(Shape("circle", (target,), 0.025, "#15803d", "#15803d"))
        elif prop.kind in {"towel"} and at:
            a = at[0]
            shapes.append(
                Shape(
                    "rect", ((a[0] - 0.1, a[1] - 0.04), (a[0] + 0.1, a[1])), 0.01, PROP, "#f1f5f9"
                )
            )
        elif prop.kind == "float" and at:
            x0 = min(a[0] for a in at) - 0.15
            x1 = max(a[0] for a in at) + 0.15
            y = sum(a[1] for a in at) / len(at)
            shapes.append(Shape("capsule", ((x0, y), (x1, y)), 0.07, "#f59e0b"))
    return shapes


def _anchor(to: str, points: dict, start, proj) -> tuple[float, float]:
    if to in points:
        return points[to]
    forward = -1 if proj.mirrored else 1
    if to == "behind":
        return (start[0] - forward * 0.5, start[1])
    if to == "door":
        return (start[0] + forward * 0.6, start[1])
    if to == "front":
        return (start[0] + forward * 0.5, start[1])
    return (start[0], 0.02)  # "floor" or none: under the hand or foot


def _devices(spec: PoseSpec, end: Body, proj) -> list[Shape]:
    """Things worn or held, drawn over the figure: weights, braces, splints, a ball, a sling,
    a helper's hands."""
    shapes = []
    points = {k: proj.point(v) for k, v in end.points.items()}
    for prop in spec.props:
        for name in prop.at:
            if name not in points:
                continue
            x, y = points[name]
            if prop.kind == "ankle_weight":
                shapes.append(Shape("capsule", ((x, y + 0.03), (x, y + 0.09)), 0.1, "#475569"))
            elif prop.kind == "hand_weight":
                shapes.append(Shape("capsule", ((x - 0.06, y), (x + 0.06, y)), 0.06, "#475569"))
            elif prop.kind == "putty":
                shapes.append(Shape("circle", ((x, y),), 0.045, "#16a34a", "#86efac"))
            elif prop.kind == "ball":
                shapes.append(Shape("circle", ((x, y),), 0.1, "#1d4ed8", "#bfdbfe"))
            elif prop.kind in {"brace", "splint"}:
                shapes += _device_over(prop.kind, name, end, proj)
            elif prop.kind == "helper":
                # See-through, so the hand or foot it holds still shows.
                shapes.append(
                    Shape("circle", ((x, y - 0.05),), 0.045, "#7c3aed", "#ddd6fe", opacity=0.7)
                )
            elif prop.kind == "sling":
                chest = points["chest"]
                shapes.append(
                    Shape(
                        "polygon",
                        (
                            (x, y),
                            chest,
                            points.get(
                                name.replace("wrist", "elbow").replace("hand", "elbow"), (x, y)
                            ),
                        ),
                        0.012,
                        DEVICE,
                        "#dbeafe",
                        opacity=0.9,
                    )
                )
    return shapes


# Which segments a brace or splint at a joint covers.
_COVERS = {
    "knee": ("thigh", "shank"),
    "ankle": ("shank", "foot"),
    "wrist": ("forearm", "hand"),
    "hand": ("hand",),
    "elbow": ("upper_arm", "forearm"),
    "hip": ("thigh",),
    "shoulder": ("upper_arm",),
    "pelvis": ("trunk",),
    "chest": ("trunk",),
}


def _device_over(kind: str, name: str, body: Body, proj) -> list[Shape]:
    side, _, joint = name.partition("_")
    if name in ("pelvis", "chest"):
        side, joint = "", name
    covered = _COVERS.get(joint, ())
    shapes = []
    joint_point = body.points.get(name)
    for seg in body.segments:
        if seg.name in covered and seg.side in (side, "") and joint_point is not None:
            # The half of the segment nearest the joint.
            near_start = _dist(seg.start, joint_point) < _dist(seg.end, joint_point)
            a, b = (seg.start, seg.end) if near_start else (seg.end, seg.start)
            mid = tuple(a[i] + (b[i] - a[i]) * 0.7 for i in range(3))
            if seg.name == "trunk":  # a back brace: from the hips to below the chest
                a = seg.start
                mid = tuple(seg.start[i] + (seg.end[i] - seg.start[i]) * 0.75 for i in range(3))
            width = THICKNESS[seg.name] + 0.035
            shapes.append(
                Shape("capsule", (proj.point(a), proj.point(mid)), width, DEVICE, opacity=0.55)
            )
    return shapes


def _dist(a, b) -> float:
    return sum((a[i] - b[i]) ** 2 for i in range(3)) ** 0.5


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
