"""Django's stock wording for a refused field, which no portal page may show: a patient is told in
plain words what is allowed instead (portal/form_fields.py)."""

STOCK_PHRASES = [
    "Select a valid choice",
    "is not one of the available choices",
    "Enter a valid",
    "Enter a number",
    "Enter a whole number",
    "Ensure this value",
    "Ensure that there are no more than",
    "This field is required",
    "Null characters are not allowed",
    "password fields didn",
    "was entered incorrectly",
]


def stock_phrases_in(text: str) -> list[str]:
    return [phrase for phrase in STOCK_PHRASES if phrase in text]
