"""Handing a program to a patient, revising it, and saying what changed between versions."""

import datetime
from collections.abc import Collection, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from exercises.models import Exercise
from planner.models import (
    END_BEFORE_START,
    Assignment,
    AssignmentStatus,
    AuditAction,
    AuditOutcome,
    Patient,
    Program,
    ProgramExercise,
)
from planner.models.programs import FROZEN_FIELDS
from planner.screening import ScreeningError, screen_program, screening_gate
from planner.selectors.plans import diff_programs
from planner.selectors.swaps import swap_candidates
from planner.services.audit import record_event
from planner.services.programs import copy_program


def _previous_assignment(program: Program, patient: Patient) -> Assignment | None:
    """The assignment a revised plan replaces: the one whose frozen program it was copied from."""
    if program.source_id is None:
        return None
    return (
        Assignment.objects.filter(patient=patient, program_id=program.source_id)
        .exclude(status=AssignmentStatus.SUPERSEDED)
        .first()
    )


def assign_program(
    *,
    program: Program,
    patient: Patient,
    by,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    override_reason: str = "",
    override_instruction: str = "",
    precautions_confirmed: bool = True,
    leave_out: Collection[int] = (),
    swaps: Mapping[int, int] | None = None,
) -> Assignment:
    """Screen ``program`` for ``patient`` and hand it over as a frozen plan.

    A hard stop refuses the assignment with ScreeningError unless ``override_reason`` is given,
    and with ValidationError unless ``override_instruction`` (what the handout tells the patient
    instead of the stop) is given too; both are stored and audited. Precautions, type mismatches
    and the neurogenic overwork guard are recorded on the assignment (a caller that shows them
    first passes whether the therapist confirmed them). A template is copied into the patient's
    own program so later template edits do not reach the patient; a patient's own draft is
    frozen as it is. A draft copied from one of the patient's plans becomes that plan's next
    version. Either way each row keeps the exercise's words as the library has them now
    (``ProgramExercise.freeze``), so a library edit reaches the patient only in a new version.

    A hard stop may instead be resolved on the review: the exercise (id) left out of the plan
    (``leave_out``) or swapped for one that passes screening (``swaps``: id -> id, from
    ``swap_candidates``). The plan handed over is then screened as it will be, and what was
    resolved is stored with the screening and audited.
    """
    Patient.objects.check_in_scope(by, patient, "This patient is not yours.")
    Program.objects.check_in_scope(by, program, "This program is not yours to assign.")
    if patient.is_archived:
        raise ValidationError("This patient is archived; restore them before assigning a plan.")
    if program.patient_id not in (None, patient.pk):
        raise ValidationError("This program belongs to another patient.")
    if not program.items.exists():
        raise ValidationError("This program has no exercises yet.")
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError(END_BEFORE_START)

    swaps = dict(swaps or {})
    resolved = _check_resolutions(program, patient, set(leave_out), swaps)
    result = screen_program(program=program, patient=patient, leave_out=leave_out, swaps=swaps)
    result.resolved = resolved
    missing = screening_gate(
        result,
        override_reason=override_reason,
        override_instruction=override_instruction,
        precautions_confirmed=precautions_confirmed,
    )
    if "override_reason" in missing:
        hard_stops = [str(f) for f in result.hard_stops]
        refused = AuditOutcome.REFUSED
        record_event(
            by,
            AuditAction.ASSIGNED,
            program,
            patient=patient,
            outcome=refused,
            hard_stops=hard_stops,
        )
        raise ScreeningError(result.hard_stops)
    if missing:
        raise ValidationError(missing)
    # A reason or an instruction with nothing overridden explains nothing; neither is stored.
    reason = override_reason.strip() if result.hard_stops else ""
    instruction = override_instruction.strip() if result.hard_stops else ""

    with transaction.atomic():
        previous = _previous_assignment(program, patient)
        frozen = program
        if program.is_template or program.assignments.exists():
            frozen = copy_program(program=program, owner=by, patient=patient)
        _apply_resolutions(frozen, set(leave_out), swaps)
        _freeze_rows(frozen)
        assignment = Assignment(
            patient=patient,
            program=frozen,
            assigned_by=by,
            starts_on=starts_on,
            ends_on=ends_on,
            version=previous.version + 1 if previous else 1,
            previous=previous,
            screening=result.as_json(override_reason=reason, override_instruction=instruction),
            override_reason=reason,
            override_instruction=instruction,
        )
        assignment.full_clean()
        if previous is not None:
            previous.status = AssignmentStatus.SUPERSEDED
            # The old version counts towards adherence until the new one starts.
            previous.stopped_on = max(assignment.starts_on, previous.starts_on)
            # Moves the revision on, so a page still open on the old version cannot save it back
            # to "active" (core.revisions).
            previous.revision = F("revision") + 1
            previous.save(update_fields=["status", "stopped_on", "revision", "updated_at"])
        assignment.save()
        record_event(
            by,
            AuditAction.ASSIGNED,
            assignment,
            program=program.pk,
            version=assignment.version,
            precautions=[str(f) for f in result.precautions],
            type_mismatches=[str(f) for f in result.type_mismatches],
            overwork_guard=result.overwork_guard,
            overwork_dosage=[str(f) for f in result.overwork_dosage],
            resolved=resolved,
        )
        if reason:
            hard_stops = [str(f) for f in result.hard_stops]
            record_event(
                by,
                AuditAction.OVERRIDDEN,
                assignment,
                reason=reason,
                instruction=instruction,
                hard_stops=hard_stops,
            )
        if previous is not None:
            changes = diff_programs(previous.program, frozen)
            record_event(
                by,
                AuditAction.CHANGED,
                assignment,
                replaces_version=previous.version,
                changes=changes,
            )
    return assignment


def _check_resolutions(
    program: Program, patient: Patient, leave_out: set[int], swaps: dict[int, int]
) -> list[dict]:
    """What the review resolved, in words for the record; refuses a choice that is not one the
    review offered (only a hard-stopped exercise is left out or swapped, and only for one of its
    candidates)."""
    if not leave_out and not swaps:
        return []
    if leave_out & set(swaps):
        raise ValidationError("An exercise is either left out or swapped, not both.")
    found = screen_program(program=program, patient=patient)
    stopped: dict[int, list[str]] = {}
    for finding in found.hard_stops:
        stopped.setdefault(finding.exercise_id, []).append(finding.condition)
    unknown = (leave_out | set(swaps)) - set(stopped)
    if unknown:
        raise ValidationError("Only an exercise with a hard stop can be left out or swapped here.")
    in_plan = set(program.items.values_list("exercise_id", flat=True))
    exercises = Exercise.objects.in_bulk(leave_out | set(swaps) | set(swaps.values()))
    resolved = []
    for exercise_id in sorted(leave_out | set(swaps), key=lambda pk: exercises[pk].name):
        exercise = exercises[exercise_id]
        entry = {
            "exercise": exercise.name,
            "exercise_id": exercise_id,
            "conditions": stopped[exercise_id],
            "action": "left out",
        }
        if exercise_id in swaps:
            offered = swap_candidates(patient=patient, exercise=exercise, exclude=in_plan)
            if swaps[exercise_id] not in {c.pk for c in offered}:
                raise ValidationError(
                    f"“{exercise.name}” can be swapped only for an exercise the review offers."
                )
            entry |= {"action": "swapped", "swapped_for": exercises[swaps[exercise_id]].name}
        resolved.append(entry)
    if not in_plan - leave_out:
        raise ValidationError("Leaving these out would leave the plan with no exercises.")
    return resolved


def _apply_resolutions(program: Program, leave_out: set[int], swaps: dict[int, int]) -> None:
    """Leave out and swap rows of the patient's own copy, before it is frozen. Swapped rows keep
    their place and dosage."""
    if leave_out:
        program.items.filter(exercise_id__in=leave_out).delete()
    for old, new in swaps.items():
        program.items.filter(exercise_id=old).update(exercise_id=new)


def _freeze_rows(program: Program) -> None:
    """Copy each exercise's current words into ``program``'s rows, in one update."""
    rows = list(
        program.items.select_related("exercise").prefetch_related("exercise__harder_versions")
    )
    now = timezone.now()
    for row in rows:
        row.freeze(now)
    ProgramExercise.objects.bulk_update(rows, FROZEN_FIELDS)


def note_status_change(assignment: Assignment, *, was: str, today: datetime.date) -> None:
    """Keep ``stopped_on`` with a status changed by hand (the plan's page): a plan paused,
    completed or cancelled stops counting towards adherence from ``today``; made active again, it
    counts again. The caller saves."""
    if assignment.status == was:
        return
    if assignment.status == AssignmentStatus.ACTIVE:
        assignment.stopped_on = None
    elif was == AssignmentStatus.ACTIVE or assignment.stopped_on is None:
        assignment.stopped_on = max(today, assignment.starts_on)


@transaction.atomic
def start_revision(*, assignment: Assignment, by) -> Program:
    """An editable draft of a patient's plan; assigning it makes the plan's next version."""
    Assignment.objects.check_in_scope(by, assignment, "This plan is not yours to revise.")
    if assignment.status == AssignmentStatus.SUPERSEDED:
        raise ValidationError("A newer version of this plan exists; revise that one instead.")
    draft = copy_program(program=assignment.program, owner=by, patient=assignment.patient)
    record_event(
        by,
        AuditAction.CHANGED,
        draft,
        draft_of_version=assignment.version,
        assignment=assignment.pk,
    )
    return draft
