"""Reads for printed handouts: the assignments with everything their handouts show, the safety
notes that apply, the patients' sign-in codes, the clinic's profile, and which assignments a
batch print covers.

The handout's query count is pinned by tests (5, and 1 more for a patient's sign-in code, however
long the program), so every row it reads is selected or prefetched here. A batch of handouts
reads the same number as one, however many assignments it holds.
"""

import datetime
from collections.abc import Iterable

from django.db.models import Prefetch, Q
from django.utils import timezone

from planner.models import (
    Assignment,
    AssignmentStatus,
    ClinicProfile,
    Invite,
    ProgramExercise,
    SafetyNote,
)


def _with_handout_rows(assignments):
    items = ProgramExercise.objects.select_related("exercise").order_by("position")
    return assignments.select_related("patient__therapist", "program").prefetch_related(
        Prefetch("program__items", queryset=items), "patient__conditions"
    )


def handout_assignment(pk: int) -> Assignment:
    """The assignment with its patient, therapist, program, exercises in order and the
    patient's conditions, in three queries."""
    return _with_handout_rows(Assignment.objects.all()).get(pk=pk)


def handout_assignments(pks: Iterable[int]) -> list[Assignment]:
    """``handout_assignment`` for each of ``pks``, in their order, in three queries for all."""
    pks = list(pks)
    found = _with_handout_rows(Assignment.objects.filter(pk__in=pks)).in_bulk()
    missing = [pk for pk in pks if pk not in found]
    if missing:
        raise Assignment.DoesNotExist(f"No assignment with the id {missing[0]}.")
    return [found[pk] for pk in pks]


def safety_notes(language: str, scopes: Iterable[str]) -> list[SafetyNote]:
    """The active safety notes in ``language`` for any of ``scopes``, in printing order."""
    return list(SafetyNote.objects.filter(is_active=True, language=language, scope__in=scopes))


def all_safety_notes(language: str) -> list[SafetyNote]:
    """Every active safety note in ``language``, in printing order: what a batch of handouts
    picks its notes from, in one query."""
    return list(SafetyNote.objects.filter(is_active=True, language=language))


def usable_invites(patients) -> dict[int, Invite]:
    """Each patient's newest sign-in code that still works (``invites.usable_code``), by patient
    id, for those without an account: one query, none when every patient has an account."""
    ids = [p.pk for p in patients if p.user_id is None]
    if not ids:
        return {}
    found: dict[int, Invite] = {}
    for invite in Invite.objects.usable().filter(patient_id__in=ids).order_by("-created_at"):
        found.setdefault(invite.patient_id, invite)
    return found


def assignments_to_print(
    *, therapist_username: str | None = None, today: datetime.date | None = None
) -> list[Assignment]:
    """Active assignments (not voided) that have not ended by ``today`` (including those starting
    later), optionally only one therapist's patients, ordered by patient name, with the patient
    and program (what the file name and each audit event name)."""
    today = today or timezone.localdate()
    assignments = (
        Assignment.objects.in_force()
        .filter(status=AssignmentStatus.ACTIVE)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .select_related("patient", "program")
        .order_by("patient__display_name", "pk")
    )
    if therapist_username:
        assignments = assignments.filter(patient__therapist__username=therapist_username)
    return list(assignments)


def clinic_profile() -> ClinicProfile:
    """The clinic's name, phone, hours and emergency number, in one query."""
    return ClinicProfile.objects.current()
