"""A contact sheet of every exercise's drawing, to look at them all at once: a PDF at print size
(the handout's 46 mm) or an HTML page of the web's SVGs (open it at phone width)."""

import io
from html import escape

from django.utils import timezone
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from core.fonts import FONT, FONT_BOLD, register_fonts, text
from exercises.drawing import drawing_scene, drawing_svg
from exercises.drawing.pdf import scene_drawing

CELL_HEIGHT = 46 * mm  # the handout's drawing height


def sheet_pdf(exercises) -> bytes:
    """Two exercises a row, each its name over its drawing for the right side and for the left,
    kept together on one page."""
    register_fonts()
    name_style = ParagraphStyle("name", fontName=FONT_BOLD, fontSize=9, leading=11)
    note_style = ParagraphStyle("note", fontName=FONT, fontSize=8, leading=10)
    half = (A4[0] - 20 * mm) / 2
    cells = []
    for exercise in exercises:
        drawings = []
        for side in ("right", "left"):
            scene = drawing_scene(exercise.pose, side)
            drawings.append(
                scene_drawing(scene, half / 2 - 4, CELL_HEIGHT)
                if scene
                else Paragraph("No drawing", note_style)
            )
        name = Paragraph(text(f"{exercise.name} ({exercise.slug})"), name_style)
        cell = Table([[name, ""], drawings], colWidths=[half / 2] * 2)
        cell.setStyle(TableStyle([("SPAN", (0, 0), (1, 0)), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        cells.append(cell)
    rows = [cells[i : i + 2] + [""] * (2 - len(cells[i : i + 2])) for i in range(0, len(cells), 2)]
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=10 * mm,
        rightMargin=10 * mm,
        topMargin=10 * mm,
        bottomMargin=10 * mm,
        title="Exercise drawings",
    )
    table = Table(rows, colWidths=[half] * 2)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, "#bbbbbb"),
            ]
        )
    )
    heading = Paragraph(
        text(f"Exercise drawings — printed {timezone.localdate():%d %b %Y}"),
        ParagraphStyle("h", fontName=FONT_BOLD, fontSize=12, leading=16),
    )
    doc.build([heading, table])
    return out.getvalue()


def sheet_html(exercises) -> str:
    cells = []
    for exercise in exercises:
        drawings = "".join(
            drawing_svg(exercise.pose, exercise.name, side) or "<p>No drawing</p>"
            for side in ("right", "left")
        )
        cells.append(
            f'<section class="cell"><h2>{escape(exercise.name)}</h2>'
            f'<div class="pair">{drawings}</div></section>'
        )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>Exercise drawings</title><style>"
        "body{font:16px sans-serif;margin:8px}.cell{display:inline-block;vertical-align:top;"
        "width:360px;max-width:100%;margin:4px;border:1px solid #ccc;padding:4px}"
        ".pair{display:flex;gap:4px}.pair svg{width:50%;height:auto;max-height:220px}"
        "h2{font-size:15px;margin:2px 0}</style></head><body>" + "".join(cells) + "</body></html>"
    )
