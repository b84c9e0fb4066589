"""The short guide on the portal's measuring page, in plain words (reading grade 6 or below,
checked by tests/portal/test_measure.py): where the tape goes, both sides, cm to 0.1."""

from planner.models.records import GIRTH_RANGE_CM

STEPS = [
    "Use a soft tape that shows cm.",
    "Sit or stand the same way each time.",
    "Put the tape around your arm or leg at the place shown below.",
    "Keep the tape flat. Make it snug, but do not squeeze.",
    "Read the number where the tape meets its end. Write it with one number after the dot, "
    "like 41.5.",
    "Measure the left side first. Then measure the right side at the same place.",
]

# Where the tape goes, by site (planner.models.MeasurementSite), in the patient's words.
PLACES = {
    "upper_arm": "Find the tip of your shoulder and the tip of your elbow. Put the tape half way "
    "between them.",
    "forearm": "Put the tape around the widest part of your arm below the elbow.",
    "thigh": "Find the top of your kneecap. Go 10 cm up your leg. Put the tape around your leg "
    "there.",
    "calf": "Put the tape around the widest part of the back of your lower leg.",
}

# The site names a patient chooses from.
SITE_NAMES = {
    "upper_arm": "Upper arm",
    "forearm": "Lower arm",
    "thigh": "Thigh",
    "calf": "Calf",
}

THERAPIST_PLACE = "Your therapist put the tape here: {landmark}. Use the same place."

WHEN_TO_CALL = (
    "Call your clinic if one side gets thinner than the other, or if the gap grows from one "
    "time to the next."
)

# Messages for numbers the form refuses (the range is the model's, GIRTH_RANGE_CM).
OUT_OF_RANGE = f"Type a size from {GIRTH_RANGE_CM[0]} to {GIRTH_RANGE_CM[1]} cm."
NOT_A_NUMBER = "Type the size as a number of cm, like 41.5."
ONE_DECIMAL = "Use at most one number after the dot, like 41.5."
