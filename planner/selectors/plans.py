"""Reads about plans: the exercises as handed over, the versions of a plan and what changed
between two of them."""

from exercises.models import BodyRegion, Category
from exercises.text import ExerciseText
from exercises.translations import SOURCE_LANGUAGE
from planner.models import Assignment, Program, ProgramExercise
from planner.models.programs import ROW_FIELDS

# What a therapist changes in a row; the exercise and its place are compared on their own.
_DIFF_FIELDS = [f for f in ROW_FIELDS if f not in {"exercise", "position"}]


def plan_items(assignment: Assignment):
    """The exercises as handed to the patient, in order."""
    return assignment.program.items.select_related("exercise").order_by("position")


def plan_versions(assignment: Assignment) -> dict:
    """The versions around ``assignment``: the earlier ones (newest first), what changed from
    the one before, and the version that replaced it (or None). The patient's plans are read in
    one query and the chain is walked here, however many versions there are."""
    # Every version of a plan is the same patient's (a revision is never handed to another).
    versions = {
        a.pk: a
        for a in Assignment.objects.filter(patient_id=assignment.patient_id).select_related(
            "program"
        )
    }
    earlier = []
    current = versions.get(assignment.pk, assignment)
    while current.previous_id:
        current = versions.get(current.previous_id) or current.previous
        earlier.append(current)
    replaced_by = next((a for a in versions.values() if a.previous_id == assignment.pk), None)
    previous = earlier[0] if earlier else None
    return {
        "earlier": earlier,
        "previous": previous,
        "changes": diff_programs(previous.program, assignment.program) if previous else [],
        "replaced_by": replaced_by,
    }


def frozen_in(program: Program) -> Assignment | None:
    """The assignment that froze ``program`` (a plan handed to a patient), if any."""
    return program.assignments.select_related("patient").first()


def _rows_with_text(program: Program):
    """A program's rows with what ``given`` reads for a row not yet frozen."""
    return program.items.select_related("exercise").prefetch_related("exercise__harder_versions")


def diff_programs(old: Program, new: Program) -> list[str]:
    """What changed between two versions of a plan, in words a therapist reads: exercises added
    and removed, each row's dosage and notes, the exercise's words the patient is given (a
    library edit reaches a patient only this way), and the order."""
    old_items = {i.exercise_id: i for i in _rows_with_text(old)}
    new_items = {i.exercise_id: i for i in _rows_with_text(new)}
    changes = []
    for exercise_id, item in new_items.items():
        if exercise_id not in old_items:
            changes.append(f"Added {item.given.name}: {item.dosage_sentence}")
    for exercise_id, item in old_items.items():
        if exercise_id not in new_items:
            changes.append(f"Removed {item.given.name}")
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
            changes.append(f"Changed {item.given.name}: " + ", ".join(changed))
        changes += _text_changes(before.given, item.given)
    order_old = [
        i for i in sorted(old_items, key=lambda k: old_items[k].position) if i in new_items
    ]
    order_new = [
        i for i in sorted(new_items, key=lambda k: new_items[k].position) if i in old_items
    ]
    if order_old != order_new:
        changes.append("Changed the order of the exercises")
    return changes


# The exercise's words, as a diff names them: long texts are only said to have changed (the
# plan page shows them whole); short ones show before → after.
_LONG_TEXT = {
    "summary": "Summary",
    "steps": "Steps",
    "precautions": "Precautions",
    "skin_check": "Skin check",
    "image_name": "Picture",
    "progress": "Rule for moving on",
    "pose": "Drawing",
}
_SHORT_TEXT = {
    "equipment": "Equipment",
    "device": "Device",
    "device_worn_during": "Device worn during the exercise",
    "wear_schedule": "Wear schedule",
    "category": "Kind",
    "body_region": "Body region",
}
_CHOICE_LABELS = {"category": dict(Category.choices), "body_region": dict(BodyRegion.choices)}


def _text_changes(before: ExerciseText, after: ExerciseText) -> list[str]:
    """How the words given for one exercise differ between two versions."""
    changes = []
    if before.name != after.name:
        changes.append(f"Renamed {before.name} → {after.name}")
    for attr, label in _LONG_TEXT.items():
        if getattr(before, attr) != getattr(after, attr):
            changes.append(f"{label} of {after.name} changed")
    for attr, label in _SHORT_TEXT.items():
        old, new = getattr(before, attr), getattr(after, attr)
        labels = _CHOICE_LABELS.get(attr, {})
        old, new = labels.get(old, old), labels.get(new, new)
        if old != new:
            changes.append(f"{label} of {after.name}: {_shown(old)} → {_shown(new)}")
    return changes


def _shown(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def not_in_patients_language(program: Program, patient) -> list[str]:
    """The names of ``program``'s exercises the library has no words for in the language
    ``patient`` reads (none for an English reader): their cards print in English, saying so."""
    language = patient.preferred_language
    if language == SOURCE_LANGUAGE:
        return []
    items = program.items.select_related("exercise").order_by("position")
    return [item.exercise.name for item in items if not item.exercise.translations.get(language)]
