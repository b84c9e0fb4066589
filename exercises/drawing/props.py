"""What surrounds the figure: the floor, the chair, the bed or the pool with its water line, and
the props a description names (walls, rails, bands, weights, braces, a helper's hands)."""

from exercises.drawing.body import THICKNESS, Body
from exercises.drawing.pose import SEATS, WATER, PoseSpec
from exercises.drawing.shapes import (
    BED,
    DEVICE,
    PROP,
    SEATED_ABOVE_SEAT,
    WATER_FILL,
    WATER_LINE,
    Shape,
)


def base_shapes(spec: PoseSpec, start: Body, end: Body, proj) -> list[Shape]:
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


def prop_shapes(spec: PoseSpec, start: Body, end: Body, proj) -> list[Shape]:
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


def device_shapes(spec: PoseSpec, end: Body, proj) -> list[Shape]:
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
