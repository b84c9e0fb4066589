"""Screening a program against one patient before it is assigned.

Reads only. It answers four questions, each from the library's own data:
- hard stops: an exercise whose ``contraindications`` include one of the patient's conditions
  (a condition of one part of the body, such as a broken arm, only for exercises of that part);
- precautions: an exercise whose ``cautions`` include one of the patient's conditions (likewise);
- type mismatches: the program or an exercise is not tagged for the patient's atrophy type
  (a precaution the therapist confirms, never a hard stop);
- the overwork guard: loaded exercises (body weight or added resistance) for a patient with
  neurogenic atrophy or a condition that carries the overwork risk (nerve and muscle diseases),
  with a warning against heavy slow lowering for muscle diseases (``eccentric_risk``).

``screening_gate`` is the one rule for what a therapist must do before a plan is handed over (for
hard stops, a reason for the record and an instruction for the patient; a confirmation for
everything else); the admin's review page and ``assign_program`` both ask it. What was found is
stored on the assignment with ``ScreeningResult.as_json`` and read back only through
``stored_screening``, whose read helpers say what the handout prints for each exercise.
"""

from collections.abc import Collection
from dataclasses import asdict, dataclass, field

from django.db.models import Prefetch
from django.utils.translation import gettext_noop

from exercises.models import AtrophyKind, Condition, Exercise
from planner.models import Assignment, Patient, Program, ProgramExercise

# The rest rule, written once: the guard, its card note and the safety note all say it so.
REST_RULE = (
    "Leave at least 48 hours, a full day off, before you work the same muscles hard again. "
    "For example, do them on Monday, Wednesday and Friday."
)
OVERWORK_GUARD = (
    "Muscles made weak by nerve or muscle disease tire fast, and doing too much can leave "
    f"weakness that lasts. {REST_RULE} Keep the effort light to medium. Stop if the muscle "
    "feels heavy or burns, or if you feel much more tired than usual. If the arm or leg feels "
    "heavier or weaker the next day, do not do more, and tell your therapist."
)
# The same rule in a line, for the card of each exercise the guard covers (marked for the
# catalogue: the portal's card says it in the page's language).
OVERWORK_CARD_NOTE = gettext_noop(
    "Do not overwork: keep the effort light. Leave a full day off before you work these "
    "muscles again. Stop if they feel heavy."
)
# Muscle diseases (dystrophies, myositis): lowering a load slowly is the hardest work for the
# muscle fibres, so it is kept light and never taken to fatigue (CLINICAL.md).
ECCENTRIC_WARNING = (
    "With a muscle disease, lowering a load slowly is the hardest work for your muscles. Keep "
    "the load light. Lower it with control, and stop well before the muscle gives out. Never "
    "keep going until you cannot lift or lower any more."
)
ECCENTRIC_CARD_NOTE = gettext_noop(
    "Muscle disease: keep the load light. Stop well before the muscle gives out as you lower it."
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
    # The library exercise's id. A plan's rows are matched on it: the name above is the
    # library's at screening time, and a later rename (or the freezing of older plans from the
    # renamed library) would leave it behind. None in records made before ids were kept.
    exercise_id: int | None = None

    def __str__(self):
        return f"{self.exercise}: {self.condition}"

    def concerns(self, exercise_id: int, names: Collection[str]) -> bool:
        """Whether this finding is about the row of ``exercise_id`` (known by ``names``)."""
        if self.exercise_id is not None:
            return self.exercise_id == exercise_id
        return self.exercise in names

    @classmethod
    def from_json(cls, data: dict) -> "Finding":
        return cls(
            data["exercise"], data["condition"], data.get("detail", ""), data.get("exercise_id")
        )


@dataclass
class ScreeningResult:
    hard_stops: list[Finding] = field(default_factory=list)
    precautions: list[Finding] = field(default_factory=list)
    type_mismatches: list[Finding] = field(default_factory=list)
    overwork_exercises: list[str] = field(default_factory=list)
    overwork_exercise_ids: list[int] = field(default_factory=list)
    # Resisted work for a neurogenic patient prescribed more often or harder than the guard
    # allows: the handout would say "wait 48 hours" beside "every day" unless someone looks.
    overwork_dosage: list[Finding] = field(default_factory=list)
    # Why the guard applies: the patient's atrophy type or conditions, in words.
    overwork_reasons: list[str] = field(default_factory=list)
    # Loaded exercises for a patient with a muscle disease: no heavy slow lowering to fatigue.
    eccentric_exercises: list[str] = field(default_factory=list)
    eccentric_exercise_ids: list[int] = field(default_factory=list)
    # What the therapist told the patient when overriding the hard stops ("" for none, and for
    # plans assigned before it was asked for).
    override_instruction: str = ""
    # Hard stops resolved on the review instead of overridden: {"exercise", "exercise_id",
    # "conditions", "action": "left out" or "swapped", "swapped_for"}.
    resolved: list[dict] = field(default_factory=list)

    @property
    def overwork_guard(self) -> bool:
        return bool(self.overwork_exercises)

    @property
    def overwork_advice(self) -> str:
        """The overwork guard in words, when it applies."""
        return OVERWORK_GUARD if self.overwork_guard else ""

    @property
    def eccentric_warning(self) -> str:
        """The slow-lowering warning in words, when it applies."""
        return ECCENTRIC_WARNING if self.eccentric_exercises else ""

    @property
    def needs_confirmation(self) -> bool:
        return bool(
            self.precautions
            or self.type_mismatches
            or self.overwork_guard
            or self.overwork_dosage
            or self.eccentric_exercises
        )

    def as_json(self, *, override_reason: str = "", override_instruction: str = "") -> dict:
        """What the assignment stores: printed on the handout, shown to the therapist."""
        data = {
            "hard_stops": [asdict(f) for f in self.hard_stops],
            "precautions": [asdict(f) for f in self.precautions],
            "type_mismatches": [asdict(f) for f in self.type_mismatches],
            "overwork_dosage": [asdict(f) for f in self.overwork_dosage],
            "overwork_guard": None,
        }
        if self.overwork_guard:
            data["overwork_guard"] = {
                "exercises": self.overwork_exercises,
                "exercise_ids": self.overwork_exercise_ids,
                "reasons": self.overwork_reasons,
                "text": OVERWORK_GUARD,
                "source": OVERWORK_SOURCE,
            }
        if self.eccentric_exercises:
            data["eccentric_warning"] = {
                "exercises": self.eccentric_exercises,
                "exercise_ids": self.eccentric_exercise_ids,
                "text": ECCENTRIC_WARNING,
            }
        if self.resolved:
            data["resolved"] = self.resolved
        if override_reason:
            data["override_reason"] = override_reason
        if override_instruction:
            data["override_instruction"] = override_instruction
        return data

    @classmethod
    def from_json(cls, data: dict) -> "ScreeningResult":
        guard = data.get("overwork_guard") or {}
        eccentric = data.get("eccentric_warning") or {}
        return cls(
            hard_stops=[Finding.from_json(f) for f in data.get("hard_stops", [])],
            precautions=[Finding.from_json(f) for f in data.get("precautions", [])],
            type_mismatches=[Finding.from_json(f) for f in data.get("type_mismatches", [])],
            overwork_dosage=[Finding.from_json(f) for f in data.get("overwork_dosage", [])],
            overwork_exercises=list(guard.get("exercises", [])),
            overwork_exercise_ids=list(guard.get("exercise_ids", [])),
            overwork_reasons=list(guard.get("reasons", [])),
            eccentric_exercises=list(eccentric.get("exercises", [])),
            eccentric_exercise_ids=list(eccentric.get("exercise_ids", [])),
            override_instruction=data.get("override_instruction", ""),
            resolved=list(data.get("resolved", [])),
        )

    def overridden_exercises(self) -> list[str]:
        """The exercises given despite a hard stop, each once, in the order screening found
        them: their cards carry ``override_instruction`` instead of the stop."""
        return list(dict.fromkeys(f.exercise for f in self.hard_stops))

    def precaution_groups(self) -> list[tuple[str, str, list[Finding]]]:
        """(condition, its explanation, the findings naming it) for each of the patient's
        conditions that is a precaution, each once, in the order first found: the handout prints
        each condition's words once rather than on every card."""
        groups: dict[str, tuple[str, list[Finding]]] = {}
        for finding in self.precautions:
            groups.setdefault(finding.condition, (finding.detail, []))[1].append(finding)
        return [(condition, detail, found) for condition, (detail, found) in groups.items()]

    def covers_overwork(self, exercise_id: int, names: Collection[str]) -> bool:
        """Whether the overwork guard covers the row of ``exercise_id`` (known by ``names``)."""
        if self.overwork_exercise_ids:
            return exercise_id in self.overwork_exercise_ids
        return any(name in names for name in self.overwork_exercises)

    def covers_eccentric(self, exercise_id: int) -> bool:
        """Whether the slow-lowering warning covers the row of ``exercise_id``."""
        return exercise_id in self.eccentric_exercise_ids

    def summary(self) -> list[tuple[str, str]]:
        """(kind, what) for each finding, as the therapist reads them on the assignment page."""
        rows = [("Hard stop (overridden)", str(f)) for f in self.hard_stops]
        rows += [("Hard stop (resolved)", _resolved_words(r)) for r in self.resolved]
        rows += [("Precaution", str(f)) for f in self.precautions]
        rows += [("Atrophy type", str(f)) for f in self.type_mismatches]
        rows += [("Overwork dosage", str(f)) for f in self.overwork_dosage]
        if self.overwork_guard:
            rows.append(("Overwork guard", self.overwork_advice))
        if self.eccentric_exercises:
            rows.append(("Slow lowering", ECCENTRIC_WARNING))
        return rows


def _resolved_words(resolved: dict) -> str:
    """E.g. "Pool walking (Open wound): swapped for Seated marching"."""
    what = f"{resolved['exercise']} ({'; '.join(resolved['conditions'])})"
    if resolved["action"] == "swapped":
        return f"{what}: swapped for {resolved['swapped_for']}"
    return f"{what}: left out of the plan"


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


def _screening_prefetches(path: str = "") -> list:
    """What screening reads of an exercise (at ``path``, e.g. "exercise__"): its hard stops and
    cautions with each condition's region, and its atrophy types."""
    conditions = Condition.objects.only("pk", "name", "region")
    return [
        Prefetch(f"{path}contraindications", queryset=conditions),
        Prefetch(f"{path}cautions", queryset=conditions),
        f"{path}atrophy_types",
    ]


def _exercises_for_screening(ids: set[int]) -> dict:
    """The exercises a review swaps in, by id, read as ``program_for_screening`` reads a row's."""
    if not ids:
        return {}
    exercises = Exercise.objects.filter(pk__in=ids).prefetch_related(*_screening_prefetches())
    return {e.pk: e for e in exercises}


def program_for_screening(program: Program) -> Program:
    """The program with everything screening reads, in a fixed number of queries."""
    items = ProgramExercise.objects.select_related("exercise").prefetch_related(
        *_screening_prefetches("exercise__")
    )
    return Program.objects.prefetch_related("atrophy_types", Prefetch("items", queryset=items)).get(
        pk=program.pk
    )


def screen_program(
    *,
    program: Program,
    patient: Patient,
    leave_out: Collection[int] = (),
    swaps: dict[int, int] | None = None,
) -> ScreeningResult:
    """What screening finds for ``program`` as it would be handed over: without the exercises
    (ids) in ``leave_out`` and with each exercise in ``swaps`` replaced by its swap."""
    program = program_for_screening(program)
    swaps = swaps or {}
    swapped = _exercises_for_screening(set(swaps.values()))
    conditions = {c.pk: c for c in patient.conditions.all()}
    kind = AtrophyKind(patient.atrophy_type)
    result = ScreeningResult(overwork_reasons=overwork_reasons(kind, conditions.values()))
    eccentric = any(c.eccentric_risk for c in conditions.values())

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
        if item.exercise_id in leave_out:
            continue
        exercise = swapped.get(swaps.get(item.exercise_id), item.exercise)
        for listed, found in (
            (exercise.contraindications.all(), result.hard_stops),
            (exercise.cautions.all(), result.precautions),
        ):
            for condition in listed:
                # The patient's own record says which part of the body it is about.
                own = conditions.get(condition.pk)
                if own is not None and own.concerns(exercise.body_region):
                    found.append(Finding(exercise.name, own.name, own.explanation, exercise.pk))
        if kind not in {t.code for t in exercise.atrophy_types.all()}:
            result.type_mismatches.append(
                Finding(exercise.name, f"not tagged for {kind.label}", exercise_id=exercise.pk)
            )
        if not exercise.is_loaded:
            continue
        if result.overwork_reasons:
            result.overwork_exercises.append(exercise.name)
            result.overwork_exercise_ids.append(exercise.pk)
            if too_much := overwork_dosage_problem(item):
                result.overwork_dosage.append(
                    Finding(exercise.name, too_much, OVERWORK_DOSAGE_ADVICE, exercise.pk)
                )
        if eccentric:
            result.eccentric_exercises.append(exercise.name)
            result.eccentric_exercise_ids.append(exercise.pk)
    return result


def overwork_reasons(kind: AtrophyKind, conditions: Collection[Condition]) -> list[str]:
    """Why the overwork guard applies to this patient (empty when it does not): neurogenic
    atrophy, or a condition such as muscular dystrophy that carries the risk whatever the type."""
    reasons = [kind.label] if kind == AtrophyKind.NEUROGENIC else []
    return reasons + sorted(c.name for c in conditions if c.overwork_risk)


# The guard's limits (CLINICAL.md, "Neurogenic atrophy: overwork guard"): at least 48 hours
# between loaded sessions for the same muscles fits at most 3 days a week, once a day, with a day
# off between (the dosage sentence says so: ``exercises.dosage``); effort stays light to
# moderate, at most 4 on the Borg CR10 scale.
OVERWORK_MAX_DAYS = 3
OVERWORK_MAX_EFFORT = 4
OVERWORK_DOSAGE_ADVICE = (
    f"The overwork guard asks for at least 48 hours between loaded sessions for the same "
    f"muscles (at most {OVERWORK_MAX_DAYS} days a week, once a day, with a day off between) "
    f"and light to moderate "
    f"effort ({OVERWORK_MAX_EFFORT} out of 10 or less). The handout prints the guard beside "
    f"this dosage: change the dosage, or confirm it on purpose."
)


def overwork_dosage_problem(item: ProgramExercise) -> str:
    """What in a loaded row's dosage goes past the overwork guard, in words ("" if nothing)."""
    problems = []
    if item.days_per_week > OVERWORK_MAX_DAYS:
        problems.append(f"{item.days_per_week} days a week")
    if item.times_per_day > 1:
        problems.append(f"{item.times_per_day} times a day")
    if item.target_effort is not None and item.target_effort > OVERWORK_MAX_EFFORT:
        problems.append(f"effort {item.target_effort} out of 10")
    return f"prescribed {', '.join(problems)}" if problems else ""
