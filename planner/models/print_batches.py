"""Handouts printed in the background: a therapist's selection of many plans, printed by a job
into one PDF that they download from the admin's front page (README "Printing many handouts")."""

import os
from pathlib import Path

from django.conf import settings
from django.core import checks
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.utils import timezone

from planner.models.base import TherapistScopedQuerySet


class PrivateBatchStorage(FileSystemStorage):
    """``HANDOUT_BATCH_ROOT``, read at each use (so a test or a clinic can move it), and never a
    URL: these PDFs name patients, so only the download view hands them out, after checking who
    asks (``planner.print_batch_views``)."""

    @property
    def base_location(self):
        return str(settings.HANDOUT_BATCH_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    # Readable by the app's own user only: the app servers and the worker run as that user.
    @property
    def file_permissions_mode(self):
        return 0o600

    @property
    def directory_permissions_mode(self):
        return 0o700

    def url(self, name):
        raise ValueError("Batch PDFs have no public address; use the download view.")


_storage = PrivateBatchStorage()


@checks.register(checks.Tags.security)
def check_batch_root_is_private(app_configs, **kwargs):
    """rehab.E101: HANDOUT_BATCH_ROOT inside a folder the web server or WhiteNoise serves would
    put patients' PDFs at a guessable public address."""
    root = Path(settings.HANDOUT_BATCH_ROOT).resolve()
    served = [settings.MEDIA_ROOT, settings.STATIC_ROOT, settings.BASE_DIR / "static"]
    inside = [str(p) for p in served if p and root.is_relative_to(Path(p).resolve())]
    if not inside:
        return []
    return [
        checks.Error(
            f"HANDOUT_BATCH_ROOT ({root}) is inside {inside[0]}, which is served to anyone.",
            hint="Set HANDOUT_BATCH_ROOT to a folder outside MEDIA_ROOT and STATIC_ROOT.",
            id="rehab.E101",
        )
    ]


def batch_storage() -> PrivateBatchStorage:
    # A callable, so the migration names this function rather than a copy of the storage.
    return _storage


class BatchStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to be printed"
    PRINTING = "printing", "Printing"
    READY = "ready", "Ready to download"
    FAILED = "failed", "Could not be printed"
    # The PDF was deleted after HANDOUT_BATCH_KEEP_DAYS; the row stays as the record.
    EXPIRED = "expired", "Printed; the PDF has since been deleted"


class HandoutBatchQuerySet(TherapistScopedQuerySet):
    def _scope(self, user):
        """A therapist's own batches only: a batch holds the PDFs of the patients they had when
        they asked. A superuser sees every batch, as every record."""
        return Q(requested_by=user)

    def in_progress(self):
        return self.filter(status__in=[BatchStatus.QUEUED, BatchStatus.PRINTING])


class HandoutBatch(models.Model):
    """One background print: who asked, for which plans (the ids as chosen, in printing order),
    how it went, and the PDF while it is kept. Never deleted: it records what was printed."""

    # No index of its own: batch_requester_recent_idx (below) begins with it.
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        db_index=False,
        related_name="handout_batches",
    )
    requested_at = models.DateTimeField(default=timezone.now)
    # Ids rather than a relation: the batch records what was asked for, and a plan left out when
    # the job ran (voided, moved to another therapist) stays named here.
    assignment_ids = models.JSONField()
    large_print = models.BooleanField(default=False)
    status = models.CharField(
        max_length=10, choices=BatchStatus.choices, default=BatchStatus.QUEUED
    )
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # What the job printed, in order, and what it left out with the reason ([id, reason] pairs).
    printed_ids = models.JSONField(default=list, blank=True)
    skipped = models.JSONField(default=list, blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    failure = models.TextField(blank=True)
    pdf = models.FileField(storage=batch_storage, upload_to="%Y/%m", blank=True, max_length=200)
    downloaded_at = models.DateTimeField(null=True, blank=True)
    expired_at = models.DateTimeField(null=True, blank=True)

    objects = HandoutBatchQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = "handout batch"
        verbose_name_plural = "handout batches"
        indexes = [
            # The admin's front page: one therapist's recent batches, newest first.
            models.Index(
                fields=["requested_by", "-requested_at"], name="batch_requester_recent_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                name="handout_batch_status_valid",
                condition=Q(status__in=BatchStatus.values),
                violation_error_message="Not a batch status.",
            ),
            # Ready means whole: a PDF, its page count and when it was finished, never a PDF
            # half-written by a job that failed.
            models.CheckConstraint(
                name="handout_batch_ready_is_complete",
                condition=~Q(status=BatchStatus.READY)
                | (~Q(pdf="") & Q(pages__gt=0) & Q(finished_at__isnull=False)),
                violation_error_message="A ready batch has its PDF, pages and finishing time.",
            ),
            models.CheckConstraint(
                name="handout_batch_failure_explained",
                condition=~Q(status=BatchStatus.FAILED) | ~Q(failure=""),
                violation_error_message="A failed batch says why.",
            ),
        ]

    def __str__(self):
        return f"{self.count} handouts asked for on {self.requested_at:%Y-%m-%d %H:%M}"

    @property
    def count(self) -> int:
        return len(self.assignment_ids)

    @property
    def is_downloadable(self) -> bool:
        return self.status == BatchStatus.READY
