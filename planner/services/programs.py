"""Writing programs: copying, duplicating, and saving an edit without overwriting anyone's.

A program carries a ``revision`` that every save bumps; ``core.revisions.check_revision`` (called
by the editor's form, inside the saving transaction) refuses a save that started from an older
one, so of two therapists saving the same program, the second is told.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from core.revisions import advance_revision
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
