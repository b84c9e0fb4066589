"""The words for a drawing: its text alternative, built from the exercise's name and the two
positions, so a screen reader says what the picture shows. It is put together in English, then
each phrase (all of them listed in ``words``, for the catalogue) is said in the active language."""

from django.utils.translation import gettext

from exercises.drawing.pose import PARTS, Pose, PoseSpec
from exercises.drawing.scene import swap_sides

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
    if abs(trunk) >= 60 and abs(pose.get("roll")) >= 60:
        return "lying on the side"
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
        spec = swap_sides(spec)
    start, end = posture(spec, spec.start), posture(spec, spec.end)
    if start == end:
        where = gettext(start)
    else:
        where = gettext("from %(start)s to %(end)s") % {
            "start": gettext(start),
            "end": gettext(end),
        }
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
                    verb = _verb(joint, before, after, start, increase, decrease)
                    if verb:
                        moved.append((s, verb))
            if not moved:
                continue
            words = _JOINT_WORDS[joint]
            if joint.startswith("trunk"):
                if start == end or joint != "trunk":
                    changes.append(f"{words} {moved[0][1]}")
            elif len(moved) == 2 and moved[0][1] == moved[1][1]:
                changes.append(f"both {words}s {_plural(moved[0][1])}")
            else:
                changes += [f"the {s} {words} {verb}" for s, verb in moved]
    if not changes:
        part = spec.moving_part.replace("_", " ")
        who = f"the {spec.moving_side} " if spec.moving_side else "the "
        changes = [f"{who}{part} moves as the steps say"]
    # Each phrase said plainly (the awkward ones are whole phrases), then in the page's language.
    moves = "; ".join(gettext(_PLAINER.get(change, change)) for change in dict.fromkeys(changes))
    # Translators: the text alternative of an exercise drawing, read by screen readers.
    return gettext("Drawing of %(name)s: %(where)s; %(moves)s.") % {
        "name": name,
        "where": where,
        "moves": moves,
    }


# Phrases the joint-by-joint wording makes, said the way a person would.
_PLAINER = {
    "both ankles lift the heel": "both heels lift",
    "the right ankle lifts the heel": "the right heel lifts",
    "the left ankle lifts the heel": "the left heel lifts",
    "the body lifts the hips": "the hips lift",
    "the body lifts the upper body": "the upper body lifts",
    "the body lifts the chest": "the chest lifts",
    "the body lowers the chest": "the chest lowers",
}


def _verb(joint: str, before: float, after: float, start: str, up: str, down: str) -> str:
    """The words for one joint's change, in the position it happens in ("" to leave it out:
    a lean that only comes with standing up is said by "from sitting … to standing")."""
    if joint == "hip" and before > after >= 0:
        return "straightens at the hip"  # standing up or lowering a leg, not a leg swung back
    if joint == "ankle" and after < before and start.startswith("standing"):
        return "lifts the heel"
    if joint == "trunk":
        if start == "lying on the back":
            return "lifts the hips" if after < before else "lifts the upper body"
        if start == "lying face down":
            return "lifts the chest" if after < before else "lowers the chest"
    return up if after > before else down


def _plural(verb: str) -> str:
    """ "lifts forward" -> "lift forward", for "both arms lift forward"."""
    first, _, rest = verb.partition(" ")
    if first.endswith("es") and first[:-2].endswith(("sh", "ch")):
        first = first[:-2]
    elif first.endswith("s"):
        first = first[:-1]
    return f"{first} {rest}".strip()
