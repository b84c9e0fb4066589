"""Send the daily email reminders that are due. Run it from cron, e.g. every 15 minutes:

*/15 * * * * cd /srv/rehab && .venv/bin/python manage.py send_reminders
"""

import datetime
import smtplib

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from planner.services.reminders import send_due_reminders


def _time(value: str) -> datetime.time:
    try:
        return datetime.time.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--now must be a time like 08:30, not {value!r}.") from None


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--date must be a day like 2026-03-01, not {value!r}.") from None


class Command(BaseCommand):
    help = (
        "Email each patient whose daily reminder is due: reminders on, the time come, a plan "
        "running today not yet all logged done, and none sent today."
    )

    def add_arguments(self, parser):
        parser.add_argument("--now", help="HH:MM, local time (default: the clock).")
        parser.add_argument("--date", help="YYYY-MM-DD (default: today).")
        parser.add_argument("--dry-run", action="store_true", help="Say who, send nothing.")

    def handle(self, *args, now=None, date=None, dry_run=False, **options):
        clock = timezone.localtime()
        moment = datetime.datetime.combine(
            _date(date) if date else clock.date(),
            _time(now) if now else clock.time().replace(microsecond=0),
        )
        try:
            results = send_due_reminders(now=moment, dry_run=dry_run)
        except (smtplib.SMTPException, OSError) as error:
            # What was sent before the failure stays sent; the rest go on the next run.
            raise CommandError(f"Could not send a reminder email: {error}") from error
        verb = "Would send" if dry_run else "Sent"
        for result in results:
            reminder = result.reminder
            self.stdout.write(
                f"{verb} a reminder to patient #{reminder.patient_id} at {result.email} "
                f"(set for {reminder.send_at:%H:%M})."
            )
        self.stdout.write(
            f"{len(results)} {'to send' if dry_run else 'sent'} for {moment:%Y-%m-%d %H:%M}."
        )
