"""The words for a drawing: its text alternative, built from the exercise's name and the two
positions, so a screen reader says what the picture shows."""

from exercises.drawing.pose import PARTS, Pose, PoseSpec

# (joint, what an increase says, what a decrease says)
_CHANGES = [
    ("trunk", "leans forward", "leans back"),
    ("trunk_side", "bends to the right", "bends to the left"),
    ("trunk_turn", "turns to the right", "turns to the left"),
    ("hip", "lifts forward", "moves back"),
    ("hip_out", "moves out to the side", "comes back in"),
    ("knee", "bends", "straightens"),
    ("ankle", "pulls the toes up", "points the toes down"),
    ("shoulder", "lifts forward", "comes down"),
    ("shoulder_out", "lifts out to the side", "comes down to the side"),
    ("shoulder_turn", "turns in", "turns out"),
    ("elbow", "bends", "straightens"),
    ("wrist", "tips the hand up", "tips the hand down"),
]
_JOINT_WORDS = {
    "trunk": "the body",
    "trunk_side": "the body",
    "trunk_turn": "the body",
    "hip": "leg",
    "hip_out": "leg",
    "knee": "knee",
    "ankle": "ankle",
    "shoulder": "arm",
    "shoulder_out": "arm",
    "shoulder_turn": "arm",
    "elbow": "elbow",
    "wrist": "wrist",
}
_PART_JOINTS = {
    "upper_arm": ("shoulder", "shoulder_out", "shoulder_turn"),
    "forearm": ("elbow",),
    "hand": ("wrist",),
    "thigh": ("hip", "hip_out"),
    "shank": ("knee",),
    "foot": ("ankle",),
    "trunk": ("trunk", "trunk_side", "trunk_turn"),
}


def posture(spec: PoseSpec, pose: Pose) -> str:
    trunk = pose.get("trunk")
    if trunk <= -60:
        return "lying on the back"
    if trunk >= 60:
        return "lying face down"
    if spec.view == "top" and spec.base == "bed":
        return "lying on the back"
    hips = max(pose.get("hip", "right"), pose.get("hip", "left"))
    if spec.base == "chair" and hips >= 60:
        return "sitting on a chair"
    if spec.base == "bed" and hips >= 60:
        return "sitting on the bed"
    if spec.base == "pool":
        return f"standing in water up to the {spec.water}"
    return "standing"


def alt_text(name: str, spec: PoseSpec, side: str = "") -> str:
    """E.g. "Drawing of Seated knee straightening: sitting on a chair; the right knee
    straightens." — with "left" when the plan is for the left side."""
    if side in ("left", "right") and spec.moving_side and spec.moving_side != side:
        from exercises.drawing.scene import _swap_sides

        spec = _swap_sides(spec)
    start, end = posture(spec, spec.start), posture(spec, spec.end)
    where = start if start == end else f"from {start} to {end}"
    sides = [spec.moving_side] if spec.moving_side else ["right", "left"]
    changes = []
    for part in PARTS[spec.moving_part]:
        for joint in _PART_JOINTS.get(part, ()):
            increase, decrease = next((u, d) for j, u, d in _CHANGES if j == joint)
            moved = []
            for s in sides:
                before = spec.start.get(joint, "" if joint.startswith("trunk") else s)
                after = spec.end.get(joint, "" if joint.startswith("trunk") else s)
                if abs(after - before) >= 15:
                    verb = increase if after > before else decrease
                    if joint == "hip" and before > after >= 0:
                        verb = "straightens at the hip"  # standing up, not a leg swung back
                    moved.append((s, verb))
            if not moved:
                continue
            words = _JOINT_WORDS[joint]
            if joint.startswith("trunk"):
                changes.append(f"{words} {moved[0][1]}")
            elif len(moved) == 2 and moved[0][1] == moved[1][1]:
                changes.append(f"both {words}s {_plural(moved[0][1])}")
            else:
                changes += [f"the {s} {words} {verb}" for s, verb in moved]
    moves = "; ".join(dict.fromkeys(changes)) or "the body moves as the steps say"
    return f"Drawing of {name}: {where}; {moves}."


def _plural(verb: str) -> str:
    """ "lifts forward" -> "lift forward", for "both arms lift forward"."""
    first, _, rest = verb.partition(" ")
    if first.endswith("es") and first[:-2].endswith(("sh", "ch")):
        first = first[:-2]
    elif first.endswith("s"):
        first = first[:-1]
    return f"{first} {rest}".strip()
