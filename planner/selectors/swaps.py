"""What a blocked exercise could be swapped for, on the screening review: exercises that pass
screening for this patient, its easier and harder versions first, then others for the same part
of the body of the same kind, then of another kind (a land exercise for a pool one that the
patient's wound rules out)."""

from exercises.models import Category, Exercise
from planner.models import Patient

MAX_CANDIDATES = 4


def swap_candidates(*, patient: Patient, exercise: Exercise, exclude: set[int]) -> list[Exercise]:
    """Up to ``MAX_CANDIDATES`` active exercises suited to ``patient``'s atrophy type that none of
    their conditions rules out (for that part of the body), leaving out ``exclude`` (the plan's
    own exercises)."""
    conditions = list(patient.conditions.all())
    versions = Exercise.objects.filter(pk__in=_version_ids(exercise))
    alike = Exercise.objects.filter(body_region=exercise.body_region)
    if exercise.category != Category.BRACE_SPLINT:
        # A brace or splint exercise needs the device: no swap for someone without one.
        alike = alike.exclude(category=Category.BRACE_SPLINT)
    pool = (
        (versions | alike)
        .active()
        .filter(atrophy_types__code=patient.atrophy_type)
        .exclude(pk__in=exclude | {exercise.pk})
        .prefetch_related("contraindications")
        .distinct()
    )
    version_ids = _version_ids(exercise)
    ordered = sorted(
        pool,
        key=lambda e: (
            e.pk not in version_ids,
            e.category != exercise.category,
            e.assistance != exercise.assistance,  # done alone, or with a helper, as before
            e.name,
        ),
    )
    passing = [e for e in ordered if not _ruled_out(e, conditions)]
    return passing[:MAX_CANDIDATES]


def _version_ids(exercise: Exercise) -> set[int]:
    easier = exercise.easier_versions.values_list("pk", flat=True)
    harder = exercise.harder_versions.values_list("pk", flat=True)
    return set(easier) | set(harder)


def _ruled_out(exercise: Exercise, conditions) -> bool:
    stops = {c.pk for c in exercise.contraindications.all()}
    return any(c.pk in stops and c.concerns(exercise.body_region) for c in conditions)
