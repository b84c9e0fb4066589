"""An exercise's words as a patient is given them: one value that the library makes from its live
row (``Exercise.text()``) and that a patient's plan keeps as its frozen copy
(``ProgramExercise.given``), so the portal and the handout read one shape whichever it is."""

from dataclasses import dataclass

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

    @property
    def image_url(self) -> str:
        return default_storage.url(self.image_name) if self.image_name else ""

    @property
    def image_path(self) -> str:
        return default_storage.path(self.image_name) if self.image_name else ""


def equipment_text(label: str, note: str) -> str:
    """The equipment line: the kind's label (empty for "no equipment") with the note after it."""
    if note:
        return f"{label}: {note}" if label else note
    return label or "Nothing"
