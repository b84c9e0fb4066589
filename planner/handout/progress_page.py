"""The handout's optional last page, "Your progress": how much the patient did each week, their pain
and effort, and the left and right girth of each site measured, drawn with reportlab's own chart
widgets from ``HandoutData.progress`` (plain data: no database here either).

Each chart has a title above it and, under it, a sentence that says what it shows (the text
alternative on paper). The page is one page by construction: the words are measured first and
the charts share the height that is left, so however long the history, the flag adds one page.
Printed in ink that copies well in black and white: a second line is dashed, a second bar is
white with a dark edge, and every chart has its legend in words.
"""

import math
from html import escape

from django.utils import dateformat, translation
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer

from core.fonts import FONT, FONT_BOLD
from planner.charts import wording as chart_words
from planner.charts.wording import GOAL_RATE, SITE_WORDS
from planner.handout import wording
from planner.handout.data import ProgressPage
from planner.handout.styles import Styles
from planner.models import MeasurementSite

DARK = colors.HexColor("#0a3d7a")  # the portal's navy: prints as near black
GRID = colors.HexColor("#8a8a8a")
# Chart labels: nothing under 14 pt in large print (README, "Handouts").
LABEL_SIZE = {False: 11, True: 14}
# The tallest a chart is drawn, and the least (the words of one page leave more than this).
TALLEST = {False: 62 * mm, True: 72 * mm}
SHORTEST = 30 * mm
GAP = 4 * mm  # between one chart's caption and the next title
SLACK = 6  # points kept free, so rounding never pushes the last line to a new page
TITLES = {
    "adherence": wording.ADHERENCE_TITLE,
    "pain": wording.PAIN_TITLE,
    "girth": wording.GIRTH_TITLE,
}
WEIGHTS = {"adherence": 1.0, "pain": 1.25, "girth": 0.85}


def progress_page(
    progress: ProgressPage, s: Styles, large_print: bool, width: float, page_height: float
) -> list[Flowable]:
    """The page, starting a page of its own."""
    size = LABEL_SIZE[large_print]
    sections = _sections(progress, size)
    story: list[Flowable] = [PageBreak(), Paragraph(_say(wording.PROGRESS_HEADING), s.heading)]
    titles = {name: wording.say(title) for name, title in TITLES.items()}
    if not sections:
        return [*story, Paragraph(_say(wording.PROGRESS_NOTHING), s.body)]
    story.append(Paragraph(_say(wording.PROGRESS_INTRO, weeks=len(progress.weeks)), s.body))
    words = [
        (_title_row(titles[name], legend, s.label, size, width), Paragraph(caption, s.body))
        for name, _, caption, legend in sections
    ]
    used = sum(_height(p, width) for p in story[1:]) + GAP * (len(words) - 1)
    used += sum(title.height + _height(caption, width) for title, caption in words)
    # The height left, shared by weight: pain and effort's two lines need the most.
    weights = sum(WEIGHTS[name] for name, draw, _, _ in sections if draw is not None)
    share = (page_height - used - SLACK) / max(1, weights)
    for index, ((title, caption), (name, draw, _, _)) in enumerate(
        zip(words, sections, strict=True)
    ):
        if index:
            story.append(Spacer(1, GAP))
        story.append(title)
        if draw is not None:
            height = min(TALLEST[large_print], max(SHORTEST, share * WEIGHTS[name]))
            story.append(draw(width, height))
        story.append(caption)
    return story


def _say(sentence: str, **values) -> str:
    """A fixed sentence, in the language being printed, as markup, filled with our own numbers,
    dates and words."""
    return escape(wording.say(sentence).format(**values), quote=False)


def _spanish() -> bool:
    return translation.get_language() == "es"


def short_date(day) -> str:
    """A week's date under a chart or in its caption: "28 Nov"; in Spanish "28 nov"."""
    if _spanish():
        return dateformat.format(day, "j b")
    return chart_words.short_date(day)


def number(value) -> str:
    """42.5, 42, 3.3; in Spanish with a decimal comma: 42,5."""
    words = chart_words.number(value)
    return words.replace(".", ",") if _spanish() else words


def _site(site: str) -> str:
    """A measured site's name ("upper arm"), in the language being printed."""
    return wording.say(SITE_WORDS[MeasurementSite(site)][1])


def _height(paragraph: Paragraph, width: float) -> float:
    return (
        paragraph.wrap(width, 100_000)[1] + paragraph.getSpaceBefore() + paragraph.getSpaceAfter()
    )


def _percent(rate: float) -> str:
    return f"{round(rate * 100)}\u00a0%"  # never "75" at a line's end and "%" on the next


def _sections(progress: ProgressPage, size: float):
    """(name, a function drawing the chart at a width and height or None, caption, legend) for
    each part that has something to show; none when the patient has logged and been measured
    nothing. The title is ``TITLES[name]``; the legend, (words, sample) pairs, goes beside it."""
    sections = []
    weeks = progress.weeks
    if any(w.logs for w in weeks):
        rated = [w for w in weeks if w.rate is not None]
        if rated:
            caption = _say(
                wording.ADHERENCE_CAPTION,
                good=sum(1 for w in rated if w.rate >= GOAL_RATE),
                weeks=len(rated),
                last=_percent(rated[-1].rate),
                date=short_date(rated[-1].week_start),
            )
            draw = _adherence_drawer(weeks, size)
        else:
            caption, draw = _say(wording.ADHERENCE_NO_PLAN), None
        sections.append(("adherence", draw, caption, []))
    elif progress.girth or any(_felt(w) for w in weeks):
        sections.append(("adherence", None, _say(wording.ADHERENCE_NOTHING), []))
    if any(_felt(w) for w in weeks):
        series = _pain_series(weeks)
        legend = [(name, _line_sample(dashed)) for name, _, dashed in series]
        sections.append(("pain", _pain_drawer(weeks, series, size), _pain(weeks), legend))
    if progress.girth:
        legend = [
            (wording.say(wording.LEFT), _bar_sample(DARK)),
            (wording.say(wording.RIGHT), _bar_sample(colors.white)),
        ]
        draw = _girth_drawer(progress.girth, size)
        sections.append(("girth", draw, _girth(progress.girth), legend))
    return sections


def _felt(week) -> bool:
    return week.pain_max is not None or week.effort_mean is not None


def _pain(weeks) -> str:
    pains = [w for w in weeks if w.pain_max is not None]
    efforts = [w for w in weeks if w.effort_mean is not None]
    if not pains:
        last = efforts[-1]
        return _say(
            wording.EFFORT_ONLY, effort=number(last.effort_mean), last=short_date(last.week_start)
        )
    worst = max(pains, key=lambda w: (w.pain_max, w.week_start))
    values = {
        "worst": worst.pain_max,
        "date": short_date(worst.week_start),
        "pain": pains[-1].pain_max,
        "last": short_date(pains[-1].week_start),
    }
    if efforts:
        return _say(wording.PAIN_AND_EFFORT, effort=number(efforts[-1].effort_mean), **values)
    return _say(wording.PAIN_ONLY, **values)


def _girth(girth) -> str:
    """Each site's latest left and right, with the day once when all were measured that day."""
    days = {points[-1].measured_on for points in girth.values()}
    site = wording.GIRTH_SITE if len(days) == 1 else wording.GIRTH_SITE_DAY
    sites = ", ".join(
        wording.say(site).format(
            site=_site(name),
            left=number(points[-1].left_cm),
            right=number(points[-1].right_cm),
            date=short_date(points[-1].measured_on),
        )
        for name, points in girth.items()
    )
    if len(days) == 1:
        return _say(wording.GIRTH_CAPTION, date=short_date(days.pop()), sites=sites)
    return _say(wording.GIRTH_CAPTION_DAYS, sites=sites)


# Drawing -----------------------------------------------------------------------------------------


def _text_width(value: str, size: float, font: str = FONT) -> float:
    return pdfmetrics.stringWidth(value, font, size)


def _style_labels(labels, size: float) -> None:
    labels.fontName, labels.fontSize, labels.fillColor = FONT, size, colors.black


def _title_row(title: str, legend, style, size: float, width: float) -> Drawing:
    """A chart's title in bold with its legend (a sample of each line or bar and its name) on
    the right, or on a line of its own under the title when both do not fit on one."""
    line = style.leading
    entries = [(name, sample, _text_width(name, size) + 2.2 * size + 4) for name, sample in legend]
    legend_width = sum(w for _, _, w in entries) + size * 1.5 * max(0, len(entries) - 1)
    title_width = _text_width(title, style.fontSize, FONT_BOLD)
    beside = not entries or title_width + 2 * size + legend_width <= width
    drawing = Drawing(width, line if beside else line + size * 1.6)
    drawing.add(
        String(
            0, drawing.height - style.fontSize, title, fontName=FONT_BOLD, fontSize=style.fontSize
        )
    )
    x = width - legend_width if beside else 0.0
    y = drawing.height - style.fontSize if beside else 0.25 * size
    for name, sample, entry_width in entries:
        sample(drawing, x, y, size)
        drawing.add(String(x + 2.2 * size + 4, y, name, fontName=FONT, fontSize=size))
        x += entry_width + size * 1.5
    return drawing


def _bar_sample(fill):
    def draw(drawing, x, y, size):
        drawing.add(
            Rect(x, y - 1, 2.2 * size, size, fillColor=fill, strokeColor=DARK, strokeWidth=1.5)
        )

    return draw


def _line_sample(dashed: bool):
    def draw(drawing, x, y, size):
        line = Line(
            x, y + size / 3, x + 2.2 * size, y + size / 3, strokeColor=DARK, strokeWidth=2.5
        )
        if dashed:
            line.strokeDashArray = [6, 4]
        drawing.add(line)
        marker = makeMarker("Square" if dashed else "FilledCircle", size=size * 0.6)
        marker.x, marker.y = x + 1.1 * size, y + size / 3
        marker.fillColor, marker.strokeColor = (colors.white if dashed else DARK), DARK
        drawing.add(marker)

    return draw


def _steps(top: float, room: float, size: float) -> tuple[float, float]:
    """A round step for a value axis ``room`` high up to ``top``: at most four steps, and labels
    at least a line and a half apart. Gives the step and the axis top."""
    most = max(1, min(4, int(room // (1.5 * size))))
    for step in (2, 5, 10, 20, 25, 50, 100, 200, 500, 1000, 2000, 5000, 10_000):
        if math.ceil(top / step) <= most:
            break
    return step, math.ceil(top / step) * step


def _value_axis(axis, top: float, room: float, size: float, unit: str = "") -> None:
    step, axis.valueMax = _steps(top, room, size)
    axis.valueMin, axis.valueStep = 0, step
    axis.labelTextFormat = lambda v: f"{number(v)}{unit}"
    axis.visibleGrid, axis.gridStrokeColor, axis.gridStrokeWidth = True, GRID, 0.5
    axis.strokeColor = colors.black
    _style_labels(axis.labels, size)


def _place(chart, width: float, height: float, left: float, size: float) -> None:
    """The plot inside its drawing: room on the left for the values, under it for the names,
    and half a line over it for the top label."""
    chart.x, chart.y = left, 1.8 * size
    chart.width, chart.height = width - left - 4, height - chart.y - 0.8 * size


def _week_names(weeks, width: float, size: float) -> list[str]:
    """A date under as many weeks as fit side by side, the latest always named."""
    every = max(1, math.ceil((_text_width("30 Sep", size) + size) / (width / len(weeks))))
    return [
        short_date(w.week_start) if (len(weeks) - 1 - i) % every == 0 else ""
        for i, w in enumerate(weeks)
    ]


def _category_axis(axis, names, size: float) -> None:
    axis.categoryNames = names
    _style_labels(axis.labels, size)
    axis.labels.boxAnchor, axis.labels.dy = "n", -3


def _adherence_drawer(weeks, size: float):
    values = [None if w.rate is None else w.rate * 100 for w in weeks]
    top = max(100.0, *(v for v in values if v is not None))

    def draw(width: float, height: float) -> Drawing:
        drawing = Drawing(width, height)
        chart = VerticalBarChart()
        room = height - 2.6 * size
        _place(chart, width, height, _text_width(f"{number(top * 2)}\u00a0%", size) + 8, size)
        chart.data = [values]
        chart.bars[0].fillColor, chart.bars[0].strokeColor = DARK, None
        _value_axis(chart.valueAxis, top, room, size, "\u00a0%")
        _category_axis(chart.categoryAxis, _week_names(weeks, chart.width, size), size)
        drawing.add(chart)
        return drawing

    return draw


def _pain_series(weeks):
    """(name, a value a week or None, dashed) for the worst pain and the average effort, each
    only when logged at all."""
    series = [
        (wording.say(wording.PAIN), [w.pain_max for w in weeks], False),
        (wording.say(wording.EFFORT), [w.effort_mean for w in weeks], True),
    ]
    return [one for one in series if any(v is not None for v in one[1])]


def _pain_drawer(weeks, series, size: float):
    """Lines over the same weeks as the bars: the worst pain (solid, dots) and the average
    effort (dashed, open squares); a week with nothing logged is a gap."""

    def draw(width: float, height: float) -> Drawing:
        drawing = Drawing(width, height)
        chart = HorizontalLineChart()
        _place(chart, width, height, _text_width("10", size) + 8, size)
        chart.data = [values for _, values, _ in series]
        for index, (_, _, dashed) in enumerate(series):
            line = chart.lines[index]
            line.strokeColor, line.strokeWidth = DARK, 2.5
            line.symbol = makeMarker("Square" if dashed else "FilledCircle", size=size * 0.6)
            line.symbol.fillColor = colors.white if dashed else DARK
            line.symbol.strokeColor, line.symbol.strokeWidth = DARK, 1.5
            if dashed:
                line.strokeDashArray = [6, 4]
        axis = chart.valueAxis
        axis.valueMin, axis.valueMax = 0, 10
        # Labels at least a line and a half apart, so large print never overlaps.
        axis.valueSteps = [0, 2, 4, 6, 8, 10] if chart.height / 5 >= 1.5 * size else [0, 5, 10]
        axis.visibleGrid, axis.gridStrokeColor, axis.gridStrokeWidth = True, GRID, 0.5
        _style_labels(axis.labels, size)
        _category_axis(chart.categoryAxis, _week_names(weeks, chart.width, size), size)
        drawing.add(chart)
        return drawing

    return draw


def _girth_drawer(girth, size: float):
    latest = [points[-1] for points in girth.values()]
    names = [_site(site).capitalize() for site in girth]
    data = [[float(p.left_cm) for p in latest], [float(p.right_cm) for p in latest]]
    top = max(max(row) for row in data) * 1.2  # room for the numbers over the bars

    def draw(width: float, height: float) -> Drawing:
        drawing = Drawing(width, height)
        chart = VerticalBarChart()
        room = height - 2.6 * size
        _place(chart, width, height, _text_width(number(top * 2), size) + 8, size)
        chart.data = data
        chart.groupSpacing = 2 * size
        for index, fill in enumerate((DARK, colors.white)):
            bar = chart.bars[index]
            bar.fillColor, bar.strokeColor, bar.strokeWidth = fill, DARK, 1.5
        # Each bar's number over it, when the bars are wide enough to keep them apart.
        bar_width = (chart.width / len(latest) - chart.groupSpacing) / 2
        widest = max(_text_width(number(v), size) for row in data for v in row)
        if widest + 4 <= bar_width:
            chart.barLabelFormat = number
            _style_labels(chart.barLabels, size)
            chart.barLabels.boxAnchor, chart.barLabels.dy = "s", 2
        _value_axis(chart.valueAxis, top, room, size)
        _category_axis(chart.categoryAxis, names, size)
        drawing.add(chart)
        return drawing

    return draw
