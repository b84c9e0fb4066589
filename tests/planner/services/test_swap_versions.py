"""planner.services.programs.swap_row_exercise: a row's exercise swapped for an easier or harder
version of it, keeping the row's place and dosage, moving the program's revision on, audited;
refused for anything that is not an active version, and on programs the therapist may not change."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from planner.models import AuditAction, AuditEvent, Program, ProgramExercise
from planner.services import programs, start_revision
from tests.factories import make_assignment, make_exercise, make_plan, make_template

pytestmark = pytest.mark.django_db


@pytest.fixture
def ladder():
    """Three steps of one exercise, easiest first."""
    wall = make_exercise(name="Wall push-up")
    bench = make_exercise(name="Bench push-up", progress_rule="When 3 sets of 12 feel easy.")
    floor = make_exercise(name="Floor push-up")
    wall.harder_versions.add(bench)
    bench.harder_versions.add(floor)
    return wall, bench, floor


@pytest.fixture
def row(therapist, ladder):
    """The bench push-up, row 2 of a template of the therapist's, with everything set on it."""
    _, bench, _ = ladder
    program = make_template(therapist, exercises=[make_exercise(), bench])
    ProgramExercise.objects.filter(program=program, position=2).update(
        sets=3,
        repetitions=12,
        hold_seconds=2,
        rest_seconds=60,
        times_per_day=2,
        days_per_week=3,
        side="left",
        target_effort=4,
        resistance_note="Hands at chest height",
        notes="Keep your back straight.",
    )
    return program.items.get(position=2)


# Everything a therapist set on the row: what a swap keeps.
KEPT = [
    "position",
    "sets",
    "repetitions",
    "hold_seconds",
    "rest_seconds",
    "duration_minutes",
    "times_per_day",
    "days_per_week",
    "side",
    "target_effort",
    "resistance_note",
    "notes",
]


def kept(row) -> dict:
    row.refresh_from_db()
    return {field: getattr(row, field) for field in KEPT}


def swaps(program) -> list:
    return list(AuditEvent.objects.filter(detail__has_key="swapped_for", object_id=program.pk))


def test_it_swaps_up_to_a_harder_version_keeping_place_and_dosage(therapist, ladder, row):
    _, _, floor = ladder
    before = kept(row)

    swapped = programs.swap_row_exercise(row=row, to=floor, by=therapist)

    row.refresh_from_db()
    assert (swapped.exercise, row.exercise) == (floor, floor)
    assert kept(row) == before
    assert before["notes"] == "Keep your back straight."


def test_it_swaps_down_to_an_easier_version(therapist, ladder, row):
    wall, _, _ = ladder
    programs.swap_row_exercise(row=row, to=wall, by=therapist)
    row.refresh_from_db()
    assert row.exercise == wall


def test_it_leaves_the_other_rows_alone(therapist, ladder, row):
    others = list(row.program.items.exclude(pk=row.pk).values_list("pk", "exercise"))
    programs.swap_row_exercise(row=row, to=ladder[2], by=therapist)
    assert list(row.program.items.exclude(pk=row.pk).values_list("pk", "exercise")) == others


def test_it_moves_the_programs_revision_on(therapist, ladder, row):
    assert row.program.revision == 1
    programs.swap_row_exercise(row=row, to=ladder[2], by=therapist)
    assert Program.objects.get(pk=row.program_id).revision == 2


def test_it_records_who_swapped_what_for_what(therapist, ladder, row):
    _, bench, floor = ladder
    programs.swap_row_exercise(row=row, to=floor, by=therapist)

    (event,) = swaps(row.program)
    assert (event.actor, event.action, event.object_type) == (
        therapist,
        AuditAction.CHANGED,
        "planner.Program",
    )
    assert event.detail == {
        "revision": 2,
        "row": row.pk,
        "position": 2,
        "swapped_for": "harder",
        "from_exercise_id": bench.pk,
        "from_exercise": "Bench push-up",
        "to_exercise_id": floor.pk,
        "to_exercise": "Floor push-up",
    }


def assert_unchanged(row, exercise):
    row.refresh_from_db()
    assert row.exercise == exercise
    assert Program.objects.get(pk=row.program_id).revision == 1
    assert swaps(row.program) == []


def test_it_refuses_an_exercise_that_is_not_a_version(therapist, ladder, row):
    stranger = make_exercise(name="Ankle pumps")
    with pytest.raises(ValidationError) as refused:
        programs.swap_row_exercise(row=row, to=stranger, by=therapist)
    assert refused.value.code == "not_a_version"
    assert refused.value.messages == [
        "“Ankle pumps” is not an easier or harder version of “Bench push-up” in the library, so "
        "the row was not changed."
    ]
    assert_unchanged(row, ladder[1])


def test_it_refuses_a_version_two_steps_away(therapist, ladder):
    wall, _, floor = ladder
    program = make_template(therapist, exercises=[wall])
    row = program.items.get()
    with pytest.raises(ValidationError, match="not an easier or harder version"):
        programs.swap_row_exercise(row=row, to=floor, by=therapist)
    assert_unchanged(row, wall)


def test_it_refuses_an_archived_version(therapist, ladder, row):
    _, bench, floor = ladder
    floor.is_active = False
    floor.save(update_fields=["is_active"])
    with pytest.raises(ValidationError) as refused:
        programs.swap_row_exercise(row=row, to=floor, by=therapist)
    assert refused.value.code == "archived_version"
    assert refused.value.messages == [
        "“Floor push-up” has been archived in the library, so it cannot go into a program. The "
        "row was not changed."
    ]
    assert_unchanged(row, bench)


def test_it_refuses_a_version_archived_after_the_caller_read_it(therapist, ladder, row):
    _, bench, floor = ladder
    type(floor).objects.filter(pk=floor.pk).update(is_active=False)  # ``floor`` still says active
    with pytest.raises(ValidationError, match="has been archived"):
        programs.swap_row_exercise(row=row, to=floor, by=therapist)
    assert_unchanged(row, bench)


def test_it_refuses_a_plan_handed_to_a_patient(therapist, patient, ladder):
    _, bench, floor = ladder
    plan = make_plan(patient, exercises=[bench])
    row = plan.program.items.get()
    with pytest.raises(PermissionDenied) as refused:
        programs.swap_row_exercise(row=row, to=floor, by=therapist)
    assert str(refused.value) == programs.PLAN_GIVEN
    row.refresh_from_db()
    assert (row.exercise, row.name) == (bench, "Bench push-up")
    assert swaps(plan.program) == []


def test_a_draft_of_the_next_version_is_swapped_and_the_given_plan_is_not(
    therapist, patient, ladder
):
    _, bench, floor = ladder
    plan = make_plan(patient, exercises=[bench])
    draft = start_revision(assignment=plan, by=therapist)

    programs.swap_row_exercise(row=draft.items.get(), to=floor, by=therapist)

    assert draft.items.get().exercise == floor
    assert plan.program.items.get().exercise == bench


def test_it_refuses_another_therapists_program(therapist, other_therapist, ladder, row):
    with pytest.raises(PermissionDenied) as refused:
        programs.swap_row_exercise(row=row, to=ladder[2], by=other_therapist)
    assert str(refused.value) == "This program is not yours to change."
    assert_unchanged(row, ladder[1])


def test_it_refuses_another_therapists_plan_without_saying_it_was_given(
    therapist, other_therapist, ladder
):
    # A colleague's plans are out of sight: the refusal says nothing of the plan's state.
    assignment = make_assignment()  # a patient of a third therapist
    row = assignment.program.items.get()
    row.exercise.harder_versions.add(ladder[2])
    with pytest.raises(PermissionDenied) as refused:
        programs.swap_row_exercise(row=row, to=ladder[2], by=other_therapist)
    assert str(refused.value) == "This program is not yours to change."


def test_it_refuses_a_shared_template_to_anyone_but_its_owner(
    therapist, other_therapist, ladder, row
):
    Program.objects.filter(pk=row.program_id).update(is_shared=True)
    with pytest.raises(PermissionDenied) as refused:
        programs.swap_row_exercise(row=row, to=ladder[2], by=other_therapist)
    assert str(refused.value) == programs.NOT_YOUR_PROGRAM
    assert_unchanged(row, ladder[1])


def test_a_version_already_in_the_program_is_swapped_in_as_the_program_form_allows(
    therapist, ladder
):
    # The program form takes the same exercise twice (e.g. one row for each side; see
    # tests/planner/admin/test_swap_versions.py), so a swap follows the same rule.
    _, bench, floor = ladder
    program = make_template(therapist, exercises=[bench, floor])
    programs.swap_row_exercise(row=program.items.get(position=1), to=floor, by=therapist)
    assert list(program.items.values_list("position", "exercise")) == [
        (1, floor.pk),
        (2, floor.pk),
    ]


def test_it_refuses_a_row_removed_since_the_caller_read_it(therapist, ladder, row):
    ProgramExercise.objects.filter(pk=row.pk).delete()
    with pytest.raises(ValidationError) as refused:
        programs.swap_row_exercise(row=row, to=ladder[2], by=therapist)
    assert refused.value.code == "row_gone"
    assert Program.objects.get(pk=row.program_id).revision == 1
