"""Reads about plans: the exercises as handed over, the versions of a plan and what changed
between two of them."""

from planner.models import Assignment, Program, ProgramExercise
from planner.models.programs import ROW_FIELDS

# What a therapist changes in a row; the exercise and its place are compared on their own.
_DIFF_FIELDS = [f for f in ROW_FIELDS if f not in {"exercise", "position"}]


def plan_items(assignment: Assignment):
    """The exercises as handed to the patient, in order."""
    return assignment.program.items.select_related("exercise").order_by("position")


def plan_versions(assignment: Assignment) -> dict:
    """The versions around ``assignment``: the earlier ones (newest first), what changed from
    the one before, and the version that replaced it (or None)."""
    earlier = []
    current = assignment
    while current.previous_id:
        current = current.previous
        earlier.append(current)
    previous = assignment.previous
    return {
        "earlier": earlier,
        "previous": previous,
        "changes": diff_programs(previous.program, assignment.program) if previous else [],
        "replaced_by": getattr(assignment, "next_version", None),
    }


def frozen_in(program: Program) -> Assignment | None:
    """The assignment that froze ``program`` (a plan handed to a patient), if any."""
    return program.assignments.select_related("patient").first()


def diff_programs(old: Program, new: Program) -> list[str]:
    """What changed between two versions of a plan, in words a therapist reads."""
    old_items = {i.exercise_id: i for i in old.items.select_related("exercise")}
    new_items = {i.exercise_id: i for i in new.items.select_related("exercise")}
    changes = []
    for exercise_id, item in new_items.items():
        if exercise_id not in old_items:
            changes.append(f"Added {item.exercise.name}: {item.dosage_sentence}")
    for exercise_id, item in old_items.items():
        if exercise_id not in new_items:
            changes.append(f"Removed {item.exercise.name}")
    for exercise_id, item in new_items.items():
        before = old_items.get(exercise_id)
        if before is None:
            continue
        changed = [
            f"{ProgramExercise._meta.get_field(f).verbose_name} "
            f"{_shown(getattr(before, f))} → {_shown(getattr(item, f))}"
            for f in _DIFF_FIELDS
            if getattr(before, f) != getattr(item, f)
        ]
        if changed:
            changes.append(f"Changed {item.exercise.name}: " + ", ".join(changed))
    order_old = [
        i for i in sorted(old_items, key=lambda k: old_items[k].position) if i in new_items
    ]
    order_new = [
        i for i in sorted(new_items, key=lambda k: new_items[k].position) if i in old_items
    ]
    if order_old != order_new:
        changes.append("Changed the order of the exercises")
    return changes


def _shown(value) -> str:
    return "—" if value in (None, "") else str(value)
