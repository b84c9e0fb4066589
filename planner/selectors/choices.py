"""What the assign page offers: each program a therapist may assign, with what a therapist needs
to choose between them (how many exercises, of which kinds, for which atrophy types)."""

from dataclasses import dataclass, field

from django.db.models import Count

from exercises.models import Category
from planner.models import Patient, Program, ProgramExercise


@dataclass
class ProgramChoice:
    program: Program
    exercise_count: int
    kinds: list[str] = field(default_factory=list)  # "Pool", "Strengthening", in the list's order
    types: list[str] = field(default_factory=list)  # atrophy type labels
    suits_patient: bool = False  # tagged for the patient's atrophy type, or the patient's own

    @property
    def group(self) -> str:
        if self.program.patient_id:
            return "own"
        return "suits" if self.suits_patient else "other"


def program_choices(programs, patient: Patient | None) -> list[ProgramChoice]:
    """``programs`` (the assign form's queryset, already scoped to the therapist) as choices:
    the patient's own drafts first, then templates tagged for their atrophy type, then the rest,
    each group by title. Three queries whatever the number of programs."""
    programs = list(
        programs.annotate(row_count=Count("items", distinct=True))
        .select_related("owner")
        .prefetch_related("atrophy_types")
    )
    kinds_by_program: dict[int, set[str]] = {}
    for program_id, category in (
        ProgramExercise.objects.filter(program__in=programs)
        .values_list("program_id", "exercise__category")
        .distinct()
    ):
        kinds_by_program.setdefault(program_id, set()).add(category)
    labels = dict(Category.choices)
    order = list(labels)
    choices = []
    for program in programs:
        codes = {t.code for t in program.atrophy_types.all()}
        kinds = sorted(kinds_by_program.get(program.pk, ()), key=order.index)
        choices.append(
            ProgramChoice(
                program=program,
                exercise_count=program.row_count,
                kinds=[labels[k] for k in kinds],
                types=sorted(t.get_code_display() for t in program.atrophy_types.all()),
                suits_patient=patient is not None
                and (program.patient_id == patient.pk or patient.atrophy_type in codes),
            )
        )
    rank = {"own": 0, "suits": 1, "other": 2}
    choices.sort(key=lambda c: (rank[c.group], c.program.title.casefold(), c.program.pk))
    return choices
