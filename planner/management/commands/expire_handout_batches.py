"""``manage.py expire_handout_batches``: delete batch PDFs past their keeping time.

Each print job does this too; run it daily (cron or a systemd timer) where batches are printed
rarely, so no PDF of patients' handouts outlives HANDOUT_BATCH_KEEP_DAYS by long."""

from django.conf import settings
from django.core.management.base import BaseCommand

from planner.services.print_batches import expire_batches


class Command(BaseCommand):
    help = (
        "Delete the PDFs of handout batches printed more than HANDOUT_BATCH_KEEP_DAYS days ago "
        "(the batches stay, as the record), and fail batches whose worker stopped mid-job."
    )

    def handle(self, *args, **options):
        expired, stalled = expire_batches()
        days = settings.HANDOUT_BATCH_KEEP_DAYS
        self.stdout.write(
            f"Deleted {expired} PDF{'s' if expired != 1 else ''} older than {days} days; "
            f"{stalled} batch{'es' if stalled != 1 else ''} stopped mid-job marked failed."
        )
