"""Daily email reminders: a patient turning theirs on or off, and sending the ones that are due.

A reminder goes out at most once a day: the send claims the day with a conditional UPDATE of
``last_sent_on`` in the transaction that sends, so two runs of the command at once send one
email, and an email that fails to go leaves the day unclaimed for the next run."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext, gettext_noop

from planner.models import AuditAction, ClinicProfile, Reminder
from planner.selectors.reminders import needs_reminding, not_sent_on, reminders_due
from planner.services.audit import record_event

# The email, in plain words (graded in tests/planner/test_send_reminders.py). It names no
# exercise and no condition: an inbox may be shared. Written in the patient's language
# (``reminder_text``), whatever the language of the run that sends it.
SUBJECT = gettext_noop("Time to do your exercises")
BODY = gettext_noop(
    "Hello,\n\n"
    "This is your daily note from {clinic}. It is time to do your exercises.\n\n"
    "To see them and mark them done, go to:\n"
    "{portal}\n\n"
    "You asked us to send this note. To stop it, sign in and tap Email reminders.\n\n"
    "{clinic}\n"
)


@dataclass(frozen=True)
class Sent:
    reminder: Reminder
    email: str
    sent: bool  # False on a dry run


@transaction.atomic
def set_reminder(
    *, patient, by, is_on: bool, email: str, send_at: datetime.time | None
) -> Reminder:
    """Save the patient's choice (the address and time are kept when it is turned off, ready for
    next time). Saving the same choice again changes nothing and records nothing."""
    reminder = Reminder.objects.select_for_update().filter(patient=patient).first() or Reminder(
        patient=patient
    )
    choice = (is_on, email, send_at)
    if reminder.pk is not None and (reminder.is_on, reminder.email, reminder.send_at) == choice:
        return reminder
    reminder.is_on, reminder.email, reminder.send_at = choice
    reminder.full_clean()
    reminder.save()
    at = send_at.strftime("%H:%M") if send_at else ""
    record_event(by, AuditAction.CHANGED, reminder, reminders="on" if is_on else "off", at=at)
    return reminder


def reminder_text(language: str = "en") -> tuple[str, str]:
    """(subject, body) of the reminder email, in ``language`` (a patient's
    ``preferred_language``)."""
    clinic = ClinicProfile.objects.current().name
    with translation.override(language):
        subject, body = gettext(SUBJECT), gettext(BODY)
    return subject, body.format(clinic=clinic, portal=f"{settings.SITE_URL}/portal/")


def send_due_reminders(*, now: datetime.datetime, dry_run: bool = False) -> list[Sent]:
    """Send each reminder due at ``now`` (local time) to a patient with a plan today who has not
    logged all of it done. Returns what was sent (or, on a dry run, what would be)."""
    day, at = now.date(), now.time()
    texts = {}  # (subject, body) by language, each written once a run
    done = []
    for reminder in reminders_due(day, at):
        if not needs_reminding(reminder.patient, day):
            continue
        if dry_run:
            done.append(Sent(reminder, reminder.email, sent=False))
            continue
        with transaction.atomic():
            email = _claim(reminder, day, at)
            if email is None:  # another run sent it, or the patient just turned it off
                continue
            language = reminder.patient.preferred_language
            if language not in texts:
                texts[language] = reminder_text(language)
            subject, body = texts[language]
            send_mail(subject, body, None, [email])
            record_event(None, AuditAction.CHANGED, reminder, reminder_sent=day.isoformat())
        done.append(Sent(reminder, email, sent=True))
    return done


def _claim(reminder: Reminder, day: datetime.date, at: datetime.time) -> str | None:
    """Mark ``day`` as sent for ``reminder`` if it still is on, due and not sent that day; the
    address to send to, or None. The UPDATE's conditions are on the reminder's own row, so a
    second run waiting on its lock re-checks them after the first commits and claims nothing."""
    claimed = Reminder.objects.filter(
        not_sent_on(day), pk=reminder.pk, is_on=True, send_at__lte=at
    ).update(last_sent_on=day)
    if not claimed:
        return None
    return Reminder.objects.values_list("email", flat=True).get(pk=reminder.pk)
