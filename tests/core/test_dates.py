import datetime

from django.template import Context, Template
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from core.dates import patient_date


def test_a_day_is_written_in_words_with_the_weekday_and_the_year():
    assert patient_date(datetime.date(2026, 11, 28)) == "Saturday 28 November 2026"
    assert patient_date(datetime.date(2027, 1, 4)) == "Monday 4 January 2027"


def test_the_format_follows_the_pages_language():
    with translation.override("es"):
        assert patient_date(datetime.date(2026, 11, 28)) == "sábado, 28 de noviembre de 2026"
    with translation.override("en-us"):
        assert patient_date(datetime.date(2026, 11, 28)) == "Saturday 28 November 2026"


@given(st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2200, 12, 31)))
def test_every_day_reads_back_as_the_same_day(day):
    weekday, number, month, year = patient_date(day).split(" ")
    assert (
        datetime.datetime.strptime(f"{weekday} {number} {month} {year}", "%A %d %B %Y").date()
        == day
    )


def test_the_template_filter_writes_the_same_and_nothing_for_no_day():
    template = Template("{% load patient_dates %}[{{ day|patient_date }}][{{ none|patient_date }}]")
    rendered = template.render(Context({"day": datetime.date(2026, 11, 28), "none": None}))
    assert rendered == "[Saturday 28 November 2026][]"


SPANISH_WEEKDAYS = ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"]
SPANISH_MONTHS = [
    *("enero", "febrero", "marzo", "abril", "mayo", "junio"),
    *("julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"),
]


@given(st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2200, 12, 31)))
def test_every_day_reads_back_in_spanish(day):
    # Spanish writes the weekday and the month in lower case, a comma after the weekday, and
    # joins the rest with "de".
    with translation.override("es"):
        weekday, number, of, month, of_again, year = patient_date(day).split(" ")
    assert weekday.endswith(",")
    weekday = weekday.removesuffix(",")
    assert (of, of_again) == ("de", "de")
    assert SPANISH_WEEKDAYS.index(weekday) == day.weekday()
    assert (int(number), SPANISH_MONTHS.index(month) + 1, int(year)) == (
        day.day,
        day.month,
        day.year,
    )
