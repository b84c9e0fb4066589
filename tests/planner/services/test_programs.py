"""planner.services.programs called directly, without the admin: copying, the edit-conflict
check, saving and reordering rows."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from core.revisions import check_revision
from planner.admin.forms import AssignForm
from planner.models import AuditAction, AuditEvent, Program, ProgramExercise
from planner.services import programs
from tests.factories import make_assignment, make_exercise, make_template

pytestmark = pytest.mark.django_db


def test_check_revision_refuses_an_editor_opened_at_an_older_revision(therapist):
    program = make_template(therapist)
    Program.objects.filter(pk=program.pk).update(revision=program.revision + 1)
    with transaction.atomic(), pytest.raises(ValidationError) as refused:
        check_revision(program, program.revision)
    assert refused.value.code == "edit_conflict"
    assert "Someone else saved this program" in refused.value.messages[0]


def test_check_revision_accepts_the_current_revision(therapist):
    program = make_template(therapist)
    with transaction.atomic():
        check_revision(program, program.revision)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_check_revision_outside_a_transaction_is_a_programming_error(therapist):
    # Without the caller's transaction the row lock would end at once and protect nothing.
    program = make_template(therapist)
    with pytest.raises(RuntimeError, match="inside the transaction"):
        check_revision(program, program.revision)


def test_save_program_makes_a_new_program_the_savers_own_at_revision_1(therapist, other_therapist):
    program = programs.save_program(
        program=Program(title="New", owner=other_therapist), by=therapist
    )
    program.refresh_from_db()
    assert (program.owner, program.revision) == (therapist, 1)


def test_save_program_moves_the_revision_on_from_the_one_the_editor_read(therapist):
    program = make_template(therapist)
    program.title = "Renamed"
    programs.save_program(program=program, by=therapist, expected_revision=1)
    program.refresh_from_db()
    assert (program.title, program.revision) == ("Renamed", 2)


def test_rows_swap_positions_once_they_have_made_room(therapist):
    program = make_template(therapist, exercises=[make_exercise(), make_exercise()])
    first, second = program.items.order_by("position")
    first.position, second.position = 2, 1
    with transaction.atomic(), pytest.raises(IntegrityError):
        first.save()  # without making room, the unique position refuses the swap
    programs.make_room_for_moved_rows(row_ids=[first.pk, second.pk])
    first.save()
    second.save()
    order = list(program.items.order_by("position").values_list("pk", flat=True))
    assert order == [second.pk, first.pk]


def test_copy_program_keeps_rows_tags_and_where_it_came_from(therapist):
    source = make_template(therapist, exercises=[make_exercise(), make_exercise()])
    ProgramExercise.objects.filter(program=source, position=2).update(sets=4, notes="Slowly")
    copy = programs.copy_program(program=source, owner=therapist, patient=None)
    rows = list(copy.items.order_by("position").values_list("position", "sets", "notes"))
    assert rows == [(1, 2, ""), (2, 4, "Slowly")]
    assert (copy.source, copy.is_template) == (source, True)


def test_no_copy_path_copies_more_rows_than_a_program_holds(therapist, patient):
    # Duplicating, assigning a template and revising a plan all copy through copy_program.
    source = make_template(therapist, exercises=[make_exercise()] * 61)  # from before the limit
    with pytest.raises(ValidationError) as refused:
        programs.copy_program(program=source, owner=therapist, patient=patient)
    assert refused.value.messages == [
        "A program holds at most 60 exercises; this one has 61. Remove some, or split it into "
        "two programs."
    ]
    assert Program.objects.count() == 1
    source.items.filter(position=61).delete()
    assert programs.copy_program(program=source, owner=therapist, patient=None).items.count() == 60


def test_a_copy_of_a_title_at_its_limit_still_fits(therapist):
    # "Copy of " + 160 characters overflowed the column: PostgreSQL refused it with a 500.
    source = make_template(therapist, exercises=[make_exercise()], title="T" * 160)
    copy = programs.duplicate_program(program=source, by=therapist)
    copy.refresh_from_db()
    assert copy.title == ("Copy of " + "T" * 160)[:160]


def test_duplicate_program_refuses_a_program_the_therapist_cannot_see(therapist, other_therapist):
    private = make_template(other_therapist, exercises=[make_exercise()])
    with pytest.raises(PermissionDenied):
        programs.duplicate_program(program=private, by=therapist)
    assert not Program.objects.filter(owner=therapist).exists()


def test_duplicate_program_is_audited(therapist):
    source = make_template(therapist, exercises=[make_exercise()])
    copy = programs.duplicate_program(program=source, by=therapist)
    event = AuditEvent.objects.get(object_id=str(copy.pk))
    assert (event.action, event.detail) == (AuditAction.CHANGED, {"copied_from": source.pk})
    assert copy.title == f"Copy of {source.title}"


def test_archiving_a_template_hides_it_from_assigning_and_restoring_brings_it_back(therapist):
    template = make_template(therapist, exercises=[make_exercise()])
    programs.set_template_archived(program=template, by=therapist, archived=True)
    template.refresh_from_db()
    assert template.archived_at is not None
    assert template not in AssignForm(user=therapist).fields["program"].queryset
    event = AuditEvent.objects.get(object_id=str(template.pk), action=AuditAction.ARCHIVED)
    assert event.detail == {"archived": True}

    programs.set_template_archived(program=template, by=therapist, archived=False)
    template.refresh_from_db()
    assert template.archived_at is None
    assert template in AssignForm(user=therapist).fields["program"].queryset


def test_only_the_owner_archives_a_template_and_never_a_patients_plan(therapist, other_therapist):
    shared = make_template(therapist, exercises=[make_exercise()], is_shared=True)
    with pytest.raises(PermissionDenied):
        programs.set_template_archived(program=shared, by=other_therapist, archived=True)
    plan = make_assignment().program
    with pytest.raises(PermissionDenied):
        programs.set_template_archived(program=plan, by=plan.owner, archived=True)
    assert not Program.objects.filter(archived_at__isnull=False).exists()
