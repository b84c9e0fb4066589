"""The short guide on the portal's measuring page, in plain words (reading grade 6 or below,
checked by tests/portal/test_measure.py): where the tape goes, both sides, cm to 0.1. The
words are English here (marked for the catalogue with ``gettext_noop``); the page and the form
translate them when they show them."""

from django.utils.translation import gettext, gettext_noop

from planner.models.records import GIRTH_RANGE_CM

STEPS = [
    gettext_noop("Use a soft tape that shows cm."),
    gettext_noop("Sit or stand the same way each time."),
    gettext_noop("Put the tape around your arm or leg at the place shown below."),
    gettext_noop("Keep the tape flat. Make it snug, but do not squeeze."),
    gettext_noop(
        "Read the number where the tape meets its end. Write it with one number after the dot, "
        "like 41.5."
    ),
    gettext_noop("Measure the left side first. Then measure the right side at the same place."),
]

# Where the tape goes, by site (planner.models.MeasurementSite), in the patient's words.
PLACES = {
    "upper_arm": gettext_noop(
        "Find the tip of your shoulder and the tip of your elbow. Put the tape half way "
        "between them."
    ),
    "forearm": gettext_noop("Put the tape around the widest part of your arm below the elbow."),
    "thigh": gettext_noop(
        "Find the top of your kneecap. Go 10 cm up your leg. Put the tape around your leg there."
    ),
    "calf": gettext_noop("Put the tape around the widest part of the back of your lower leg."),
}

# The site names a patient chooses from.
SITE_NAMES = {
    "upper_arm": gettext_noop("Upper arm"),
    "forearm": gettext_noop("Lower arm"),
    "thigh": gettext_noop("Thigh"),
    "calf": gettext_noop("Calf"),
}

THERAPIST_PLACE = gettext_noop("Your therapist put the tape here: {landmark}. Use the same place.")

WHEN_TO_CALL = gettext_noop(
    "Call your clinic if one side gets thinner than the other, or if the gap grows from one "
    "time to the next."
)

# Messages for numbers the form refuses (the range is the model's, GIRTH_RANGE_CM).
_RANGE = {"low": GIRTH_RANGE_CM[0], "high": GIRTH_RANGE_CM[1]}
OUT_OF_RANGE_WORDS = gettext_noop("Type a size from %(low)s to %(high)s cm.")
OUT_OF_RANGE = OUT_OF_RANGE_WORDS % _RANGE
NOT_A_NUMBER = gettext_noop("Type the size as a number of cm, like 41.5.")
ONE_DECIMAL = gettext_noop("Use at most one number after the dot, like 41.5.")


def out_of_range() -> str:
    """``OUT_OF_RANGE`` in the active language."""
    return gettext(OUT_OF_RANGE_WORDS) % _RANGE
