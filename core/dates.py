"""One way to write a day for patients: the weekday, the day, the month and the year in words,
in the language the page is in (issue 16 found three formats on the portal; "3/4/2026" reads as
March in one country and April in another, "Sat" and "Nov" are harder to read than the words)."""

import datetime

from django.utils import dateformat, translation

# Django's date-format letters, per language: l weekday, j day, F month, Y year.
PATIENT_FORMATS = {
    "en": "l j F Y",  # Saturday 28 November 2026
    "es": r"l, j \d\e F \d\e Y",  # sábado, 28 de noviembre de 2026
}


def patient_date(day: datetime.date) -> str:
    """``day`` as patients read it on the portal, in messages and in emails."""
    language = (translation.get_language() or "en").split("-")[0]
    return dateformat.format(day, PATIENT_FORMATS.get(language, PATIENT_FORMATS["en"]))
