"""What a therapist has marked seen on their worklist (issue 15)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from planner.models.base import TherapistScopedQuerySet
from planner.models.patients import Patient


class WorklistSeenQuerySet(TherapistScopedQuerySet):
    def _scope(self, user):
        return Q(patient__therapist=user)


class WorklistSeen(models.Model):
    """One worklist item marked seen. ``evidence`` names the data the item was raised on (the
    newest log, measurement or test behind it); when newer data raises the item again, its
    evidence differs and the item comes back."""

    # No index of its own: worklist_seen_once_per_evidence (patient, rule, evidence) serves it.
    patient = models.ForeignKey(
        Patient, on_delete=models.PROTECT, db_index=False, related_name="worklist_seen"
    )
    rule = models.CharField(max_length=30)
    evidence = models.CharField(max_length=100)
    seen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="worklist_seen"
    )
    seen_at = models.DateTimeField(default=timezone.now)

    objects = WorklistSeenQuerySet.as_manager()

    class Meta:
        ordering = ["-seen_at"]
        verbose_name = "worklist item seen"
        verbose_name_plural = "worklist items seen"
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "rule", "evidence"], name="worklist_seen_once_per_evidence"
            )
        ]

    def __str__(self):
        return f"{self.rule} for {self.patient} seen {self.seen_at:%Y-%m-%d}"
