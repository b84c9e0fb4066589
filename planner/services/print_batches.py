"""Printing many handouts in the background (README "Printing many handouts").

The admin's print action queues a ``HandoutBatch`` (``queue_handout_batch``); a worker process
runs ``print_batch`` (through ``planner.tasks``), which checks each plan again, lays the handouts
out with the same code as ``manage.py print_handouts`` (``load_handouts_by_pk`` and
``build_handout``), keeps one PDF in private storage and records each handout as printed then,
not when it was asked for. Downloading the PDF is recorded as printing it again
(``record_batch_downloaded``); old PDFs are deleted by ``expire_batches``, the rows kept.
"""

import datetime
import io
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from pypdf import PdfWriter

from planner.handout import build_handout, handout_language, load_handouts_by_pk
from planner.models import Assignment, BatchStatus, HandoutBatch
from planner.services.printing import record_printed

logger = logging.getLogger(__name__)

# Handouts read and laid out together: a few queries for the lot, and a bounded amount of plain
# data in memory however many plans the batch holds (as ``print_handouts``' CHUNK).
CHUNK = 25
# A batch still "printing" after this long lost its worker (stopped or killed mid-job).
STALLED_AFTER = datetime.timedelta(hours=1)

VOIDED = "voided since you asked"
NOT_YOURS = "no longer a plan of one of your patients"
VIA = "admin action (background)"


def queue_handout_batch(*, assignments, by, large_print: bool = False) -> HandoutBatch:
    """Record what ``by`` asked to print, in the order given, and queue the job that prints it."""
    from planner.tasks import print_handout_batch  # the task module imports this one

    batch = HandoutBatch(
        requested_by=by,
        assignment_ids=[a.pk for a in assignments],
        large_print=large_print,
    )
    batch.full_clean()
    # With the database backend the job's row is written in this same transaction: a worker never
    # sees a job whose batch is not there, and there is never a batch without its job.
    with transaction.atomic():
        batch.save()
        print_handout_batch.enqueue(batch.pk)
    return batch


def print_batch(*, batch_id: int) -> HandoutBatch:
    """The job: print the batch's plans that may still be printed, into one PDF, and record them.

    Any error leaves the batch "failed" with a message in words and nothing recorded as printed;
    a batch is "ready" only with its whole PDF saved (a database constraint holds it to that)."""
    # Taken from "queued" in one statement, so a job delivered twice prints once.
    now = timezone.now()
    taken = HandoutBatch.objects.filter(pk=batch_id, status=BatchStatus.QUEUED).update(
        status=BatchStatus.PRINTING, started_at=now
    )
    batch = HandoutBatch.objects.select_related("requested_by").get(pk=batch_id)
    if not taken:
        return batch
    skipped: list[list] = []
    try:
        printable, skipped = still_printable(batch)
        if not printable:
            reasons = "; ".join(f"plan #{pk} {reason}" for pk, reason in skipped)
            plans = "The plan" if batch.count == 1 else f"None of the {batch.count} plans"
            message = f"{plans} could not be printed: {reasons}."
            return _fail(batch, message, skipped=skipped)
        pdf, pages = _render([a.pk for a in printable], large_print=batch.large_print)
        name = batch.pdf.storage.save(
            f"{now:%Y/%m}/handouts-{batch.pk}.pdf", ContentFile(pdf), max_length=200
        )
    except OSError:
        logger.exception("Handout batch %s: the PDF could not be saved", batch.pk)
        return _fail(
            batch,
            "The PDF was made but could not be saved on the server. Nothing was recorded as "
            "printed. Try again; if it fails again, tell whoever looks after the server (the "
            "worker's log says why).",
            skipped=skipped,
        )
    except Exception:
        logger.exception("Handout batch %s: the handouts could not be made", batch.pk)
        return _fail(
            batch,
            "The handouts could not be made. Nothing was recorded as printed. Print the plans "
            "one by one to find the one that fails, and tell whoever looks after the server.",
            skipped=skipped,
        )
    try:
        with transaction.atomic():
            HandoutBatch.objects.filter(pk=batch.pk).update(
                status=BatchStatus.READY,
                pdf=name,
                pages=pages,
                printed_ids=[a.pk for a in printable],
                skipped=skipped,
                finished_at=timezone.now(),
            )
            for assignment in printable:
                record_printed(
                    assignment=assignment,
                    by=batch.requested_by,
                    large_print=batch.large_print,
                    language=handout_language(assignment.patient),
                    via=VIA,
                    batch=batch.pk,
                )
    except Exception:
        batch.pdf.storage.delete(name)
        logger.exception("Handout batch %s: could not be marked ready", batch.pk)
        return _fail(
            batch, "The PDF was made but could not be recorded. Try again.", skipped=skipped
        )
    batch.refresh_from_db()
    return batch


def still_printable(batch: HandoutBatch) -> tuple[list[Assignment], list[list]]:
    """The batch's plans that its therapist may still print now, in the batch's order, and the
    others as [id, reason] pairs: access is checked when the job runs, not only when asked."""
    ids = list(batch.assignment_ids)
    theirs = (
        Assignment.objects.for_therapist(batch.requested_by)
        .filter(pk__in=ids)
        .select_related("patient", "program")
        .in_bulk()
    )
    printable, skipped = [], []
    for pk in ids:
        assignment = theirs.get(pk)
        if assignment is None:
            skipped.append([pk, NOT_YOURS])
        elif assignment.is_voided:
            skipped.append([pk, VOIDED])
        else:
            printable.append(assignment)
    return printable, skipped


def _render(pks: list[int], *, large_print: bool) -> tuple[bytes, int]:
    """One PDF of the handouts of ``pks`` in order, each with its own page numbers, and its page
    count: read and laid out as ``print_handouts``' workers do, a chunk at a time."""
    today = timezone.localdate()
    writer = PdfWriter()
    for start in range(0, len(pks), CHUNK):
        for data in load_handouts_by_pk(pks[start : start + CHUNK], today=today):
            pdf = build_handout(data, large_print=large_print or data.large_print, printed_on=today)
            writer.append(io.BytesIO(pdf))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), len(writer.pages)


def _fail(batch: HandoutBatch, message: str, *, skipped: list[list]) -> HandoutBatch:
    HandoutBatch.objects.filter(pk=batch.pk).update(
        status=BatchStatus.FAILED, failure=message, skipped=skipped, finished_at=timezone.now()
    )
    batch.refresh_from_db()
    return batch


def record_batch_downloaded(*, batch: HandoutBatch, by) -> None:
    """A download hands the handouts over again: each is recorded as printed, as the action's
    PDF is, and the front page stops offering the batch once its therapist has it."""
    found = Assignment.objects.select_related("patient").in_bulk(batch.printed_ids)
    with transaction.atomic():
        for assignment in (found[pk] for pk in batch.printed_ids if pk in found):
            record_printed(
                assignment=assignment,
                by=by,
                large_print=batch.large_print,
                language=handout_language(assignment.patient),
                via="batch download",
                batch=batch.pk,
            )
        if by.pk == batch.requested_by_id and batch.downloaded_at is None:
            HandoutBatch.objects.filter(pk=batch.pk).update(downloaded_at=timezone.now())


def expire_batches(*, now: datetime.datetime | None = None) -> tuple[int, int]:
    """Delete the PDFs of batches printed more than ``HANDOUT_BATCH_KEEP_DAYS`` days ago, keeping
    their rows as the record ("expired"), and mark batches that lost their worker mid-job as
    failed. Returns (PDFs deleted, batches marked failed)."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.HANDOUT_BATCH_KEEP_DAYS)
    old = HandoutBatch.objects.filter(status=BatchStatus.READY, finished_at__lt=cutoff)
    expired = 0
    for batch in old:
        batch.pdf.storage.delete(batch.pdf.name)  # a file already gone is no error
        expired += HandoutBatch.objects.filter(pk=batch.pk, status=BatchStatus.READY).update(
            status=BatchStatus.EXPIRED, pdf="", expired_at=now
        )
    stalled = HandoutBatch.objects.filter(
        status=BatchStatus.PRINTING, started_at__lt=now - STALLED_AFTER
    ).update(
        status=BatchStatus.FAILED,
        finished_at=now,
        failure="The worker stopped while printing, so nothing was recorded as printed. "
        "Print the plans again.",
    )
    return expired, stalled
