"""Progress charts (issue 15): data in, SVG bytes out, each with its words.

A chart is built twice from the same data: as a ``Chart`` (its title, a short text alternative and
the numbers as a table, for the page) and as SVG (pygal, for an ``<img>``). Every colour, size and
word of the charts is here. The SVG carries no script (pygal's config script is removed) and
nothing fetched; its one ``<style>`` only works where the SVG is an image, which is how it is shown.

Colours: the portal's navy and Okabe and Ito's vermillion and bluish green, told apart without
colour too (the second line is dashed). Labels are large because the image shrinks on a phone.
"""

import datetime
import math
import xml.etree.ElementTree as ET  # we build the tree; nothing is parsed
from dataclasses import dataclass, field
from decimal import Decimal

import pygal
from pygal.style import Style

from planner.models import MeasurementSite

NAVY = "#0a3d7a"
VERMILLION = "#c34f00"  # Okabe-Ito vermillion, a shade darker: 4.5:1 on white
GREEN = "#007a5a"  # Okabe-Ito bluish green, darker for the same contrast
INK = "#1a1a1a"
GRID = "#8a8a8a"
COLOURS = (NAVY, VERMILLION, GREEN)
DASHED = {"dasharray": "14, 7"}  # every second line, so colour is not the only clue

# Drawn sizes: the page scales the image to fit, so a phone gets the narrow drawing, whose labels
# shrink less.
SIZES = {"wide": (640, 400), "narrow": (400, 420)}
LABEL_SIZE = 20
LEGEND_SIZE = 22
NO_DATA_SIZE = 32
GOAL_RATE = 0.8  # a week "at goal": at least 8 in 10 prescribed sessions logged

STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground=INK,
    foreground_strong=INK,
    foreground_subtle=GRID,
    font_family="'Fira Sans', 'Segoe UI', Roboto, Arial, sans-serif",
    colors=COLOURS,
    label_font_size=LABEL_SIZE,
    major_label_font_size=LABEL_SIZE,
    legend_font_size=LEGEND_SIZE,
    value_font_size=LABEL_SIZE,
    no_data_font_size=NO_DATA_SIZE,
    title_font_size=LEGEND_SIZE,
    opacity="1",
    opacity_hover="1",
    stroke_opacity="1",
    stroke_opacity_hover="1",
    stroke_width="4",
    stroke_width_hover="4",
    transition="0s",
    guide_stroke_color=GRID,
    major_guide_stroke_color=GRID,
)

NO_LOGS = "No logs yet"
NO_MEASUREMENTS = "No measurements yet"

SITE_WORDS = {  # the site's short name, one and both, for titles and plain sentences
    MeasurementSite.UPPER_ARM: ("upper arm", "upper arms"),
    MeasurementSite.FOREARM: ("forearm", "forearms"),
    MeasurementSite.THIGH: ("thigh", "thighs"),
    MeasurementSite.CALF: ("calf", "calves"),
}


@dataclass(frozen=True)
class Series:
    name: str
    points: list[tuple[object, float | None]]  # (x, y); x a date or a label


@dataclass(frozen=True)
class Chart:
    slug: str
    title: str
    alt: str
    headers: list[str]
    rows: list[list[str]]
    series: list[Series] = field(default_factory=list)
    kind: str = "lines"  # "lines" over dates, or "bars" over labels
    y_range: tuple[float, float] | None = None
    y_labels: list[float] | None = None
    unit: str = ""
    empty_text: str = NO_LOGS

    @property
    def has_data(self) -> bool:
        return any(y is not None for s in self.series for _, y in s.points)


# Words -----------------------------------------------------------------------------------------


def short_date(day: datetime.date) -> str:
    return f"{day.day} {day:%b}"


def long_date(day: datetime.date) -> str:
    return f"{day.day} {day:%b %Y}"


def number(value) -> str:
    """1 decimal at most, no trailing zero: 42.5, 42, 3.3."""
    if value is None:
        return "—"
    text = f"{float(value):.1f}"
    return text[:-2] if text.endswith(".0") else text


def percent(rate: float | None) -> str:
    return "—" if rate is None else f"{round(rate * 100)} %"


# Charts ----------------------------------------------------------------------------------------


def adherence_chart(weeks, *, for_patient=False) -> Chart:
    """Bars: the share of prescribed sessions logged, each week, oldest first."""
    rated = [w for w in weeks if w.rate is not None]
    at_goal = sum(1 for w in rated if w.rate >= GOAL_RATE)
    logged_any = any(w.logs for w in weeks)
    if for_patient:
        title = "How much you did each week"
        if not logged_any:
            alt = f"{title}: nothing logged yet."
        else:
            alt = (
                f"{title}. You did most of it (8 in 10 or more) in {at_goal} of {len(rated)} weeks."
            )
        headers = ["Week of", "Planned", "Done", "Done, in %"]
        rows = [
            [short_date(w.week_start), number(w.prescribed), number(w.logged), percent(w.rate)]
            for w in reversed(weeks)
        ]
    else:
        title = "Adherence by week"
        if not logged_any:
            alt = f"{title}: no logs in the last {len(weeks)} weeks."
        else:
            latest = rated[-1] if rated else None
            alt = (
                f"{title}: {at_goal} of the last {len(rated)} weeks with a plan at or above "
                f"{round(GOAL_RATE * 100)} %"
            )
            if latest is not None:
                alt += (
                    f"; week of {short_date(latest.week_start)} {percent(latest.rate)} "
                    f"({number(latest.logged)} of {number(latest.prescribed)} sessions)"
                )
            alt += "."
        headers = [
            "Week of",
            "Sessions prescribed",
            "Sessions logged",
            "Adherence",
            "Pain, highest",
            "Pain, average",
            "Effort, average",
        ]
        rows = [
            [
                short_date(w.week_start),
                number(w.prescribed),
                number(w.logged),
                percent(w.rate),
                number(w.pain_max),
                number(w.pain_mean),
                number(w.effort_mean),
            ]
            for w in reversed(weeks)
        ]
    values = [(short_date(w.week_start), None if w.rate is None else w.rate * 100) for w in weeks]
    return Chart(
        slug="adherence",
        title=title,
        alt=alt,
        headers=headers,
        rows=rows,
        series=[Series("Done, in %" if for_patient else "Adherence", values)] if logged_any else [],
        kind="bars",
        # a patient who does more than asked passes 100 %
        y_labels=list(
            range(0, max(100, math.ceil(max(_rates(weeks), default=0) / 20) * 20) + 1, 20)
        ),
        unit=" %",
    )


def pain_effort_chart(days, *, for_patient=False) -> Chart:
    """Two lines, 0 to 10: the highest pain and the average effort of each day logged."""
    pain_name = "Pain" if for_patient else "Pain (highest that day)"
    effort_name = "Effort" if for_patient else "Effort (average that day)"
    title = "Your pain and effort" if for_patient else "Pain and effort"
    pains = [d for d in days if d.pain_max is not None]
    efforts = [d for d in days if d.effort_mean is not None]
    if not days:
        alt = f"{title}: nothing logged yet." if for_patient else f"{title}: no logs yet."
    elif for_patient:
        parts = [f"{title}, 0 to 10, day by day."]
        if pains:
            worst = max(pains, key=lambda d: (d.pain_max, d.day))
            parts.append(f"Your worst pain was {worst.pain_max}, on {long_date(worst.day)}.")
            parts.append(f"Last time, your pain was {pains[-1].pain_max}.")
        if efforts:
            parts.append(f"Last time, your effort was {number(efforts[-1].effort_mean)}.")
        alt = " ".join(parts)
    else:
        parts = [f"{title} (0 to 10), {len(days)} days logged"]
        if pains:
            worst = max(pains, key=lambda d: (d.pain_max, d.day))
            parts.append(
                f"pain highest {worst.pain_max} on {short_date(worst.day)}, "
                f"latest {pains[-1].pain_max} on {short_date(pains[-1].day)}"
            )
        if efforts:
            mean = sum(d.effort_mean for d in efforts) / len(efforts)
            parts.append(f"effort latest {number(efforts[-1].effort_mean)}, average {number(mean)}")
        alt = "; ".join(parts) + "."
    return Chart(
        slug="pain-effort",
        title=title,
        alt=alt,
        headers=["Day", pain_name, effort_name],
        rows=[
            [long_date(d.day), number(d.pain_max), number(d.effort_mean)] for d in reversed(days)
        ],
        series=[
            Series(pain_name, [(d.day, d.pain_max) for d in pains]),
            Series(effort_name, [(d.day, d.effort_mean) for d in efforts]),
        ],
        y_range=(0, 10),
        y_labels=[0, 2, 4, 6, 8, 10],
    )


def girth_chart(site: str, points, *, for_patient=False) -> Chart:
    """Two lines, left and right girth at one site over time, in cm."""
    name, both = SITE_WORDS[MeasurementSite(site)]
    first, last = points[0], points[-1]
    if for_patient:
        title = f"The size of your {both}"
        alt = (
            f"{title}, left and right. Last time, {long_date(last.measured_on)}: left "
            f"{number(last.left_cm)} cm, right {number(last.right_cm)} cm. That is "
            f"{number(last.difference_cm)} cm apart."
        )
        headers = ["Day", "Left (cm)", "Right (cm)", "Apart (cm)"]
        rows = [
            [
                long_date(p.measured_on),
                number(p.left_cm),
                number(p.right_cm),
                number(p.difference_cm),
            ]
            for p in reversed(points)
        ]
    else:
        title = f"{name.capitalize()} girth"
        alt = (
            f"{title}: left {number(last.left_cm)} cm, right {number(last.right_cm)} cm on "
            f"{long_date(last.measured_on)} (difference {number(last.difference_cm)} cm)"
        )
        if len(points) > 1:
            change = last.difference_cm - first.difference_cm
            alt += (
                f"; first on {long_date(first.measured_on)}, difference "
                f"{number(first.difference_cm)} cm ({_signed(change)} cm since)"
            )
        alt += f"; {len(points)} measurement{'s' if len(points) != 1 else ''}."
        headers = ["Day", "Left (cm)", "Right (cm)", "Difference (cm)", "Difference (%)"]
        headers.append("Landmark")
        rows = [
            [
                long_date(p.measured_on),
                number(p.left_cm),
                number(p.right_cm),
                number(p.difference_cm),
                number(_difference_percent(p)),
                p.landmark or "Usual",
            ]
            for p in reversed(points)
        ]
    return Chart(
        slug=f"girth-{site.replace('_', '-')}",
        title=title,
        alt=alt,
        headers=headers,
        rows=rows,
        series=[
            Series("Left", [(p.measured_on, float(p.left_cm)) for p in points]),
            Series("Right", [(p.measured_on, float(p.right_cm)) for p in points]),
        ],
        unit=" cm",
        empty_text=NO_MEASUREMENTS,
    )


def _difference_percent(point) -> Decimal:
    larger = max(point.left_cm, point.right_cm)
    return (point.difference_cm * 100 / larger).quantize(Decimal("0.1"))


def _signed(value) -> str:
    return f"+{number(value)}" if value > 0 else number(value)


FUNCTION_TESTS = {
    # slug: (title, unit, [(series name, field)], "better" direction for the sentence)
    "chair-stands": (
        "30-second chair stand",
        "",
        [("Full stands in 30 seconds", "chair_stands")],
    ),
    "grip": (
        "Grip strength",
        " kg",
        [("Left hand", "grip_left_kg"), ("Right hand", "grip_right_kg")],
    ),
    "timed-up-and-go": (
        "Timed up and go",
        " s",
        [("Seconds (lower is better)", "timed_up_and_go_s")],
    ),
}


def function_charts(results) -> list[Chart]:
    """One chart per function test that has a result: chair stands, grip left and right, TUG."""
    charts = []
    for slug, (title, unit, columns) in FUNCTION_TESTS.items():
        tested = [r for r in results if any(getattr(r, f) is not None for _, f in columns)]
        if not tested:
            continue
        series = [
            Series(
                name,
                [(r.tested_on, float(getattr(r, f))) for r in tested if getattr(r, f) is not None],
            )
            for name, f in columns
        ]
        summary = "; ".join(
            (f"{s.name.lower()} " if len(series) > 1 else "")
            + f"{number(s.points[-1][1])}{unit} on {long_date(s.points[-1][0])}"
            + (
                f", from {number(s.points[0][1])}{unit} on {long_date(s.points[0][0])}"
                if len(s.points) > 1
                else ""
            )
            for s in series
            if s.points
        )
        charts.append(
            Chart(
                slug=slug,
                title=title,
                alt=f"{title}: {summary}.",
                headers=[
                    "Day",
                    *(f"{name}{f' ({unit.strip()})' if unit else ''}" for name, _ in columns),
                ],
                rows=[
                    [long_date(r.tested_on), *(number(getattr(r, f)) for _, f in columns)]
                    for r in reversed(tested)
                ],
                series=series,
                unit=unit,
                empty_text="No tests yet",
            )
        )
    return charts


def progress_charts(progress, *, for_patient=False) -> list[Chart]:
    """Every chart for one patient's progress, in the order the page shows them."""
    charts = [
        adherence_chart(progress.weeks, for_patient=for_patient),
        pain_effort_chart(progress.days, for_patient=for_patient),
    ]
    charts += [
        girth_chart(site, points, for_patient=for_patient)
        for site, points in progress.girth.items()
    ]
    if not for_patient:
        charts += function_charts(progress.function_tests)
    return charts


def size_asked(query) -> str:
    """The drawing a chart's URL asks for (``?size=narrow``), the wide one otherwise."""
    return "narrow" if query.get("size") == "narrow" else "wide"


def chart_named(charts: list[Chart], slug: str) -> Chart | None:
    return next((chart for chart in charts if chart.slug == slug), None)


# SVG -------------------------------------------------------------------------------------------


def _rates(weeks) -> list[float]:
    return [w.rate * 100 for w in weeks if w.rate is not None]


def render_svg(chart: Chart, size: str = "wide") -> bytes:
    """The chart as a standalone SVG image: pygal's drawing, no script, no XML declaration."""
    options = {
        "style": STYLE,
        "width": SIZES[size][0],
        "height": SIZES[size][1],
        "explicit_size": True,
        "js": [],
        "disable_xml_declaration": True,
        "show_legend": len(chart.series) > 1,
        "legend_at_bottom": True,
        "legend_at_bottom_columns": 2,
        "truncate_legend": -1,
        "truncate_label": -1,
        "dots_size": 5,
        "no_data_text": chart.empty_text,
        "margin": 12,
        "margin_right": 40,  # room for the last date's label
        "value_formatter": lambda y: f"{number(y)}{chart.unit}",
        "tooltip_border_radius": 0,
    }
    if not chart.has_data:  # pygal writes ``no_data_text`` on an empty frame
        graph = pygal.Line(**options, show_x_labels=False, show_y_labels=False, show_y_guides=False)
    elif chart.kind == "bars":
        graph = pygal.Bar(**options)
        if chart.series:  # a week in three named along the bottom
            graph.x_labels_major_every = 3 if size == "wide" else 4
            graph.show_minor_x_labels = False
            graph.x_labels = [x for x, _ in chart.series[0].points]
    else:
        graph = pygal.DateLine(
            **options,
            x_value_formatter=short_date,
            x_label_rotation=0,
            x_labels_major_count=4,
            show_minor_x_labels=False,
        )
        dates = sorted({x for s in chart.series for x, _ in s.points})
        if dates:
            graph.x_labels = _date_labels(dates, 4 if size == "wide" else 3)
    if chart.has_data:
        graph.y_labels = chart.y_labels or _y_labels(chart)
        graph.range = chart.y_range or (graph.y_labels[0], graph.y_labels[-1])
    for index, serie in enumerate(chart.series if chart.has_data else []):
        graph.add(
            serie.name,
            serie.points if chart.kind == "lines" else [y for _, y in serie.points],
            stroke_style=DASHED if index % 2 else None,
        )
    root = graph.render_tree()
    _strip(root)
    return ET.tostring(root, encoding="utf-8")


def _y_labels(chart: Chart) -> list[float]:
    """Whole steps of 1, 2, 5, 10 or 20, at most six, from just below the lowest value to just
    above the highest, so every point sits between two labelled lines."""
    values = [y for s in chart.series for _, y in s.points if y is not None]
    low, high = min(values), max(values)
    for step in (1, 2, 5, 10, 20, 50):
        first, last = math.floor(low / step) * step, math.ceil(high / step) * step
        if last == first:
            last += step
        if (last - first) / step <= 6:
            break
    return list(range(int(first), int(last) + 1, step))


def _date_labels(dates: list[datetime.date], most: int) -> list[datetime.date]:
    """At most ``most`` dates along the bottom, the first and the last included."""
    if len(dates) <= most:
        return dates
    step = (len(dates) - 1) / (most - 1)
    return [dates[round(i * step)] for i in range(most)]


def _strip(root) -> None:
    """Take out pygal's config script (nothing runs in an image, and the site's policy forbids
    inline scripts anyway) and its credit comments; name the drawing for its title."""
    for parent in root.iter():
        for child in list(parent):
            if child.tag is ET.Comment or child.tag.endswith("script"):
                parent.remove(child)
    for title in root.iter():
        if isinstance(title.tag, str) and title.tag.endswith("title") and title.text == "Pygal":
            title.text = "Progress chart"
