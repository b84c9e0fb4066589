"""The admin's print action: a few plans download at once, many are printed by the worker and
offered on the front page."""

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import timezone

from planner.models import Assignment, AuditAction, AuditEvent, BatchStatus, HandoutBatch
from planner.services.print_batches import VIA
from tests.factories import make_patient, make_plan
from tests.planner.print_batches.conftest import batch_pdf, first_pages, pages_text, run_worker

pytestmark = pytest.mark.django_db
# The worker commits as a clinic's does, and closes a connection left in a transaction: its tests
# run on committed rows (the data migrations' rows put back after).
WORKER = pytest.mark.django_db(transaction=True, serialized_rollback=True)

URL = "/admin/planner/assignment/"


def plans(therapist, *names):
    return [make_plan(make_patient(therapist, display_name=name)) for name in names]


def print_action(client, selected, **extra):
    data = {"action": "print_handouts", "_selected_action": [p.pk for p in selected], **extra}
    return client.post(URL, data, follow=True)


def said(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def printed_events():
    return AuditEvent.objects.filter(action=AuditAction.PRINTED).order_by("pk")


def test_the_default_threshold_is_twenty_plans():
    assert settings.HANDOUT_BACKGROUND_FROM == 20


@override_settings(HANDOUT_BACKGROUND_FROM=3)
def test_below_the_threshold_the_pdf_comes_at_once(therapist_client, therapist):
    selected = plans(therapist, "Bea Brown", "Al Adams")

    response = print_action(therapist_client, selected)

    assert response["Content-Type"] == "application/pdf"
    names = [("Al Adams" in p, "Bea Brown" in p) for p in first_pages(response.content)]
    assert names == [(True, False), (False, True)]
    assert not HandoutBatch.objects.exists()
    assert [e.detail["via"] for e in printed_events()] == ["admin action", "admin action"]


@override_settings(HANDOUT_BACKGROUND_FROM=3)
def test_from_the_threshold_the_action_queues_a_job_and_says_so(therapist_client, therapist):
    selected = plans(therapist, "Cy Cole", "Al Adams", "Bea Brown")

    response = print_action(therapist_client, selected, large_print="1")

    assert response["Content-Type"].startswith("text/html")
    assert said(response) == [
        'Printing 3 handouts. You will see it on your <a href="/admin/">front page</a> when '
        "the PDF is ready."
    ]
    batch = HandoutBatch.objects.get()
    by_name = sorted(selected, key=lambda p: p.patient.display_name)
    assert (batch.requested_by, batch.status, batch.large_print) == (
        therapist,
        BatchStatus.QUEUED,
        True,
    )
    assert batch.assignment_ids == [p.pk for p in by_name]  # in the list's printing order
    # Nothing is recorded as printed until the worker prints it.
    assert not printed_events().exists()


@WORKER
@override_settings(HANDOUT_BACKGROUND_FROM=3)
def test_the_worker_prints_the_batch_in_order_and_records_each_handout(therapist_client, therapist):
    selected = plans(therapist, "Cy Cole", "Al Adams", "Bea Brown")
    print_action(therapist_client, selected)

    run_worker()

    batch = HandoutBatch.objects.get()
    assert batch.status == BatchStatus.READY
    firsts = first_pages(batch_pdf(batch))
    order = ["Al Adams", "Bea Brown", "Cy Cole"]
    assert [[name in page for name in order] for page in firsts] == [
        [True, False, False],
        [False, True, False],
        [False, False, True],
    ]
    assert batch.pages == len(pages_text(batch_pdf(batch)))
    events = list(printed_events())
    assert [e.patient.display_name for e in events] == order
    assert {(e.actor, e.detail["via"], e.detail["batch"]) for e in events} == {
        (therapist, VIA, batch.pk)
    }


@override_settings(HANDOUT_BACKGROUND_FROM=3)
def test_voided_plans_are_left_out_before_counting(therapist_client, therapist):
    """The threshold counts what would be printed: two printable plans and a voided one
    download at once."""
    selected = plans(therapist, "Al Adams", "Bea Brown", "Cy Cole")
    Assignment.objects.filter(pk=selected[2].pk).update(voided_at=timezone.now())

    response = therapist_client.post(
        URL + "?voided=all",
        {"action": "print_handouts", "_selected_action": [p.pk for p in selected]},
    )

    assert response["Content-Type"] == "application/pdf"
    assert not HandoutBatch.objects.exists()
