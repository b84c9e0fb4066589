"""The download of a handout batch printed in the background (README "Printing many handouts").

Served through the admin site's ``admin_view`` (config/urls.py): staff only, anyone else is sent
to sign in. Only the therapist who asked (or a superuser) gets the PDF; another therapist gets
404 and a "denied" event, as for any record outside their scope. The PDF is also withheld once
any plan in it has left the therapist's scope or been voided since it was printed."""

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET

from planner.models import BatchStatus, HandoutBatch
from planner.selectors.print_batches import batch_for_download, plans_no_longer_theirs
from planner.services.audit import record_denied
from planner.services.print_batches import record_batch_downloaded

NOT_YET = "Those handouts are still being printed; the front page shows when the PDF is ready."
FAILED = "Those handouts could not be printed: {failure}"
EXPIRED = (
    "That PDF was deleted {days} days after it was printed, as every batch's is; the record of "
    "what was printed stays. Select the plans and print them again."
)
MISSING = "That PDF is no longer on the server. Select the plans and print them again."
NO_LONGER_YOURS = (
    "That PDF is not given out: {count} of its handouts are for plans you may no longer print "
    "(the patient moved to another therapist, or the plan was voided). Select the plans and "
    "print them again."
)


@require_GET
def download(request, batch_id: int):
    try:
        batch = batch_for_download(request.user, batch_id)
    except Http404:
        if HandoutBatch.objects.filter(pk=batch_id).exists():
            record_denied(request.user, HandoutBatch, batch_id, via="batch download")
        raise
    if batch.status != BatchStatus.READY:
        return _back(request, _why_not(batch))
    gone = plans_no_longer_theirs(request.user, batch)
    if gone:
        record_denied(request.user, HandoutBatch, batch_id, via="batch download", withheld=gone)
        return _back(request, NO_LONGER_YOURS.format(count=gone))
    try:
        pdf = batch.pdf.open("rb")
    except FileNotFoundError:
        return _back(request, MISSING)
    record_batch_downloaded(batch=batch, by=request.user)
    filename = f"handouts-{batch.requested_at:%Y-%m-%d}-{batch.pk}.pdf"
    response = FileResponse(
        pdf, as_attachment=True, filename=filename, content_type="application/pdf"
    )
    # The PDF names patients: no browser or proxy may keep a copy.
    add_never_cache_headers(response)
    return response


def _why_not(batch: HandoutBatch) -> str:
    if batch.status == BatchStatus.FAILED:
        return FAILED.format(failure=batch.failure)
    if batch.status == BatchStatus.EXPIRED:
        return EXPIRED.format(days=settings.HANDOUT_BATCH_KEEP_DAYS)
    return NOT_YET


def _back(request, message: str):
    messages.warning(request, message)
    return HttpResponseRedirect(reverse("admin:index"))
