"""A pose description: what the library file says about an exercise's drawing, and its checks.

A description names a view, the start and end positions of a simple figure as joint angles, the
props around it, and the part that moves. Angles are in degrees, measured from the figure standing
tall with its arms and legs hanging straight (all zero):

- ``trunk``: lean forward (+) or back (-) from upright; -90 lies on the back, 90 face down.
- ``trunk_side``: bend toward the figure's right (+) or left (-). ``trunk_turn``: turn the chest
  to the right (+) or left (-) over still hips. ``roll``: the whole body turns about its length
  (lying with ``trunk: -90``, ``roll: -90`` lies on the left side with the right side up).
- ``neck``: chin toward the chest (+) or head back (-).
- ``shoulder`` (forward raise, 180 overhead; back is -), ``shoulder_out`` (out to the side),
  ``shoulder_turn`` (the forearm turns in across the body, +; out, -), ``elbow`` (bend),
  ``wrist`` (hand up, +).
- ``hip`` (thigh forward, 90 sitting; back is -), ``hip_out`` (out to the side), ``knee`` (bend),
  ``ankle`` (toes up, +; pointed, -).

Limb angles are given per side (``right_knee``) or for both at once (``knee``); the figure's right
side is the one a plan for "your right leg" or for no side moves, mirrored for "your left leg".
"""

from dataclasses import dataclass, field

VIEWS = ("side", "front", "top")
BASES = ("floor", "chair", "bed", "pool")
WATER = {"knee": 0.5, "waist": 1.0, "chest": 1.25, "shoulder": 1.4}
SEATS = {"low": 0.38, "normal": 0.44, "high": 0.52}

# (lowest, highest) for each joint: what a body can do, so a typing slip is caught.
RANGES = {
    "trunk": (-120, 120),
    "trunk_side": (-45, 45),
    "trunk_turn": (-70, 70),
    "roll": (-90, 90),
    "neck": (-60, 70),
    "shoulder": (-60, 180),
    "shoulder_out": (-10, 180),
    "shoulder_turn": (-90, 90),
    "elbow": (0, 150),
    "wrist": (-80, 80),
    "hip": (-30, 130),
    "hip_out": (-20, 60),
    "knee": (0, 150),
    "ankle": (-50, 30),
}
BODY_JOINTS = ("trunk", "trunk_side", "trunk_turn", "roll", "neck")
LIMB_JOINTS = tuple(j for j in RANGES if j not in BODY_JOINTS)
SIDES = ("right", "left")

# The parts that can move (and be highlighted), each a chain of segments of one side.
PARTS = {
    "arm": ("upper_arm", "forearm", "hand"),
    "forearm": ("forearm", "hand"),
    "hand": ("hand",),
    "leg": ("thigh", "shank", "foot"),
    "shank": ("shank", "foot"),
    "foot": ("foot",),
    "arms": ("upper_arm", "forearm", "hand"),
    "legs": ("thigh", "shank", "foot"),
    "trunk": ("trunk", "neck", "head"),
    "body": ("trunk", "neck", "head", "upper_arm", "forearm", "hand", "thigh", "shank", "foot"),
}
# Props a drawing may show. Most attach to a joint of the end pose ("at").
PROPS = {
    "chair": "a chair under the figure",
    "armrests": "a chair's armrests, at the hands",
    "bed": "a bed or table under the figure",
    "wall": "a wall at the hands",
    "counter": "a counter or table top at the hands",
    "rail": "a rail at the hands (a bar on posts, beside or in front of the figure)",
    "seat": "a stool or pool bench under the point named (usually pelvis)",
    "step": "a step under a foot",
    "band": "an elastic band from a hand or foot to an anchor",
    "strap": "a strap from a hand to a foot",
    "ankle_weight": "a weight at the ankle",
    "hand_weight": "a weight in the hand",
    "putty": "putty in the hand",
    "ball": "a ball at a joint",
    "towel": "a towel under a hand or foot",
    "float": "a pool float or noodle at the hands",
    "sling": "an arm sling",
    "brace": "a brace over a joint",
    "splint": "a splint over a joint",
    "helper": "a helper's hands at the joints named",
}
JOINT_POINTS = (
    "head",
    "shoulder",
    "elbow",
    "wrist",
    "hand",
    "hip",
    "knee",
    "ankle",
    "heel",
    "toe",
)


class PoseError(ValueError):
    """A pose description the renderer cannot draw; the message says what and where."""


@dataclass(frozen=True)
class Pose:
    """One position: every joint's angle, per side for the limbs."""

    angles: dict = field(default_factory=dict)

    def get(self, joint: str, side: str = "") -> float:
        if side:
            key = f"{side}_{joint}"
            if key in self.angles:
                return float(self.angles[key])
        return float(self.angles.get(joint, 0))


@dataclass(frozen=True)
class Prop:
    kind: str
    at: tuple[str, ...] = ()
    to: str = ""
    # Which position the prop is placed by: "end" (default) or "start" (armrests pushed on to
    # stand up).
    pose: str = "end"


@dataclass(frozen=True)
class PoseSpec:
    view: str
    base: str
    start: Pose
    end: Pose
    moving: str  # e.g. "right_leg", "arms", "trunk"
    props: tuple[Prop, ...] = ()
    water: str = ""
    # The points that rest on the base in both poses (a bridge: the chest on the bed); by
    # default the feet stand on the floor, the pelvis sits on the chair, the back lies on the bed.
    rest: tuple[str, ...] = ()
    # The chair's seat: "low", "normal" (the default) or "high".
    seat: str = "normal"
    # Points the drawing is cropped around, so a small movement (an ankle, a wrist) shows large;
    # empty: the whole figure.
    focus: tuple[str, ...] = ()
    # The point the arrow follows; by default the one of the moving part that travels farthest.
    arrow: str = ""

    @property
    def moving_part(self) -> str:
        return self.moving.split("_", 1)[-1]

    @property
    def moving_side(self) -> str:
        side = self.moving.split("_", 1)[0]
        return side if side in SIDES else ""


def _angles(data, where: str) -> Pose:
    if not isinstance(data, dict):
        raise PoseError(f"{where} must be a set of joint angles (e.g. knee: 90).")
    for key, value in data.items():
        side, _, joint = key.partition("_") if key.split("_", 1)[0] in SIDES else ("", "", key)
        if joint not in RANGES:
            raise PoseError(f"{where}: {key!r} is not a joint the figure has.")
        if side and joint in BODY_JOINTS:
            raise PoseError(f"{where}: {joint!r} has no side.")
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise PoseError(f"{where}: {key} must be a number of degrees.")
        low, high = RANGES[joint]
        if not low <= value <= high:
            raise PoseError(f"{where}: {key} {value}° is outside {low}° to {high}°.")
    return Pose(dict(data))


def _joint_name(name: str, where: str) -> str:
    side, _, point = name.partition("_")
    if name in {"head", "pelvis", "chest"} or (side in SIDES and point in JOINT_POINTS):
        return name
    raise PoseError(f"{where}: {name!r} is not a point on the figure (e.g. right_hand).")


def _prop(data, where: str) -> Prop:
    if isinstance(data, str):
        data = {"kind": data}
    kind = data.get("kind") if isinstance(data, dict) else None
    if kind not in PROPS:
        raise PoseError(f"{where}: unknown prop {kind!r}; use one of {', '.join(PROPS)}.")
    at = data.get("at", [])
    at = [at] if isinstance(at, str) else list(at)
    for name in at:
        _joint_name(name, f"{where} ({kind})")
    to = data.get("to", "")
    if to and to not in {"floor", "door", "behind", "front"}:
        _joint_name(to, f"{where} ({kind})")
    needs_at = {"wall", "counter", "rail", "seat", "step", "band", "strap", "ankle_weight"}
    needs_at |= {"hand_weight"}
    if (
        kind in needs_at | {"brace", "splint", "helper", "ball", "towel", "float", "putty"}
        and not at
    ):
        raise PoseError(f"{where}: a {kind} needs 'at' (the joint it is at).")
    when = data.get("pose", "end")
    if when not in {"start", "end"}:
        raise PoseError(f"{where} ({kind}): pose is start or end.")
    return Prop(kind, tuple(at), to, when)


def parse_pose(data) -> PoseSpec:
    """The description from the library file, checked; PoseError says what is wrong."""
    if not isinstance(data, dict):
        raise PoseError("the pose must be a mapping with view, start, end and moving.")
    unknown = set(data) - {
        "view",
        "base",
        "start",
        "end",
        "moving",
        "props",
        "water",
        "rest",
        "arrow",
        "seat",
        "focus",
    }
    if unknown:
        raise PoseError(f"unknown pose keys: {', '.join(sorted(unknown))}.")
    view = data.get("view", "side")
    if view not in VIEWS:
        raise PoseError(f"view must be one of {', '.join(VIEWS)}.")
    base = data.get("base", "floor")
    if base not in BASES:
        raise PoseError(f"base must be one of {', '.join(BASES)}.")
    moving = data.get("moving", "")
    part = moving.split("_", 1)[1] if moving.split("_", 1)[0] in SIDES else moving
    if part not in PARTS:
        raise PoseError(f"moving must name a part, e.g. right_leg, arms or trunk (not {moving!r}).")
    water = data.get("water", "")
    if (base == "pool") != bool(water) or (water and water not in WATER):
        raise PoseError(f"a pool drawing gives its water line: one of {', '.join(WATER)}.")
    start = _angles(data.get("start", {}), "start")
    end = _angles(data.get("end", {}), "end")
    if start == end:
        raise PoseError("the start and end positions are the same: nothing moves.")
    props = tuple(_prop(p, "props") for p in data.get("props", []) or [])
    rest = data.get("rest", [])
    rest = tuple([rest] if isinstance(rest, str) else rest)
    for name in rest:
        _joint_name(name, "rest")
    arrow = data.get("arrow", "")
    if arrow:
        _joint_name(arrow, "arrow")
    seat = data.get("seat", "normal")
    if seat not in SEATS:
        raise PoseError(f"seat must be one of {', '.join(SEATS)}.")
    focus = data.get("focus", [])
    focus = tuple([focus] if isinstance(focus, str) else focus)
    for name in focus:
        _joint_name(name, "focus")
    return PoseSpec(
        view,
        base,
        start,
        end,
        moving,
        props,
        water,
        rest=rest,
        arrow=arrow,
        seat=seat,
        focus=focus,
    )


def validate_pose(data) -> str:
    """What is wrong with a description ("" when it draws)."""
    try:
        parse_pose(data)
    except PoseError as exc:
        return str(exc)
    return ""
