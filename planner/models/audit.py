"""The audit trail: who viewed, printed, assigned or changed which patient record, and when."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from planner.models.base import TherapistScopedQuerySet
from planner.models.patients import Patient


class AuditAction(models.TextChoices):
    VIEWED = "viewed", "Viewed"
    PRINTED = "printed", "Printed a handout"
    EXPORTED = "exported", "Exported a plan (FHIR)"
    ASSIGNED = "assigned", "Assigned a program"
    OVERRIDDEN = "overridden", "Overrode a screening hard stop"
    CHANGED = "changed", "Changed"
    ARCHIVED = "archived", "Archived"
    VOIDED = "voided", "Voided a record entered in error"
    DENIED = "denied", "Was refused access"
    SIGNED_IN = "signed_in", "Signed in"
    SIGN_IN_FAILED = "sign_in_failed", "Failed to sign in"
    LOCKED_OUT = "locked_out", "Locked out after failed sign-ins"
    SEEN = "seen", "Marked a worklist item seen"


class AuditOutcome(models.TextChoices):
    SUCCESS = "success", "Success"
    REFUSED = "refused", "Refused"


class AuditEventQuerySet(TherapistScopedQuerySet):
    def _scope(self, user):
        """Events about the patients a therapist had when the event happened, and everything the
        therapist did. Both sides are columns of the event with an index each, so the database
        reads only these rows (the join to the patient's current therapist read every event).

        A patient moved to another therapist: their earlier events stay with the therapist who
        had them (it happened on their watch, and they saw it then); the new therapist sees the
        events from the move on here, and the patient's whole trail on the patient's page, which
        reads by patient (``selectors.recent_activity``). A clinic admin sees every event."""
        return Q(therapist=user) | Q(actor=user)


class AuditEvent(models.Model):
    """Who viewed, printed, assigned or changed which patient record, and when. Append-only."""

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    # Neither the actor nor the patient has an index of its own: audit_actor_recent_idx and
    # audit_patient_recent_idx (below) begin with them and serve every lookup by either one,
    # and a second index would be one more write on every page a patient or therapist opens.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        db_index=False,
        related_name="audit_events",
    )
    patient = models.ForeignKey(
        Patient,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        db_index=False,
        related_name="audit_events",
    )
    # The patient's therapist when the event was written (record_event), never changed after:
    # whose trail the event belongs to (the scope above). PROTECT, as for the actor: users are
    # deactivated, never deleted, and an append-only trail must not lose or rewrite whose it was.
    # No index of its own: audit_therapist_recent_idx begins with it.
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        db_index=False,
        related_name="+",
    )
    action = models.CharField(max_length=20, choices=AuditAction.choices)
    outcome = models.CharField(
        max_length=10, choices=AuditOutcome.choices, default=AuditOutcome.SUCCESS
    )
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    object_repr = models.CharField(max_length=200, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    # Where the request came from (REMOTE_ADDR, or the configured trusted proxy header).
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            # A patient's history page: their events, newest first.
            models.Index(fields=["patient", "-created_at"], name="audit_patient_recent_idx"),
            # A therapist's audit list (for_therapist), newest first: the events about the
            # patients they had, one side of the scope's OR ...
            models.Index(fields=["therapist", "-created_at"], name="audit_therapist_recent_idx"),
            # ... and what they did themselves, the other side.
            models.Index(fields=["actor", "-created_at"], name="audit_actor_recent_idx"),
        ]

    def __str__(self):
        return f"{self.get_action_display()} {self.object_repr} ({self.created_at:%Y-%m-%d %H:%M})"
