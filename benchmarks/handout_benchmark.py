"""How long does a 10-exercise handout take, against a bare reportlab document?

The bare document holds the same words, tables and drawings (same regular font, same page size,
each card's drawing made from the same shapes) built the plainest way reportlab allows: one
paragraph style, reportlab's Table with plain strings where a cell is short and Paragraphs where
text must wrap, the drawing placed as it comes, a footer line per page. It has none of our
work: no database, no escaping, no bold, boxes, tick boxes or QR code, no "Page X of Y". Both are
timed in the same process, alternating, and the ratio of the medians is printed. Run from the
project directory:

    .venv/bin/python benchmarks/handout_benchmark.py [--rounds 30]

It uses a throwaway SQLite database in a temporary folder and loads the real exercise library.
"""

import argparse
import datetime
import io
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


def make_assignment():
    from django.contrib.auth import get_user_model

    from exercises.models import Exercise
    from planner.models import Patient, Program, ProgramExercise
    from planner.services import assign_program

    therapist = get_user_model().objects.create_user(
        "bench-therapist", is_staff=True, first_name="Jordan", last_name="Rivera"
    )
    patient = Patient.objects.create(
        display_name="Maria Lopez", therapist=therapist, atrophy_type="physiologic"
    )
    program = Program.objects.create(title="Ten exercises", owner=therapist)
    for position, exercise in enumerate(Exercise.objects.order_by("slug")[:10], start=1):
        ProgramExercise.objects.create(
            program=program, exercise=exercise, position=position, sets=2, repetitions=10
        )
    return assign_program(
        program=program,
        patient=patient,
        by=therapist,
        starts_on=datetime.date(2026, 12, 1),
        ends_on=datetime.date(2027, 1, 12),
    )


def bare_document(data) -> bytes:
    """The same words and tables, laid out the plainest way reportlab allows."""
    from reportlab.lib.pagesizes import LETTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table

    from core.fonts import FONT, register_fonts
    from exercises.drawing import drawing_scene
    from exercises.drawing.pdf import scene_drawing
    from planner.handout.layout import CALENDAR_WEEKS, SKETCH_HEIGHT

    register_fonts()
    style = ParagraphStyle("plain", fontName=FONT, fontSize=12, leading=16)
    story = [
        Paragraph(f"{data.clinic} HOME EXERCISE PROGRAM", style),
        Paragraph(data.patient, style),
        Paragraph(f"Program {data.program} version {data.version}", style),
        Paragraph(
            f"Start {data.starts_on} Review {data.ends_on} Therapist: {data.therapist}", style
        ),
        Paragraph("STOP AND CALL YOUR CLINIC OR PROVIDER IF", style),
    ]
    story += [Paragraph(f"{note.text} Source: {note.citation}", style) for note in data.notes]
    story.append(Paragraph("YOUR PLAN AT A GLANCE", style))
    glance = [["#", "Exercise", "How much and how often"]]
    glance += [
        [str(c.number), Paragraph(c.name, style), Paragraph(c.dosage, style)] for c in data.cards
    ]
    story.append(Table(glance, colWidths=[30, 180, 250]))
    story.append(PageBreak())
    for card in data.cards:
        story.append(Paragraph(f"{card.number} {card.name}", style))
        # The same vector drawing, placed as it comes (a baseline without it would flatter us).
        scene = drawing_scene(card.pose, card.side)
        if scene is not None:
            story.append(scene_drawing(scene, 200, SKETCH_HEIGHT[False]))
        story += [Paragraph(f"{n}. {step}", style) for n, step in enumerate(card.steps, 1)]
        facts = [
            ["HOW MUCH", Paragraph(card.dosage, style)],
            ["YOU NEED", Paragraph(card.equipment, style)],
        ]
        facts += [["HOW HARD", Paragraph(card.effort, style)]] if card.effort else []
        facts += [["TAKE CARE", Paragraph(card.precautions, style)]] if card.precautions else []
        facts += [["NOTE", Paragraph(card.therapist_note, style)]] if card.therapist_note else []
        story.append(Table(facts, colWidths=[120, 340]))
    story.append(Paragraph("SEE YOUR PLAN ONLINE", style))
    story.append(Paragraph(f"Scan the square or type this address: {data.site_url}/portal/", style))
    story.append(PageBreak())
    story.append(Paragraph("TICK A BOX EACH DAY YOU DO THE EXERCISE", style))
    # The same weeks as the handout's calendar (the whole plan, up to CALENDAR_WEEKS), with a
    # pain column: a baseline drawing fewer weeks would flatter the comparison.
    last = data.starts_on + datetime.timedelta(weeks=CALENDAR_WEEKS, days=-1)
    if data.ends_on:
        last = min(last, data.ends_on)
    week = 0
    while data.starts_on + datetime.timedelta(weeks=week) <= last:
        days = [data.starts_on + datetime.timedelta(days=7 * week + n) for n in range(7)]
        rows = [[f"Week {week + 1}"] + [f"{d:%a} {d.day}" for d in days if d <= last] + ["Pain"]]
        rows += [[f"{card.number}. {card.name}"] + [""] * (len(rows[0]) - 1) for card in data.cards]
        story.append(Table(rows))
        week += 1

    def footer(canvas, doc):
        canvas.setFont(FONT, 10)
        canvas.drawString(50, 30, f"{data.patient} · Plan v{data.version} · Page {doc.page}")

    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=LETTER, invariant=1).build(
        story, onFirstPage=footer, onLaterPages=footer
    )
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    rounds = parser.parse_args().rounds
    with tempfile.TemporaryDirectory() as folder:
        setup_django(folder)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from planner.handout import load_handout, render_handout

        assignment = make_assignment()
        data = load_handout(assignment)
        # Warm both paths (font registration, imports) before timing.
        render_handout(assignment)
        bare_document(data)

        ours, bare = [], []
        for _ in range(rounds):
            start = time.perf_counter()
            pdf = render_handout(assignment)
            ours.append(time.perf_counter() - start)
            start = time.perf_counter()
            plain = bare_document(data)
            bare.append(time.perf_counter() - start)
        with CaptureQueriesContext(connection) as queries:
            render_handout(assignment)

    ours_ms, bare_ms = statistics.median(ours) * 1000, statistics.median(bare) * 1000
    print(f"10-exercise handout, {rounds} rounds each, median:")
    label = f"render_handout ({len(queries)} queries)"
    print(f"  {label:<34} {ours_ms:7.1f} ms  {len(pdf):7d} bytes")
    print(f"  {'bare reportlab document':<34} {bare_ms:7.1f} ms  {len(plain):7d} bytes")
    print(f"  ratio: {ours_ms / bare_ms:.2f}x (aim: at most 1.3x)")


if __name__ == "__main__":
    main()
