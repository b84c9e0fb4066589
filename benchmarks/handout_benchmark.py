"""How long does a handout take, against a bare reportlab document of the same words?

The bare document (the floor) holds the same words, tables and drawings as the handout (read
back, its word count is printed beside ours: only the footers' page numbers and our "continued"
titles differ), in the same fonts and sizes, on the same page with the same margins and column
widths, built the plainest way reportlab allows with the handout's own plain-line technique: a
string that fits its width is drawn as it is, and only one that must wrap becomes a Paragraph
(``PlainLine``, as ``flowables.TextBlock`` does). Its tables are reportlab's ``Table``, set in the
handout's fonts (so a cell is measured in the font it is drawn in), with their rules; a cell is a
plain string where it fits and a Paragraph where it wraps, and the calendar's names, repeated
every week, are broken into lines once, as the handout measures them once. It has none of our
work: no database, no escaping of people's text for other scripts, no boxes, tick boxes or QR
code, no keeping a card together, no "Page X of Y", and nothing kept from one handout to the next.

The handout keeps some things from one handout to the next (each exercise's drawing, the QR
code, people's text as markup), as a clinic's server and ``print_handouts`` do; "cold" is also
timed, with all of them emptied first. Everything is timed in the same process, alternating,
for 10 and 40 exercises; the medians, the ratios and milliseconds per page are printed as a
table and saved as JSON. Run from the project directory:

    .venv/bin/python benchmarks/handout_benchmark.py [--rounds 30] [--repeat 3] [--json FILE]

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


def bare_document(data, printed_on: datetime.date) -> bytes:
    """The same words, tables and drawings as the handout (regular print), in its fonts, sizes,
    margins and column widths, laid out the plainest way reportlab allows with the same
    plain-line technique. Tables are reportlab's ``Table`` with their rules drawn by a
    ``TableStyle`` grid; cells are set in the handout's fonts, so a cell is measured in the
    font it is drawn in."""
    from html import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import LETTER
    from reportlab.lib.units import mm
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import (
        PageBreak,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    from core.fonts import FONT, FONT_BOLD, register_fonts
    from exercises.drawing import drawing_scene
    from exercises.drawing.pdf import scene_drawing
    from planner.handout import wording
    from planner.handout.flowables import PageAnchor
    from planner.handout.layout import (
        CALENDAR_WEEKS,
        FRAME_PADDING,
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
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=LETTER,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=16 * mm,
        bottomMargin=22 * mm,
        invariant=1,
    )
    width = doc.width - 2 * FRAME_PADDING

    def cell(value: str, style, col: float):
        """A table cell: the string itself where it fits, a Paragraph where it wraps."""
        if stringWidth(value, style.fontName, style.fontSize) <= col - 6:
            return value
        return Paragraph(escape(value), style)

    def table(rows, cols, style, bold_first_row=False, bold_first_col=False):
        """A Table in the handout's fonts, with its rules."""
        commands = [
            ("FONT", (0, 0), (-1, -1), style.fontName, style.fontSize, style.leading),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.grey),
        ]
        if bold_first_row:
            commands.append(("FONT", (0, 0), (-1, 0), FONT_BOLD, style.fontSize, style.leading))
        if bold_first_col:
            commands.append(("FONT", (0, 0), (0, -1), FONT_BOLD, style.fontSize, style.leading))
        return Table(rows, colWidths=cols, style=TableStyle(commands))

    if data.clinic_phone:
        clinic_line = wording.CLINIC_LINE.format(clinic=data.clinic, phone=data.clinic_phone)
        stop = wording.STOP_HEADING.format(clinic=data.clinic, phone=data.clinic_phone)
    else:
        clinic_line = data.clinic
        stop = wording.STOP_HEADING_NO_PHONE.format(clinic=data.clinic)
    values = {"start": _date(data.starts_on), "therapist": data.therapist}
    if data.ends_on:
        dates = wording.DATES_REVIEW.format(review=_date(data.ends_on), **values)
    else:
        dates = wording.DATES.format(**values)
    story = [
        line(f"{clinic_line}   {wording.PROGRAM_TITLE}", s.label),
        line(data.patient, s.title),
        line(wording.PLAN_LINE.format(program=data.program, version=data.version), s.body),
        line(dates, s.body),
        line(stop, s.heading),
        line(wording.EMERGENCY.format(emergency=data.emergency_number), s.label),
    ]
    if data.clinic_hours:
        story.append(line(wording.CLINIC_HOURS.format(hours=data.clinic_hours), s.body))
    for index, note in enumerate(data.notes):
        story.append(line(f"• {note.text}", s.body))
        following = data.notes[index + 1] if index + 1 < len(data.notes) else None
        # One "Source:" line after the last note of a source, as the handout prints them.
        if note.citation and (following is None or following.citation != note.citation):
            story.append(line(wording.SOURCE.format(source=note.citation), s.small))
    story.append(line(wording.PLAN_HEADING, s.heading))
    cols = [width * f for f in (0.08, 0.37, 0.55)]
    glance = [[wording.PLAN_NUMBER, wording.PLAN_NAME, wording.PLAN_DOSAGE]]
    glance += [
        [str(c.number), cell(c.name, s.cell, cols[1]), cell(c.dosage, s.cell, cols[2])]
        for c in data.cards
    ]
    story.append(table(glance, cols, s.cell, bold_first_row=True))
    overrides: dict[str, list[int]] = {}
    for card in data.cards:
        if card.therapist_says:
            overrides.setdefault(card.therapist_says, []).append(card.number)
    groups = [(n.condition, n.numbers, n.explanation) for n in data.health]
    groups += [(wording.THERAPIST_SAYS, numbers, words) for words, numbers in overrides.items()]
    if groups:
        story.append(line(wording.HEALTH_HEADING, s.heading))
    for name, numbers, explanation in groups:
        which = wording.HEALTH_FOR_ONE if len(numbers) == 1 else wording.HEALTH_FOR_MANY
        numbers = [str(n) for n in numbers]
        listed = (
            numbers[0] if len(numbers) == 1 else ", ".join(numbers[:-1]) + " and " + numbers[-1]
        )
        story += [
            line(name, s.label),
            line(which.format(numbers=listed), s.body),
            line(explanation, s.body),
        ]
    story.append(PageBreak())
    anchor = PageAnchor()
    anchor.page = 1
    label_cols = [width * LABEL_SHARE[False], width * (1 - LABEL_SHARE[False])]
    for card in data.cards:
        story.append(line(f"{card.number}  {card.name}", s.card_title))
        # The same vector drawing at the same size (a baseline without it would flatter us).
        scene = drawing_scene(card.pose, card.side)
        if scene is not None:
            x0, y0, x1, y1 = scene.box
            aspect = (x1 - x0) / (y1 - y0)
            drawn = min(width * 0.5, SKETCH_HEIGHT[False] * aspect)
            story.append(scene_drawing(scene, drawn, min(SKETCH_HEIGHT[False], drawn / aspect)))
        story += [line(f"{n}. {step}", s.body) for n, step in enumerate(card.steps, 1)]
        facts, labelled = [], set()
        for label, value in _card_facts(card, anchor):
            value = value() if callable(value) else value
            facts.append(["" if label in labelled else label, cell(value, s.cell, label_cols[1])])
            labelled.add(label)
        story += [table(facts, label_cols, s.cell, bold_first_col=True), Spacer(1, 4 * mm)]
    story.append(line(wording.ONLINE_HEADING, s.heading))
    portal = f"{data.site_url}/portal/"
    story.append(line(wording.ONLINE_ADDRESS.format(address=portal), s.body))
    if data.patient_has_account:
        story.append(line(wording.SIGN_IN_ACCOUNT, s.body))
    elif data.invite_code:
        address = f"{data.site_url}/accounts/activate/"
        story.append(
            line(wording.SIGN_IN_CODE.format(address=address, code=data.invite_code), s.body)
        )
    else:
        story.append(line(wording.SIGN_IN_ASK, s.body))
    story.append(PageBreak())
    story.append(line(wording.CALENDAR_HEADING, s.heading))
    story.append(line(wording.CALENDAR_HOW, s.body))
    # The same weeks, words and column widths as the handout's calendar: a week's title with
    # its dates, the days and their dates, each exercise's name (and its goal) and a pain
    # column, with the grid's rules (the tick boxes are ours, not the floor's).
    small = s.small
    name_width = width * 0.3
    pain_width = max(
        5 * mm * 1.8 + 6, stringWidth(wording.CALENDAR_PAIN, FONT_BOLD, small.fontSize) + 6
    )
    # Each name (and its goal) broken into lines once, as plain strings: every week repeats
    # them, and the handout too measures them once (``CalendarLayout``).
    names = []
    for card in data.cards:
        lines = simpleSplit(f"{card.number}. {card.name}", FONT, small.fontSize, name_width - 6)
        if card.days_per_week < 7:
            lines.append(wording.calendar_goal(card.days_per_week))
        names.append("\n".join(lines))
    weeks, goes_on = _calendar_weeks(data)
    for number, days in enumerate(weeks, start=1):
        title = wording.CALENDAR_WEEK.format(number=number) + f" · {days[0].day} {days[0]:%b}"
        if days[-1] != days[0]:
            title += f" to {days[-1].day} {days[-1]:%b}"
        day_width = (width - name_width - pain_width) / 7
        cols = [name_width] + [day_width] * len(days) + [pain_width]
        blank = [""] * len(days)
        rows = [[title, *blank, ""]]
        rows.append(["", *(f"{d:%a}" for d in days), wording.CALENDAR_PAIN])
        rows.append(["", *(str(d.day) for d in days), ""])
        rows += [[name, *blank, ""] for name in names]
        commands = [
            ("FONT", (0, 0), (-1, -1), FONT, small.fontSize, small.leading),
            ("FONT", (0, 0), (-1, 1), FONT_BOLD, small.fontSize, small.leading),
            ("SPAN", (0, 0), (-1, 0)),
            ("BACKGROUND", (0, 0), (-1, 2), colors.HexColor("#e4e4e4")),
            ("ALIGN", (1, 1), (-2, 2), "CENTER"),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("GRID", (0, 2), (-1, -1), 0.5, colors.grey),
        ]
        story += [Table(rows, colWidths=cols, style=TableStyle(commands)), Spacer(1, 4 * mm)]
    if goes_on:
        story.append(line(wording.CALENDAR_MORE_WEEKS.format(weeks=CALENDAR_WEEKS), s.label))
    if data.clinic_phone:
        story.append(
            line(wording.QUESTIONS.format(clinic=data.clinic, phone=data.clinic_phone), s.label)
        )
        if data.clinic_hours:
            story.append(line(wording.QUESTIONS_HOURS.format(hours=data.clinic_hours), s.label))
    else:
        words = wording.QUESTIONS_NO_PHONE.format(therapist=data.therapist, clinic=data.clinic)
        story.append(line(words, s.label))
    call = f" · {wording.FOOTER_CALL.format(phone=data.clinic_phone)}" if data.clinic_phone else ""
    printed = wording.FOOTER_PAGE.format(date=_date(printed_on), page="{page}")
    footer_words = f"{data.patient} · {wording.FOOTER_PLAN.format(version=data.version)}{call} · "

    def footer(canvas, doc):
        canvas.setFont(FONT, 10)
        canvas.drawString(MARGIN, 30, footer_words + printed.format(page=doc.page))

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def pages(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def words(pdf: bytes) -> int:
    """How many words the PDF prints (read back), to show the floor prints what we print."""
    from pypdf import PdfReader

    return sum(len(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)


def forget_caches() -> None:
    """Empty what the handout keeps from one handout to the next (each exercise's drawing, the
    QR code, people's text as markup), as for the first handout of exercises not printed
    before. The floor keeps nothing (the pose's shapes, which both draw, stay cached)."""
    from core import fonts
    from exercises import drawing
    from planner.handout import flowables

    for cached in (
        drawing._pdf,
        flowables._qr_modules,
        fonts._markup,
        fonts._plain,
        fonts._needs_other_font,
    ):
        cached.cache_clear()


def measure(exercises: int, rounds: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from planner.handout import build_handout, load_handout, render_handout

    assignment = make_assignment(exercises)
    data = load_handout(assignment)
    printed = timezone.localdate()  # the date render_handout prints
    # Warm every path (font registration, imports) before timing.
    render_handout(assignment)
    bare_document(data, printed)

    ours, cold, layout, bare = [], [], [], []
    for _ in range(rounds):
        start = time.perf_counter()
        pdf = render_handout(assignment)
        ours.append(time.perf_counter() - start)
        forget_caches()
        start = time.perf_counter()
        render_handout(assignment)
        cold.append(time.perf_counter() - start)
        start = time.perf_counter()
        build_handout(data)
        layout.append(time.perf_counter() - start)
        start = time.perf_counter()
        plain = bare_document(data, printed)
        bare.append(time.perf_counter() - start)
    with CaptureQueriesContext(connection) as queries:
        render_handout(assignment)
    ours_ms, cold_ms, layout_ms, bare_ms = (
        statistics.median(t) * 1000 for t in (ours, cold, layout, bare)
    )
    return {
        "exercises": exercises,
        "rounds": rounds,
        "queries": len(queries),
        "render_handout_ms": round(ours_ms, 1),
        "render_cold_ms": round(cold_ms, 1),
        "build_handout_ms": round(layout_ms, 1),
        "floor_ms": round(bare_ms, 1),
        "ratio": round(ours_ms / bare_ms, 2),
        "cold_ratio": round(cold_ms / bare_ms, 2),
        "layout_ratio": round(layout_ms / bare_ms, 2),
        "pages": pages(pdf),
        "floor_pages": pages(plain),
        "ms_per_page": round(ours_ms / pages(pdf), 1),
        "floor_ms_per_page": round(bare_ms / pages(plain), 1),
        "words": words(pdf),
        "floor_words": words(plain),
        "bytes": len(pdf),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--exercises", type=int, nargs="+", default=[10, 40])
    parser.add_argument(
        "--repeat", type=int, default=1, help="measure everything this many times, in turn"
    )
    parser.add_argument(
        "--json", type=Path, default=ROOT / "benchmarks" / "results" / "handout.json"
    )
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        setup_django(folder)
        results = [
            {"run": run, **measure(n, options.rounds)}
            for run in range(1, options.repeat + 1)
            for n in options.exercises
        ]

    print(
        f"Medians of {options.rounds} rounds each (aim: render_handout at most 1.3x the floor;"
        " cold: with the caches kept across handouts emptied first)"
    )
    print(
        f"{'run':>3} {'exercises':>9} {'queries':>7} {'render ms':>9} {'cold ms':>7}"
        f" {'layout ms':>9} {'floor ms':>8} {'ratio':>6} {'cold':>6} {'layout':>6} {'pages':>5}"
        f" {'ms/page':>7} {'floor pages':>11} {'floor ms/page':>13} {'words':>6} {'floor':>6}"
    )
    for r in results:
        print(
            f"{r['run']:>3} {r['exercises']:>9} {r['queries']:>7} {r['render_handout_ms']:>9.1f}"
            f" {r['render_cold_ms']:>7.1f} {r['build_handout_ms']:>9.1f} {r['floor_ms']:>8.1f}"
            f" {r['ratio']:>5.2f}x {r['cold_ratio']:>5.2f}x {r['layout_ratio']:>5.2f}x"
            f" {r['pages']:>5} {r['ms_per_page']:>7.1f} {r['floor_pages']:>11}"
            f" {r['floor_ms_per_page']:>13.1f} {r['words']:>6} {r['floor_words']:>6}"
        )
    options.json.write_text(json.dumps(results, indent=2) + "\n")
    print(f"Saved to {options.json}")


if __name__ == "__main__":
    main()
