"""Screening a program against one patient before it is assigned.

Reads only. It answers four questions, each from the library's own data:
- hard stops: an exercise whose ``contraindications`` include one of the patient's conditions;
- precautions: an exercise whose ``cautions`` include one of the patient's conditions;
- type mismatches: the program or an exercise is not tagged for the patient's atrophy type
  (a precaution the therapist confirms, never a hard stop);
- the overwork guard: a neurogenic patient given resisted exercises.

``screening_gate`` is the one rule for what a therapist must do before a plan is handed over (for
hard stops, a reason for the record and an instruction for the patient; a confirmation for
everything else); the admin's review page and ``assign_program`` both ask it. What was found is
stored on the assignment with ``ScreeningResult.as_json`` and read back only through
``stored_screening``, whose read helpers say what the handout prints for each exercise.
"""

from dataclasses import asdict, dataclass, field

from django.db.models import Prefetch

from exercises.models import AtrophyKind, Condition
from planner.models import Assignment, Patient, Program, ProgramExercise

OVERWORK_GUARD = (
    "Muscles made weak by nerve problems tire fast, and doing too much can leave weakness that "
    "lasts. Wait at least 48 hours before you work the same muscles with a weight or band again. "
    "Keep the effort light to medium. Stop if the muscle feels heavy or burns, or if you feel "
    "much more tired than usual. If the arm or leg feels heavier or weaker the next day, do not "
    "do more, and tell your therapist."
)
# The same rule in a line, for the card of each exercise the guard covers.
OVERWORK_CARD_NOTE = (
    "Nerve weakness: keep the effort light. Wait at least 48 hours before you work these "
    "muscles with a weight or band again. Stop if they feel heavy."
)
OVERWORK_SOURCE = "Clinic guidance on overwork in nerve and muscle disease (Krivickas 2003)"

OVERRIDE_REASON_NEEDED = "Give a reason to assign despite the hard stops."
OVERRIDE_INSTRUCTION_NEEDED = (
    "Write an instruction for the patient: it is printed on the handout instead of the hard stop "
    "(for example, “Your wound is covered with a waterproof dressing; you may use the pool.”)."
)
CONFIRMATION_NEEDED = "Tick this box to confirm you have read them."


@dataclass(frozen=True)
class Finding:
    exercise: str
    condition: str
    detail: str = ""

    def __str__(self):
        return f"{self.exercise}: {self.condition}"

    @classmethod
    def from_json(cls, data: dict) -> "Finding":
        return cls(data["exercise"], data["condition"], data.get("detail", ""))


@dataclass
class ScreeningResult:
    hard_stops: list[Finding] = field(default_factory=list)
    precautions: list[Finding] = field(default_factory=list)
    type_mismatches: list[Finding] = field(default_factory=list)
    overwork_exercises: list[str] = field(default_factory=list)
    # What the therapist told the patient when overriding the hard stops ("" for none, and for
    # plans assigned before it was asked for).
    override_instruction: str = ""

    @property
    def overwork_guard(self) -> bool:
        return bool(self.overwork_exercises)

    @property
    def overwork_advice(self) -> str:
        """The overwork guard in words, when it applies."""
        return OVERWORK_GUARD if self.overwork_guard else ""

    @property
    def needs_confirmation(self) -> bool:
        return bool(self.precautions or self.type_mismatches or self.overwork_guard)

    def as_json(self, *, override_reason: str = "", override_instruction: str = "") -> dict:
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
        if override_instruction:
            data["override_instruction"] = override_instruction
        return data

    @classmethod
    def from_json(cls, data: dict) -> "ScreeningResult":
        guard = data.get("overwork_guard") or {}
        return cls(
            hard_stops=[Finding.from_json(f) for f in data.get("hard_stops", [])],
            precautions=[Finding.from_json(f) for f in data.get("precautions", [])],
            type_mismatches=[Finding.from_json(f) for f in data.get("type_mismatches", [])],
            overwork_exercises=list(guard.get("exercises", [])),
            override_instruction=data.get("override_instruction", ""),
        )

    def overridden_exercises(self) -> list[str]:
        """The exercises given despite a hard stop, each once, in the order screening found
        them: their cards carry ``override_instruction`` instead of the stop."""
        return list(dict.fromkeys(f.exercise for f in self.hard_stops))

    def precaution_groups(self) -> list[tuple[str, str, list[str]]]:
        """(condition, its explanation, the exercises it calls for care with) for each of the
        patient's conditions that is a precaution, each once, in the order first found: the
        handout prints each condition's words once rather than on every card."""
        groups: dict[str, tuple[str, list[str]]] = {}
        for finding in self.precautions:
            _, exercises = groups.setdefault(finding.condition, (finding.detail, []))
            if finding.exercise not in exercises:
                exercises.append(finding.exercise)
        return [(condition, detail, names) for condition, (detail, names) in groups.items()]

    def conditions_by_exercise(self) -> dict[str, list[str]]:
        """The precaution conditions that name each exercise, for a line on its card."""
        conditions: dict[str, list[str]] = {}
        for finding in self.precautions:
            names = conditions.setdefault(finding.exercise, [])
            if finding.condition not in names:
                names.append(finding.condition)
        return conditions

    def notes_by_exercise(self) -> dict[str, list[str]]:
        """What each exercise's card says about this patient: the precautions and overridden
        hard stops that name it, then the overwork guard when it covers it."""
        notes: dict[str, list[str]] = {}
        for finding in self.precautions + self.hard_stops:
            detail = f" — {finding.detail}" if finding.detail else ""
            notes.setdefault(finding.exercise, []).append(f"{finding.condition}{detail}")
        for name in dict.fromkeys(self.overwork_exercises):
            notes.setdefault(name, []).append(OVERWORK_CARD_NOTE)
        return notes

    def summary(self) -> list[tuple[str, str]]:
        """(kind, what) for each finding, as the therapist reads them on the assignment page."""
        rows = [("Hard stop (overridden)", str(f)) for f in self.hard_stops]
        rows += [("Precaution", str(f)) for f in self.precautions]
        rows += [("Atrophy type", str(f)) for f in self.type_mismatches]
        if self.overwork_guard:
            rows.append(("Overwork guard", self.overwork_advice))
        return rows


class ScreeningError(Exception):
    """A hard stop applies and no override reason was given. ``conflicts`` lists each
    exercise and condition pair."""

    def __init__(self, conflicts: list[Finding]):
        self.conflicts = conflicts
        pairs = "; ".join(str(c) for c in conflicts)
        super().__init__(
            f"Screening found hard stops: {pairs}. Give an override reason and an instruction "
            "for the patient to assign."
        )


def stored_screening(assignment: Assignment) -> ScreeningResult:
    """What screening found when ``assignment`` was made, as stored on it."""
    return ScreeningResult.from_json(assignment.screening or {})


def screening_gate(
    result: ScreeningResult,
    *,
    override_reason: str,
    precautions_confirmed: bool,
    override_instruction: str = "",
) -> dict[str, str]:
    """What is missing before a screened plan may be handed over, by form field: a reason and
    an instruction for the patient when a hard stop applies, a confirmation when anything else
    was found. Empty when nothing is."""
    missing = {}
    if result.hard_stops and not override_reason.strip():
        missing["override_reason"] = OVERRIDE_REASON_NEEDED
    if result.hard_stops and not override_instruction.strip():
        missing["override_instruction"] = OVERRIDE_INSTRUCTION_NEEDED
    if result.needs_confirmation and not precautions_confirmed:
        missing["confirm_precautions"] = CONFIRMATION_NEEDED
    return missing


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
