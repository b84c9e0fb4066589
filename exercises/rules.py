"""Rules every exercise follows, whoever writes it: the library loader and the admin form both
call these, each wording the refusal for its own reader."""

from exercises.models import Category

MIN_STEPS = 3
MAX_STEPS = 8
MAX_STEP_LENGTH = 300  # characters: one instruction, read aloud in a breath or two

DEVICE_REQUIRED = "Brace and splint exercises must name their device."


def step_count_allowed(steps: list) -> bool:
    """Short enough to follow at home, long enough to do safely."""
    return MIN_STEPS <= len(steps) <= MAX_STEPS


def overlong_steps(steps: list[str]) -> list[int]:
    """The 1-based numbers of the steps longer than ``MAX_STEP_LENGTH``."""
    return [n for n, step in enumerate(steps, start=1) if len(step) > MAX_STEP_LENGTH]


def device_missing(*, category: str, device: str) -> bool:
    """A brace or splint exercise cannot be done without knowing which device it is."""
    return category == Category.BRACE_SPLINT and not device
