"""What a patient was given stays given: assigning copies each exercise's words into the plan's
rows, the handout and the plan read that copy, a library edit reaches the patient only through a
new version (whose changes say so), and templates and drafts keep reading the library."""

import datetime
import importlib

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from exercises.models import Category, Equipment
from planner.handout import load_handout
from planner.models import Assignment, AuditEvent, ProgramExercise
from planner.selectors.plans import diff_programs, plan_versions
from planner.services import assign_program, start_revision
from planner.services.programs import copy_program, duplicate_program
from tests.constraints import rejected
from tests.factories import (
    make_assignment,
    make_exercise,
    make_patient,
    make_plan,
    make_template,
)

pytestmark = pytest.mark.django_db

STEPS = ["Sit near the front of a firm chair.", "Stand up slowly.", "Sit down with control."]


@pytest.fixture
def sit_to_stand():
    return make_exercise(
        name="Sit to stand",
        summary="Stand up from a chair and sit back down.",
        steps=STEPS,
        precautions="Keep a table within reach.",
        equipment=Equipment.CHAIR,
        equipment_note="a firm chair without wheels",
    )


@pytest.fixture
def splint():
    return make_exercise(
        name="Wrist splint lift",
        category=Category.BRACE_SPLINT,
        equipment=Equipment.SPLINT,
        device="Resting wrist splint",
        device_worn_during=True,
        wear_schedule="At night and for two hours after lunch.",
        skin_check="Look for red marks when the splint comes off.",
    )


@pytest.fixture
def plan(patient, sit_to_stand, splint):
    return make_plan(patient, exercises=[sit_to_stand, splint])


def rows(assignment):
    return list(
        ProgramExercise.objects.filter(program=assignment.program_id)
        .select_related("exercise")
        .order_by("position")
    )


def edit_library(exercise, **changes):
    for field, value in changes.items():
        setattr(exercise, field, value)
    exercise.save()


# --- assigning freezes ------------------------------------------------------------------------


def test_assigning_copies_the_exercises_words_into_the_plan(plan, sit_to_stand, splint):
    first, second = rows(plan)
    assert first.frozen_at is not None
    assert first.given == sit_to_stand.text()
    assert first.given.name == "Sit to stand"
    assert first.given.steps == tuple(STEPS)
    assert first.given.summary == "Stand up from a chair and sit back down."
    assert first.given.precautions == "Keep a table within reach."
    assert first.given.equipment == "Chair: a firm chair without wheels"
    assert first.given.category == Category.STRENGTH
    assert second.given == splint.text()
    assert (second.given.device, second.given.device_worn_during) == ("Resting wrist splint", True)
    assert second.given.wear_schedule == "At night and for two hours after lunch."
    assert second.given.skin_check == "Look for red marks when the splint comes off."
    assert second.given.equipment == "Splint"


def test_equipment_reads_nothing_or_only_the_note(patient):
    bare = make_exercise(equipment=Equipment.NONE)
    noted = make_exercise(equipment=Equipment.NONE, equipment_note="a doorway")
    first, second = rows(make_plan(patient, exercises=[bare, noted]))
    assert (first.given.equipment, second.given.equipment) == ("Nothing", "a doorway")


def test_the_rows_are_frozen_in_one_update(patient, sit_to_stand, splint):
    exercises = [sit_to_stand, splint, *(make_exercise() for _ in range(8))]
    with CaptureQueriesContext(connection) as queries:
        plan = make_plan(patient, exercises=exercises)
    updates = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith("UPDATE") and "programexercise" in q["sql"]
    ]
    assert len(updates) == 1
    assert all(row.frozen_at is not None for row in rows(plan))


def test_library_edits_after_assigning_do_not_reach_the_plan_or_the_handout(
    plan, sit_to_stand, splint
):
    before = load_handout(plan)
    edit_library(
        sit_to_stand,
        name="Chair stand",
        steps=["Stand up.", "Sit down."],
        precautions="New precaution.",
        equipment_note="any chair",
    )
    edit_library(splint, wear_schedule="All day.", device="Dynamic splint")

    first, second = rows(plan)
    assert first.given.name == "Sit to stand"
    assert first.given.steps == tuple(STEPS)
    assert first.given.precautions == "Keep a table within reach."
    assert first.given.equipment == "Chair: a firm chair without wheels"
    assert (second.given.device, second.given.wear_schedule) == (
        "Resting wrist splint",
        "At night and for two hours after lunch.",
    )
    after = load_handout(Assignment.objects.get(pk=plan.pk))
    assert [card.name for card in after.cards] == ["Sit to stand", "Wrist splint lift"]
    assert after.cards[0].steps == STEPS
    assert [card.name for card in after.cards] == [card.name for card in before.cards]
    assert [card.steps for card in after.cards] == [card.steps for card in before.cards]


# --- a new version picks the edit up, and says so ------------------------------------------


def test_a_new_version_takes_the_edited_words_and_its_changes_name_them(
    therapist, plan, sit_to_stand, splint
):
    edit_library(
        sit_to_stand,
        steps=["Sit near the front of a firm chair.", "Lean forward and stand up slowly."],
        precautions="Keep a table within reach; stop if you feel dizzy.",
    )
    edit_library(splint, name="Wrist lift in a splint", wear_schedule="At night only.")
    draft = start_revision(assignment=plan, by=therapist)
    second = assign_program(
        program=draft, patient=plan.patient, by=therapist, starts_on=plan.starts_on
    )

    first_row, second_row = rows(second)
    assert first_row.given.steps == (
        "Sit near the front of a firm chair.",
        "Lean forward and stand up slowly.",
    )
    assert second_row.given.name == "Wrist lift in a splint"
    # The first version still holds what the patient was given then.
    assert rows(plan)[0].given.steps == tuple(STEPS)

    changes = plan_versions(second)["changes"]
    assert changes == [
        "Steps of Sit to stand changed",
        "Precautions of Sit to stand changed",
        "Renamed Wrist splint lift → Wrist lift in a splint",
        "Wear schedule of Wrist lift in a splint: "
        "At night and for two hours after lunch. → At night only.",
    ]
    event = AuditEvent.objects.get(action="changed", object_id=str(second.pk))
    assert event.detail["changes"] == changes


def test_unchanged_words_make_no_change_lines(therapist, plan):
    draft = start_revision(assignment=plan, by=therapist)
    second = assign_program(
        program=draft, patient=plan.patient, by=therapist, starts_on=plan.starts_on
    )
    assert plan_versions(second)["changes"] == []


def test_the_diff_names_device_and_picture_changes(therapist, plan, splint):
    edit_library(splint, device_worn_during=False, image="exercises/new-picture.jpg")
    draft = start_revision(assignment=plan, by=therapist)
    assert diff_programs(plan.program, draft) == [
        "Picture of Wrist splint lift changed",
        "Device worn during the exercise of Wrist splint lift: yes → no",
    ]


# --- templates, drafts and copies read the library ----------------------------------------


def test_templates_and_drafts_read_the_library_live(therapist, plan, sit_to_stand):
    template = plan.program.source
    draft = start_revision(assignment=plan, by=therapist)
    edit_library(sit_to_stand, name="Chair stand", steps=["Stand up.", "Sit down."])

    for program in (template, draft):
        row = program.items.select_related("exercise").get(position=1)
        assert row.frozen_at is None
        assert row.given.name == "Chair stand"
        assert row.given.steps == ("Stand up.", "Sit down.")


def test_copying_a_given_plan_does_not_copy_its_frozen_words(therapist, plan, sit_to_stand):
    copy = duplicate_program(program=plan.program, by=therapist)
    edit_library(sit_to_stand, name="Chair stand")
    row = copy.items.select_related("exercise").get(position=1)
    assert (row.frozen_at, row.name, row.steps) == (None, "", [])
    assert row.given.name == "Chair stand"
    again = copy_program(program=plan.program, owner=therapist, patient=plan.patient)
    assert again.items.get(position=1).frozen_at is None


def test_reassigning_a_given_plan_freezes_the_library_as_it_is_now(therapist, plan, sit_to_stand):
    edit_library(sit_to_stand, summary="A new summary.")
    other = make_patient(therapist=therapist)
    again = assign_program(
        program=plan.program.source, patient=other, by=therapist, starts_on=plan.starts_on
    )
    assert rows(again)[0].given.summary == "A new summary."
    assert rows(plan)[0].given.summary == "Stand up from a chair and sit back down."


# --- the database and the migration -------------------------------------------------------


def test_a_frozen_row_must_keep_a_name(plan):
    row = rows(plan)[0]
    assert rejected(
        lambda: ProgramExercise.objects.filter(pk=row.pk).update(name=""),
        "program_exercise_frozen_has_name",
    )
    assert not rejected(
        lambda: ProgramExercise.objects.filter(pk=row.pk).update(name="", frozen_at=None),
        "program_exercise_frozen_has_name",
    )


def test_the_migration_freezes_plans_given_before_it(sit_to_stand):
    """Plans assigned before 0007 have rows without words; its data step fills them from the
    library, and leaves templates alone."""
    migration = importlib.import_module("planner.migrations.0007_frozen_text_clinic_override")
    old_plan = make_assignment(exercises=2)
    # As such a plan's rows were before 0007: no words of their own.
    old_plan.program.items.update(frozen_at=None, name="", summary="", steps=[], category="")
    template_row = make_template(exercises=[sit_to_stand]).items.get()
    assert all(row.frozen_at is None for row in rows(old_plan))

    # The models as the migration sees them (its own state), not today's.
    loader = MigrationLoader(connection)
    state = loader.project_state(("planner", "0007_frozen_text_clinic_override"))
    migration.freeze_assigned_rows(state.apps, None)

    for row in rows(old_plan):
        assert row.frozen_at is not None
        assert row.given == row.exercise.text()
    template_row.refresh_from_db()
    assert template_row.frozen_at is None


def test_frozen_rows_keep_their_time(plan):
    row = rows(plan)[0]
    assert timezone.now() - row.frozen_at < datetime.timedelta(minutes=1)
