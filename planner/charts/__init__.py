"""Progress charts (issue 15): data in, words and SVG bytes out.

A chart is built twice from the same data: as a ``Chart`` (its title, a short text alternative and
the numbers as a table, for the page; ``wording``) and as SVG (pygal, for an ``<img>``; ``svg``).
The printed handout draws its own progress page with reportlab (``planner.handout.progress_page``).
"""

from planner.charts.svg import (
    COLOURS,
    GREEN,
    GRID,
    INK,
    LABEL_SIZE,
    LEGEND_SIZE,
    NAVY,
    SIZES,
    STYLE,
    VERMILLION,
    render_svg,
    size_asked,
)
from planner.charts.wording import (
    GOAL_RATE,
    NO_LOGS,
    NO_MEASUREMENTS,
    SITE_WORDS,
    Chart,
    Series,
    adherence_chart,
    chart_named,
    function_charts,
    girth_chart,
    long_date,
    number,
    pain_effort_chart,
    percent,
    progress_charts,
    short_date,
)

__all__ = [
    "COLOURS",
    "GOAL_RATE",
    "GREEN",
    "GRID",
    "INK",
    "LABEL_SIZE",
    "LEGEND_SIZE",
    "NAVY",
    "NO_LOGS",
    "NO_MEASUREMENTS",
    "SITE_WORDS",
    "SIZES",
    "STYLE",
    "VERMILLION",
    "Chart",
    "Series",
    "adherence_chart",
    "chart_named",
    "function_charts",
    "girth_chart",
    "long_date",
    "number",
    "pain_effort_chart",
    "percent",
    "progress_charts",
    "render_svg",
    "short_date",
    "size_asked",
]
