"""planner.services.printing called directly: every printed handout is audited once, and
several handouts print as one PDF."""

import io

import pytest
from pypdf import PdfReader

from planner.models import AuditAction, AuditEvent
from planner.services.printing import print_handout, print_handouts
from tests.factories import make_exercise, make_patient, make_plan

pytestmark = pytest.mark.django_db


def pages_of(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_print_handout_writes_exactly_one_printed_event_with_its_detail(therapist, assignment):
    before = AuditEvent.objects.count()

    pdf = print_handout(assignment=assignment, by=therapist, large_print=True, via="test")

    assert "Maria Lopez" in pages_of(pdf)[0]
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.get(action=AuditAction.PRINTED)
    assert (event.actor, event.patient, event.object_id, event.detail) == (
        therapist,
        assignment.patient,
        str(assignment.pk),
        {"large_print": True, "language": "en", "via": "test"},
    )


def test_print_handouts_is_one_pdf_of_the_single_handouts_in_order(therapist, assignment):
    longer = make_plan(
        make_patient(therapist=therapist, display_name="Tom Baker"),
        exercises=[make_exercise() for _ in range(6)],
    )
    singles = [pages_of(print_handout(assignment=plan)) for plan in (assignment, longer)]
    assert len(singles[1]) > 1  # so the sum below counts more than one page a handout

    pages = pages_of(print_handouts(assignments=[assignment, longer], by=therapist, via="test"))

    assert len(pages) == len(singles[0]) + len(singles[1])
    assert "Maria Lopez" in pages[0]
    assert "Tom Baker" in pages[len(singles[0])]
    printed = AuditEvent.objects.filter(action=AuditAction.PRINTED, actor=therapist)
    assert sorted(e.object_id for e in printed) == sorted([str(assignment.pk), str(longer.pk)])
