"""Reads for printed handouts: one assignment with everything its handout shows, the safety
notes that apply to it, the clinic's profile, and which assignments a batch print covers.

The handout's query count is pinned by tests (5, and 1 more for a patient's sign-in code, however
long the program), so every row it reads is selected or prefetched here.
"""

import datetime
from collections.abc import Iterable

from django.db.models import Prefetch, Q
from django.utils import timezone

from planner.models import (
    Assignment,
    AssignmentStatus,
    ClinicProfile,
    ProgramExercise,
    SafetyNote,
)


def handout_assignment(pk: int) -> Assignment:
    """The assignment with its patient, therapist, program, exercises in order and the
    patient's conditions, in three queries."""
    items = ProgramExercise.objects.select_related("exercise").order_by("position")
    return (
        Assignment.objects.select_related("patient__therapist", "program")
        .prefetch_related(Prefetch("program__items", queryset=items), "patient__conditions")
        .get(pk=pk)
    )


def safety_notes(language: str, scopes: Iterable[str]) -> list[SafetyNote]:
    """The active safety notes in ``language`` for any of ``scopes``, in printing order."""
    return list(SafetyNote.objects.filter(is_active=True, language=language, scope__in=scopes))


def assignments_to_print(
    *, therapist_username: str | None = None, today: datetime.date | None = None
) -> list[Assignment]:
    """Active assignments (not voided) that have not ended by ``today`` (including those starting
    later), optionally only one therapist's patients, ordered by patient name, with the patient."""
    today = today or timezone.localdate()
    assignments = (
        Assignment.objects.in_force()
        .filter(status=AssignmentStatus.ACTIVE)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .select_related("patient")
        .order_by("patient__display_name", "pk")
    )
    if therapist_username:
        assignments = assignments.filter(patient__therapist__username=therapist_username)
    return list(assignments)


def clinic_profile() -> ClinicProfile:
    """The clinic's name, phone, hours and emergency number, in one query."""
    return ClinicProfile.objects.current()
