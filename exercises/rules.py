"""Rules every exercise follows, whoever writes it: the library loader and the admin form both
call these, each wording the refusal for its own reader."""

from exercises.models import Category

MIN_STEPS = 3
MAX_STEPS = 8

DEVICE_REQUIRED = "Brace and splint exercises must name their device."


def step_count_allowed(steps: list) -> bool:
    """Short enough to follow at home, long enough to do safely."""
    return MIN_STEPS <= len(steps) <= MAX_STEPS


def device_missing(*, category: str, device: str) -> bool:
    """A brace or splint exercise cannot be done without knowing which device it is."""
    return category == Category.BRACE_SPLINT and not device
