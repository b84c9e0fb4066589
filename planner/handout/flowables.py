"""The handout's own reportlab flowables: a QR code, a line of text, cells side by side, and a
block of parts (a card, a boxed section, a table). The calendar's week grid is in ``calendar_grid``.

Two rules hold for all of them:
- Nothing we draw can stop the document: each one splits at any height that holds a line of text
  (a paragraph by lines, cells inside a long value, a block between or inside its parts), so no
  content makes reportlab raise LayoutError.
- Paper is not wasted: a block or week that does not fit the space left moves to the next page
  only when this page is already at least a third full (``FILLED``); otherwise it splits here and
  goes on with its title repeated.

They are also drawn directly, for speed: reportlab's Table and Paragraph measure the same text many
times over, and a handout is mostly short text in cells. Text reaches Paragraph markup only
through ``fonts.text()``; plain text on the canvas goes through ``fonts.plain()``.
"""

from collections.abc import Callable, Sequence
from functools import cache
from html import escape

from reportlab.graphics.barcode import qrencoder
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, Image, Paragraph, Spacer

from core.fonts import FONT_BOLD, needs_cjk_font, plain, text
from exercises.drawing import drawing_pdf

# A page at least this full sends a block that does not fit to the next page; a page less full
# keeps it and splits it, so no page but the last is less than a third full.
FILLED = 1 / 3
# A block taller than a whole page starts on a page already a third full only when at least this
# much of it (as a share of a page) fits there; less would leave a title and a line at the bottom.
WORTH_STARTING = 0.2
_UNLIMITED = 100_000


def split_or_keep(flowable: Flowable, width: float, height: float) -> list[Flowable]:
    """``flowable.split``, as two or more pieces, or [] when it cannot split there. A Paragraph
    that refuses to split forgets its lines (reportlab deletes them), so it is measured again
    before anything draws it."""
    pieces = flowable.split(width, height)
    if len(pieces) >= 2:
        return pieces
    flowable.wrap(width, _UNLIMITED)
    return []


def page_is_filled(avail_height: float, page_height: float | None) -> bool:
    return page_height is not None and avail_height <= page_height * (1 - FILLED) + 0.01


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


@cache
def _wrapping(style: ParagraphStyle, indent: float) -> ParagraphStyle:
    """``style`` for a person's text that wraps: second and later lines indented under the text
    after a "3. " prefix, and never a last word alone at the top of a page."""
    return ParagraphStyle(
        f"{style.name}-wrap",
        parent=style,
        leftIndent=indent,
        firstLineIndent=-indent,
        allowWidows=0,
    )


class TextBlock(Flowable):
    """A person's text in one style, after an optional fixed prefix ("3. "). A line that fits is
    drawn as it is; anything longer (or needing another font) becomes an escaped, wrapping
    Paragraph that splits by lines. Most steps, names and dosages fit on a line, and skipping the
    paragraph parser for them is much of a handout's speed."""

    def __init__(self, value: str, style: ParagraphStyle, prefix: str = ""):
        super().__init__()
        # The text as typed: ``plain()`` keeps only what Fira draws, so it is applied only to
        # text drawn as a plain line; Arabic, Hebrew or CJK text goes to ``text()`` whole.
        self.raw, self.value, self.style, self.prefix = value, plain(value), style, prefix
        self.paragraph = None
        self._laid_out_for = None

    def wrap(self, avail_width, avail_height):
        if self._laid_out_for != avail_width:
            style = self.style
            fits = not needs_cjk_font(self.raw) and (
                pdfmetrics.stringWidth(self.prefix + self.value, style.fontName, style.fontSize)
                <= avail_width
            )
            if fits:
                self.paragraph, self.height = None, style.leading
            else:
                indent = 0
                if self.prefix:
                    indent = pdfmetrics.stringWidth(self.prefix, style.fontName, style.fontSize)
                bold = style.fontName == FONT_BOLD
                markup = text(self.raw, bold=bold, width=avail_width - indent, size=style.fontSize)
                style = _wrapping(style, round(indent, 2))
                self.paragraph = Paragraph(escape(self.prefix) + markup, style)
                self.height = self.paragraph.wrap(avail_width, _UNLIMITED)[1]
            self.width, self._laid_out_for = avail_width, avail_width
        return self.width, self.height

    def split(self, avail_width, avail_height):
        self.wrap(avail_width, avail_height)
        if self.paragraph is None:
            return []  # one line: it fits or it moves
        return split_or_keep(self.paragraph, avail_width, avail_height)

    def draw(self):
        self.draw_at(self.canv, 0, 0)

    def draw_at(self, canvas, x, y):
        """Draw with the bottom left corner at (x, y), without the state saving of ``drawOn``
        for a plain line (the calendar draws hundreds of names)."""
        if self.paragraph is not None:
            self.paragraph.drawOn(canvas, x, y)
            return
        canvas.setFont(self.style.fontName, self.style.fontSize)
        # Where a Paragraph would put the baseline of its first line.
        canvas.drawString(x, y + self.height - self.style.fontSize, self.prefix + self.value)


class LaterText(TextBlock):
    """Text known only once what comes before it is printed ("read about it on page N"): ``value``
    is asked for when the block is first measured, which reportlab does only after drawing
    everything earlier in the story."""

    def __init__(self, value: Callable[[], str], style: ParagraphStyle):
        super().__init__("", style)
        self.later = value

    def wrap(self, avail_width, avail_height):
        if self.later is not None:
            self.raw, self.later = self.later(), None
            self.value = plain(self.raw)
        return super().wrap(avail_width, avail_height)


class Picture(Image):
    """An exercise's picture, at most half the width and 60 mm tall."""

    def wrap(self, avail_width, avail_height):
        self._restrictSize(avail_width * 0.5, 60 * mm)
        return super().wrap(avail_width, avail_height)


class Sketch(Flowable):
    """An exercise's line drawing (``exercises.drawing``), in vectors: at most ``height`` tall and
    half the card wide, on the left under the title. Made when first measured, so a handout's
    data stays plain (a pose and a side) for the worker processes, and kept for the next
    handout that shows the same exercise, side and size (``drawing_pdf``): the drawings were
    much of a handout's time."""

    def __init__(self, pose: dict, side: str, height: float):
        super().__init__()
        self.pose, self.side, self.max_height = pose, side, height
        self._drawing = None

    def wrap(self, avail_width, avail_height):
        if self._drawing is None:
            self._drawing = drawing_pdf(self.pose, self.side, avail_width * 0.5, self.max_height)
        self.width, self.height = self._drawing.width, self._drawing.height + 2 * mm
        return self.width, self.height

    def draw(self):
        self._drawing.drawOn(self.canv, 0, 2 * mm)


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


class Columns(MeasuredOnce):
    """Cells side by side in fixed shares of the width (a table row). A cell is a flowable or
    None; a row taller than the space left splits inside its cells, each cell keeping what fits
    and the rest going on below (a label that fitted leaves its cell empty there)."""

    def __init__(
        self, cells, fractions, *, pad=3, gutter=2 * mm, rule=False, bold_rule=False, label=False
    ):
        super().__init__()
        self.cells, self.fractions = list(cells), fractions
        self.pad, self.gutter, self.rule, self.bold_rule = pad, gutter, rule, bold_rule
        # The first cell is a label, said again beside the rest of its value on the next page.
        self.label = label

    def _measure(self, width):
        self.col_widths = [width * f for f in self.fractions]
        self.cell_heights = [
            0 if cell is None else cell.wrap(col - self.gutter, _UNLIMITED)[1]
            for cell, col in zip(self.cells, self.col_widths, strict=True)
        ]
        self.width, self.height = width, max(self.cell_heights) + 2 * self.pad

    def split(self, avail_width, avail_height):
        self._layout(avail_width)
        room = avail_height - 2 * self.pad
        heads, tails = [], []
        for cell, col, height in zip(self.cells, self.col_widths, self.cell_heights, strict=True):
            if cell is None or height <= room:
                heads.append(cell)
                tails.append(None)
                continue
            parts = split_or_keep(cell, col - self.gutter, room)
            if not parts:
                return []
            heads.append(parts[0])
            tails.append(parts[1] if len(parts) == 2 else Block(parts[1:]))
        if self.label and tails[0] is None:
            tails[0] = self.cells[0]
        options = {"pad": self.pad, "gutter": self.gutter, "rule": self.rule, "label": self.label}
        return [
            Columns(heads, self.fractions, **options, bold_rule=self.bold_rule),
            Columns(tails, self.fractions, **options),
        ]

    def draw(self):
        x = 0
        for cell, col, height in zip(self.cells, self.col_widths, self.cell_heights, strict=True):
            if cell is not None:
                cell.drawOn(self.canv, x, self.height - self.pad - height)
            x += col
        if self.rule or self.bold_rule:
            self.canv.setLineWidth(1.5 if self.bold_rule else 0.5)
            self.canv.setStrokeColor(colors.black if self.bold_rule else colors.grey)
            self.canv.line(0, 0, self.width, 0)
            self.canv.setStrokeColor(colors.black)


class PageAnchor:
    """Where something was printed, for "read more on page N" lines drawn after it."""

    page: int | None = None


class Block(MeasuredOnce):
    """Parts stacked one under another, with an optional title (repeated, "continued", on every
    page it runs over), optional parts repeated under the title (a table's column names), an
    optional box around it and rule under it.

    ``keep`` holds the indexes of parts that stay on the page of the part after them (a
    condition's name with its explanation, safety notes with their "Source:" line). A part split
    across pages is split between its lines; a group kept together is split only when it alone
    is taller than the space a page gives it.

    ``page_height`` is given to a block in the story itself (not one nested in another): it
    decides, by how full the page is, whether the block moves to the next page or splits. A block
    that fits on a page moves when this one is already a third full, unless ``split_after`` is
    set and at least that many of its first parts fit whole here (a card whose steps fit goes on
    with its last lines on the next page, rather than leave half of this one blank).
    """

    def __init__(
        self,
        parts: Sequence[Flowable],
        *,
        title: Callable[[bool], Flowable] | None = None,
        repeat: Sequence[Flowable] = (),
        keep: frozenset[int] = frozenset(),
        box: float = 0,
        rule: bool = False,
        page_height: float | None = None,
        anchor: PageAnchor | None = None,
        continued: bool = False,
        split_after: int | None = None,
        gap: float = 0,
    ):
        super().__init__()
        self.split_after, self.gap = split_after, gap
        self.parts, self.title, self.repeat, self.keep = list(parts), title, list(repeat), keep
        self.box, self.rule, self.page_height = box, rule, page_height
        self.anchor, self.continued = anchor, continued
        self.heading = title(continued) if title else None

    def _inset(self):
        """Room between a box's border and what is inside it."""
        return self.box + 2.5 * mm if self.box else 0

    def _measure(self, width):
        inner = width - 2 * self._inset()
        self.inner = inner
        top = [self.heading] if self.heading is not None else []
        self.top = top + self.repeat
        self.top_sizes = [part.wrap(inner, _UNLIMITED)[1] for part in self.top]
        self.sizes = [part.wrap(inner, _UNLIMITED)[1] + self.gap for part in self.parts]
        self.fixed = sum(self.top_sizes) + 2 * self._inset() + (2 * mm if self.rule else 0)
        self.width, self.height = width, self.fixed + sum(self.sizes)

    def split(self, avail_width, avail_height):
        self._layout(avail_width)
        if self.continued and self.page_height is not None and avail_height < self.page_height - 1:
            # What is left of a split block goes on at the top of the next page: split again
            # here, it would print its "continued" title on the page it continues from.
            return []
        filled = page_is_filled(avail_height, self.page_height)
        room = avail_height - self.fixed
        if filled and self.height <= self.page_height and not self._may_split(room):
            return []  # it fits on a page of its own: start it on the next one
        cut = self._cut(room)
        if cut is None:
            return []
        head, tail = cut
        if all(isinstance(part, Spacer) for part in tail):
            tail = []  # only space was left over: nothing goes on to the next page
        if filled and sum(p.wrap(self.inner, _UNLIMITED)[1] for p in head) < (
            WORTH_STARTING * self.page_height
        ):
            return []
        options = {
            "title": self.title,
            "repeat": self.repeat,
            "box": self.box,
            "rule": self.rule,
            "page_height": self.page_height,
            "gap": self.gap,
        }
        first = Block(head, **options, keep=self.keep, anchor=self.anchor, continued=self.continued)
        if not tail:
            return [first]
        rest_keep = frozenset(k - (len(self.parts) - len(tail)) for k in self.keep)
        rest = Block(tail, **options, keep=rest_keep, continued=True)
        return [first, rest]

    def _may_split(self, room) -> bool:
        """Whether the first ``split_after`` parts fit whole in ``room``."""
        if self.split_after is None or self.continued:
            return False
        return sum(self.sizes[: self.split_after]) <= room

    def _cut(self, room):
        """(parts on this page, parts on the next) for ``room`` points of parts, or None when
        not even a piece of the first part fits."""
        parts, sizes, keep = self.parts, self.sizes, self.keep
        used, fits = 0, 0
        while fits < len(parts) and used + sizes[fits] <= room:
            used += sizes[fits]
            fits += 1
        if fits == len(parts):
            return list(parts), []
        alone = fits not in keep and (fits == 0 or fits - 1 not in keep)
        if alone:
            pieces = split_or_keep(parts[fits], self.inner, room - used - self.gap)
            if pieces:
                return parts[:fits] + pieces[:1], pieces[1:] + parts[fits + 1 :]
        clean = fits
        while clean > 0 and clean - 1 in keep:
            clean -= 1
        if clean > 0 and not self._taller_than_a_page(clean):
            return parts[:clean], parts[clean:]
        # The first group alone does not fit: split inside it.
        if not alone:
            pieces = split_or_keep(parts[fits], self.inner, room - used - self.gap)
            if pieces:
                return parts[:fits] + pieces[:1], pieces[1:] + parts[fits + 1 :]
        if fits > 0:
            return parts[:fits], parts[fits:]
        return None

    def _taller_than_a_page(self, first: int) -> bool:
        """Whether the kept group starting at part ``first`` is taller than a page gives it: it
        splits wherever it is, so it splits here and fills this page. Moved whole to its own
        block, it would only split again, with a second title on this same page."""
        if self.page_height is None:
            return False
        last = first
        while last in self.keep and last + 1 < len(self.parts):
            last += 1
        return sum(self.sizes[first : last + 1]) > self.page_height - self.fixed

    def draw(self):
        canvas, inset = self.canv, self._inset()
        if self.anchor is not None and self.anchor.page is None:
            self.anchor.page = canvas.getPageNumber()
        y = self.height - inset
        for part, height in zip(self.top, self.top_sizes, strict=True):
            y -= height
            part.drawOn(canvas, inset, y)
        for part, height in zip(self.parts, self.sizes, strict=True):
            y -= height
            part.drawOn(canvas, inset, y + self.gap)
        if self.box:
            canvas.setLineWidth(self.box)
            canvas.rect(self.box / 2, self.box / 2, self.width - self.box, self.height - self.box)
        if self.rule:
            canvas.setLineWidth(1)
            canvas.line(0, 0.5, self.width, 0.5)
