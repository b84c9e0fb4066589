"""What people type into a number box, for the property tests of the measure forms: numbers in
and out of range with 0 to 3 decimals, and junk."""

from decimal import Decimal, InvalidOperation

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

JUNK = [
    "",
    " ",
    "abc",
    "4l.5",
    "41,5",
    "41.5.0",
    "NaN",
    "-inf",
    "Infinity",
    "1e2",
    "1e-2",
    "-0",
    "+41.5",
    "\u0664\u0661\u066b\u0665",  # 41.5 in Arabic-Indic digits
    "0x29",
    "41.5cm",
    "4" * 40,
]

# One example per request; each runs in its own rolled-back transaction.
PROPERTY = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def decimals_typed(low: int, high: int):
    """A decimal between ``low`` and ``high`` written with 0 to 3 places, as a person types it."""
    return st.integers(0, 3).flatmap(
        lambda places: st.decimals(
            min_value=low, max_value=high, places=places, allow_nan=False, allow_infinity=False
        ).map(lambda d: f"{d:.{places}f}")
    )


def typed(low: int, high: int):
    return st.one_of(decimals_typed(low, high), st.sampled_from(JUNK), st.text(max_size=6))


def plain_value(text: str) -> Decimal | None:
    """The value of a plainly written number with at most one decimal place, else None: such a
    number in range must be saved, not refused."""
    text = text.strip()
    if not text or not all(c in "0123456789." for c in text) or text.count(".") > 1:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    places = len(text.partition(".")[2])
    return value if places <= 1 and text.partition(".")[0] else None


# What Django itself says about a number it cannot take, besides our own range messages.
DJANGO_NUMBER_MESSAGES = {
    "This field is required.",
    "Enter a number.",
    "Enter a whole number.",
    "Ensure that there are no more than 1 decimal place.",
    "Ensure that there are no more than 4 digits in total.",
    "Ensure that there are no more than 3 digits before the decimal point.",
    "Ensure this value is greater than or equal to 0.",
    "Ensure this value is less than or equal to 32767.",
    "Ensure this value is greater than or equal to -32768.",
}
