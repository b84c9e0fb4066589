"""The review sheet as a PDF a clinical lead can read, annotate and sign: a title and the
library's review notice, a section per exercise (its name and slug, then a key/value table), a
table of the screening conditions (with their ICD-10-CM and SNOMED CT codes), and a sign-off
block, on landscape A4 numbered "Page X of Y".

The rows come from ``review.review_rows``, the CSV's own source, so the two cannot disagree.
Every string from the database reaches paragraph markup only through ``core.fonts.text()``
(escaped, any script in a font that has it, right-to-left text in drawing order).

An exercise's table is kept on one page (two usually share a page), so a reviewer reads and
marks each exercise whole. Only text taller than a page is split inside rows, exactly where the
page ends, under the repeated heading: no length of text stops the document.
"""

import datetime
import io
from dataclasses import dataclass
from html import escape

from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from core.fonts import FONT, FONT_BOLD, plain, register_fonts, text
from exercises.library import read_library
from exercises.review import CONDITION, EXERCISE, review_rows

MARGIN = 14 * mm
FOOTER_Y = 6 * mm
# SimpleDocTemplate's frame pads 6 pt on every side; widths are measured inside it.
FRAME_PADDING = 6
CELL_PADDING = 3
TOP_PADDING = 0.5
BOTTOM_PADDING = 2
SIZE = 9
GRID = colors.Color(0.7, 0.7, 0.7)
SHADE = colors.Color(0.93, 0.93, 0.93)
MUTED = "#555555"
HEADING_SHADE = colors.Color(0.85, 0.89, 0.95)

# Each exercise's table, a row at a time: one field across the width, or two side by side. The
# labels are the CSV's column names, but for the summary.
EXERCISE_ROWS = [
    ["Explanation or summary"],
    ["Atrophy types"],
    ["Kind", "Assistance"],
    ["Body region", "Equipment"],
    ["Load", "Usual dosage"],
    ["Hard stops"],
    ["Cautions"],
    ["Easier versions", "Harder versions"],
    ["Rule for moving on"],
    ["Steps", "Precautions"],
    ["Source"],
]
LABELS = {"Explanation or summary": "Summary"}
# Lists where an empty cell is a finding ("none"), not a field left blank ("—").
LISTS = frozenset({"Hard stops", "Cautions", "Easier versions", "Harder versions"})
LABEL_WIDTH = 32 * mm
# (heading, column, share of the table's width) of the conditions table.
# The first column holds the name with the slug under it.
CONDITION_FIELDS = [
    ("Condition and slug", "Name", 0.19),
    ("Group", "Condition group", 0.10),
    ("Atrophy type", "Atrophy types", 0.10),
    ("Region", "Region (condition)", 0.08),
    ("Overwork rules", "Overwork rules", 0.08),
    ("Used in screening", "Used in screening", 0.09),
    # Wide enough for "SNOMED CT" and a 9-digit concept id on one line.
    ("Codes", "Codes", 0.14),
    ("Explanation", "Explanation or summary", 0.22),
]
CODES = [column for _, column, _ in CONDITION_FIELDS].index("Codes")
SIGN_OFF = ["Reviewed by", "Role", "Signature", "Date"]
COMMENT_LINES = 6


@dataclass(frozen=True)
class ReviewPdf:
    content: bytes
    exercises: int
    conditions: int
    pages: int


@dataclass(frozen=True)
class _Styles:
    body: ParagraphStyle
    cell: ParagraphStyle
    label: ParagraphStyle
    title: ParagraphStyle
    section: ParagraphStyle
    heading: ParagraphStyle


def _styles() -> _Styles:
    body = ParagraphStyle("body", fontName=FONT, fontSize=SIZE, leading=SIZE * 1.17, spaceAfter=4)
    cell = ParagraphStyle("cell", parent=body, spaceAfter=0)
    return _Styles(
        body=body,
        cell=cell,
        label=ParagraphStyle("label", parent=cell, fontName=FONT_BOLD),
        title=ParagraphStyle(
            "title", parent=body, fontName=FONT_BOLD, fontSize=16, leading=20, spaceAfter=6
        ),
        section=ParagraphStyle(
            "section", parent=body, fontName=FONT_BOLD, fontSize=14, leading=18, spaceAfter=6
        ),
        heading=ParagraphStyle("heading", parent=cell, fontName=FONT_BOLD, fontSize=11, leading=13),
    )


def _date(value: datetime.date) -> str:
    return f"{value.day} {value:%b %Y}"


def _value(value: str, width: float, *, empty: str = "—") -> str:
    """A cell's text as markup: each line of ``value`` set by ``text()`` (which breaks a
    right-to-left line to ``width`` itself), or ``empty`` when there is nothing to show."""
    lines = [line for line in value.split("\n") if line.strip()]
    if not lines:
        return empty
    return "<br/>".join(text(line, width=width, size=SIZE) for line in lines)


def _empty(column: str) -> str:
    return "none" if column in LISTS else "—"


def _cells_width(width: float) -> float:
    """The room for text in a cell ``width`` wide, a little short so reportlab never wraps a
    line ``text()`` has already broken."""
    return (width - 2 * CELL_PADDING) * 0.95


def build_review_pdf(
    rows: list[dict[str, str]], *, title: str, notice: str, printed_on: datetime.date
) -> ReviewPdf:
    """Lay the sheet out from ``rows`` (as ``review_rows`` gives them). Pure: the same rows
    give byte-identical PDFs (invariant mode)."""
    register_fonts()
    s = _styles()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=10 * mm,
        bottomMargin=12 * mm,
        title=f"Exercise library review: {title}",
        creator="Rehab Planner",
        invariant=1,
    )
    width = doc.width - 2 * FRAME_PADDING
    page_height = doc.height - 2 * FRAME_PADDING
    exercises = [row for row in rows if row["Record"] == EXERCISE]
    conditions = [row for row in rows if row["Record"] == CONDITION]
    printed = _date(printed_on)
    story = _opening(title, notice, printed, exercises, conditions, s)
    for row in exercises:
        story += _exercise(row, s, width, page_height)
    story += _conditions(conditions, s, width, page_height)
    story += _sign_off(text(title), printed, s, width)
    footer = f"Exercise library review · {plain(title)} · printed {printed}"
    doc.build(story, canvasmaker=_numbered_canvas(footer))
    return ReviewPdf(buffer.getvalue(), len(exercises), len(conditions), pages=doc.page)


def _opening(title, notice, printed, exercises, conditions, s: _Styles) -> list:
    archived = sum(row["Active"] != "yes" for row in exercises)
    listed = f" ({archived} archived, listed last)" if archived else ""
    counts = (
        f"{len(exercises)} exercises{listed} and {len(conditions)} screening conditions, as the "
        f"database holds them on {printed}. Mark corrections on the pages and sum them up in the "
        "sign-off block at the end."
    )
    return [
        Paragraph(
            f"Exercise library review — {text(title, bold=True)}, printed {printed}", s.title
        ),
        Paragraph(text(notice), s.body),
        Paragraph(escape(counts, quote=False), s.body),
        Spacer(1, 2 * mm),
        Paragraph("Exercises", s.section),
    ]


def _exercise(row: dict[str, str], s: _Styles, width: float, page_height: float) -> list:
    """The exercise's name and slug across the top (repeated if the table goes on to the next
    page), then its fields; kept on one page when it fits on one."""
    half = (width - 2 * LABEL_WIDTH) / 2
    widths = [LABEL_WIDTH, half, LABEL_WIDTH, half]
    whole = _cells_width(width - LABEL_WIDTH)
    slug = f'<font name="{FONT}" size="{SIZE}" color="{MUTED}">{text(row["Slug"])}</font>'
    archived = "" if row["Active"] == "yes" else f' <font color="{MUTED}">(archived)</font>'
    name = text(row["Name"], bold=True, width=_cells_width(width) * 0.8, size=s.heading.fontSize)
    data = [[Paragraph(f"{name}{archived}  {slug}", s.heading), "", "", ""]]
    style = [("SPAN", (0, 0), (-1, 0)), ("BACKGROUND", (0, 0), (-1, 0), HEADING_SHADE)]
    for columns in EXERCISE_ROWS:
        r = len(data)
        room = whole if len(columns) == 1 else _cells_width(half)
        cells = []
        for column in columns:
            cells += [
                Paragraph(escape(LABELS.get(column, column), quote=False), s.label),
                Paragraph(_value(row[column], room, empty=_empty(column)), s.cell),
            ]
        style += [("BACKGROUND", (c, r), (c, r), SHADE) for c in range(0, len(cells), 2)]
        if len(columns) == 1:
            cells += ["", ""]
            style.append(("SPAN", (1, r), (-1, r)))
        data.append(cells)
    table = Table(data, colWidths=widths, repeatRows=1, splitByRow=0, splitInRow=1, hAlign="LEFT")
    table.setStyle(_grid(*style))
    _, height = table.wrap(width, page_height)
    # Kept together only when it fits a page: a taller one starts at once and goes on over the
    # page (rather than leaving this page blank), cells split where the page ends.
    return [Spacer(1, 1.5 * mm), KeepTogether([table]) if height <= page_height else table]


def _conditions(rows: list[dict[str, str]], s: _Styles, width: float, page_height: float) -> list:
    widths = [share * width for _, _, share in CONDITION_FIELDS]
    widths[-1] = width - sum(widths[:-1])
    header = [Paragraph(heading, s.label) for heading, _, _ in CONDITION_FIELDS]
    codes_room = _cells_width(widths[CODES])
    body = []
    for row in rows:
        cells = [
            Paragraph(_value(row[column], _cells_width(w)), s.cell)
            for (_, column, _), w in zip(CONDITION_FIELDS, widths, strict=True)
        ]
        # A code a line, so no code is broken between its system and its number.
        cells[CODES] = Paragraph(_value(row["Codes"].replace("; ", "\n"), codes_room), s.cell)
        room = _cells_width(widths[0])
        inactive = "" if row["Active"] == "yes" else " (no longer screened for)"
        cells[0] = Paragraph(
            f"{_value(row['Name'], room)}{inactive}<br/>"
            f'<font color="{MUTED}">{_value(row["Slug"], room)}</font>',
            s.cell,
        )
        body.append(cells)
    # Rows split between one another, under the repeated header. Only a row taller than a page
    # (text no form lets through) makes the table split inside rows, exactly where each page
    # ends: splitting between rows first would start the rest under a second header on the
    # same page.
    tall = any(_height(cells, widths) > page_height for cells in body)
    table = Table(
        [header, *body],
        colWidths=widths,
        repeatRows=1,
        splitByRow=not tall,
        splitInRow=tall,
        hAlign="LEFT",
    )
    table.setStyle(_grid(("BACKGROUND", (0, 0), (-1, 0), SHADE)))
    note = (
        "Whether a condition rules an exercise out (hard stop) or calls for care (caution) is set "
        'on each exercise; "Used in screening" counts them.'
    )
    return [
        CondPageBreak(60 * mm),
        Spacer(1, 4 * mm),
        Paragraph("Screening conditions", s.section),
        Paragraph(escape(note, quote=False), s.body),
        table if rows else Paragraph("None.", s.body),
    ]


def _sign_off(title: str, printed: str, s: _Styles, width: float) -> list:
    """Lines to write on: who reviewed the sheet, in what role, their signature and the date,
    then room for comments. Kept on one page."""
    line = ("LINEBELOW", (1, 0), (1, -1), 0.6, colors.black)
    half = width / 2
    people = Table(
        [[Paragraph(label, s.label), ""] for label in SIGN_OFF],
        colWidths=[LABEL_WIDTH, half - LABEL_WIDTH],
        rowHeights=11 * mm,
        hAlign="LEFT",
        style=TableStyle([line, ("VALIGN", (0, 0), (-1, -1), "BOTTOM")]),
    )
    comments = Table(
        [[Paragraph("Comments", s.label), ""]] + [["", ""]] * (COMMENT_LINES - 1),
        colWidths=[LABEL_WIDTH, width - LABEL_WIDTH],
        rowHeights=9 * mm,
        hAlign="LEFT",
        style=TableStyle([line, ("VALIGN", (0, 0), (-1, -1), "BOTTOM")]),
    )
    statement = (
        f"I have reviewed every exercise and screening condition in this sheet ({title}, printed "
        f"{printed}). Corrections are marked on the pages or listed below."
    )
    return [
        Spacer(1, 6 * mm),
        KeepTogether(
            [
                Paragraph("Sign-off", s.section),
                Paragraph(statement, s.body),
                people,
                Spacer(1, 4 * mm),
                comments,
            ]
        ),
    ]


def _height(cells: list[Paragraph], widths: list[float]) -> float:
    """How tall a table row of ``cells`` is."""
    text_height = max(
        cell.wrap(width - 2 * CELL_PADDING, 0x7FFFFFFF)[1]
        for cell, width in zip(cells, widths, strict=True)
    )
    return text_height + TOP_PADDING + BOTTOM_PADDING


def _grid(*extra) -> TableStyle:
    return TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.4, GRID),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
            ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
            ("TOPPADDING", (0, 0), (-1, -1), TOP_PADDING),
            ("BOTTOMPADDING", (0, 0), (-1, -1), BOTTOM_PADDING),
            *extra,
        ]
    )


def _numbered_canvas(footer: str):
    """A canvas that writes ``footer`` and "Page X of Y" on every page. Y is only known at the
    end, so each page draws a small form that is filled in when the document is saved."""
    size = 8

    class NumberedCanvas(Canvas):
        def showPage(self):
            self.setFont(FONT, size)
            self.setFillColor(colors.black)
            self.drawString(MARGIN + FRAME_PADDING, FOOTER_Y, footer)
            words = f"Page {self._pageNumber} of "
            right = (
                self._pagesize[0]
                - MARGIN
                - FRAME_PADDING
                - pdfmetrics.stringWidth("999", FONT, size)
            )
            x = right - pdfmetrics.stringWidth(words, FONT, size)
            self.drawString(x, FOOTER_Y, words)
            self.saveState()
            self.translate(right, FOOTER_Y)
            self.doForm("page-total")
            self.restoreState()
            super().showPage()

        def save(self):
            self.beginForm("page-total")
            self.setFont(FONT, size)
            self.drawString(0, 0, str(self._pageNumber - 1))
            self.endForm()
            super().save()

    return NumberedCanvas


def library_review_pdf(*, printed_on: datetime.date | None = None) -> ReviewPdf:
    """The sheet of the library as the database holds it now, titled from the library file."""
    meta = read_library()["meta"]
    return build_review_pdf(
        list(review_rows()),
        title=f"{meta.get('title', 'Exercise library')} version {meta.get('version', '?')}",
        notice=meta.get("review_notice", ""),
        printed_on=printed_on or timezone.localdate(),
    )
