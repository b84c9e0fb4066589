"""What a handout shows, as plain data.

``load_handout`` reads one assignment through the handout selectors and turns the rows into the
frozen dataclasses below. Layout works from these alone, with no database, request or settings,
so ``print_handouts`` can send them to worker processes.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings

from exercises.models import AtrophyKind, Category, ConditionGroup, Equipment, Exercise
from planner import invites
from planner.models import Assignment, NoteScope
from planner.screening import stored_screening
from planner.selectors.handouts import handout_assignment, safety_notes

LANGUAGES = {"en"}


class HandoutError(ValueError):
    """A handout cannot be made as asked (e.g. a language we have no text for)."""


@dataclass(frozen=True)
class ExerciseCard:
    number: int
    name: str
    steps: list[str]
    dosage: str
    equipment: str
    device: str
    device_worn_during: bool | None
    wear_schedule: str
    skin_check: str
    precautions: str
    screening_notes: list[str]
    therapist_note: str
    resistance_note: str
    image_path: str
    category: str


@dataclass(frozen=True)
class Note:
    text: str
    citation: str


@dataclass(frozen=True)
class HandoutData:
    clinic: str
    site_url: str
    therapist: str
    patient: str
    patient_has_account: bool
    invite_code: str
    large_print: bool
    program: str
    version: int
    starts_on: datetime.date
    ends_on: datetime.date | None
    cards: list[ExerciseCard] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)


def load_handout(assignment: Assignment, *, language: str | None = None) -> HandoutData:
    """Everything one handout shows, read in a fixed number of queries (4, and 1 more for the
    sign-in code of a patient without an account), whatever its size."""
    language = _check_language(language)
    assignment = handout_assignment(assignment.pk)
    patient, program = assignment.patient, assignment.program
    screening_notes = stored_screening(assignment).notes_by_exercise()
    cards = [
        ExerciseCard(
            number=number,
            name=item.exercise.name,
            steps=list(item.exercise.steps),
            dosage=item.dosage_sentence,
            equipment=_equipment(item.exercise),
            device=item.exercise.device,
            device_worn_during=item.exercise.device_worn_during,
            wear_schedule=item.exercise.wear_schedule,
            skin_check=item.exercise.skin_check,
            precautions=item.exercise.precautions,
            screening_notes=screening_notes.get(item.exercise.name, []),
            therapist_note=item.notes,
            resistance_note=item.resistance_note,
            image_path=item.exercise.image.path if item.exercise.image else "",
            category=item.exercise.category,
        )
        for number, item in enumerate(program.items.all(), start=1)
    ]
    notes = [
        Note(note.text, note.citation)
        for note in safety_notes(language, _note_scopes(assignment, cards))
    ]
    current = invites.current_code(patient)
    return HandoutData(
        invite_code=current[0] if current else "",
        clinic=settings.CLINIC_NAME,
        site_url=settings.SITE_URL,
        therapist=patient.therapist.get_full_name() or patient.therapist.get_username(),
        patient=patient.display_name,
        patient_has_account=patient.user_id is not None,
        large_print=patient.large_print,
        program=program.title,
        version=assignment.version,
        starts_on=assignment.starts_on,
        ends_on=assignment.ends_on,
        cards=cards,
        notes=notes,
    )


def _note_scopes(assignment: Assignment, cards: list[ExerciseCard]) -> set[str]:
    """Which safety notes apply: the general ones, plus those for the kinds of exercise in the
    program and for the patient's type of atrophy and conditions."""
    patient = assignment.patient
    scopes = {NoteScope.ALL}
    categories = {card.category for card in cards}
    if Category.POOL in categories:
        scopes.add(NoteScope.POOL)
    if Category.BRACE_SPLINT in categories:
        scopes.add(NoteScope.BRACE_SPLINT)
    if patient.atrophy_type == AtrophyKind.NEUROGENIC:
        scopes.add(NoteScope.NEUROGENIC)
    if any(c.group == ConditionGroup.SPINAL_CORD for c in patient.conditions.all()):
        scopes.add(NoteScope.SPINAL_CORD)
    return scopes


def _equipment(exercise: Exercise) -> str:
    label = exercise.get_equipment_display() if exercise.equipment != Equipment.NONE else ""
    if exercise.equipment_note:
        return f"{label}: {exercise.equipment_note}" if label else exercise.equipment_note
    return label or "Nothing"


def _check_language(language: str | None) -> str:
    language = language or "en"
    if language not in LANGUAGES:
        raise HandoutError(
            f"There is no handout text in {language!r} yet; handouts can be printed in: "
            + ", ".join(sorted(LANGUAGES))
            + "."
        )
    return language
