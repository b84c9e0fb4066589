"""An exercise's words as a patient is given them: one value that the library makes from its live
row (``Exercise.text()``) and that a patient's plan keeps as its frozen copy
(``ProgramExercise.given``), so the portal and the handout read one shape whichever it is."""

from dataclasses import dataclass, field

from django.core.files.storage import default_storage


@dataclass(frozen=True)
class ExerciseText:
    name: str
    summary: str
    steps: tuple[str, ...]
    precautions: str
    # What to have ready, as one line: "Chair: a firm chair without wheels", or "Nothing".
    equipment: str
    # Brace- and splint-assisted exercises only; empty (None) for the rest.
    device: str
    device_worn_during: bool | None
    wear_schedule: str
    skin_check: str
    # The stored file name of the exercise's picture under MEDIA_ROOT ("" when it has none).
    # Pictures are never overwritten: a new upload gets a new name, so a frozen name stays valid.
    image_name: str
    category: str
    body_region: str
    # When to move on, for the patient, naming the next step ("" when the library gives none).
    progress: str = ""
    # The drawing's description ({} when the exercise has none): exercises.drawing draws it.
    pose: dict = field(default_factory=dict)
    # The language the words are in: the one asked for, or "en" when the exercise has no
    # translation into it (a reader then says so; exercises/translations.py).
    language: str = "en"

    @property
    def image_url(self) -> str:
        return default_storage.url(self.image_name) if self.image_name else ""

    @property
    def image_path(self) -> str:
        return default_storage.path(self.image_name) if self.image_name else ""


NEXT_STEP = "Next step: {names}."


def progress_text(rule: str, next_steps: list[str]) -> str:
    """The rule for moving on with the harder versions named after it ("" without a rule)."""
    rule = rule.strip()
    if not rule:
        return ""
    if not next_steps:
        return rule
    return f"{rule} {NEXT_STEP.format(names=' or '.join(next_steps))}"


def equipment_text(label: str, note: str) -> str:
    """The equipment line: the kind's label (empty for "no equipment") with the note after it."""
    if note:
        return f"{label}: {note}" if label else note
    return label or "Nothing"
