"""Saving the clinic profile (whom patients call), with its audit event."""

from django.db import transaction

from planner.models import AuditAction, ClinicProfile
from planner.services.audit import record_event


@transaction.atomic
def save_clinic_profile(*, profile: ClinicProfile, by, changed: list[str]) -> ClinicProfile:
    """Save ``profile`` (already validated) and record who changed which fields: the phone and
    emergency number are printed on every handout from then on."""
    profile.save()
    record_event(by, AuditAction.CHANGED, profile, fields=changed)
    return profile
