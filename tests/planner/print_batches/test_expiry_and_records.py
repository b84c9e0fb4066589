"""Old batch PDFs are deleted, the batches kept as the record; a job that lost its worker is
failed; the database holds every batch to a status it knows and a "ready" to a whole PDF."""

import datetime
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from planner.models import BatchStatus, HandoutBatch
from planner.services.print_batches import expire_batches, queue_handout_batch
from tests.constraints import rejected
from tests.factories import make_patient, make_plan
from tests.planner.print_batches.conftest import IMMEDIATE

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def ready(therapist):
    with override_settings(TASKS=IMMEDIATE):
        batch = queue_handout_batch(assignments=[make_plan(make_patient(therapist))], by=therapist)
    batch.refresh_from_db()
    return batch


def test_a_pdf_past_its_keeping_time_is_deleted_and_the_batch_kept(ready):
    path = ready.pdf.path
    now = ready.finished_at + 7 * DAY + datetime.timedelta(seconds=1)

    assert expire_batches(now=now) == (1, 0)

    ready.refresh_from_db()
    assert (ready.status, ready.pdf.name, ready.expired_at) == (BatchStatus.EXPIRED, "", now)
    assert ready.printed_ids  # still says what was printed
    assert not ready.pdf.storage.exists(path)


def test_a_pdf_within_its_keeping_time_stays(ready):
    assert expire_batches(now=ready.finished_at + 7 * DAY - datetime.timedelta(seconds=1)) == (0, 0)
    ready.refresh_from_db()
    assert ready.status == BatchStatus.READY
    assert ready.pdf.storage.exists(ready.pdf.name)


@override_settings(HANDOUT_BATCH_KEEP_DAYS=2)
def test_the_keeping_time_is_a_setting(ready):
    assert expire_batches(now=ready.finished_at + 2 * DAY + datetime.timedelta(seconds=1)) == (1, 0)


def test_a_batch_printing_for_over_an_hour_lost_its_worker_and_is_failed(therapist):
    started = timezone.now() - datetime.timedelta(hours=2)
    stuck = HandoutBatch.objects.create(
        requested_by=therapist, assignment_ids=[1], status=BatchStatus.PRINTING, started_at=started
    )

    assert expire_batches() == (0, 1)

    stuck.refresh_from_db()
    assert stuck.status == BatchStatus.FAILED
    assert stuck.failure.startswith("The worker stopped while printing")


def test_the_command_says_what_it_did(ready):
    HandoutBatch.objects.filter(pk=ready.pk).update(finished_at=ready.finished_at - 8 * DAY)
    out = io.StringIO()

    call_command("expire_handout_batches", stdout=out)

    assert out.getvalue() == (
        "Deleted 1 PDF older than 7 days; 0 batches stopped mid-job marked failed.\n"
    )


def test_the_pdf_is_readable_by_the_apps_user_only(ready, batch_root):
    assert oct(Path(ready.pdf.path).stat().st_mode & 0o777) == "0o600"
    assert oct(Path(ready.pdf.path).parent.stat().st_mode & 0o777) == "0o700"


def test_the_pdf_has_no_public_address(ready):
    with pytest.raises(ValueError, match="no public address"):
        ready.pdf.url  # noqa: B018


def test_the_database_refuses_an_unknown_status(therapist):
    assert rejected(
        lambda: HandoutBatch.objects.create(
            requested_by=therapist, assignment_ids=[1], status="lost"
        ),
        "handout_batch_status_valid",
    )


def test_the_database_refuses_a_ready_batch_without_its_pdf(therapist):
    def half_ready():
        HandoutBatch.objects.create(
            requested_by=therapist,
            assignment_ids=[1],
            status=BatchStatus.READY,
            pages=3,
            finished_at=timezone.now(),
        )

    assert rejected(half_ready, "handout_batch_ready_is_complete")


def test_the_database_refuses_a_failed_batch_that_does_not_say_why(therapist):
    assert rejected(
        lambda: HandoutBatch.objects.create(
            requested_by=therapist, assignment_ids=[1], status=BatchStatus.FAILED
        ),
        "handout_batch_failure_explained",
    )
