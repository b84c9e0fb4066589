"""Printing handouts. Every printed handout, however it was asked for, is written to the audit
trail here, by ``record_printed``."""

import io

from django.utils.text import slugify
from pypdf import PdfWriter

from planner.handout import handout_language, render_handout, render_handouts
from planner.models import Assignment, AuditAction
from planner.services.audit import record_event


def record_printed(*, assignment: Assignment, by=None, **detail) -> None:
    record_event(by, AuditAction.PRINTED, assignment, **detail)


def print_handout(
    *, assignment: Assignment, by=None, large_print=False, language=None, via="", progress=False
) -> bytes:
    """Render one handout, with the "Your progress" page when ``progress``, and record who
    printed it. It is in ``language`` when given, else in the patient's preferred language."""
    pdf = render_handout(assignment, large_print=large_print, language=language, progress=progress)
    _record_printing(assignment, by, large_print, language, via, progress)
    return pdf


def print_handouts(*, assignments, by=None, large_print=False, via="", progress=False) -> bytes:
    """Several handouts as one PDF, each with its own page numbers, read together
    (``render_handouts``), each recorded as ``print_handout`` records one."""
    assignments = list(assignments)
    pdfs = render_handouts(assignments, large_print=large_print, progress=progress)
    writer = PdfWriter()
    for assignment, pdf in zip(assignments, pdfs, strict=True):
        writer.append(io.BytesIO(pdf))
        _record_printing(assignment, by, large_print, None, via, progress)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _record_printing(assignment, by, large_print, language, via, progress) -> None:
    # "progress" is recorded only when the page was printed, so older events read the same.
    extra = {"progress": True} if progress else {}
    record_printed(
        assignment=assignment,
        by=by,
        large_print=large_print,
        language=handout_language(assignment.patient, language),
        via=via,
        **extra,
    )


def handout_filename(assignment: Assignment) -> str:
    """E.g. ``handout-maria-lopez-v2.pdf``; a name with no Latin letters still gives a file."""
    name = slugify(assignment.patient.display_name) or "patient"
    return f"handout-{name}-v{assignment.version}.pdf"
