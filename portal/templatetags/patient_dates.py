from functools import lru_cache

from django import template
from django.utils import translation

from core.dates import patient_date as _patient_date

register = template.Library()


@register.filter
def patient_date(day):
    """``{{ day|patient_date }}``: core.dates.patient_date; empty for no day."""
    return written_day(day, translation.get_language()) if day else ""


@lru_cache(maxsize=2048)
def written_day(day, language) -> str:
    """``day`` in words in ``language`` (the active one): a day and a language always give the
    same words, and a history page writes about thirty days, each through Django's date format
    and its translated names (about 0.4 ms a page), so each is written once per process."""
    return _patient_date(day)


@register.filter
def day_id(day) -> str:
    """``{{ day|day_id }}``: "20261123", for an element's id; ``{{ day|date:'Ymd' }}`` without
    Django's date format (a tenth of a millisecond for a history page's four weeks)."""
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"
