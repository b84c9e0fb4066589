"""Writing programs: copying, duplicating, saving an edit without overwriting anyone's, and
swapping a row's exercise for an easier or harder version of it.

A program carries a ``revision`` that every save bumps; ``core.revisions.check_revision`` (called
by the editor's form, inside the saving transaction) refuses a save that started from an older
one, so of two therapists saving the same program, the second is told.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from core.revisions import advance_revision
from exercises.models import Exercise
from planner.models import AuditAction, Patient, Program, ProgramExercise
from planner.models.programs import MAX_PROGRAM_ROWS, ROW_FIELDS, TOO_MANY_ROWS
from planner.services.audit import record_event

# Position values are unique per program; rows being reordered move out of the way first.
_REORDER_OFFSET = 10000


def copy_program(*, program: Program, owner, patient: Patient | None, title: str = "") -> Program:
    """A new program with the same tags and rows; a template when ``patient`` is None. A program
    of more rows than a program may hold (one from before the limit) is not copied."""
    rows = list(program.items.order_by("position"))
    if len(rows) > MAX_PROGRAM_ROWS:
        raise ValidationError(TOO_MANY_ROWS, params={"count": len(rows)}, code="too_many_rows")
    title = title or program.title
    copy = Program.objects.create(
        title=title[: Program._meta.get_field("title").max_length],
        description=program.description,
        owner=owner,
        is_template=patient is None,
        patient=patient,
        source=program,
    )
    copy.atrophy_types.set(program.atrophy_types.all())
    ProgramExercise.objects.bulk_create(
        ProgramExercise(program=copy, **{f: getattr(item, f) for f in ROW_FIELDS}) for item in rows
    )
    return copy


@transaction.atomic
def duplicate_program(*, program: Program, by) -> Program:
    """A therapist's own editable template copied from any program they can see."""
    Program.objects.check_in_scope(by, program, "This program is not yours to copy.")
    copy = copy_program(program=program, owner=by, patient=None, title=f"Copy of {program.title}")
    record_event(by, AuditAction.CHANGED, copy, copied_from=program.pk)
    return copy


@transaction.atomic
def set_template_archived(*, program: Program, by, archived: bool) -> Program:
    """Archive one's own template (it is no longer offered for assigning; plans already made
    from it are untouched) or restore it. A patient's plan is never archived this way."""
    if not program.is_template or not (by.is_superuser or program.owner_id == by.pk):
        raise PermissionDenied("Only your own templates can be archived or restored.")
    program.archived_at = timezone.now() if archived else None
    program.save(update_fields=["archived_at", "updated_at"])
    action = AuditAction.ARCHIVED if archived else AuditAction.CHANGED
    record_event(by, action, program, archived=archived)
    return program


def save_program(*, program: Program, by, expected_revision: int | None = None) -> Program:
    """Save a program's own fields: a new program is the saver's own; an edit moves the revision
    on from the one the editor read (check it first with ``core.revisions.check_revision``, in
    the same transaction)."""
    if program.pk is None:
        program.owner = by
    else:
        advance_revision(program, expected_revision)
    program.save()
    return program


def make_room_for_moved_rows(*, row_ids: list[int]) -> None:
    """Rows whose position changes step out of the way first, since the unique position is
    checked row by row: two rows swapping places would otherwise collide."""
    if row_ids:
        ProgramExercise.objects.filter(pk__in=row_ids).update(
            position=F("position") + _REORDER_OFFSET
        )


# Why a program's rows may not be changed, and why a swap was refused, in a therapist's words.
PLAN_GIVEN = (
    "This plan has been handed to the patient, so it cannot be changed. Open the plan and use "
    "“Revise this plan” to make a new version."
)
NOT_YOUR_PROGRAM = (
    "Only the program's owner can change it. Use the “Duplicate program” action to make your own "
    "copy."
)
NOT_A_VERSION = (
    "“{to}” is not an easier or harder version of “{current}” in the library, so the row was not "
    "changed."
)
ARCHIVED_VERSION = (
    "“{to}” has been archived in the library, so it cannot go into a program. The row was not "
    "changed."
)
ROW_GONE = "This row has been removed from the program since the page was opened; nothing changed."


def check_program_editable(*, program: Program, by) -> None:
    """Raise PermissionDenied, saying why, unless ``by`` may change ``program`` and its rows."""
    if Program.objects.is_editable_by(by, program):
        return
    Program.objects.check_in_scope(by, program, "This program is not yours to change.")
    raise PermissionDenied(PLAN_GIVEN if program.assignments.exists() else NOT_YOUR_PROGRAM)


def version_direction(*, current: Exercise, to: Exercise) -> str:
    """What ``to`` is to ``current`` in the library, "easier" or "harder". A ValidationError,
    saying why, when ``to`` may not take ``current``'s place: it is not one of its versions, or
    it is archived."""
    if current.harder_versions.filter(pk=to.pk).exists():
        direction = "harder"
    elif current.easier_versions.filter(pk=to.pk).exists():
        direction = "easier"
    else:
        raise ValidationError(NOT_A_VERSION.format(to=to, current=current), code="not_a_version")
    if not to.is_active:
        raise ValidationError(ARCHIVED_VERSION.format(to=to), code="archived_version")
    return direction


@transaction.atomic
def swap_row_exercise(*, row: ProgramExercise, to: Exercise, by) -> ProgramExercise:
    """Put ``to``, an easier or harder version of the row's exercise, in its place.

    The row keeps its position and everything the therapist set on it (dosage, side, effort,
    resistance note, notes), so the caller tells the therapist to check the dosage suits the
    new exercise. The same exercise may appear in a program twice (the program form allows it,
    e.g. once for each side), so a version already in the program is no reason to refuse. The
    program's revision moves on: an editor opened before the swap cannot save over it."""
    # The program's row lock orders this swap and any save of the program's editor.
    program = Program.objects.select_for_update().get(pk=row.program_id)
    check_program_editable(program=program, by=by)
    row = program.items.select_related("exercise").filter(pk=row.pk).first()
    if row is None:
        raise ValidationError(ROW_GONE, code="row_gone")
    to = Exercise.objects.get(pk=to.pk)  # as the library has it now: archived since?
    direction = version_direction(current=row.exercise, to=to)
    was = row.exercise
    row.exercise = to
    row.full_clean()
    row.save(update_fields=["exercise"])
    advance_revision(program, program.revision)
    program.save(update_fields=["revision", "updated_at"])
    record_event(
        by,
        AuditAction.CHANGED,
        program,
        revision=program.revision,
        row=row.pk,
        position=row.position,
        swapped_for=direction,
        from_exercise_id=was.pk,
        from_exercise=was.name,
        to_exercise_id=to.pk,
        to_exercise=to.name,
    )
    return row
