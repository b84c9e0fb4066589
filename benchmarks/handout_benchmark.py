"""How long does a handout take, against a bare reportlab document of the same words?

The bare document (the floor) holds the same words, tables and drawings as the handout, in the same
fonts and sizes on the same page, built the plainest way reportlab allows with the handout's own
plain-line technique: a string that fits its width is drawn as it is, and only one that must wrap
becomes a Paragraph (``PlainLine``, as ``flowables.TextBlock`` does); table cells are plain strings
where they fit and Paragraphs where they wrap. It has none of our work: no database, no escaping
of people's text for other scripts, no boxes, tick boxes or QR code, no keeping a card together,
no "Page X of Y". Both are timed in the same process, alternating, for 10 and 40 exercises; the
medians, their ratio and milliseconds per page are printed as a table and saved as JSON. Run from
the project directory:

    .venv/bin/python benchmarks/handout_benchmark.py [--rounds 30] [--json FILE]

It uses a throwaway SQLite database in a temporary folder and loads the real exercise library.
"""

import argparse
import datetime
import io
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django(folder: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_library", stdout=io.StringIO())


def make_assignment(exercises: int):
    """A plan of ``exercises`` exercises from the library (taken again from the start when the
    library holds fewer), with the text a therapist adds: effort, notes."""
    from django.contrib.auth import get_user_model

    from exercises.models import Exercise
    from planner.models import Patient, Program, ProgramExercise
    from planner.services import assign_program

    therapist, _ = get_user_model().objects.get_or_create(
        username="bench-therapist",
        defaults={"is_staff": True, "first_name": "Jordan", "last_name": "Rivera"},
    )
    patient = Patient.objects.create(
        display_name="Maria Lopez", therapist=therapist, atrophy_type="physiologic"
    )
    program = Program.objects.create(title=f"{exercises} exercises", owner=therapist)
    library = list(Exercise.objects.order_by("slug"))
    for position in range(1, exercises + 1):
        ProgramExercise.objects.create(
            program=program,
            exercise=library[(position - 1) % len(library)],
            position=position,
            sets=2,
            repetitions=10,
            notes="Slowly, and hold the chair." if position % 3 == 0 else "",
        )
    return assign_program(
        program=program,
        patient=patient,
        by=therapist,
        starts_on=datetime.date(2026, 12, 1),
        ends_on=datetime.date(2027, 1, 12),
    )


def plain_line_class():
    """The handout's plain-line technique (``flowables.TextBlock``) without its extras."""
    from html import escape

    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Flowable, Paragraph

    class PlainLine(Flowable):
        """A string drawn as it is when it fits the width, else a wrapping Paragraph."""

        def __init__(self, value: str, style):
            super().__init__()
            self.value, self.style, self.paragraph = value, style, None

        def wrap(self, avail_width, avail_height):
            style = self.style
            if stringWidth(self.value, style.fontName, style.fontSize) <= avail_width:
                self.paragraph, self.height = None, style.leading
            else:
                self.paragraph = Paragraph(escape(self.value), style)
                self.height = self.paragraph.wrap(avail_width, avail_height)[1]
            self.width = avail_width
            return self.width, self.height

        def split(self, avail_width, avail_height):
            self.wrap(avail_width, avail_height)
            return [] if self.paragraph is None else self.paragraph.split(avail_width, avail_height)

        def draw(self):
            if self.paragraph is not None:
                self.paragraph.drawOn(self.canv, 0, 0)
                return
            self.canv.setFont(self.style.fontName, self.style.fontSize)
            self.canv.drawString(0, self.height - self.style.fontSize, self.value)

    return PlainLine


def bare_document(data) -> bytes:
    """The same words and tables as the handout, in its fonts and sizes, laid out the plainest
    way reportlab allows with the same plain-line technique."""
    from html import escape

    from reportlab.lib.pagesizes import LETTER
    from reportlab.lib.units import mm
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table

    from core.fonts import FONT, register_fonts
    from exercises.drawing import drawing_scene
    from exercises.drawing.pdf import scene_drawing
    from planner.handout import wording
    from planner.handout.flowables import PageAnchor
    from planner.handout.layout import (
        CALENDAR_WEEKS,
        LABEL_SHARE,
        MARGIN,
        SKETCH_HEIGHT,
        _calendar_weeks,
        _card_facts,
        _date,
    )
    from planner.handout.styles import styles_for

    register_fonts()
    s = styles_for(False)
    line = plain_line_class()
    width = LETTER[0] - 2 * MARGIN - 12

    def cell(value: str, style, col: float):
        """A table cell: the string itself where it fits, a Paragraph where it wraps."""
        if stringWidth(value, style.fontName, style.fontSize) <= col - 6:
            return value
        return Paragraph(escape(value), style)

    clinic_line = f"{data.clinic} · Phone {data.clinic_phone}" if data.clinic_phone else data.clinic
    dates = f"Start on {_date(data.starts_on)}. Your therapist is {data.therapist}."
    story = [
        line(f"{clinic_line}   {wording.PROGRAM_TITLE}", s.label),
        line(data.patient, s.title),
        line(wording.PLAN_LINE.format(program=data.program, version=data.version), s.body),
        line(dates, s.body),
        line(wording.STOP_HEADING.format(clinic=data.clinic, phone=data.clinic_phone), s.heading),
        line(wording.EMERGENCY.format(emergency=data.emergency_number), s.label),
    ]
    if data.clinic_hours:
        story.append(line(wording.CLINIC_HOURS.format(hours=data.clinic_hours), s.body))
    for note in data.notes:
        story.append(line(f"• {note.text}", s.body))
        if note.citation:
            story.append(line(wording.SOURCE.format(source=note.citation), s.small))
    story.append(line(wording.PLAN_HEADING, s.heading))
    cols = [width * f for f in (0.08, 0.37, 0.55)]
    glance = [[wording.PLAN_NUMBER, wording.PLAN_NAME, wording.PLAN_DOSAGE]]
    glance += [
        [str(c.number), cell(c.name, s.cell, cols[1]), cell(c.dosage, s.cell, cols[2])]
        for c in data.cards
    ]
    story.append(Table(glance, colWidths=cols))
    for note in data.health:
        story += [line(note.condition, s.label), line(note.explanation, s.body)]
    story.append(PageBreak())
    anchor = PageAnchor()
    anchor.page = 1
    label_cols = [width * LABEL_SHARE[False], width * (1 - LABEL_SHARE[False])]
    for card in data.cards:
        story.append(line(f"{card.number}  {card.name}", s.card_title))
        # The same vector drawing, placed as it comes (a baseline without it would flatter us).
        scene = drawing_scene(card.pose, card.side)
        if scene is not None:
            story.append(scene_drawing(scene, 200, SKETCH_HEIGHT[False]))
        story += [line(f"{n}. {step}", s.body) for n, step in enumerate(card.steps, 1)]
        facts = [
            [label, cell(value() if callable(value) else value, s.cell, label_cols[1])]
            for label, value in _card_facts(card, anchor)
        ]
        story += [Table(facts, colWidths=label_cols), Spacer(1, 4 * mm)]
    story.append(line(wording.ONLINE_HEADING, s.heading))
    portal = f"{data.site_url}/portal/"
    story.append(line(wording.ONLINE_ADDRESS.format(address=portal), s.body))
    story.append(PageBreak())
    story.append(line(wording.CALENDAR_HEADING, s.heading))
    story.append(line(wording.CALENDAR_HOW, s.body))
    # The same weeks as the handout's calendar, with a pain column: a baseline drawing fewer
    # weeks would flatter the comparison.
    weeks, goes_on = _calendar_weeks(data)
    for number, days in enumerate(weeks, start=1):
        rows = [[f"Week {number}"] + [f"{d:%a} {d.day}" for d in days] + ["Pain"]]
        rows += [[f"{card.number}. {card.name}"] + [""] * (len(rows[0]) - 1) for card in data.cards]
        story.append(Table(rows))
    if goes_on:
        story.append(line(wording.CALENDAR_MORE_WEEKS.format(weeks=CALENDAR_WEEKS), s.label))

    def footer(canvas, doc):
        canvas.setFont(FONT, 10)
        canvas.drawString(MARGIN, 30, f"{data.patient} · Plan v{data.version} · Page {doc.page}")

    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=LETTER, invariant=1).build(
        story, onFirstPage=footer, onLaterPages=footer
    )
    return buffer.getvalue()


def pages(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def measure(exercises: int, rounds: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from planner.handout import build_handout, load_handout, render_handout

    assignment = make_assignment(exercises)
    data = load_handout(assignment)
    # Warm every path (font registration, imports) before timing.
    render_handout(assignment)
    bare_document(data)

    ours, layout, bare = [], [], []
    for _ in range(rounds):
        start = time.perf_counter()
        pdf = render_handout(assignment)
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        build_handout(data)
        layout.append(time.perf_counter() - start)
        start = time.perf_counter()
        plain = bare_document(data)
        bare.append(time.perf_counter() - start)
    with CaptureQueriesContext(connection) as queries:
        render_handout(assignment)
    ours_ms, layout_ms, bare_ms = (statistics.median(t) * 1000 for t in (ours, layout, bare))
    return {
        "exercises": exercises,
        "rounds": rounds,
        "queries": len(queries),
        "render_handout_ms": round(ours_ms, 1),
        "build_handout_ms": round(layout_ms, 1),
        "floor_ms": round(bare_ms, 1),
        "ratio": round(ours_ms / bare_ms, 2),
        "layout_ratio": round(layout_ms / bare_ms, 2),
        "pages": pages(pdf),
        "floor_pages": pages(plain),
        "ms_per_page": round(ours_ms / pages(pdf), 1),
        "floor_ms_per_page": round(bare_ms / pages(plain), 1),
        "bytes": len(pdf),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--exercises", type=int, nargs="+", default=[10, 40])
    parser.add_argument(
        "--json", type=Path, default=ROOT / "benchmarks" / "results" / "handout.json"
    )
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        setup_django(folder)
        results = [measure(n, options.rounds) for n in options.exercises]

    print(f"Medians of {options.rounds} rounds each (aim: render_handout at most 1.3x the floor)")
    print(
        f"{'exercises':>9} {'queries':>7} {'render ms':>9} {'layout ms':>9} {'floor ms':>8}"
        f" {'ratio':>6} {'layout':>6} {'pages':>5} {'ms/page':>7} {'floor ms/page':>13}"
    )
    for r in results:
        print(
            f"{r['exercises']:>9} {r['queries']:>7} {r['render_handout_ms']:>9.1f}"
            f" {r['build_handout_ms']:>9.1f} {r['floor_ms']:>8.1f} {r['ratio']:>5.2f}x"
            f" {r['layout_ratio']:>5.2f}x {r['pages']:>5} {r['ms_per_page']:>7.1f}"
            f" {r['floor_ms_per_page']:>13.1f}"
        )
    options.json.write_text(json.dumps(results, indent=2) + "\n")
    print(f"Saved to {options.json}")


if __name__ == "__main__":
    main()
