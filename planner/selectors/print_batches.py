"""Reads for handouts printed in the background: what the admin's front page tells a therapist
about their batches, and the one lookup every download goes through."""

import datetime

from django.conf import settings
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from planner.models import Assignment, BatchStatus, HandoutBatch


def batch_for_download(user, pk: int) -> HandoutBatch:
    """The batch ``user`` may download: their own (a superuser any), 404 for everyone else, so
    the answer never says whether someone else's batch exists."""
    return get_object_or_404(HandoutBatch.objects.for_therapist(user), pk=pk)


def plans_no_longer_theirs(user, batch: HandoutBatch) -> int:
    """How many of the plans printed in ``batch`` ``user`` could not print now (the patient moved
    to another therapist, or the plan was voided): the PDF stays on the server for days, and
    access is checked when it is handed out, as it was when it was printed."""
    printed = set(batch.printed_ids)
    still = Assignment.objects.for_therapist(user).in_force().filter(pk__in=printed)
    return len(printed) - still.count()


def front_page_batches(user, *, now: datetime.datetime | None = None) -> list[HandoutBatch]:
    """``user``'s own batches to tell them about, newest first, in one query: waiting or printing,
    ready and not yet downloaded, and failed within the keeping time."""
    now = now or timezone.now()
    recent = now - datetime.timedelta(days=settings.HANDOUT_BATCH_KEEP_DAYS)
    waiting = Q(status__in=[BatchStatus.QUEUED, BatchStatus.PRINTING])
    to_download = Q(status=BatchStatus.READY, downloaded_at__isnull=True)
    failed = Q(status=BatchStatus.FAILED, requested_at__gte=recent)
    # Served by batch_requester_recent_idx: one therapist's batches, newest first.
    return list(
        HandoutBatch.objects.filter(requested_by=user).filter(waiting | to_download | failed)
    )
