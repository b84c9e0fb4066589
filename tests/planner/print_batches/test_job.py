"""The job itself (``print_batch``: through the real worker, the immediate backend, or called as
the worker calls it): statuses, access checked again when it runs, and a failure that leaves a
message, never a half "ready"."""

import pytest
from django.test import override_settings
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.models import Assignment, AuditAction, AuditEvent, BatchStatus, HandoutBatch
from planner.services.print_batches import (
    NOT_YOURS,
    VOIDED,
    print_batch,
    queue_handout_batch,
    still_printable,
)
from tests.factories import make_assignment, make_patient, make_plan
from tests.planner.print_batches.conftest import IMMEDIATE, batch_pdf, first_pages, run_worker

pytestmark = pytest.mark.django_db
# The worker commits as a clinic's does, and closes a connection left in a transaction: its tests
# run on committed rows (the data migrations' rows put back after).
WORKER = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def printed():
    return AuditEvent.objects.filter(action=AuditAction.PRINTED)


@pytest.fixture
def three(therapist):
    return [make_plan(make_patient(therapist, display_name=n)) for n in ("Ann", "Ben", "Cat")]


@WORKER
def test_a_queued_batch_waits_until_a_worker_runs(therapist, three):
    batch = queue_handout_batch(assignments=three, by=therapist)

    batch.refresh_from_db()
    assert (batch.status, batch.started_at, batch.pdf.name) == (BatchStatus.QUEUED, None, "")

    run_worker()

    batch.refresh_from_db()
    assert batch.status == BatchStatus.READY
    assert batch.started_at <= batch.finished_at
    assert (batch.printed_ids, batch.skipped, batch.failure) == ([a.pk for a in three], [], "")
    assert batch.pdf.name.endswith(f"handouts-{batch.pk}.pdf")


def test_with_the_immediate_backend_the_batch_is_printed_as_it_is_queued(therapist, three):
    with override_settings(TASKS=IMMEDIATE):
        batch = queue_handout_batch(assignments=three, by=therapist, large_print=True)

    batch.refresh_from_db()
    assert batch.status == BatchStatus.READY
    assert [e.detail["large_print"] for e in printed()] == [True, True, True]


def test_plans_voided_or_moved_meanwhile_are_left_out_and_named(therapist, other_therapist, three):
    batch = queue_handout_batch(assignments=three, by=therapist)
    ann, ben, cat = three
    Assignment.objects.filter(pk=ann.pk).update(voided_at=timezone.now())
    cat.patient.therapist = other_therapist
    cat.patient.save(update_fields=["therapist"])

    print_batch(batch_id=batch.pk)

    batch.refresh_from_db()
    assert batch.status == BatchStatus.READY
    assert batch.printed_ids == [ben.pk]
    assert batch.skipped == [[ann.pk, VOIDED], [cat.pk, NOT_YOURS]]
    assert ["Ben" in page for page in first_pages(batch_pdf(batch))] == [True]
    assert [e.object_id for e in printed()] == [str(ben.pk)]


def test_a_batch_with_nothing_left_to_print_fails_in_words(therapist, three):
    batch = queue_handout_batch(assignments=three[:1], by=therapist)
    Assignment.objects.filter(pk=three[0].pk).update(voided_at=timezone.now())

    print_batch(batch_id=batch.pk)

    batch.refresh_from_db()
    assert batch.status == BatchStatus.FAILED
    assert batch.failure == f"The plan could not be printed: plan #{three[0].pk} {VOIDED}."
    assert batch.skipped == [[three[0].pk, VOIDED]]
    assert not printed().exists()


def test_a_pdf_that_cannot_be_saved_fails_the_batch_and_records_nothing(
    therapist, three, batch_root, caplog
):
    # The folder for the PDFs is a file: saving fails as a full or read-only disk would.
    batch_root.parent.mkdir(parents=True, exist_ok=True)
    batch_root.write_text("not a folder")
    batch = queue_handout_batch(assignments=three, by=therapist)

    print_batch(batch_id=batch.pk)

    batch.refresh_from_db()
    assert batch.status == BatchStatus.FAILED
    assert batch.failure.startswith("The PDF was made but could not be saved on the server.")
    assert (batch.pdf.name, batch.pages, batch.printed_ids) == ("", None, [])
    assert not printed().exists()
    assert "could not be saved" in caplog.text  # the details are for whoever keeps the server


def test_a_job_delivered_twice_prints_once(therapist, three):
    batch = queue_handout_batch(assignments=three, by=therapist)
    print_batch(batch_id=batch.pk)

    again = print_batch(batch_id=batch.pk)

    assert again.status == BatchStatus.READY
    assert printed().count() == 3


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    kinds=st.lists(st.sampled_from(["mine", "voided", "theirs"]), min_size=1, max_size=8),
    seed=st.randoms(use_true_random=False),
)
def test_still_printable_keeps_the_order_and_accounts_for_every_plan(
    therapist, other_therapist, kinds, seed
):
    """Whatever mix and order of plans: each one is printed or left out with its reason, never
    lost or doubled, and the printable keep the order they were asked in."""
    made = []
    for kind in kinds:
        owner = other_therapist if kind == "theirs" else therapist
        assignment = make_assignment(make_patient(owner))
        if kind == "voided":
            Assignment.objects.filter(pk=assignment.pk).update(voided_at=timezone.now())
        made.append((assignment.pk, kind))
    seed.shuffle(made)
    batch = HandoutBatch.objects.create(
        requested_by=therapist, assignment_ids=[pk for pk, _ in made]
    )

    printable, skipped = still_printable(batch)

    assert [a.pk for a in printable] == [pk for pk, kind in made if kind == "mine"]
    reasons = {"voided": VOIDED, "theirs": NOT_YOURS}
    assert skipped == [[pk, reasons[kind]] for pk, kind in made if kind != "mine"]
