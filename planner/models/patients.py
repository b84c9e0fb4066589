"""Patients, and the one-time codes that let them create their own sign-in."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from core.revisions import Revisioned
from core.text import NormalizedNames
from exercises.models import AtrophyKind, BodyRegion, Condition
from planner.models.base import (
    Archivable,
    Language,
    Side,
    TherapistScopedQuerySet,
    Timestamped,
)


class PatientQuerySet(TherapistScopedQuerySet):
    def _scope(self, user):
        """The patients a therapist treats."""
        return Q(therapist=user)

    def active(self):
        return self.filter(archived_at__isnull=True)


class Patient(NormalizedNames, Revisioned, Archivable, Timestamped):
    display_name = models.CharField(max_length=120)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="patient",
        help_text="The patient's own sign-in, once they have activated it.",
    )
    # Only active staff may be chosen: the clinic admin's search for a therapist (an autocomplete,
    # the admin's patient page) offers no patient account and nobody who has left.
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        limit_choices_to={"is_staff": True, "is_active": True},
        related_name="patients",
    )
    atrophy_type = models.CharField(max_length=20, choices=AtrophyKind.choices)
    affected_side = models.CharField(max_length=10, choices=Side.choices, blank=True)
    affected_region = models.CharField(max_length=20, choices=BodyRegion.choices, blank=True)
    conditions = models.ManyToManyField(Condition, related_name="patients", blank=True)
    preferred_language = models.CharField(
        max_length=5, choices=Language.choices, default=Language.ENGLISH
    )
    large_print = models.BooleanField(default=False)
    notes = models.TextField(max_length=2000, blank=True)

    objects = PatientQuerySet.as_manager()
    normalized_fields = ("display_name",)

    class Meta:
        ordering = ["display_name", "pk"]
        indexes = [
            # The patient list in its order: a clinic admin's page is read from the index instead
            # of sorting every patient (PatientAdmin's list).
            models.Index(fields=["display_name", "id"], name="patient_name_idx"),
        ]

    def __str__(self):
        return self.display_name

    @property
    def registered_on(self) -> datetime.date:
        return timezone.localdate(self.created_at)

    def date_problem(self, day: datetime.date, today: datetime.date) -> str:
        """Why ``day`` cannot be the date of something recorded about this patient, or "": it
        has happened, and not before they were registered here."""
        if day > today:
            return "That day has not happened yet. Choose today or an earlier day."
        if day < self.registered_on:
            registered = self.registered_on
            return (
                f"{self} was registered on {registered.day} {registered:%B %Y}. "
                "Choose that day or a later one."
            )
        return ""


class InviteQuerySet(TherapistScopedQuerySet):
    def _scope(self, user):
        return Q(patient__therapist=user)

    def usable(self, now=None):
        now = now or timezone.now()
        return self.filter(used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now)


class Invite(models.Model):
    """A one-time code a patient uses to create their own sign-in.

    The code itself is not stored: it is derived from ``nonce`` with the site's secret key (so the
    admin and the handout can show it again) and found again through ``digest``, a hash of it."""

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="invites")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="invites_created"
    )
    nonce = models.CharField(max_length=32, unique=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InviteQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                name="invite_expires_after_creation", condition=Q(expires_at__gt=F("created_at"))
            ),
        ]

    def __str__(self):
        return f"Invite for {self.patient} ({self.created_at:%Y-%m-%d})"


class ActivationFailure(models.Model):
    """A wrong code tried at /accounts/activate/; counted per address to slow down guessing."""

    ip_address = models.GenericIPAddressField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            # "How many failures from this address in the last 15 minutes?"
            models.Index(fields=["ip_address", "created_at"], name="activation_failure_recent_idx")
        ]

    def __str__(self):
        return f"{self.ip_address} at {self.created_at:%Y-%m-%d %H:%M}"
