"""The tick-box calendar's week grid: what every week shares (``CalendarLayout``) and one week
(``WeekGrid``), drawn straight onto the canvas.

It follows the prescription: a box per session in each day's cell for a daily exercise, and for
"3 days a week" three groups of boxes spread over the week, tied to no date. Like every flowable
of the handout it splits at any height (between exercise rows) and moves to the next page only
when this one is already a third full (``flowables.page_is_filled``).
"""

import math

from django.utils import dateformat, translation
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable

from core.fonts import FONT, FONT_BOLD
from planner.handout import wording
from planner.handout.flowables import _UNLIMITED, TextBlock, page_is_filled
from planner.handout.styles import Styles

# A week's first and last day in its band, per language (as ``layout.DATE_FORMATS``): "28 Nov";
# "28 de noviembre".
DAY_FORMATS = {"es": r"j \d\e F"}


def _day(value) -> str:
    day_format = DAY_FORMATS.get(translation.get_language())
    if day_format:
        return dateformat.format(value, day_format)
    return f"{value.day} {value:%b}"


class CalendarRow:
    """One exercise's line in every week: its number and name, sessions a day, target days."""

    def __init__(self, number: int, name: str, times_per_day: int, days_per_week: int):
        self.label = f"{number}. {name}"
        self.times, self.days = times_per_day, days_per_week


class CalendarLayout:
    """What every week of one handout shares, laid out once: column widths, box size and each
    row's name and height. Weeks differ only in their dates."""

    PAD = 3
    GAP = 1.5 * mm  # between two tick boxes in a day

    def __init__(self, rows: list[CalendarRow], styles: Styles, box: float):
        self.rows, self.styles, self.box = rows, styles, box
        self.band_style = ParagraphStyle("week", parent=styles.small, fontName=FONT_BOLD)
        self.pain = wording.say(wording.CALENDAR_PAIN)
        # The day columns' names, Monday first, in the language being printed.
        self.weekdays = [wording.say(day) for day in wording.WEEKDAYS]
        self._width = None

    def layout(self, width):
        if self._width == width:
            return
        style, pad, box = self.styles.small, self.PAD, self.box
        # Large print: a wider name column (its day cells still hold an 8 mm box) keeps most
        # names on one line, so a week's rows stay short enough for two weeks to a page.
        self.name_width = width * (0.38 if box >= 8 * mm else 0.3)
        self.pain_width = max(
            box * 1.8 + 2 * pad,
            pdfmetrics.stringWidth(self.pain, FONT_BOLD, style.fontSize) + 2 * pad,
        )
        self.day_width = (width - self.name_width - self.pain_width) / 7
        per_line = max(1, int((self.day_width - 4 * pad + self.GAP) // (box + self.GAP)))
        self.laid_out = []
        for row in self.rows:
            name = self._name(row.label, style)
            goal = None
            if row.days < 7:
                goal = TextBlock(wording.calendar_goal(row.days), style)
                goal.wrap(self.name_width - 2 * pad, _UNLIMITED)
            text_height = name.height + (goal.height if goal else 0)
            lines = math.ceil(row.times / per_line)
            boxes_height = lines * box + (lines - 1) * self.GAP
            height = max(text_height, boxes_height) + 2 * pad
            self.laid_out.append((name, goal, min(row.times, per_line), lines, height))
        self.days_height = 2 * style.leading + 2 * pad
        self._width = width

    def _name(self, label, style):
        name = TextBlock(label, style)
        name.wrap(self.name_width - 2 * self.PAD, _UNLIMITED)
        return name


class WeekGrid(Flowable):
    """One week of the tracking calendar: a band with the week and its dates, a line of days,
    then a row per exercise with one tick box per prescribed session (each day for a daily
    exercise; for "3 days a week", three groups spread over the week, tied to no date) and a
    box for the week's worst pain.

    Pain is asked once a week per exercise, not per day: a number a day for every exercise would
    double the grid and the pages, and the portal already logs pain with each session; what the
    therapist reviews from paper is whether an exercise hurts, week by week.

    Drawn directly rather than as a Table of flowables: the calendar is the biggest part of the
    handout, and a table cell per box made it the slowest part to build."""

    def __init__(self, number, days, layout: CalendarLayout, page_height, rows=None, cont=False):
        super().__init__()
        self.number, self.days, self.layout = number, days, layout
        self.page_height, self.continued = page_height, cont
        self.row_indexes = list(range(len(layout.rows))) if rows is None else rows

    def title(self):
        first, last = self.days[0], self.days[-1]
        title = wording.say(wording.CALENDAR_WEEK).format(number=self.number)
        if last != first:
            days = wording.say(wording.CALENDAR_DAYS).format(first=_day(first), last=_day(last))
        else:
            days = _day(first)
        title += f" · {days}"
        return wording.say(wording.CONTINUED).format(title=title) if self.continued else title

    def wrap(self, avail_width, avail_height):
        layout = self.layout
        layout.layout(avail_width)
        self.width = avail_width
        # The band's words wrap (a long "continued" title in large print); most fit one line.
        self.band = TextBlock(self.title(), layout.band_style)
        band_height = self.band.wrap(avail_width - 2 * layout.PAD, _UNLIMITED)[1]
        self.header_height = band_height + 2 * layout.PAD + layout.days_height
        rows = layout.laid_out
        self.height = self.header_height + sum(rows[i][4] for i in self.row_indexes)
        return self.width, self.height

    def split(self, avail_width, avail_height):
        self.wrap(avail_width, avail_height)
        if page_is_filled(avail_height, self.page_height) and self.height <= self.page_height:
            return []  # a week that fits on a page starts on the next one
        used, fits = self.header_height, 0
        for index in self.row_indexes:
            if used + self.layout.laid_out[index][4] > avail_height:
                break
            used += self.layout.laid_out[index][4]
            fits += 1
        if fits == 0:
            return []
        args = (self.number, self.days, self.layout, self.page_height)
        return [
            WeekGrid(*args, rows=self.row_indexes[:fits], cont=self.continued),
            WeekGrid(*args, rows=self.row_indexes[fits:], cont=True),
        ]

    def draw(self):
        canvas, layout = self.canv, self.layout
        pad, box, style = layout.PAD, layout.box, layout.styles.small
        size, top, width = style.fontSize, self.height, self.width
        header_height = self.header_height
        # The band: the week and its dates, then the days.
        canvas.setFillColor(colors.HexColor("#e4e4e4"))
        canvas.rect(0, top - header_height, width, header_height, stroke=0, fill=1)
        canvas.setFillColor(colors.black)
        self.band.drawOn(canvas, pad, top - pad - self.band.height)
        days_top = top - header_height + layout.days_height
        x0 = layout.name_width
        centres = [x0 + (n + 0.5) * layout.day_width for n in range(len(self.days))]
        canvas.setFont(FONT_BOLD, size)
        for x, day in zip(centres, self.days, strict=True):
            canvas.drawCentredString(x, days_top - pad - size, layout.weekdays[day.weekday()])
        pain_x = x0 + 7 * layout.day_width
        canvas.drawString(pain_x + pad, days_top - pad - size, layout.pain)
        canvas.setFont(FONT, size)
        for x, day in zip(centres, self.days, strict=True):
            canvas.drawCentredString(x, days_top - pad - size - style.leading, str(day.day))

        boxes, rules = canvas.beginPath(), canvas.beginPath()
        y = top - header_height
        rules.moveTo(0, y)
        rules.lineTo(width, y)
        day_edges = [x0 + n * layout.day_width for n in range(8)]
        for x in day_edges:
            rules.moveTo(x, y)
            rules.lineTo(x, days_top)
        for index in self.row_indexes:
            name, goal, per_line, lines, height = layout.laid_out[index]
            row = layout.rows[index]
            name.draw_at(canvas, pad, y - pad - name.height)
            if goal is not None:
                goal.draw_at(canvas, pad, y - pad - name.height - goal.height)
            block_h = lines * box + (lines - 1) * layout.GAP
            first_top = y - (height - block_h) / 2
            if row.days >= 7:
                # Every day: a cell per day, with a box per session in it.
                groups, edges = centres, day_edges
            else:
                # "3 days a week": one group of boxes per prescribed day, spread over the week
                # and tied to no date (the patient picks the days), so the sheet never shows
                # more sessions than were prescribed.
                count = min(row.days, len(self.days))
                span = len(self.days) * layout.day_width / count
                groups = [x0 + (g + 0.5) * span for g in range(count)]
                edges = [day_edges[0], day_edges[-1]]
            for x in groups:
                for n in range(row.times):
                    line, place = divmod(n, per_line)
                    in_line = min(per_line, row.times - line * per_line)
                    left = x - (in_line * box + (in_line - 1) * layout.GAP) / 2
                    bx = left + place * (box + layout.GAP)
                    by = first_top - (line + 1) * box - line * layout.GAP
                    boxes.rect(bx, by, box, box)
            for x in edges:
                rules.moveTo(x, y)
                rules.lineTo(x, y - height)
            pain_w = layout.pain_width - 2 * pad
            boxes.rect(pain_x + pad, y - height / 2 - box / 2, pain_w, box)
            y -= height
            rules.moveTo(0, y)
            rules.lineTo(width, y)
        rules.rect(0, 0, width, self.height)
        canvas.setLineWidth(0.5)
        canvas.setStrokeColor(colors.grey)
        canvas.drawPath(rules, stroke=1, fill=0)
        canvas.setLineWidth(1.2)
        canvas.setStrokeColor(colors.black)
        canvas.drawPath(boxes, stroke=1, fill=0)
