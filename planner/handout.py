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
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
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
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from exercises.models import Category
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
    """Everything one handout shows, read in a fixed number of queries (4), whatever its size."""
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
    return HandoutData(
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


class _Checkbox(Flowable):
    """An empty square to tick."""

    def __init__(self, size):
        super().__init__()
        self.size = size

    def wrap(self, *args):
        return self.size, self.size

    def draw(self):
        self.canv.setLineWidth(1)
        self.canv.rect(0, 0, self.size, self.size)


def _numbered_canvas(footer_left: str, printed: str, large_print: bool):
    """A canvas that knows the page count, for "Page X of Y" on every page."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._footer(total)
                super().showPage()
            super().save()

        def _footer(self, total):
            size = 12 if large_print else 10
            self.setFont(FONT, size)
            self.setFillColor(colors.black)
            width, _ = self._pagesize
            line = f"{footer_left} · Page {self._pageNumber} of {total} · Printed {printed}"
            self.drawCentredString(width / 2, 12 * mm, line)

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
        story += _card(card, styles, doc.width)
    story += _getting_online(data, styles, doc.width)
    story.append(PageBreak())
    story += _calendar(data, styles, doc.width, large_print)

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
    box = Table(rows, colWidths=[width])
    box.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 2.5, colors.black),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return [box, Spacer(1, 5 * mm)]


def _at_a_glance(data, s, width):
    rows = [
        [
            Paragraph("<b>#</b>", s.cell),
            Paragraph("<b>Exercise</b>", s.cell),
            Paragraph("<b>How much and how often</b>", s.cell),
        ]
    ]
    for card in data.cards:
        rows.append(
            [
                Paragraph(str(card.number), s.cell),
                Paragraph(text(card.name), s.cell),
                Paragraph(text(card.dosage), s.cell),
            ]
        )
    table = Table(rows, colWidths=[width * 0.07, width * 0.38, width * 0.55], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, 0), 1.5, colors.black),
                ("LINEBELOW", (0, 1), (-1, -1), 0.5, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return [Paragraph("YOUR PLAN AT A GLANCE", s.heading), table]


def _card(card: ExerciseCard, s, width):
    title = Paragraph(f"{card.number}&nbsp;&nbsp;{text(card.name)}", s.card_title)
    steps = [Paragraph(f"{n}. {text(step)}", s.body) for n, step in enumerate(card.steps, start=1)]
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
    take_care = [card.precautions, *card.screening_notes]
    for note in filter(None, take_care):
        facts.append(("TAKE CARE", note))
    if card.therapist_note:
        facts.append(("FROM YOUR THERAPIST", card.therapist_note))
    label_width = width * 0.26
    fact_table = Table(
        [[Paragraph(label, s.label), Paragraph(text(value), s.cell)] for label, value in facts],
        colWidths=[label_width, width - label_width],
    )
    fact_table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    parts = [title]
    if card.image_path:
        picture = Image(card.image_path)
        picture._restrictSize(width * 0.5, 60 * mm)
        parts.append(picture)
    parts += [*steps, Spacer(1, 2 * mm), fact_table, Spacer(1, 3 * mm)]
    rule = Table([[""]], colWidths=[width], rowHeights=[1])
    rule.setStyle(TableStyle([("LINEABOVE", (0, 0), (-1, -1), 1, colors.black)]))
    # A card stays on one page; one taller than a page splits rather than overflowing.
    return [KeepTogether([*parts, rule]), Spacer(1, 4 * mm)]


def _calendar(data, s, width, large_print):
    last = data.starts_on + datetime.timedelta(weeks=CALENDAR_WEEKS) - datetime.timedelta(days=1)
    if data.ends_on and data.ends_on < last:
        last = data.ends_on
    story = [Paragraph("TICK A BOX EACH DAY YOU DO THE EXERCISE", s.heading)]
    box = 5 * mm if large_print else 4 * mm
    week_start = data.starts_on
    week = 1
    while week_start <= last:
        days = [week_start + datetime.timedelta(days=n) for n in range(7)]
        days = [d for d in days if d <= last]
        header = [Paragraph(f"<b>Week {week}</b>", s.cell)] + [
            Paragraph(f"<b>{d:%a}</b><br/>{d.day} {d:%b}", s.small) for d in days
        ]
        rows = [header] + [
            [Paragraph(f"{card.number}. {text(card.name)}", s.small)]
            + [_Checkbox(box) for _ in days]
            for card in data.cards
        ]
        name_width = width * 0.37
        day_width = (width - name_width) / 7
        table = Table(rows, colWidths=[name_width] + [day_width] * len(days), repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                    ("ALIGN", (1, 0), (-1, -1), "CENTER"),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                ]
            )
        )
        story += [CondPageBreak(40 * mm), table, Spacer(1, 5 * mm)]
        week_start += datetime.timedelta(weeks=1)
        week += 1
    return story


def _getting_online(data, s, width):
    portal = f"{data.site_url}/portal/"
    size = 32 * mm
    widget = QrCodeWidget(portal)
    x1, y1, x2, y2 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x2 - x1), 0, 0, size / (y2 - y1), 0, 0])
    drawing.add(widget)
    if data.patient_has_account:
        sign_in = "Sign in with the username and password you chose."
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
