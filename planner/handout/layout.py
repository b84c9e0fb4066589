"""The handout's pages, laid out from ``HandoutData`` alone.

``build_handout`` puts the sections in order (header, safety box, plan at a glance, one card per
exercise, getting online, the tick-box calendar) and numbers the pages. It touches no database,
request or settings, so ``print_handouts`` runs it in worker processes. The words printed around
a person's text live here; every user string in them goes through ``fonts.text()``.
"""

import datetime
import io

from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from planner.handout.data import ExerciseCard, HandoutData
from planner.handout.flowables import Card, Names, QrCode, Rows, TextBlock, WeekGrid
from planner.handout.fonts import FONT, Styles, plain, register_fonts, styles_for, text

CALENDAR_WEEKS = 4
# SimpleDocTemplate's frame keeps reportlab's default padding of 6 pt above and below, so a
# page holds that much less than ``doc.height``. Cards and weeks taller than what a page really
# holds must split: measured against ``doc.height`` they moved to the next page for ever.
FRAME_PADDING = 6


def build_handout(data: HandoutData, *, large_print: bool = False, printed_on=None) -> bytes:
    """Lay out the handout. Pure: the same data gives byte-identical PDFs (invariant mode)."""
    register_fonts()
    styles = styles_for(large_print)
    printed = _date(printed_on or timezone.localdate())
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=LETTER,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=22 * mm,
        title=f"Home exercise program: {data.program}",
        author=data.clinic,
        subject=f"{data.patient}, plan version {data.version}",
        creator="Rehab Planner",
        invariant=1,
    )
    page_height = doc.height - 2 * FRAME_PADDING
    story = []
    story += _header(data, styles, doc.width)
    story += _safety_box(data, styles)
    story += _at_a_glance(data, styles)
    story.append(PageBreak())
    for card in data.cards:
        story += [Card(card, _card_facts(card), styles, page_height), Spacer(1, 4 * mm)]
    story += _getting_online(data, styles, doc.width)
    story.append(CondPageBreak(70 * mm))
    story += _calendar(data, styles, doc.width, large_print, page_height)

    footer = f"{plain(data.patient)} · Plan v{data.version}"
    doc.build(story, canvasmaker=_numbered_canvas(footer, printed, large_print))
    return buffer.getvalue()


def _date(value: datetime.date) -> str:
    return f"{value.day} {value:%b %Y}"


def _header(data: HandoutData, s: Styles, width):
    dates = f"Start {_date(data.starts_on)}"
    if data.ends_on:
        dates += f" · Review {_date(data.ends_on)}"
    top = Table(
        [
            [
                Paragraph(text(data.clinic), s.label),
                Paragraph("HOME EXERCISE PROGRAM", s.label_right),
            ]
        ],
        colWidths=[width * 0.6, width * 0.4],
    )
    top.setStyle(
        TableStyle([("ALIGN", (1, 0), (1, 0), "RIGHT"), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
    )
    return [
        top,
        Paragraph(text(data.patient), s.title),
        Paragraph(f"Program “{text(data.program)}” · version {data.version}", s.body),
        Paragraph(f"{dates} · Therapist: {text(data.therapist)}", s.body),
        Spacer(1, 4 * mm),
    ]


def _safety_box(data: HandoutData, s: Styles):
    rows = [[Paragraph("STOP AND CALL YOUR CLINIC OR PROVIDER IF …", s.heading)]]
    # Consecutive notes from one source share one "Source:" line.
    for index, note in enumerate(data.notes):
        rows.append([Paragraph(f"• {text(note.text)}", s.body)])
        following = data.notes[index + 1] if index + 1 < len(data.notes) else None
        if note.citation and (following is None or following.citation != note.citation):
            rows.append([Paragraph(f"Source: {text(note.citation)}", s.small)])
    return [Rows(rows, [1.0], s.body, rules=False, box=2.5, pad=1.5), Spacer(1, 5 * mm)]


def _at_a_glance(data: HandoutData, s: Styles):
    rows = [
        [str(card.number), TextBlock(card.name, s.cell), TextBlock(card.dosage, s.cell)]
        for card in data.cards
    ]
    header = ["#", "Exercise", "How much and how often"]
    table = Rows(rows, [0.07, 0.38, 0.55], s.cell, label_font=FONT, header=header)
    # Keep the heading with the start of its table.
    keep = CondPageBreak(s.heading.leading + 2 * s.cell.leading * 2 + 20)
    return [keep, Paragraph("YOUR PLAN AT A GLANCE", s.heading), table]


def _card_facts(card: ExerciseCard) -> list[tuple[str, str]]:
    """The labelled lines under an exercise's steps: (label, the person's text)."""
    facts = [("HOW MUCH", card.dosage)]
    if card.resistance_note:
        facts.append(("RESISTANCE", card.resistance_note))
    facts.append(("YOU NEED", card.equipment))
    if card.device:
        worn = {True: "Wear it during the exercise.", False: "Take it off for the exercise."}.get(
            card.device_worn_during, ""
        )
        facts.append(("DEVICE", f"{card.device}. {worn} {card.wear_schedule}".strip()))
    if card.skin_check:
        facts.append(("SKIN CHECK", card.skin_check))
    for note in filter(None, [card.precautions, *card.screening_notes]):
        facts.append(("TAKE CARE", note))
    if card.therapist_note:
        facts.append(("FROM YOUR THERAPIST", card.therapist_note))
    return facts


def _getting_online(data: HandoutData, s: Styles, width):
    portal = f"{data.site_url}/portal/"
    size = 32 * mm
    drawing = QrCode(portal, size)
    if data.patient_has_account:
        sign_in = "Sign in with the username and password you chose."
    elif data.invite_code:
        sign_in = (
            f"First time? Go to <b>{text(data.site_url)}/accounts/activate/</b> and type your "
            f"sign-in code: <b>{text(data.invite_code)}</b>"
        )
    else:
        sign_in = "Ask your therapist for your sign-in code to set up your account."
    words = [
        Paragraph("SEE YOUR PLAN ONLINE", s.heading),
        Paragraph(
            "Scan the square with your phone's camera, or type this address: "
            f"<b>{text(portal)}</b>",
            s.body,
        ),
        Paragraph(sign_in, s.body),
        Paragraph(f"Questions? Ask {text(data.therapist)} at {text(data.clinic)}.", s.body),
    ]
    table = Table([[drawing, words]], colWidths=[size + 6 * mm, width - size - 6 * mm])
    table.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
    )
    return [CondPageBreak(size + 10 * mm), table]


def _calendar(data: HandoutData, s: Styles, width, large_print, page_height):
    last = data.starts_on + datetime.timedelta(weeks=CALENDAR_WEEKS) - datetime.timedelta(days=1)
    if data.ends_on and data.ends_on < last:
        last = data.ends_on
    story = [Spacer(1, 4 * mm), Paragraph("TICK A BOX EACH DAY YOU DO THE EXERCISE", s.heading)]
    box = 5 * mm if large_print else 4 * mm
    names = Names(f"{card.number}. {plain(card.name)}" for card in data.cards)
    week_start, week = data.starts_on, 1
    while week_start <= last:
        days = [week_start + datetime.timedelta(days=n) for n in range(7)]
        days = [d for d in days if d <= last]
        story += [
            CondPageBreak(40 * mm),
            WeekGrid(f"Week {week}", days, names, s, width, box, page_height),
            Spacer(1, 5 * mm),
        ]
        week_start += datetime.timedelta(weeks=1)
        week += 1
    return story


def _numbered_canvas(footer_left: str, printed: str, large_print: bool):
    """A canvas that writes "… Page X of Y" on every page.

    Y is not known until the end, so each page draws a reference to a small form that is
    filled in once, when the document is saved (cheaper than keeping every page's state for a
    second pass)."""

    class NumberedCanvas(Canvas):
        def showPage(self):
            size = 14 if large_print else 10
            self.setFont(FONT, size)
            self.setFillColor(colors.black)
            line = f"{footer_left} · Printed {printed} · Page {self._pageNumber} of "
            x = 18 * mm
            self.drawString(x, 12 * mm, line)
            self.saveState()
            self.translate(x + pdfmetrics.stringWidth(line, FONT, size), 12 * mm)
            self.doForm("page-total")
            self.restoreState()
            super().showPage()

        def save(self):
            self.beginForm("page-total")
            self.setFont(FONT, 14 if large_print else 10)
            self.drawString(0, 0, str(self._pageNumber - 1))
            self.endForm()
            super().save()

    return NumberedCanvas
