"""The charts as SVG (pygal), for an ``<img>``: every colour and size of the drawing is here.

The SVG carries no script (pygal's config script is removed) and nothing fetched; its one
``<style>`` only works where the SVG is an image, which is how it is shown.

Colours: the portal's navy and Okabe and Ito's vermillion and bluish green, told apart without
colour too (the second line is dashed). Labels are large because the image shrinks on a phone.
"""

import datetime
import math
import xml.etree.ElementTree as ET  # we build the tree; nothing is parsed

import pygal
from django.utils.translation import gettext
from pygal.style import Style

from planner.charts.wording import Chart, number, short_date

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


def size_asked(query) -> str:
    """The drawing a chart's URL asks for (``?size=narrow``), the wide one otherwise."""
    return "narrow" if query.get("size") == "narrow" else "wide"


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
            title.text = gettext("Progress chart")
