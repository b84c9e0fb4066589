"""What every planner model shares: who may see a row, and the small choice lists."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q


class Side(models.TextChoices):
    LEFT = "left", "Left"
    RIGHT = "right", "Right"
    BOTH = "both", "Both sides"


END_BEFORE_START = "The end date cannot be before the start date."


class Language(models.TextChoices):
    ENGLISH = "en", "English"
    SPANISH = "es", "Español"


class Timestamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Archivable(models.Model):
    """Clinical records are archived (hidden from working lists), never deleted."""

    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class Voidable(models.Model):
    """A clinical record entered in error is voided with a reason: kept, hidden from working lists
    by default, shown struck through, audited. Never deleted."""

    voided_at = models.DateTimeField(null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    void_reason = models.TextField(max_length=500, blank=True)

    class Meta:
        abstract = True

    @property
    def is_voided(self) -> bool:
        return self.voided_at is not None


class TherapistScopedQuerySet(models.QuerySet):
    """Rows a staff user may see: superusers every row, other staff the rows ``_scope`` allows,
    everyone else none.

    Each model's ``for_therapist`` comes from here, and the admin, the services and every view go
    through ``for_therapist`` or ``check_in_scope``: one place per model decides who sees what."""

    def _scope(self, user) -> Q:
        raise NotImplementedError

    def for_therapist(self, user):
        if not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        if not user.is_staff:
            return self.none()
        return self.filter(self._scope(user))

    def check_in_scope(self, user, obj, message: str) -> None:
        """Raise PermissionDenied with ``message`` unless ``user`` may see ``obj``."""
        if not self.for_therapist(user).filter(pk=obj.pk).exists():
            raise PermissionDenied(message)


class VoidableQuerySet(TherapistScopedQuerySet):
    def in_force(self):
        """Records that stand: not voided."""
        return self.filter(voided_at__isnull=True)
