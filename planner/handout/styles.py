"""The handout's paragraph styles, in the fonts ``core.fonts`` registers."""

from dataclasses import dataclass

from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from core.fonts import FONT, FONT_BOLD


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
