"""How the handout sets words: its fonts, its paragraph styles, and the one way a person's text
becomes reportlab markup.

Every string someone typed (names, titles, notes) reaches a ``Paragraph`` only through
``text()``, so ``<``, ``&`` or a tag print as themselves and nothing is ever fetched. Text drawn
straight onto the canvas (not markup) goes through ``plain()`` instead.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from html import escape

import fontpkg
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont

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


@cache
def register_fonts() -> None:
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


def plain(value: str) -> str:
    """For text drawn straight onto the canvas (not markup): no control characters."""
    return _CONTROL.sub("", value)


def needs_cjk_font(value: str) -> bool:
    """Whether ``value`` has characters our Latin font lacks, so it must be set by ``text()``
    in a Paragraph rather than drawn as a plain string."""
    return _CJK_RUN.search(value) is not None


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    small: ParagraphStyle
    title: ParagraphStyle
    heading: ParagraphStyle
    card_title: ParagraphStyle
    label: ParagraphStyle
    label_right: ParagraphStyle
    cell: ParagraphStyle


def styles_for(large_print: bool) -> Styles:
    # Large print: body 16 pt; regular: 12 pt (the health-literacy floor in CLINICAL.md).
    size = 16 if large_print else 12
    body = ParagraphStyle(
        "body", fontName=FONT, fontSize=size, leading=size * 1.35, alignment=TA_LEFT, spaceAfter=3
    )
    return Styles(
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
