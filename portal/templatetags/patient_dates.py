from django import template

from core.dates import patient_date as _patient_date

register = template.Library()


@register.filter
def patient_date(day):
    """``{{ day|patient_date }}``: core.dates.patient_date; empty for no day."""
    return _patient_date(day) if day else ""
