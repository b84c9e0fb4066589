"""planner.charts: the words and the SVG of each progress chart, from plain data (no database)."""

import datetime
import xml.etree.ElementTree as ET  # our own output, parsed to check it is well-formed
from decimal import Decimal

from planner import charts
from planner.selectors.adherence import WeekAdherence
from planner.selectors.progress import FunctionResult, Girth, PainEffortDay, Progress

MONDAY = datetime.date(2026, 9, 7)
SVG = "{http://www.w3.org/2000/svg}"


def week(n, logged, prescribed=6.0, pain=3):
    return WeekAdherence(
        week_start=MONDAY + datetime.timedelta(weeks=n),
        prescribed=prescribed,
        logged=logged,
        rate=logged / prescribed if prescribed else None,
        pain_max=pain,
        pain_mean=2.5,
        effort_mean=4.0,
        logs=int(logged),
    )


WEEKS = [week(n, logged) for n, logged in enumerate([6, 5, 4, 6, 3, 5, 6, 6, 2, 5, 5, 1])]
EMPTY_WEEKS = [week(n, 0, prescribed=0) for n in range(12)]
DAYS = [
    PainEffortDay(MONDAY + datetime.timedelta(days=3 * n), pain, 4.5)
    for n, pain in enumerate([2, 8, 1, 0])
]
THIGH = [
    Girth(datetime.date(2026, 9, 9), Decimal("45.0"), Decimal("44.0"), ""),
    Girth(datetime.date(2026, 11, 23), Decimal("45.1"), Decimal("42.5"), "15 cm above"),
]
TESTS = [
    FunctionResult(datetime.date(2026, 9, 9), 6, Decimal("18.5"), Decimal("22.0"), None),
    FunctionResult(datetime.date(2026, 11, 18), 9, Decimal("19.5"), None, None),
]


def texts(svg: bytes) -> list[str]:
    root = ET.fromstring(svg)  # noqa: S314 - our own output
    assert root.tag == f"{SVG}svg"
    return [t.strip() for t in root.itertext() if t.strip()]


def test_adherence_words_count_weeks_at_goal():
    chart = charts.adherence_chart(WEEKS)
    assert chart.alt == (
        "Adherence by week: 8 of the last 12 weeks with a plan at or above 80 %; "
        "week of 23 Nov 17 % (1 of 6 sessions)."
    )
    assert chart.rows[0] == ["23 Nov", "6", "1", "17 %", "3", "2.5", "4"]  # newest first


def test_the_adherence_svg_names_its_series_and_values():
    svg = charts.render_svg(charts.adherence_chart(WEEKS))
    words = texts(svg)
    assert "100 %" in words
    assert "7 Sep" in words
    assert b"<script" not in svg
    assert b"<?xml" not in svg
    assert b'width="640"' in svg  # an intrinsic size, so an <img> has one


def test_pain_and_effort_lines_carry_both_names_and_the_worst_day():
    chart = charts.pain_effort_chart(DAYS)
    assert "pain highest 8 on 10 Sep" in chart.alt
    words = texts(charts.render_svg(chart))
    assert "Pain (highest that day)" in words
    assert "Effort (average that day)" in words
    assert "10" in words  # the 0 to 10 scale


def test_girth_compares_sides_and_the_first_measurement():
    chart = charts.girth_chart("thigh", THIGH)
    assert chart.slug == "girth-thigh"
    assert chart.alt == (
        "Thigh girth: left 45.1 cm, right 42.5 cm on Monday 23 November 2026 (difference 2.6 cm); "
        "first on Wednesday 9 September 2026, difference 1 cm (+1.6 cm since); 2 measurements."
    )
    assert chart.rows[0][-1] == "15 cm above"
    assert {"Left", "Right", "45 cm"} <= set(texts(charts.render_svg(chart)))


def test_function_tests_chart_only_the_tests_done():
    made = charts.function_charts(TESTS)
    assert [c.slug for c in made] == ["chair-stands", "grip"]
    assert made[0].alt == (
        "30-second chair stand: 9 on Wednesday 18 November 2026, "
        "from 6 on Wednesday 9 September 2026."
    )
    assert {"Left hand", "Right hand"} <= set(texts(charts.render_svg(made[1])))


def test_no_data_says_so_instead_of_failing():
    progress = Progress(weeks=EMPTY_WEEKS, days=[], girth={}, function_tests=[])
    made = charts.progress_charts(progress)
    assert [c.slug for c in made] == ["adherence", "pain-effort"]
    assert made[0].alt == "Adherence by week: no logs in the last 12 weeks."
    for chart in made:
        assert "No logs yet" in texts(charts.render_svg(chart))


def test_the_patient_words_are_plain():
    progress = Progress(weeks=WEEKS, days=DAYS, girth={"thigh": THIGH}, function_tests=TESTS)
    made = charts.progress_charts(progress, for_patient=True)
    assert [c.title for c in made] == [
        "How much you did each week",
        "Your pain and effort",
        "The size of your thighs",
    ]  # no function tests in the portal
    assert made[2].alt.endswith("That is 2.6 cm apart.")


def test_the_colours_and_sizes_are_the_portals():
    svg = charts.render_svg(charts.girth_chart("calf", THIGH)).decode()
    assert charts.NAVY in svg
    assert charts.VERMILLION in svg
    assert f"font-size:{charts.LABEL_SIZE}px" in svg
    assert "stroke-dasharray" in svg  # the second line is dashed
