"""Screening a program against one patient before it is assigned.

Reads only. It answers four questions, each from the library's own data:
- hard stops: an exercise whose ``contraindications`` include one of the patient's conditions;
- precautions: an exercise whose ``cautions`` include one of the patient's conditions;
- type mismatches: the program or an exercise is not tagged for the patient's atrophy type
  (a precaution the therapist confirms, never a hard stop);
- the overwork guard: a neurogenic patient given resisted exercises.
"""

from dataclasses import asdict, dataclass, field

from django.db.models import Prefetch

from exercises.models import AtrophyKind, Condition
from planner.models import Patient, Program, ProgramExercise

OVERWORK_GUARD = (
    "Nerve-related muscle weakness tires easily, and overdoing it can leave weakness that lasts. "
    "Leave at least 48 hours between resisted sessions for the same muscles. Keep the effort "
    "light to moderate and stop at heaviness, burning or unusual tiredness. If the limb feels "
    "heavier or weaker the next day, do not add more and tell your therapist."
)
OVERWORK_SOURCE = "Clinic guidance on overwork in neuromuscular disease (Krivickas 2003)"


@dataclass(frozen=True)
class Finding:
    exercise: str
    condition: str
    detail: str = ""

    def __str__(self):
        return f"{self.exercise}: {self.condition}"


@dataclass
class ScreeningResult:
    hard_stops: list[Finding] = field(default_factory=list)
    precautions: list[Finding] = field(default_factory=list)
    type_mismatches: list[Finding] = field(default_factory=list)
    overwork_exercises: list[str] = field(default_factory=list)

    @property
    def overwork_guard(self) -> bool:
        return bool(self.overwork_exercises)

    @property
    def needs_confirmation(self) -> bool:
        return bool(self.precautions or self.type_mismatches or self.overwork_guard)

    def as_json(self, *, override_reason: str = "") -> dict:
        """What the assignment stores: printed on the handout, shown to the therapist."""
        data = {
            "hard_stops": [asdict(f) for f in self.hard_stops],
            "precautions": [asdict(f) for f in self.precautions],
            "type_mismatches": [asdict(f) for f in self.type_mismatches],
            "overwork_guard": None,
        }
        if self.overwork_guard:
            data["overwork_guard"] = {
                "exercises": self.overwork_exercises,
                "text": OVERWORK_GUARD,
                "source": OVERWORK_SOURCE,
            }
        if override_reason:
            data["override_reason"] = override_reason
        return data


def program_for_screening(program: Program) -> Program:
    """The program with everything screening reads, in a fixed number of queries."""
    items = ProgramExercise.objects.select_related("exercise").prefetch_related(
        Prefetch("exercise__contraindications", queryset=Condition.objects.only("pk", "name")),
        Prefetch("exercise__cautions", queryset=Condition.objects.only("pk", "name")),
        "exercise__atrophy_types",
    )
    return Program.objects.prefetch_related("atrophy_types", Prefetch("items", queryset=items)).get(
        pk=program.pk
    )


def screen_program(*, program: Program, patient: Patient) -> ScreeningResult:
    program = program_for_screening(program)
    conditions = {c.pk: c for c in patient.conditions.all()}
    kind = AtrophyKind(patient.atrophy_type)
    result = ScreeningResult()

    program_types = {t.code for t in program.atrophy_types.all()}
    if program_types and kind not in program_types:
        result.type_mismatches.append(
            Finding(
                exercise=f"Program “{program.title}”",
                condition=f"not tagged for {kind.label}",
                detail="Check that the program suits this patient's type of atrophy.",
            )
        )
    for item in program.items.all():
        exercise = item.exercise
        for condition in exercise.contraindications.all():
            if condition.pk in conditions:
                result.hard_stops.append(
                    Finding(exercise.name, condition.name, conditions[condition.pk].explanation)
                )
        for condition in exercise.cautions.all():
            if condition.pk in conditions:
                result.precautions.append(
                    Finding(exercise.name, condition.name, conditions[condition.pk].explanation)
                )
        if kind not in {t.code for t in exercise.atrophy_types.all()}:
            result.type_mismatches.append(Finding(exercise.name, f"not tagged for {kind.label}"))
        if kind == AtrophyKind.NEUROGENIC and exercise.is_resisted:
            result.overwork_exercises.append(exercise.name)
    return result
