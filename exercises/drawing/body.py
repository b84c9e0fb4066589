"""Where each joint of the figure is for one pose: forward kinematics in three dimensions.

Axes: x points where the figure faces, y up, z to the figure's right. Lengths are in metres for a
figure 1.75 m tall, so props (a chair seat at 0.45 m, a counter at 0.9 m) sit where they would.
"""

import math
from dataclasses import dataclass

from exercises.drawing.pose import SIDES, Pose

# Segment lengths and drawn thickness (metres).
LENGTH = {
    "trunk": 0.50,
    "neck": 0.07,
    "upper_arm": 0.29,
    "forearm": 0.25,
    "hand": 0.09,
    "thigh": 0.43,
    "shank": 0.42,
    "foot": 0.17,
}
THICKNESS = {
    "trunk": 0.17,
    "neck": 0.06,
    "head": 0.21,  # diameter
    "upper_arm": 0.075,
    "forearm": 0.062,
    "hand": 0.05,
    "thigh": 0.11,
    "shank": 0.08,
    "foot": 0.045,
}
HALF_SHOULDERS = 0.17
HALF_HIPS = 0.09
HEAD_RADIUS = 0.105
HEEL = 0.045


def _rx(a):
    c, s = math.cos(math.radians(a)), math.sin(math.radians(a))
    return ((1, 0, 0), (0, c, -s), (0, s, c))


def _ry(a):
    c, s = math.cos(math.radians(a)), math.sin(math.radians(a))
    return ((c, 0, s), (0, 1, 0), (-s, 0, c))


def _rz(a):
    c, s = math.cos(math.radians(a)), math.sin(math.radians(a))
    return ((c, -s, 0), (s, c, 0), (0, 0, 1))


def _mul(a, b):
    return tuple(
        tuple(sum(a[i][k] * b[k][j] for k in range(3)) for j in range(3)) for i in range(3)
    )


def _apply(m, v):
    return tuple(sum(m[i][k] * v[k] for k in range(3)) for i in range(3))


def _add(p, v, length=1.0):
    return tuple(p[i] + v[i] * length for i in range(3))


DOWN = (0, -1, 0)
UP = (0, 1, 0)


@dataclass(frozen=True)
class Segment:
    name: str  # "thigh", "trunk", ...
    side: str  # "right", "left" or "" for the trunk, neck and head
    start: tuple
    end: tuple


@dataclass(frozen=True)
class Body:
    segments: tuple[Segment, ...]
    points: dict  # "right_hand" -> (x, y, z), "head" -> centre

    def moved(self, dx: float, dy: float) -> "Body":
        def shift(p):
            return (p[0] + dx, p[1] + dy, p[2])

        return Body(
            tuple(Segment(s.name, s.side, shift(s.start), shift(s.end)) for s in self.segments),
            {k: shift(v) for k, v in self.points.items()},
        )


def pose_body(pose: Pose) -> Body:
    """The figure in ``pose``, its pelvis at the origin."""
    # The pelvis leans with the trunk; a side bend or a turn moves the chest over still hips.
    hips = _mul(_rz(-pose.get("trunk")), _ry(-pose.get("roll")))
    trunk = _mul(_mul(hips, _rx(pose.get("trunk_side"))), _ry(-pose.get("trunk_turn")))
    pelvis = (0.0, 0.0, 0.0)
    chest = _add(pelvis, _apply(trunk, UP), LENGTH["trunk"])
    head_dir = _apply(_mul(trunk, _rz(-pose.get("neck"))), UP)
    neck_top = _add(chest, head_dir, LENGTH["neck"])
    head = _add(neck_top, head_dir, HEAD_RADIUS)
    segments = [
        Segment("trunk", "", pelvis, chest),
        Segment("neck", "", chest, neck_top),
    ]
    points = {"pelvis": pelvis, "chest": chest, "head": head}
    for side in SIDES:
        out = 1 if side == "right" else -1
        shoulder = _add(chest, _apply(trunk, (0, -0.04, out * HALF_SHOULDERS)))
        arm = _mul(
            _mul(
                _mul(trunk, _rz(pose.get("shoulder", side))),
                _rx(-out * pose.get("shoulder_out", side)),
            ),
            _ry(out * pose.get("shoulder_turn", side)),
        )
        elbow = _add(shoulder, _apply(arm, DOWN), LENGTH["upper_arm"])
        fore = _mul(arm, _rz(pose.get("elbow", side)))
        wrist = _add(elbow, _apply(fore, DOWN), LENGTH["forearm"])
        hand_frame = _mul(fore, _rz(pose.get("wrist", side)))
        hand = _add(wrist, _apply(hand_frame, DOWN), LENGTH["hand"])
        hip = _add(pelvis, _apply(hips, (0, 0, out * HALF_HIPS)))
        leg = _mul(_mul(hips, _rz(pose.get("hip", side))), _rx(-out * pose.get("hip_out", side)))
        knee = _add(hip, _apply(leg, DOWN), LENGTH["thigh"])
        shank = _mul(leg, _rz(-pose.get("knee", side)))
        ankle = _add(knee, _apply(shank, DOWN), LENGTH["shank"])
        foot = _apply(_mul(shank, _rz(90 + pose.get("ankle", side))), DOWN)
        heel = _add(ankle, foot, -HEEL)
        toe = _add(ankle, foot, LENGTH["foot"])
        segments += [
            Segment("upper_arm", side, shoulder, elbow),
            Segment("forearm", side, elbow, wrist),
            Segment("hand", side, wrist, hand),
            Segment("thigh", side, hip, knee),
            Segment("shank", side, knee, ankle),
            Segment("foot", side, heel, toe),
        ]
        for name, point in (
            ("shoulder", shoulder),
            ("elbow", elbow),
            ("wrist", wrist),
            ("hand", hand),
            ("hip", hip),
            ("knee", knee),
            ("ankle", ankle),
            ("heel", heel),
            ("toe", toe),
        ):
            points[f"{side}_{name}"] = point
    return Body(tuple(segments), points)
