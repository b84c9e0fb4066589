"""The handout's pages, laid out from ``HandoutData`` alone.

``build_handout`` puts the sections in order (header, stop box, plan at a glance, the patient's
conditions explained once, one card per exercise, getting online, the tick-box calendar, whom to
call, and when asked a last page of progress charts) and numbers the pages. It touches no
database, request or settings, so ``print_handouts`` runs it in worker processes. Fixed words
come from ``wording``; every person's string reaches markup through ``fonts.text()`` and the
canvas through ``fonts.plain()``.

Sections flow one after another: each block moves to the next page only when the page it would
start on is already a third full, and otherwise splits and goes on with its title repeated
(``flowables.FILLED``), so no page but the last is mostly blank.
"""

import datetime
import io
import os
import re
from html import escape

from django.utils import dateformat, timezone, translation
from django.utils.translation import gettext, gettext_noop
from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import CondPageBreak, Paragraph, SimpleDocTemplate, Spacer

from core.fonts import FONT, needs_cjk_font, plain, register_fonts, text
from exercises.drawing import drawing_scene
from planner.handout import wording
from planner.handout.calendar_grid import CalendarLayout, CalendarRow, WeekGrid
from planner.handout.data import ExerciseCard, HandoutData
from planner.handout.flowables import (
    FILLED,
    Block,
    Columns,
    LaterText,
    PageAnchor,
    Picture,
    QrCode,
    Sketch,
    TextBlock,
)
from planner.handout.progress_page import progress_page
from planner.handout.styles import Styles, styles_for

# The calendar covers the whole plan up to this many weeks; a longer plan, or one with no end
# date, gets these and a line asking for a new sheet (a thicker pile is not easier to follow).
CALENDAR_WEEKS = 12
# SimpleDocTemplate's frame keeps reportlab's default padding of 6 pt on every side, so a page
# holds that much less than ``doc.height`` and ``doc.width``. Everything is measured against what
# the frame really holds, so nothing is drawn into the margin.
FRAME_PADDING = 6
MARGIN = 18 * mm
FOOTER_Y = 12 * mm
# Tick boxes: at least 8 mm in large print, for weak hands and reading glasses.
BOX = {False: 5 * mm, True: 8.5 * mm}
# A card's label column: room for "FROM YOUR THERAPIST" on a line or two.
LABEL_SHARE = {False: 0.27, True: 0.3}
# How tall an exercise's drawing is on its card: big enough to see the limbs at arm's length.
SKETCH_HEIGHT = {False: 46 * mm, True: 62 * mm}


def build_handout(data: HandoutData, *, large_print: bool = False, printed_on=None) -> bytes:
    """Lay out the handout, in its language (``data.language``). Pure: the same data gives
    byte-identical PDFs (invariant mode)."""
    with translation.override(data.language):
        return _build_handout(data, large_print=large_print, printed_on=printed_on)


def _build_handout(data: HandoutData, *, large_print: bool, printed_on) -> bytes:
    register_fonts()
    s = styles_for(large_print)
    printed = _date(printed_on or timezone.localdate(), short=True)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=LETTER,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=16 * mm,
        bottomMargin=22 * mm,
        title=gettext(PDF_TITLE).format(program=data.program),
        author=data.clinic,
        subject=gettext(PDF_SUBJECT).format(patient=data.patient, version=data.version),
        creator="Rehab Planner",
        invariant=1,
    )
    page_height = doc.height - 2 * FRAME_PADDING
    width = doc.width - 2 * FRAME_PADDING
    health_page = PageAnchor()
    story = [
        *_header(data, s, width),
        _stop_box(data, s, page_height),
        Spacer(1, 5 * mm),
        _at_a_glance(data, s, page_height),
        Spacer(1, 5 * mm),
        *_health(data, s, page_height, health_page),
    ]
    for card in data.cards:
        story += [_card(card, s, large_print, page_height, health_page, width), Spacer(1, 4 * mm)]
    story += _getting_online(data, s, width)
    story += _calendar(data, s, large_print, page_height)
    story += _questions(data, s)
    if data.progress is not None:
        story += progress_page(data.progress, s, large_print, width, page_height)

    footer = _Footer(data, printed, large_print, width)
    doc.build(story, canvasmaker=_numbered_canvas(footer))
    return buffer.getvalue()


# The PDF file's title and subject, as a PDF reader lists them (not printed on a page, so not
# among ``wording``'s graded sentences).
PDF_TITLE = gettext_noop("Home exercise program: {program}")
PDF_SUBJECT = gettext_noop("{patient}, plan version {version}")
# A day, per language (Django's date-format letters, as in ``core.dates``): "28 Nov 2026";
# "28 de noviembre de 2026", Spanish writing the month in full and in lower case. The footer's
# print date is short ("28 nov. 2026"), so that in large print it leaves room for the name.
DATE_FORMATS = {"es": r"j \d\e F \d\e Y"}
SHORT_DATE_FORMATS = {"es": r"j b. Y"}


def _date(value: datetime.date, *, short: bool = False) -> str:
    formats = SHORT_DATE_FORMATS if short else DATE_FORMATS
    date_format = formats.get(translation.get_language())
    if date_format:
        return dateformat.format(value, date_format)
    return f"{value.day} {value:%b %Y}"


def _say(sentence: str, **markup) -> str:
    """A fixed sentence from ``wording``, in the language being printed, as paragraph markup,
    filled with values that are already markup (people's text through ``text()``, or our own
    numbers and dates)."""
    return escape(wording.say(sentence), quote=False).format(**markup)


def _numbers(numbers: list[int]) -> str:
    """1 → "1"; [1, 2, 3] → "1, 2 and 3"."""
    words = [str(n) for n in numbers]
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + wording.say(wording.AND) + words[-1]


def _unbroken(markup: str) -> str:
    """``markup`` with no-break spaces, so a phone number is never split over two lines."""
    return re.sub(r" (?![^<]*>)", "&nbsp;", markup)  # spaces outside tags only


def _title_text(value: str, style, width: float) -> str:
    """A person's text for a bold title ``width`` wide. Right-to-left text is broken into lines
    and put in reading order line by line here (``fonts.text``); left to reportlab, a wrapped
    Arabic or Hebrew name would print its last line first. The width is a little short of the
    room, so reportlab never wraps a line again."""
    return text(value, bold=True, width=width * 0.95, size=style.fontSize)


def _header(data: HandoutData, s: Styles, width: float):
    clinic = text(data.clinic, bold=True)
    first = (
        _say(wording.CLINIC_LINE, clinic=clinic, phone=_unbroken(text(data.clinic_phone)))
        if data.clinic_phone
        else clinic
    )
    top = Columns(
        [Paragraph(first, s.label), Paragraph(_say(wording.PROGRAM_TITLE), s.label_right)],
        [0.58, 0.42],
        pad=0,
    )
    values = {"start": _date(data.starts_on), "therapist": text(data.therapist)}
    if data.ends_on:
        dates = _say(wording.DATES_REVIEW, review=_date(data.ends_on), **values)
    else:
        dates = _say(wording.DATES, **values)
    plan = _say(wording.PLAN_LINE, program=text(data.program), version=data.version)
    return [
        top,
        Paragraph(_title_text(data.patient, s.title, width), s.title),
        Paragraph(plan, s.body),
        Paragraph(dates, s.body),
        Spacer(1, 3 * mm),
    ]


def _heading(markup: str, s: Styles):
    """A section title that says "continued" on the pages it runs over to."""

    def title(continued: bool):
        words = _say(wording.CONTINUED, title=markup) if continued else markup
        return Paragraph(words, s.heading)

    return title


def _stop_box(data: HandoutData, s: Styles, page_height):
    """Whom to call and when, first on the page, boxed. Notes from one source stay on one page
    with their "Source:" line."""
    clinic = text(data.clinic, bold=True)
    if data.clinic_phone:
        heading = _say(wording.STOP_HEADING, clinic=clinic, phone=text(data.clinic_phone))
    else:
        heading = _say(wording.STOP_HEADING_NO_PHONE, clinic=clinic)
    parts = [Paragraph(_say(wording.EMERGENCY, emergency=text(data.emergency_number)), s.label)]
    if data.clinic_hours:
        parts.append(Paragraph(_say(wording.CLINIC_HOURS, hours=text(data.clinic_hours)), s.body))
    keep = set()
    source = wording.say(wording.SOURCE).format(source="")
    for index, note in enumerate(data.notes):
        following = data.notes[index + 1] if index + 1 < len(data.notes) else None
        parts.append(TextBlock(note.text, s.body, "• "))
        if note.citation and following is not None and following.citation == note.citation:
            keep.add(len(parts) - 1)  # with the next note of the same source
        elif note.citation:
            keep.add(len(parts) - 1)  # with its source line
            parts.append(TextBlock(note.citation, s.small, source))
    return Block(
        parts,
        title=_heading(heading, s),
        keep=frozenset(keep),
        box=2.5,
        page_height=page_height,
        gap=2,
    )


def _at_a_glance(data: HandoutData, s: Styles, page_height):
    shares = [0.08, 0.37, 0.55]
    header = Columns(
        [
            TextBlock(wording.say(wording.PLAN_NUMBER), s.label),
            TextBlock(wording.say(wording.PLAN_NAME), s.label),
            TextBlock(wording.say(wording.PLAN_DOSAGE), s.label),
        ],
        shares,
        bold_rule=True,
    )
    rows = [
        Columns(
            [
                TextBlock(str(card.number), s.cell),
                TextBlock(card.name, s.cell),
                TextBlock(card.dosage, s.cell),
            ],
            shares,
            rule=True,
        )
        for card in data.cards
    ]
    title = _heading(_say(wording.PLAN_HEADING), s)
    # A table splits between rows like any list: on a page already a third full it starts
    # there when its first rows fit, rather than leave the rest of the page blank.
    return Block(
        rows, title=title, repeat=[header], page_height=page_height, split_after=min(3, len(rows))
    )


def _health(data: HandoutData, s: Styles, page_height, anchor: PageAnchor):
    """Each of the patient's conditions once, with the exercises it concerns, and what the
    therapist said where they gave an exercise despite a condition. The cards point here."""
    groups = [(note.condition, note.numbers, note.explanation, s.label) for note in data.health]
    overrides: dict[str, list[int]] = {}
    for card in data.cards:
        if card.therapist_says:
            overrides.setdefault(card.therapist_says, []).append(card.number)
    groups += [
        (wording.say(wording.THERAPIST_SAYS), numbers, words, s.label)
        for words, numbers in overrides.items()
    ]
    if not groups:
        return []
    parts, keep = [], set()
    for name, numbers, explanation, style in groups:
        which = wording.HEALTH_FOR_ONE if len(numbers) == 1 else wording.HEALTH_FOR_MANY
        keep.update({len(parts), len(parts) + 1})
        parts += [
            TextBlock(name, style),
            TextBlock(wording.say(which).format(numbers=_numbers(numbers)), s.body),
            TextBlock(explanation, s.body),
            Spacer(1, 2 * mm),
        ]
    title = _heading(_say(wording.HEALTH_HEADING), s)
    block = Block(parts, title=title, keep=frozenset(keep), page_height=page_height, anchor=anchor)
    return [block, Spacer(1, 5 * mm)]


def _card(card: ExerciseCard, s: Styles, large_print: bool, page_height, health, width):
    def title(continued: bool):
        # The number before the name takes about an eighth of the line.
        markup = f"{card.number}&nbsp;&nbsp;{_title_text(card.name, s.card_title, width * 0.88)}"
        if continued:
            markup = _say(wording.CONTINUED, title=markup)
        return Paragraph(markup, s.card_title)

    parts = []
    if card.image_path and os.path.isfile(card.image_path):
        parts.append(Picture(card.image_path))
    elif drawing_scene(card.pose, card.side) is not None:
        parts.append(Sketch(card.pose, card.side, SKETCH_HEIGHT[large_print]))
    parts += [TextBlock(step, s.body, f"{n}. ") for n, step in enumerate(card.steps, 1)]
    parts.append(Spacer(1, 2 * mm))
    steps = len(parts)
    facts: dict[str, list] = {}
    for label, value in _card_facts(card, health):
        # One TAKE CARE with its lines, not three.
        facts.setdefault(wording.say(label), []).append(value)
    for label, values in facts.items():
        parts.append(_fact(label, values, s, large_print))
    return Block(parts, title=title, rule=True, page_height=page_height, split_after=steps)


def _fact(label: str, values: list, s: Styles, large_print: bool):
    """A labelled line of a card: the label in a column of its own, wide enough that a long
    label wraps onto a second line rather than running into its value (kept beside the value in
    large print too: a label line above every value made each card a page)."""
    blocks = [LaterText(v, s.cell) if callable(v) else TextBlock(v, s.cell) for v in values]
    value = blocks[0] if len(blocks) == 1 else Block(blocks)
    share = LABEL_SHARE[large_print]
    return Columns([TextBlock(label, s.label), value], [share, 1 - share], pad=1.5, label=True)


def _card_facts(card: ExerciseCard, health: PageAnchor) -> list[tuple[str, object]]:
    """(label, the person's text) for the lines under an exercise's steps. A condition is only
    named here, with the page that explains it."""
    facts = [(wording.HOW_MUCH, card.dosage)]
    if card.effort:
        facts.append((wording.HOW_HARD, card.effort))
    if card.resistance_note:
        facts.append((wording.HOW_HEAVY, card.resistance_note))
    facts.append((wording.YOU_NEED, card.equipment))
    if card.device:
        facts.append((wording.BRACE_OR_SPLINT, card.wearing))
    if card.skin_check:
        facts.append((wording.SKIN_CHECK, card.skin_check))
    if card.therapist_says:
        facts.append((wording.THERAPIST_SAYS, card.therapist_says))
    for note in filter(None, [card.precautions, *card.screening_notes]):
        facts.append((wording.TAKE_CARE, note))
    if card.conditions:
        names = wording.say(wording.AND).join(card.conditions)

        def see_health():
            if health.page is None:
                return wording.say(wording.SEE_HEALTH).format(conditions=names)
            return wording.say(wording.SEE_PAGE).format(conditions=names, page=health.page)

        facts.append((wording.TAKE_CARE, see_health))
    if card.progress:
        facts.append((wording.MOVING_ON, card.progress))
    if card.therapist_note:
        facts.append((wording.FROM_THERAPIST, card.therapist_note))
    return facts


def _getting_online(data: HandoutData, s: Styles, width):
    portal = f"{data.site_url}/portal/"
    size = 32 * mm
    if data.patient_has_account:
        sign_in = _say(wording.SIGN_IN_ACCOUNT)
    elif data.invite_code:
        sign_in = _say(
            wording.SIGN_IN_CODE,
            address=f"<b>{text(data.site_url)}/accounts/activate/</b>",
            code=f"<b>{text(data.invite_code)}</b>",
        )
    else:
        sign_in = _say(wording.SIGN_IN_ASK)
    words = Block(
        [
            Paragraph(_say(wording.ONLINE_HEADING), s.heading),
            Paragraph(_say(wording.ONLINE_ADDRESS, address=f"<b>{text(portal)}</b>"), s.body),
            Paragraph(sign_in, s.body),
        ]
    )
    share = (size + 6 * mm) / width
    return [Columns([QrCode(portal, size), words], [share, 1 - share], pad=0), Spacer(1, 5 * mm)]


def _calendar_weeks(data: HandoutData) -> tuple[list[list[datetime.date]], bool]:
    """The days of each week the calendar shows, and whether the plan goes on after them."""
    limit = data.starts_on + datetime.timedelta(weeks=CALENDAR_WEEKS, days=-1)
    last = min(data.ends_on, limit) if data.ends_on else limit
    weeks, start = [], data.starts_on
    while start <= last:
        days = [start + datetime.timedelta(days=n) for n in range(7)]
        weeks.append([d for d in days if d <= last])
        start += datetime.timedelta(weeks=1)
    return weeks, data.ends_on is None or data.ends_on > limit


def _calendar(data: HandoutData, s: Styles, large_print: bool, page_height):
    """The tick-box calendar, starting a page of its own unless this one is mostly empty."""
    if not data.cards:
        return []
    rows = [CalendarRow(c.number, c.name, c.times_per_day, c.days_per_week) for c in data.cards]
    layout = CalendarLayout(rows, s, BOX[large_print])
    weeks, goes_on = _calendar_weeks(data)
    grids = [
        WeekGrid(number, days, layout, page_height) for number, days in enumerate(weeks, start=1)
    ]
    # The heading and how-to stay with the first week (or its first rows).
    grids[0].page_height = None
    first = Block(
        [
            Paragraph(_say(wording.CALENDAR_HEADING), s.heading),
            Paragraph(_say(wording.CALENDAR_HOW), s.body),
            Spacer(1, 2 * mm),
            grids[0],
        ],
        keep=frozenset({0, 1, 2}),
        page_height=page_height,
    )
    # A new page only when this one is clearly a third full: the space and rule under the last
    # card count as used here, but a reader sees only the words above them.
    story = [CondPageBreak(page_height * (1 - FILLED) - 10 * mm), first, Spacer(1, 4 * mm)]
    for grid in grids[1:]:
        story += [grid, Spacer(1, 4 * mm)]
    if goes_on:
        story.append(Paragraph(_say(wording.CALENDAR_MORE_WEEKS, weeks=CALENDAR_WEEKS), s.label))
    return story


def _questions(data: HandoutData, s: Styles):
    clinic = text(data.clinic, bold=True)
    if data.clinic_phone:
        lines = [_say(wording.QUESTIONS, clinic=clinic, phone=text(data.clinic_phone))]
        if data.clinic_hours:
            lines.append(_say(wording.QUESTIONS_HOURS, hours=text(data.clinic_hours)))
    else:
        lines = [_say(wording.QUESTIONS_NO_PHONE, therapist=text(data.therapist), clinic=clinic)]
    return [Spacer(1, 3 * mm), *(Paragraph(line, s.label) for line in lines)]


class _Footer:
    """The line at the foot of every page: "Name · Plan v3 · Call 555-0100 · Printed … · Page
    2 of 5". What matters most stays when room is short: the page number, then whom to call
    (a card may be read away from page 1), then the print date. The name is shortened with "…"
    when it would not leave room for the rest (the full name is on page 1), and is set as markup
    when it needs a font other than ours."""

    def __init__(self, data: HandoutData, printed: str, large_print: bool, width: float):
        self.size = 14 if large_print else 10
        self.style = ParagraphStyle("footer", fontName=FONT, fontSize=self.size, leading=self.size)
        self.x = MARGIN + FRAME_PADDING
        self.printed = printed
        plan = f" · {wording.say(wording.FOOTER_PLAN).format(version=data.version)} · "
        call = f"{wording.say(wording.FOOTER_CALL).format(phone=plain(data.clinic_phone))} · "
        dated = wording.say(wording.FOOTER_PAGE)
        undated = wording.say(wording.FOOTER_PAGE_ONLY)
        choices = [(plan + call, dated), (plan + call, undated)] if data.clinic_phone else []
        for self.plan, self.page_words in [*choices, (plan, dated)]:
            room = width - self._width(self._widest()) - 2
            if room >= width / 4:
                break
        # The name as typed: ``plain()`` would drop Arabic, Hebrew or CJK letters, which
        # ``_width`` and ``draw`` set as markup instead.
        self.name = _shorten(" ".join(data.patient.split()), room, self._width)
        self.name_width = self._width(self.name)  # drawn on every page: measured once

    def _widest(self) -> str:
        """The footer without the name, with the widest page numbers a handout reaches (the
        longest, 60 exercises in large print, has under a hundred pages)."""
        return self.plan + self.page_words.format(date=self.printed, page=999) + "999"

    def _width(self, value: str) -> float:
        if not needs_cjk_font(value):
            return pdfmetrics.stringWidth(plain(value), FONT, self.size)
        paragraph = Paragraph(text(value), self.style)
        paragraph.wrap(100_000, 100_000)
        return max(paragraph.getActualLineWidths0() or [0])

    def draw(self, canvas: Canvas, page: int) -> float:
        """Draw all but the page total; where the total goes."""
        canvas.setFont(FONT, self.size)
        canvas.setFillColor(colors.black)
        if needs_cjk_font(self.name):
            paragraph = Paragraph(text(self.name), self.style)
            _, height = paragraph.wrap(100_000, 100)
            paragraph.drawOn(canvas, self.x, FOOTER_Y - (height - self.size))
        else:
            canvas.drawString(self.x, FOOTER_Y, plain(self.name))
        rest = self.plan + self.page_words.format(date=self.printed, page=page)
        canvas.setFont(FONT, self.size)
        x = self.x + self.name_width
        canvas.drawString(x, FOOTER_Y, rest)
        return x + pdfmetrics.stringWidth(rest, FONT, self.size)


def _shorten(value: str, room: float, width) -> str:
    """``value``, or its longest start that fits ``room`` with "…" after it."""
    if width(value) <= room:
        return value
    low, high = 0, len(value)
    while low < high:
        middle = (low + high + 1) // 2
        if width(value[:middle].rstrip() + "…") <= room:
            low = middle
        else:
            high = middle - 1
    return value[:low].rstrip() + "…"


def _numbered_canvas(footer: _Footer):
    """A canvas that writes the footer, "… Page X of Y", on every page.

    Y is not known until the end, so each page draws a reference to a small form that is
    filled in once, when the document is saved (cheaper than keeping every page's state for a
    second pass)."""

    class NumberedCanvas(Canvas):
        def showPage(self):
            x = footer.draw(self, self._pageNumber)
            self.saveState()
            self.translate(x, FOOTER_Y)
            self.doForm("page-total")
            self.restoreState()
            super().showPage()

        def save(self):
            self.beginForm("page-total")
            self.setFont(FONT, footer.size)
            self.drawString(0, 0, str(self._pageNumber - 1))
            self.endForm()
            super().save()

    return NumberedCanvas
