"""An exercise's words as a patient is given them: one value that the library makes from its live
row (``Exercise.text()``) and that a patient's plan keeps as its frozen copy
(``ProgramExercise.given``), so the portal and the handout read one shape whichever it is."""

from dataclasses import dataclass, field

from django.core.files.storage import default_storage
from django.utils.translation import gettext, gettext_noop


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


# Marked for translation as they stand: a plan freezes these words in English when it is handed
# over, and the handout puts them in the patient's language when it prints (``localized_*``).
NEXT_STEP = gettext_noop("Next step: {names}.")
# Translators: between two exercise names, "Easy step or Harder step".
OR = gettext_noop("{one} or {other}")
# Translators: what to have ready for an exercise that needs no equipment.
NOTHING = gettext_noop("Nothing")


def _either(names: list[str], or_words: str) -> str:
    """ "A", "A or B", "A or B or C"."""
    words = names[0]
    for name in names[1:]:
        words = or_words.format(one=words, other=name)
    return words


def progress_text(rule: str, next_steps: list[str]) -> str:
    """The rule for moving on with the harder versions named after it ("" without a rule)."""
    rule = rule.strip()
    if not rule:
        return ""
    if not next_steps:
        return rule
    return f"{rule} {gettext(NEXT_STEP).format(names=_either(next_steps, gettext(OR)))}"


def equipment_text(label: str, note: str) -> str:
    """The equipment line: the kind's label (empty for "no equipment") with the note after it."""
    if note:
        return f"{label}: {note}" if label else note
    return label or gettext(NOTHING)


def localized_progress(frozen: str) -> str:
    """A frozen "… Next step: A or B." with its fixed words in the active language (the rule
    and the names are the library's, as frozen)."""
    start = NEXT_STEP.split("{")[0]  # "Next step: "
    head, found, names = frozen.rpartition(" " + start)
    if not found or not names.endswith("."):
        return frozen
    either = _either(names[:-1].split(OR.format(one="", other="")), gettext(OR))
    return f"{head} {gettext(NEXT_STEP).format(names=either)}"


def localized_equipment(frozen: str, labels) -> str:
    """A frozen equipment line ("Chair: a firm chair", "Nothing") with its kind's label, given
    among the English ``labels``, in the active language (the note stays as frozen)."""
    if frozen == NOTHING:
        return gettext(NOTHING)
    for label in labels:
        if frozen == label:
            return gettext(label)
        if frozen.startswith(label + ": "):
            return f"{gettext(label)}: {frozen[len(label) + 2 :]}"
    return frozen
