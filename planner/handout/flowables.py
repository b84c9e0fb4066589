"""The handout's own reportlab flowables: a QR code, the calendar's week grid, a line of text,
rows of cells, and an exercise card.

They exist for speed (reportlab's Table and Paragraph measure the same text many times over, and
a handout is mostly short text in cells) and so that nothing we draw is taller than a page:
each implements ``split()``. Text reaches Paragraph markup only through ``fonts.text()``.
"""

from functools import cache
from html import escape

from reportlab.graphics.barcode import qrencoder
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, Image, Paragraph, Spacer

from planner.handout.data import ExerciseCard
from planner.handout.fonts import FONT, FONT_BOLD, Styles, needs_cjk_font, plain, text


@cache
def _qr_modules(value: str) -> tuple[tuple[bool, ...], ...]:
    """reportlab's own QR encoder; the matrix is cached because every handout of a site carries
    the same address, and encoding (which tries eight masks in pure Python) is the slow part."""
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(value)
    code.make()
    return tuple(tuple(bool(m) for m in row) for row in code.modules)


class QrCode(Flowable):
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


class Names(list):
    """Exercise names for the calendar (plain text), laid out once per width and shared by
    every week."""

    def __init__(self, names):
        super().__init__(names)
        self.laid_out = {}


class WeekGrid(Flowable):
    """One week of the tracking calendar: a row per exercise, a tick box per day.

    Drawn directly rather than as a Table of flowables: it is the biggest part of the handout
    and a table cell per box made it the slowest part to build."""

    PAD = 3

    def __init__(self, title, days, names: Names, styles: Styles, width, box, page_height):
        super().__init__()
        self.page_height = page_height
        self.title, self.days, self.names = title, days, names
        self.styles, self.width, self.box = styles, width, box
        self.name_width = width * 0.33
        self.day_width = (width - self.name_width) / 7
        self.header_height = 2 * styles.small.fontSize * 1.25 + 2 * self.PAD

    def _rows(self):
        """(plain name or wrapped Paragraph, row height) per exercise."""
        key = (self.name_width, self.box)
        if key not in self.names.laid_out:
            style, room = self.styles.small, self.name_width - 2 * self.PAD
            one_line = max(style.leading, self.box) + 2 * self.PAD
            rows = []
            for name in self.names:
                # Most names fit on one line and are drawn as plain text; longer ones, and
                # names needing a CJK font, become wrapped paragraphs.
                if (
                    not needs_cjk_font(name)
                    and pdfmetrics.stringWidth(name, FONT, style.fontSize) <= room
                ):
                    rows.append((name, one_line))
                    continue
                paragraph = Paragraph(text(name), style)
                _, height = paragraph.wrap(room, 10_000)
                rows.append((paragraph, max(height, self.box) + 2 * self.PAD))
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
        used, fits = self.header_height, 0
        for _, height in self.rows:
            if used + height > avail_height:
                break
            used += height
            fits += 1
        if fits == 0 or fits == len(self.rows):
            return []
        rest = (self.styles, self.width, self.box, self.page_height)
        first_names, other_names = Names(self.names[:fits]), Names(self.names[fits:])
        return [
            WeekGrid(self.title, self.days, first_names, *rest),
            WeekGrid(f"{self.title} (continued)", self.days, other_names, *rest),
        ]

    def draw(self):
        canvas, pad, style = self.canv, self.PAD, self.styles.small
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


class TextBlock(Flowable):
    """A person's text in one style. A line that fits is drawn as it is; anything longer (or
    needing a CJK font) becomes an escaped, wrapping Paragraph. Most steps, names and dosages
    fit on a line, and skipping the paragraph parser for them is much of a handout's speed."""

    def __init__(self, value: str, style: ParagraphStyle, prefix: str = ""):
        super().__init__()
        self.value, self.style, self.prefix = plain(value), style, prefix
        self.paragraph = None
        self._laid_out_for = None

    def wrap(self, avail_width, avail_height):
        if self._laid_out_for != avail_width:
            line = self.prefix + self.value
            fits = not needs_cjk_font(line) and (
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


class MeasuredOnce(Flowable):
    """A flowable that measures itself once per width. reportlab asks for the size several times
    (wrap, then split when a page is full); measuring is the costly part."""

    _laid_out_for = None

    def _measure(self, width) -> None:
        """Set ``self.width``, ``self.height`` and whatever ``draw`` needs for ``width``."""
        raise NotImplementedError

    def _layout(self, width):
        if self._laid_out_for != width:
            self._measure(width)
            self._laid_out_for = width

    def wrap(self, avail_width, avail_height):
        self._layout(avail_width)
        return self.width, self.height


class Rows(MeasuredOnce):
    """Rows of cells in fixed columns, laid out once per width and split between rows.

    A cell is either a short plain string (a label, drawn in ``label_font``) or a flowable.
    reportlab's Table measures paragraph cells several times over; the handout is mostly such
    cells, so this small table made the biggest difference to how long a handout takes."""

    def __init__(
        self, rows, fractions, style, *, label_font=FONT_BOLD, header=None, rules=True, box=0, pad=3
    ):
        super().__init__()
        self.cells, self.fractions, self.style = rows, fractions, style
        self.label_font, self.header, self.rules = label_font, header, rules
        self.box, self.pad = box, pad
        self.gutter = 2 * mm  # space between a column's text and the next column

    def _measure(self, width):
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
            Rows(self.cells[:fits], self.fractions, self.style, **options),
            Rows(self.cells[fits:], self.fractions, self.style, **options),
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
        top = self.height - self.box
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


class Card(MeasuredOnce):
    """One exercise: title, picture, numbered steps, labelled facts, and a rule under it.

    It keeps itself on one page (moving to the next when it does not fit) and breaks into its
    parts only when it is taller than a whole page. Each part is wrapped once per width."""

    def __init__(
        self,
        card: ExerciseCard,
        facts: list[tuple[str, str]],
        styles: Styles,
        page_height: float,
    ):
        super().__init__()
        self.page_height = page_height
        title = Paragraph(f"{card.number}&nbsp;&nbsp;{text(card.name)}", styles.card_title)
        self.parts = [title]
        self.picture = Image(card.image_path) if card.image_path else None
        if self.picture is not None:
            self.parts.append(self.picture)
        self.parts += [
            TextBlock(step, styles.body, f"{n}. ") for n, step in enumerate(card.steps, 1)
        ]
        self.parts.append(Spacer(1, 2 * mm))
        rows = [[label, TextBlock(value, styles.cell)] for label, value in facts]
        self.parts.append(Rows(rows, [0.26, 0.74], styles.cell, rules=False, pad=1.5))
        self.parts.append(Spacer(1, 3 * mm))

    def _measure(self, width):
        if self.picture is not None:
            self.picture._restrictSize(width * 0.5, 60 * mm)
        self.sizes = [part.wrap(width, 10_000)[1] for part in self.parts]
        self.width, self.height = width, sum(self.sizes) + 1

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
