"""Printing handouts. Every printed handout, however it was asked for, is written to the audit
trail here, by ``record_printed``."""

import io

from django.utils.text import slugify
from pypdf import PdfWriter

from planner.handout import render_handout
from planner.models import Assignment, AuditAction
from planner.services.audit import record_event


def record_printed(*, assignment: Assignment, by=None, **detail) -> None:
    record_event(by, AuditAction.PRINTED, assignment, **detail)


def print_handout(
    *, assignment: Assignment, by=None, large_print=False, language=None, via="", progress=False
) -> bytes:
    """Render one handout, with the "Your progress" page when ``progress``, and record who
    printed it."""
    pdf = render_handout(assignment, large_print=large_print, language=language, progress=progress)
    # "progress" is recorded only when the page was printed, so older events read the same.
    extra = {"progress": True} if progress else {}
    record_printed(
        assignment=assignment,
        by=by,
        large_print=large_print,
        language=language or "en",
        via=via,
        **extra,
    )
    return pdf


def print_handouts(*, assignments, by=None, large_print=False, via="", progress=False) -> bytes:
    """Several handouts as one PDF, each with its own page numbers."""
    writer = PdfWriter()
    for assignment in assignments:
        pdf = print_handout(
            assignment=assignment, by=by, large_print=large_print, via=via, progress=progress
        )
        writer.append(io.BytesIO(pdf))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def handout_filename(assignment: Assignment) -> str:
    """E.g. ``handout-maria-lopez-v2.pdf``; a name with no Latin letters still gives a file."""
    name = slugify(assignment.patient.display_name) or "patient"
    return f"handout-{name}-v{assignment.version}.pdf"
