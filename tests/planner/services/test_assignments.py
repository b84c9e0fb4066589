"""planner.services.assignments: assign_program's screening matrix (hard stops, overrides,
precautions, type tags, overwork), the frozen copy it hands over, and revising a plan into its
next version."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exercises.models import AtrophyType, Category, Equipment
from planner.models import Assignment, AuditEvent, Program, ProgramExercise
from planner.screening import OVERRIDE_INSTRUCTION_NEEDED, screen_program, stored_screening
from planner.selectors.plans import diff_programs
from planner.services import ScreeningError, assign_program, start_revision
from tests.factories import make_condition, make_exercise, make_patient, make_template

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 1)


@pytest.fixture
def open_wound():
    return make_condition(
        slug="open-wound-or-burn", name="Open wound or unhealed burn", group="aquatic"
    )


@pytest.fixture
def chlorine():
    return make_condition(slug="chlorine-sensitivity", name="Chlorine sensitivity", group="aquatic")


def tagged(exercise, *codes):
    exercise.atrophy_types.set(AtrophyType.objects.filter(code__in=codes))
    return exercise


def pool_exercise(name, *, hard_stops=(), cautions=()):
    exercise = make_exercise(name=name, category=Category.POOL, equipment=Equipment.POOL)
    tagged(exercise, "physiologic", "pathologic", "neurogenic")
    exercise.contraindications.set(hard_stops)
    exercise.cautions.set(cautions)
    return exercise


def assign(program, patient, by, **kwargs):
    return assign_program(program=program, patient=patient, by=by, starts_on=TODAY, **kwargs)


# --- screening ---------------------------------------------------------------------------------


def test_a_hard_stop_refuses_the_assignment_and_lists_each_pair(therapist, open_wound):
    seizures = make_condition(name="Uncontrolled seizures", group="aquatic")
    walking = pool_exercise("Water walking", hard_stops=[open_wound, seizures])
    squats = pool_exercise("Pool squats", hard_stops=[open_wound])
    patient = make_patient(therapist=therapist)
    patient.conditions.set([open_wound, seizures])
    program = make_template(therapist, exercises=[walking, squats])

    with pytest.raises(ScreeningError) as info:
        assign(program, patient, therapist)

    pairs = {(c.exercise, c.condition) for c in info.value.conflicts}
    assert pairs == {
        ("Water walking", "Open wound or unhealed burn"),
        ("Water walking", "Uncontrolled seizures"),
        ("Pool squats", "Open wound or unhealed burn"),
    }
    assert "Water walking: Uncontrolled seizures" in str(info.value)
    assert not Assignment.objects.exists()
    refused = AuditEvent.objects.get()
    assert (refused.action, refused.outcome, refused.actor) == ("assigned", "refused", therapist)


def test_a_blank_override_reason_is_no_reason(therapist, open_wound):
    patient = make_patient(therapist=therapist)
    patient.conditions.set([open_wound])
    program = make_template(therapist, exercises=[pool_exercise("Swim", hard_stops=[open_wound])])
    with pytest.raises(ScreeningError):
        assign(program, patient, therapist, override_reason="   \n ")


INSTRUCTION = "Your wound is covered with a waterproof dressing; you may use the pool."


def test_an_override_reason_assigns_and_is_stored_and_audited(therapist, open_wound):
    patient = make_patient(therapist=therapist)
    patient.conditions.set([open_wound])
    program = make_template(therapist, exercises=[pool_exercise("Swim", hard_stops=[open_wound])])
    reason = "Wound is on the scalp, covered by a waterproof dressing; surgeon agreed."

    assignment = assign(
        program, patient, therapist, override_reason=reason, override_instruction=INSTRUCTION
    )

    assert assignment.override_reason == reason
    assert assignment.override_instruction == INSTRUCTION
    assert assignment.screening["hard_stops"][0]["exercise"] == "Swim"
    assert assignment.screening["override_reason"] == reason
    assert assignment.screening["override_instruction"] == INSTRUCTION
    stored = stored_screening(Assignment.objects.get(pk=assignment.pk))
    assert stored.override_instruction == INSTRUCTION
    assert stored.overridden_exercises() == ["Swim"]
    override = AuditEvent.objects.get(action="overridden")
    assert (override.actor, override.patient, override.outcome) == (therapist, patient, "success")
    assert override.detail == {
        "reason": reason,
        "instruction": INSTRUCTION,
        "hard_stops": ["Swim: Open wound or unhealed burn"],
    }
    assert AuditEvent.objects.filter(action="assigned", outcome="success").count() == 1


@pytest.mark.parametrize("instruction", ["", "  \n\t "])
def test_an_override_without_an_instruction_is_refused_and_writes_nothing(
    therapist, open_wound, instruction
):
    patient = make_patient(therapist=therapist)
    patient.conditions.set([open_wound])
    program = make_template(therapist, exercises=[pool_exercise("Swim", hard_stops=[open_wound])])
    rows_before = ProgramExercise.objects.count()

    with pytest.raises(ValidationError) as info:
        assign(
            program,
            patient,
            therapist,
            override_reason="Surgeon agreed.",
            override_instruction=instruction,
        )

    assert info.value.message_dict == {"override_instruction": [OVERRIDE_INSTRUCTION_NEEDED]}
    assert "printed on the handout instead of the hard stop" in OVERRIDE_INSTRUCTION_NEEDED
    assert not Assignment.objects.exists()
    assert not Program.objects.filter(is_template=False).exists()
    assert ProgramExercise.objects.count() == rows_before
    assert not AuditEvent.objects.exists()


@pytest.fixture
def wounded_pool_plan(therapist, open_wound):
    """A pool template and a patient with an open wound: every assignment is an override."""
    patient = make_patient(therapist=therapist)
    patient.conditions.set([open_wound])
    program = make_template(therapist, exercises=[pool_exercise("Swim", hard_stops=[open_wound])])
    return program, patient


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    instruction=st.text(
        alphabet=st.characters(blacklist_categories=["Cs", "Cc"]), min_size=1, max_size=600
    ).filter(str.strip)
)
def test_any_written_instruction_is_kept_stripped(therapist, wounded_pool_plan, instruction):
    """Whatever a therapist types (any script, up to the limit) is stored stripped, on the plan
    and in its screening, and read back for the handout."""
    program, patient = wounded_pool_plan
    with transaction.atomic():
        assignment = assign(
            program, patient, therapist, override_reason="Agreed.", override_instruction=instruction
        )
        assignment.refresh_from_db()
        assert assignment.override_instruction == instruction.strip()
        assert stored_screening(assignment).override_instruction == instruction.strip()
        transaction.set_rollback(True)


def test_an_instruction_longer_than_600_characters_is_refused(therapist, open_wound):
    patient = make_patient(therapist=therapist)
    patient.conditions.set([open_wound])
    program = make_template(therapist, exercises=[pool_exercise("Swim", hard_stops=[open_wound])])
    with pytest.raises(ValidationError) as info:
        assign(
            program, patient, therapist, override_reason="Agreed.", override_instruction="x" * 601
        )
    assert "override_instruction" in info.value.message_dict
    assert not Assignment.objects.exists()


def test_a_reason_without_hard_stops_is_not_stored(therapist):
    program = make_template(therapist, exercises=[pool_exercise("Swim")])
    assignment = assign(
        program,
        make_patient(therapist=therapist),
        therapist,
        override_reason="x",
        override_instruction="y",
    )
    assert (assignment.override_reason, assignment.override_instruction) == ("", "")
    assert "override_instruction" not in assignment.screening
    assert not AuditEvent.objects.filter(action="overridden").exists()


def test_a_precaution_is_recorded_for_the_handout(therapist, chlorine):
    patient = make_patient(therapist=therapist)
    patient.conditions.set([chlorine])
    swim = pool_exercise("Swim", cautions=[chlorine])
    program = make_template(therapist, exercises=[swim])

    assignment = assign(program, patient, therapist)

    assert assignment.screening["precautions"] == [
        {
            "exercise": "Swim",
            "condition": "Chlorine sensitivity",
            "detail": "A test condition.",
            "exercise_id": swim.pk,
        }
    ]
    assert assignment.screening["hard_stops"] == []


def test_conditions_the_patient_does_not_have_do_not_matter(therapist, open_wound, chlorine):
    program = make_template(
        therapist, exercises=[pool_exercise("Swim", hard_stops=[open_wound], cautions=[chlorine])]
    )
    assignment = assign(program, make_patient(therapist=therapist), therapist)
    assert assignment.screening["hard_stops"] == []
    assert assignment.screening["precautions"] == []


def test_neurogenic_patient_with_resisted_exercises_gets_the_overwork_guard(therapist):
    curl = tagged(make_exercise(name="Elbow curl", category=Category.STRENGTH), "neurogenic")
    band = tagged(
        make_exercise(name="Band row", category=Category.FUNCTIONAL, equipment=Equipment.BAND),
        "neurogenic",
    )
    walk = tagged(make_exercise(name="Hall walk", category=Category.FUNCTIONAL), "neurogenic")
    patient = make_patient(therapist=therapist, atrophy_type="neurogenic")
    program = make_template(therapist, exercises=[curl, band, walk])

    guard = assign(program, patient, therapist).screening["overwork_guard"]

    assert guard["exercises"] == ["Elbow curl", "Band row"]
    assert "48 hours" in guard["text"]
    assert "heavier or weaker the next day" in guard["text"]


def test_no_overwork_guard_without_resisted_work_or_for_other_types(therapist):
    walk = tagged(make_exercise(name="Hall walk", category=Category.FUNCTIONAL), "neurogenic")
    curl = tagged(make_exercise(category=Category.STRENGTH), "physiologic")
    for exercise, atrophy_type in [(walk, "neurogenic"), (curl, "physiologic")]:
        patient = make_patient(therapist=therapist, atrophy_type=atrophy_type)
        program = make_template(therapist, exercises=[exercise])
        assert assign(program, patient, therapist).screening["overwork_guard"] is None, exercise


def test_untagged_atrophy_type_is_a_precaution_not_a_hard_stop(therapist):
    exercise = tagged(make_exercise(name="Heavy squat"), "physiologic")
    program = make_template(therapist, exercises=[exercise])
    program.atrophy_types.set(AtrophyType.objects.filter(code="physiologic"))
    patient = make_patient(therapist=therapist, atrophy_type="neurogenic")

    assignment = assign(program, patient, therapist)

    mismatches = [(m["exercise"], m["condition"]) for m in assignment.screening["type_mismatches"]]
    assert mismatches == [
        (f"Program “{program.title}”", "not tagged for Neurogenic (nerve injury or disease)"),
        ("Heavy squat", "not tagged for Neurogenic (nerve injury or disease)"),
    ]


def test_only_the_patients_own_therapist_may_assign(therapist):
    program = make_template(therapist, exercises=[make_exercise()])
    someone_elses = make_patient()
    with pytest.raises(PermissionDenied):
        assign(program, someone_elses, therapist)
    assert not Assignment.objects.exists()


def test_an_unshared_template_of_another_therapist_cannot_be_assigned(therapist, other_therapist):
    other_template = make_template(other_therapist, exercises=[make_exercise()])
    with pytest.raises(PermissionDenied):
        assign(other_template, make_patient(therapist=therapist), therapist)
    other_template.is_shared = True
    other_template.save()
    assert assign(other_template, make_patient(therapist=therapist), therapist).version == 1


def test_archived_patients_empty_programs_and_backwards_dates_are_refused(therapist):
    program = make_template(therapist, exercises=[make_exercise()])
    archived = make_patient(therapist=therapist, archived_at=timezone.now())
    with pytest.raises(ValidationError, match="archived"):
        assign(program, archived, therapist)
    with pytest.raises(ValidationError, match="no exercises"):
        assign(make_template(therapist), make_patient(therapist=therapist), therapist)
    with pytest.raises(ValidationError, match="end date"):
        assign(
            program,
            make_patient(therapist=therapist),
            therapist,
            ends_on=TODAY - datetime.timedelta(days=1),
        )
    assert not Assignment.objects.exists()


def test_screening_queries_do_not_grow_with_the_program(
    therapist, open_wound, chlorine, django_assert_num_queries
):
    patient = make_patient(therapist=therapist)
    patient.conditions.set([open_wound, chlorine])
    small = make_template(
        therapist, exercises=[pool_exercise(f"S{i}", hard_stops=[open_wound]) for i in range(2)]
    )
    big = make_template(
        therapist, exercises=[pool_exercise(f"B{i}", cautions=[chlorine]) for i in range(20)]
    )
    # program, its types, items with exercises, hard stops, cautions, exercise types, conditions
    with django_assert_num_queries(7):
        screen_program(program=small, patient=patient)
    with django_assert_num_queries(7):
        screen_program(program=big, patient=patient)


# --- the frozen copy and its versions ----------------------------------------------------------


def assign_revision(draft, assignment, by):
    """Hand over a revised draft, current from the day the plan it revises started."""
    return assign_program(
        program=draft, patient=assignment.patient, by=by, starts_on=assignment.starts_on
    )


def test_assigning_a_template_hands_over_a_frozen_copy(assignment):
    plan = assignment.program
    template = plan.source
    assert template.is_template
    assert (plan.is_template, plan.patient) == (False, assignment.patient)
    assert [i.exercise.name for i in plan.items.order_by("position")] == [
        "Sit to stand",
        "Ankle pumps",
    ]


def test_later_template_edits_do_not_reach_the_patient(assignment):
    template = assignment.program.source
    item = template.items.get(position=1)
    item.sets, item.repetitions = 5, 20
    item.save()
    template.items.get(position=2).delete()
    template.title = "Renamed template"
    template.save()

    plan = Program.objects.get(pk=assignment.program_id)
    assert plan.title != "Renamed template"
    assert [(i.sets, i.repetitions) for i in plan.items.order_by("position")] == [(2, 10), (2, 10)]


def test_revising_makes_the_next_version_and_keeps_the_old_one(therapist, assignment):
    draft = start_revision(assignment=assignment, by=therapist)
    assert draft.patient == assignment.patient
    assert not draft.is_template
    row = draft.items.get(position=1)
    row.sets, row.repetitions = 3, 12
    row.save()
    ProgramExercise.objects.create(
        program=draft, exercise=make_exercise(name="Bridge"), position=3, repetitions=8
    )

    second = assign_revision(draft, assignment, therapist)

    assignment.refresh_from_db()
    assert (second.version, second.previous, second.program) == (2, assignment, draft)
    assert assignment.status == "superseded"
    current = Assignment.objects.current().filter(patient=assignment.patient)
    assert [a.version for a in current] == [2]
    # The first version still shows exactly what the patient had.
    assert [(i.sets, i.repetitions) for i in assignment.program.items.order_by("position")] == [
        (2, 10),
        (2, 10),
    ]
    changed = AuditEvent.objects.get(action="changed", object_id=str(second.pk))
    assert changed.detail["replaces_version"] == 1
    assert (
        "Added Bridge: 1 set of 8, once a day, 3 days a week, with a day off between"
        in changed.detail["changes"]
    )
    assert "Changed Sit to stand: sets 2 → 3, repetitions 10 → 12" in changed.detail["changes"]


def test_diff_names_removed_rows_and_reordering(therapist, assignment):
    draft = start_revision(assignment=assignment, by=therapist)
    first, second = draft.items.order_by("position")
    first.position, second.position = 30, 10
    first.save()
    second.save()
    assert diff_programs(assignment.program, draft) == ["Changed the order of the exercises"]
    first.delete()
    assert diff_programs(assignment.program, draft) == ["Removed Sit to stand"]


def test_a_superseded_plan_cannot_be_revised_again(therapist, assignment):
    draft = start_revision(assignment=assignment, by=therapist)
    assign_revision(draft, assignment, therapist)
    assignment.refresh_from_db()
    with pytest.raises(ValidationError, match="newer version"):
        start_revision(assignment=assignment, by=therapist)


@pytest.mark.parametrize(
    ("dosage", "problem"),
    [
        ({"days_per_week": 3, "times_per_day": 1, "target_effort": 4}, ""),
        ({"days_per_week": 3, "times_per_day": 1, "target_effort": None}, ""),
        ({"days_per_week": 4}, "prescribed 4 days a week"),
        ({"days_per_week": 3, "times_per_day": 2}, "prescribed 2 times a day"),
        ({"days_per_week": 2, "target_effort": 5}, "prescribed effort 5 out of 10"),
    ],
)
def test_resisted_work_past_the_overwork_guard_is_named(therapist, dosage, problem):
    curl = tagged(make_exercise(name="Elbow curl", category=Category.STRENGTH), "neurogenic")
    program = make_template(therapist, exercises=[curl])
    program.items.update(**dosage)
    patient = make_patient(therapist=therapist, atrophy_type="neurogenic")

    stored = assign(program, patient, therapist).screening["overwork_dosage"]

    assert [f["condition"] for f in stored] == ([problem] if problem else [])
    if problem:
        assert stored[0]["exercise_id"] == curl.pk
        assert "48 hours" in stored[0]["detail"]


def test_the_overwork_dosage_needs_the_therapists_confirmation(therapist):
    curl = tagged(make_exercise(name="Elbow curl", category=Category.STRENGTH), "neurogenic")
    program = make_template(therapist, exercises=[curl])
    program.items.update(days_per_week=7)
    patient = make_patient(therapist=therapist, atrophy_type="neurogenic")

    with pytest.raises(ValidationError) as refused:
        assign(program, patient, therapist, precautions_confirmed=False)

    assert "confirm_precautions" in refused.value.message_dict
    assert not Assignment.objects.exists()
