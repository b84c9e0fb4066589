"""The printed home exercise handout. Every handout is made here.

``render_handout(assignment)`` is the entry point: it loads everything through one prefetching
selector (``load_handout``) into plain data, then lays the PDF out (``build_handout``). The second
half touches no database, no request and no settings, so ``print_handouts`` can run it in worker
processes. Nothing here writes: callers record the audit event.

Every string a person typed (names, titles, notes) is escaped before it reaches reportlab's
paragraph markup, so ``<``, ``&`` or a tag print as themselves and nothing is ever fetched.
"""

import datetime
import io
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from html import escape

import fontpkg
from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone
from reportlab.graphics.barcode import qrencoder
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Image,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from exercises.models import Category
from planner import invites
from planner.models import Assignment, NoteScope, ProgramExercise, SafetyNote

LANGUAGES = {"en"}
CALENDAR_WEEKS = 4
FONT = "HandoutSans"
FONT_BOLD = "HandoutSans-Bold"
# reportlab's built-in CID fonts for Chinese, Japanese and Korean text (not embedded: the PDF
# reader supplies the glyphs).
CJK_FONTS = {"han": "STSong-Light", "kana": "HeiseiKakuGo-W5", "hangul": "HYGothic-Medium"}
_CJK_RUN = re.compile(
    r"(?P<hangul>[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]+)"
    r"|(?P<kana>[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]+)"
    r"|(?P<han>[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60]+)"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class HandoutError(ValueError):
    """A handout cannot be made as asked (e.g. a language we have no text for)."""


# --- the data a handout needs ------------------------------------------------------------------


@dataclass(frozen=True)
class ExerciseCard:
    number: int
    name: str
    steps: list[str]
    dosage: str
    equipment: str
    device: str
    device_worn_during: bool | None
    wear_schedule: str
    skin_check: str
    precautions: str
    screening_notes: list[str]
    therapist_note: str
    resistance_note: str
    image_path: str
    category: str


@dataclass(frozen=True)
class Note:
    text: str
    citation: str


@dataclass(frozen=True)
class HandoutData:
    clinic: str
    site_url: str
    therapist: str
    patient: str
    patient_has_account: bool
    invite_code: str
    large_print: bool
    program: str
    version: int
    starts_on: datetime.date
    ends_on: datetime.date | None
    cards: list[ExerciseCard] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)


def _handout_queryset():
    items = ProgramExercise.objects.select_related("exercise").order_by("position")
    return Assignment.objects.select_related("patient__therapist", "program").prefetch_related(
        Prefetch("program__items", queryset=items), "patient__conditions"
    )


def load_handout(assignment: Assignment, *, language: str | None = None) -> HandoutData:
    """Everything one handout shows, read in a fixed number of queries (4, and 1 more for the
    sign-in code of a patient without an account), whatever its size."""
    language = _check_language(language)
    assignment = _handout_queryset().get(pk=assignment.pk)
    patient, program = assignment.patient, assignment.program
    items = list(program.items.all())
    screening = assignment.screening or {}
    per_exercise: dict[str, list[str]] = {}
    for finding in screening.get("precautions", []) + screening.get("hard_stops", []):
        detail = f" — {finding['detail']}" if finding.get("detail") else ""
        per_exercise.setdefault(finding["exercise"], []).append(f"{finding['condition']}{detail}")
    guarded = set((screening.get("overwork_guard") or {}).get("exercises", []))
    for name in guarded:
        per_exercise.setdefault(name, []).append(
            "Nerve-related weakness: keep the effort light, rest 2 days between sessions "
            "for these muscles, and stop if they feel heavy."
        )

    cards = [
        ExerciseCard(
            number=number,
            name=item.exercise.name,
            steps=list(item.exercise.steps),
            dosage=item.dosage_sentence,
            equipment=_equipment(item.exercise),
            device=item.exercise.device,
            device_worn_during=item.exercise.device_worn_during,
            wear_schedule=item.exercise.wear_schedule,
            skin_check=item.exercise.skin_check,
            precautions=item.exercise.precautions,
            screening_notes=per_exercise.get(item.exercise.name, []),
            therapist_note=item.notes,
            resistance_note=item.resistance_note,
            image_path=item.exercise.image.path if item.exercise.image else "",
            category=item.exercise.category,
        )
        for number, item in enumerate(items, start=1)
    ]
    scopes = {NoteScope.ALL}
    categories = {card.category for card in cards}
    if Category.POOL in categories:
        scopes.add(NoteScope.POOL)
    if Category.BRACE_SPLINT in categories:
        scopes.add(NoteScope.BRACE_SPLINT)
    if patient.atrophy_type == "neurogenic":
        scopes.add(NoteScope.NEUROGENIC)
    if any(c.group == "spinal_cord" for c in patient.conditions.all()):
        scopes.add(NoteScope.SPINAL_CORD)
    notes = [
        Note(note.text, note.citation)
        for note in SafetyNote.objects.filter(is_active=True, language=language, scope__in=scopes)
    ]
    current = invites.current_code(patient)
    return HandoutData(
        invite_code=current[0] if current else "",
        clinic=settings.CLINIC_NAME,
        site_url=settings.SITE_URL,
        therapist=patient.therapist.get_full_name() or patient.therapist.get_username(),
        patient=patient.display_name,
        patient_has_account=patient.user_id is not None,
        large_print=patient.large_print,
        program=program.title,
        version=assignment.version,
        starts_on=assignment.starts_on,
        ends_on=assignment.ends_on,
        cards=cards,
        notes=notes,
    )


def _equipment(exercise) -> str:
    label = exercise.get_equipment_display() if exercise.equipment != "none" else ""
    if exercise.equipment_note:
        return f"{label}: {exercise.equipment_note}" if label else exercise.equipment_note
    return label or "Nothing"


def _check_language(language: str | None) -> str:
    language = language or "en"
    if language not in LANGUAGES:
        raise HandoutError(
            f"There is no handout text in {language!r} yet; handouts can be printed in: "
            + ", ".join(sorted(LANGUAGES))
            + "."
        )
    return language


def render_handout(assignment: Assignment, *, large_print=False, language=None) -> bytes:
    """The PDF handout for one assignment."""
    data = load_handout(assignment, language=language)
    return build_handout(data, large_print=large_print or data.large_print)


# --- layout ------------------------------------------------------------------------------------


@cache
def _register_fonts() -> None:
    pdfmetrics.registerFont(TTFont(FONT, str(fontpkg.path("Fira Sans", 400))))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(fontpkg.path("Fira Sans", 700))))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD
    )
    for name in CJK_FONTS.values():
        pdfmetrics.registerFont(UnicodeCIDFont(name))


def text(value: str) -> str:
    """A user's string made safe for paragraph markup: escaped, control characters removed,
    and Chinese, Japanese or Korean runs set in a CID font that has their glyphs."""
    value = _CONTROL.sub("", unicodedata.normalize("NFC", str(value)))
    out, last = [], 0
    for match in _CJK_RUN.finditer(value):
        out.append(escape(value[last : match.start()], quote=False))
        out.append(
            f'<font name="{CJK_FONTS[match.lastgroup]}">{escape(match.group(), quote=False)}</font>'
        )
        last = match.end()
    out.append(escape(value[last:], quote=False))
    return "".join(out)


def _date(value: datetime.date) -> str:
    return f"{value.day} {value:%b %Y}"


@dataclass(frozen=True)
class _Styles:
    body: ParagraphStyle
    small: ParagraphStyle
    title: ParagraphStyle
    heading: ParagraphStyle
    card_title: ParagraphStyle
    label: ParagraphStyle
    label_right: ParagraphStyle
    cell: ParagraphStyle


def _styles(large_print: bool) -> _Styles:
    # Large print: body 16 pt; regular: 12 pt (the health-literacy floor in CLINICAL.md).
    size = 16 if large_print else 12
    body = ParagraphStyle(
        "body", fontName=FONT, fontSize=size, leading=size * 1.35, alignment=TA_LEFT, spaceAfter=3
    )
    return _Styles(
        body=body,
        small=ParagraphStyle("small", parent=body, fontSize=size - 2, leading=(size - 2) * 1.3),
        title=ParagraphStyle(
            "title", parent=body, fontName=FONT_BOLD, fontSize=size + 8, leading=(size + 8) * 1.2
        ),
        heading=ParagraphStyle(
            "heading",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=size + 3,
            leading=(size + 3) * 1.3,
            spaceBefore=6,
        ),
        card_title=ParagraphStyle(
            "card", parent=body, fontName=FONT_BOLD, fontSize=size + 4, leading=(size + 4) * 1.25
        ),
        label=ParagraphStyle("label", parent=body, fontName=FONT_BOLD),
        label_right=ParagraphStyle(
            "label_right", parent=body, fontName=FONT_BOLD, alignment=TA_RIGHT
        ),
        cell=ParagraphStyle("cell", parent=body, spaceAfter=0),
    )


@cache
def _qr_modules(value: str) -> tuple[tuple[bool, ...], ...]:
    """reportlab's own QR encoder; the matrix is cached because every handout of a site carries
    the same address, and encoding (which tries eight masks in pure Python) is the slow part."""
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(value)
    code.make()
    return tuple(tuple(bool(m) for m in row) for row in code.modules)


class _QrCode(Flowable):
    """A QR code drawn as one filled path, with the quiet zone scanners need."""

    BORDER = 4

    def __init__(self, value: str, size: float):
        super().__init__()
        self.modules = _qr_modules(value)
        self.size = size

    def wrap(self, *args):
        return self.size, self.size

    def draw(self):
        count = len(self.modules) + 2 * self.BORDER
        cell = self.size / count
        path = self.canv.beginPath()
        for r, row in enumerate(self.modules):
            c = 0
            while c < len(row):
                if row[c]:
                    start = c
                    while c < len(row) and row[c]:
                        c += 1
                    y = self.size - (r + self.BORDER + 1) * cell
                    path.rect((start + self.BORDER) * cell, y, (c - start) * cell, cell * 1.02)
                else:
                    c += 1
        self.canv.drawPath(path, stroke=0, fill=1)


class _Names(list):
    """Exercise names for the calendar (plain text), laid out once per width and shared by
    every week."""

    def __init__(self, names):
        super().__init__(names)
        self.laid_out = {}


class _WeekGrid(Flowable):
    """One week of the tracking calendar: a row per exercise, a tick box per day.

    Drawn directly rather than as a Table of flowables: it is the biggest part of the handout
    and a table cell per box made it the slowest part to build."""

    def __init__(self, title, days, names: _Names, styles, width, box, page_height, *, pad=3):
        super().__init__()
        self.page_height = page_height
        self.title, self.days, self.names = title, days, names
        self.styles, self.width, self.box, self.pad = styles, width, box, pad
        self.name_width = width * 0.33
        self.day_width = (width - self.name_width) / 7
        self.header_height = 2 * styles.small.fontSize * 1.25 + 2 * pad

    def _rows(self):
        """(plain name or wrapped Paragraph, row height) per exercise."""
        key = (self.name_width, self.box)
        if key not in self.names.laid_out:
            style, room = self.styles.small, self.name_width - 2 * self.pad
            one_line = max(style.leading, self.box) + 2 * self.pad
            rows = []
            for name in self.names:
                # Most names fit on one line and are drawn as plain text; longer ones, and
                # names needing a CJK font, become wrapped paragraphs.
                if (
                    not _CJK_RUN.search(name)
                    and pdfmetrics.stringWidth(name, FONT, style.fontSize) <= room
                ):
                    rows.append((name, one_line))
                    continue
                paragraph = Paragraph(text(name), style)
                _, height = paragraph.wrap(room, 10_000)
                rows.append((paragraph, max(height, self.box) + 2 * self.pad))
            self.names.laid_out[key] = rows
        return self.names.laid_out[key]

    def wrap(self, avail_width, avail_height):
        self.rows = self._rows()
        self.height = self.header_height + sum(h for _, h in self.rows)
        return self.width, self.height

    def split(self, avail_width, avail_height):
        self.wrap(avail_width, avail_height)
        if self.height <= self.page_height:
            return []  # a week that fits on a page is never cut: it starts on the next one
        rows = self._rows()
        used, fits = self.header_height, 0
        for _, height in rows:
            if used + height > avail_height:
                break
            used += height
            fits += 1
        if fits == 0 or fits == len(rows):
            return []
        rest = (self.styles, self.width, self.box, self.page_height)
        first_names, other_names = _Names(self.names[:fits]), _Names(self.names[fits:])
        return [
            _WeekGrid(self.title, self.days, first_names, *rest, pad=self.pad),
            _WeekGrid(f"{self.title} (continued)", self.days, other_names, *rest, pad=self.pad),
        ]

    def draw(self):
        canvas, pad, style = self.canv, self.pad, self.styles.small
        size, top = style.fontSize, self.height
        canvas.setFillColor(colors.HexColor("#eeeeee"))
        canvas.rect(0, top - self.header_height, self.width, self.header_height, stroke=0, fill=1)
        canvas.setFillColor(colors.black)
        canvas.setFont(FONT_BOLD, size)
        canvas.drawString(pad, top - pad - size, self.title)
        centres = [self.name_width + (n + 0.5) * self.day_width for n in range(len(self.days))]
        for x, day in zip(centres, self.days, strict=True):
            canvas.drawCentredString(x, top - pad - size, f"{day:%a}")
        canvas.setFont(FONT, size)
        for x, day in zip(centres, self.days, strict=True):
            canvas.drawCentredString(x, top - pad - 2.2 * size, f"{day.day} {day:%b}")

        boxes, rules = canvas.beginPath(), canvas.beginPath()
        y = top - self.header_height
        rules.moveTo(0, y)
        rules.lineTo(self.width, y)
        for name, height in self.rows:
            if isinstance(name, str):
                canvas.drawString(pad, y - height / 2 - size * 0.35, name)
            else:
                name.drawOn(canvas, pad, y - height + pad)
            for x in centres:
                boxes.rect(x - self.box / 2, y - height / 2 - self.box / 2, self.box, self.box)
            y -= height
            rules.moveTo(0, y)
            rules.lineTo(self.width, y)
        for n in range(len(self.days) + 1):
            x = self.name_width + n * self.day_width
            rules.moveTo(x, 0)
            rules.lineTo(x, self.height)
        rules.rect(0, 0, self.width, self.height)
        canvas.setLineWidth(0.5)
        canvas.setStrokeColor(colors.grey)
        canvas.drawPath(rules, stroke=1, fill=0)
        canvas.setLineWidth(1)
        canvas.setStrokeColor(colors.black)
        canvas.drawPath(boxes, stroke=1, fill=0)


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


def build_handout(data: HandoutData, *, large_print: bool = False, printed_on=None) -> bytes:
    """Lay out the handout. Pure: the same data gives byte-identical PDFs (invariant mode)."""
    _register_fonts()
    styles = _styles(large_print)
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
    story = []
    story += _header(data, styles, doc.width)
    story += _safety_box(data, styles, doc.width)
    story += _at_a_glance(data, styles, doc.width)
    story.append(PageBreak())
    for card in data.cards:
        story += _card(card, styles, doc.width, doc.height)
    story += _getting_online(data, styles, doc.width)
    story.append(CondPageBreak(70 * mm))
    story += _calendar(data, styles, doc.width, large_print, doc.height)

    footer = f"{_plain(data.patient)} · Plan v{data.version}"
    doc.build(story, canvasmaker=_numbered_canvas(footer, printed, large_print))
    return buffer.getvalue()


def _plain(value: str) -> str:
    """For the footer, drawn as plain text (not markup): no control characters."""
    return _CONTROL.sub("", value)


def _header(data, s, width):
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


def _safety_box(data, s, width):
    rows = [[Paragraph("STOP AND CALL YOUR CLINIC OR PROVIDER IF …", s.heading)]]
    # Consecutive notes from one source share one "Source:" line.
    for index, note in enumerate(data.notes):
        rows.append([Paragraph(f"• {text(note.text)}", s.body)])
        following = data.notes[index + 1] if index + 1 < len(data.notes) else None
        if note.citation and (following is None or following.citation != note.citation):
            rows.append([Paragraph(f"Source: {text(note.citation)}", s.small)])
    return [_Rows(rows, [1.0], s.body, rules=False, box=2.5, pad=1.5), Spacer(1, 5 * mm)]


def _at_a_glance(data, s, width):
    rows = [
        [str(card.number), _Text(card.name, s.cell), _Text(card.dosage, s.cell)]
        for card in data.cards
    ]
    header = ["#", "Exercise", "How much and how often"]
    table = _Rows(rows, [0.07, 0.38, 0.55], s.cell, label_font=FONT, header=header)
    # Keep the heading with the start of its table.
    keep = CondPageBreak(s.heading.leading + 2 * s.cell.leading * 2 + 20)
    return [keep, Paragraph("YOUR PLAN AT A GLANCE", s.heading), table]


def _card_facts(card: ExerciseCard) -> list[tuple[str, str]]:
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


class _Text(Flowable):
    """A person's text in one style. A line that fits is drawn as it is; anything longer (or
    needing a CJK font) becomes an escaped, wrapping Paragraph. Most steps, names and dosages
    fit on a line, and skipping the paragraph parser for them is much of a handout's speed."""

    def __init__(self, value: str, style: ParagraphStyle, prefix: str = ""):
        super().__init__()
        self.value, self.style, self.prefix = _plain(value), style, prefix
        self.paragraph = None
        self._laid_out_for = None

    def wrap(self, avail_width, avail_height):
        if self._laid_out_for != avail_width:
            line = self.prefix + self.value
            fits = not _CJK_RUN.search(line) and (
                pdfmetrics.stringWidth(line, self.style.fontName, self.style.fontSize)
                <= avail_width
            )
            if fits:
                self.paragraph, self.height = None, self.style.leading
            else:
                self.paragraph = Paragraph(escape(self.prefix) + text(self.value), self.style)
                self.height = self.paragraph.wrap(avail_width, avail_height)[1]
            self.width, self._laid_out_for = avail_width, avail_width
        return self.width, self.height

    def split(self, avail_width, avail_height):
        self.wrap(avail_width, avail_height)
        return self.paragraph.split(avail_width, avail_height) if self.paragraph else []

    def draw(self):
        if self.paragraph is not None:
            self.paragraph.drawOn(self.canv, 0, 0)
            return
        self.canv.setFont(self.style.fontName, self.style.fontSize)
        # Where a Paragraph would put the baseline of its first line.
        self.canv.drawString(0, self.height - self.style.fontSize, self.prefix + self.value)

    def getSpaceAfter(self):
        return self.style.spaceAfter


class _Rows(Flowable):
    """Rows of cells in fixed columns, laid out once per width and split between rows.

    A cell is either a short plain string (a label, drawn in ``label_font``) or a Paragraph.
    reportlab's Table measures paragraph cells several times over; the handout is mostly such
    cells, so this small table made the biggest difference to how long a handout takes."""

    def __init__(
        self, rows, fractions, style, *, label_font=FONT_BOLD, header=None, rules=True, box=0, pad=3
    ):
        super().__init__()
        self.cells, self.fractions, self.style = rows, fractions, style
        self.label_font, self.header, self.rules, self.box, self.pad = (
            label_font,
            header,
            rules,
            box,
            pad,
        )
        self.gutter = 2 * mm  # space between a column's text and the next column
        self._laid_out_for = None

    def _layout(self, width):
        if self._laid_out_for == width:
            return
        inner = width - 2 * self._inset()
        self.col_widths = [inner * f for f in self.fractions]
        one_line = self.style.leading
        self.heights, self.cell_heights = [], []
        for row in self.cells:
            cell_heights = [
                0 if isinstance(cell, str) else cell.wrap(col_width - self.gutter, 10_000)[1]
                for cell, col_width in zip(row, self.col_widths, strict=True)
            ]
            self.cell_heights.append(cell_heights)
            self.heights.append(max(one_line, *cell_heights) + 2 * self.pad)
        self.header_height = one_line + 2 * self.pad if self.header else 0
        self.width = width
        self.height = self.header_height + sum(self.heights) + (2 * self.box if self.box else 0)
        self._laid_out_for = width

    def wrap(self, avail_width, avail_height):
        self._layout(avail_width)
        return self.width, self.height

    def split(self, avail_width, avail_height):
        self._layout(avail_width)
        used, fits = self.header_height + 2 * self.box, 0
        for height in self.heights:
            if used + height > avail_height:
                break
            used += height
            fits += 1
        if fits == 0:
            return []
        options = {
            "label_font": self.label_font,
            "header": self.header,
            "rules": self.rules,
            "box": self.box,
            "pad": self.pad,
        }
        return [
            _Rows(self.cells[:fits], self.fractions, self.style, **options),
            _Rows(self.cells[fits:], self.fractions, self.style, **options),
        ]

    def _inset(self):
        """Room between a box's border and the text inside it."""
        return self.box + 2 * mm if self.box else 0

    def _draw_strings(self, canvas, row, top, font):
        canvas.setFont(font, self.style.fontSize)
        x = self._inset()
        for cell, col_width in zip(row, self.col_widths, strict=True):
            if isinstance(cell, str):
                # On the baseline of the first line of a paragraph beside it.
                canvas.drawString(x, top - self.pad - self.style.fontSize, cell)
            x += col_width

    def draw(self):
        canvas = self.canv
        canvas.setFillColor(colors.black)
        inset = self._inset()
        top = self.height - (self.box or 0)
        rules = canvas.beginPath()
        if self.header:
            self._draw_strings(canvas, self.header, top, FONT_BOLD)
            top -= self.header_height
            canvas.setLineWidth(1.5)
            canvas.line(inset, top, self.width - inset, top)
        for row, height, cell_heights in zip(
            self.cells, self.heights, self.cell_heights, strict=True
        ):
            self._draw_strings(canvas, row, top, self.label_font)
            x = inset
            for cell, col_width, cell_height in zip(
                row, self.col_widths, cell_heights, strict=True
            ):
                if not isinstance(cell, str):
                    cell.drawOn(canvas, x, top - self.pad - cell_height)
                x += col_width
            top -= height
            if self.rules:
                rules.moveTo(inset, top)
                rules.lineTo(self.width - inset, top)
        if self.rules:
            canvas.setLineWidth(0.5)
            canvas.setStrokeColor(colors.grey)
            canvas.drawPath(rules, stroke=1, fill=0)
            canvas.setStrokeColor(colors.black)
        if self.box:
            canvas.setLineWidth(self.box)
            canvas.rect(self.box / 2, self.box / 2, self.width - self.box, self.height - self.box)


class _Card(Flowable):
    """One exercise: title, picture, numbered steps, labelled facts, and a rule under it.

    It keeps itself on one page (moving to the next when it does not fit) and breaks into its
    parts only when it is taller than a whole page. Each part is wrapped once per width."""

    def __init__(self, card: ExerciseCard, styles: _Styles, page_height: float):
        super().__init__()
        self.page_height = page_height
        title = Paragraph(f"{card.number}&nbsp;&nbsp;{text(card.name)}", styles.card_title)
        self.parts = [title]
        if card.image_path:
            self.picture = Image(card.image_path)
            self.parts.append(self.picture)
        self.parts += [_Text(step, styles.body, f"{n}. ") for n, step in enumerate(card.steps, 1)]
        self.parts.append(Spacer(1, 2 * mm))
        facts = [[label, _Text(value, styles.cell)] for label, value in _card_facts(card)]
        self.parts.append(_Rows(facts, [0.26, 0.74], styles.cell, rules=False, pad=1.5))
        self.parts.append(Spacer(1, 3 * mm))
        self._laid_out_for = None

    def _layout(self, width):
        if self._laid_out_for == width:
            return
        if hasattr(self, "picture"):
            self.picture._restrictSize(width * 0.5, 60 * mm)
        self.sizes = [part.wrap(width, 10_000)[1] for part in self.parts]
        self.width, self.height = width, sum(self.sizes) + 1
        self._laid_out_for = width

    def wrap(self, avail_width, avail_height):
        self._layout(avail_width)
        return self.width, self.height

    def split(self, avail_width, avail_height):
        self._layout(avail_width)
        if self.height <= self.page_height:
            return []  # start it on the next page
        return list(self.parts)

    def draw(self):
        y = self.height
        for part, height in zip(self.parts, self.sizes, strict=True):
            y -= height
            part.drawOn(self.canv, 0, y)
        self.canv.setLineWidth(1)
        self.canv.line(0, 0.5, self.width, 0.5)


def _card(card: ExerciseCard, s, width, page_height):
    return [_Card(card, s, page_height), Spacer(1, 4 * mm)]


def _calendar(data, s, width, large_print, page_height):
    last = data.starts_on + datetime.timedelta(weeks=CALENDAR_WEEKS) - datetime.timedelta(days=1)
    if data.ends_on and data.ends_on < last:
        last = data.ends_on
    story = [Spacer(1, 4 * mm), Paragraph("TICK A BOX EACH DAY YOU DO THE EXERCISE", s.heading)]
    box = 5 * mm if large_print else 4 * mm
    names = _Names(f"{card.number}. {_plain(card.name)}" for card in data.cards)
    week_start, week = data.starts_on, 1
    while week_start <= last:
        days = [week_start + datetime.timedelta(days=n) for n in range(7)]
        days = [d for d in days if d <= last]
        story += [
            CondPageBreak(40 * mm),
            _WeekGrid(f"Week {week}", days, names, s, width, box, page_height),
            Spacer(1, 5 * mm),
        ]
        week_start += datetime.timedelta(weeks=1)
        week += 1
    return story


def _getting_online(data, s, width):
    portal = f"{data.site_url}/portal/"
    size = 32 * mm
    drawing = _QrCode(portal, size)
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
