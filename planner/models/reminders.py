"""A patient's daily email reminder: where it goes, when, and the last day one was sent."""

from django.db import models
from django.db.models import Q

from planner.models.base import TherapistScopedQuerySet, Timestamped
from planner.models.patients import Patient


class ReminderQuerySet(TherapistScopedQuerySet):
    def _scope(self, user):
        return Q(patient__therapist=user)


class Reminder(Timestamped):
    """One per patient, made the first time they open their reminder page and save it.

    Kept apart from ``Patient`` so that the patient's own choice and the send command's
    bookkeeping never bump the patient record's revision (a therapist editing the patient in the
    admin is not refused because a reminder went out)."""

    patient = models.OneToOneField(Patient, on_delete=models.PROTECT, related_name="reminder")
    is_on = models.BooleanField(default=False)
    email = models.EmailField(blank=True)
    send_at = models.TimeField(null=True, blank=True, help_text="Local time of day.")
    # Written only by ``manage.py send_reminders``, in the transaction that decides to send.
    last_sent_on = models.DateField(null=True, blank=True, editable=False)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="reminder_on_needs_email_and_time",
                condition=Q(is_on=False) | (~Q(email="") & Q(send_at__isnull=False)),
                violation_error_message="A reminder that is on needs an email address and a time.",
            ),
        ]
        indexes = [
            # send_reminders: "Which reminders are on and due by now?"
            models.Index(fields=["is_on", "send_at"], name="reminder_due_idx"),
        ]

    def __str__(self):
        return f"Reminder for {self.patient}"
