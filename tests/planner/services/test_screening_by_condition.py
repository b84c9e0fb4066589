"""Screening follows the patient's conditions, not only the atrophy type (issue 12): the overwork
guard and the slow-lowering warning for nerve and muscle disease, conditions of one part of the
body, and the pool precautions for skin that cannot feel and for a high spinal cord injury. Each
rule is tried on both sides: it fires, and it stays quiet where it should."""

import datetime

import pytest

from exercises.models import AtrophyType, Category, Equipment, Load
from planner.handout.data import load_handout
from planner.screening import (
    ECCENTRIC_CARD_NOTE,
    ECCENTRIC_WARNING,
    OVERWORK_CARD_NOTE,
    screen_program,
)
from planner.services import ScreeningError, assign_program
from tests.factories import make_condition, make_exercise, make_patient, make_template

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


@pytest.fixture
def dystrophy():
    return make_condition(
        slug="muscular-dystrophy",
        name="Muscular dystrophy",
        group="pathologic",
        overwork_risk=True,
        eccentric_risk=True,
    )


def tagged(exercise):
    exercise.atrophy_types.set(AtrophyType.objects.all())
    return exercise


def screen(patient, *exercises):
    template = make_template(patient.therapist, exercises=[tagged(e) for e in exercises])
    return screen_program(program=template, patient=patient)


# The overwork guard and slow lowering


def test_a_dystrophy_patient_recorded_as_pathologic_is_guarded_on_a_weighted_exercise(
    therapist, dystrophy
):
    patient = make_patient(therapist=therapist, atrophy_type="pathologic")
    patient.conditions.add(dystrophy)
    curl = make_exercise(name="Seated curl", category=Category.STRENGTH, equipment=Equipment.WEIGHT)

    result = screen(patient, curl)

    assert result.overwork_exercise_ids == [curl.pk]
    assert result.overwork_reasons == ["Muscular dystrophy"]
    assert result.eccentric_exercise_ids == [curl.pk]
    assert result.needs_confirmation


def test_a_dystrophy_patient_on_a_range_of_motion_exercise_is_not_guarded(therapist, dystrophy):
    patient = make_patient(therapist=therapist, atrophy_type="pathologic")
    patient.conditions.add(dystrophy)
    stretch = make_exercise(name="Heel cord stretch", category=Category.RANGE_OF_MOTION)

    result = screen(patient, stretch)

    assert result.overwork_exercise_ids == []
    assert result.eccentric_exercise_ids == []
    assert not result.needs_confirmation


def test_a_pathologic_patient_without_a_muscle_or_nerve_disease_is_not_guarded(therapist):
    patient = make_patient(therapist=therapist, atrophy_type="pathologic")
    patient.conditions.add(make_condition(name="Osteoporosis", group="pathologic"))
    curl = make_exercise(name="Seated curl", equipment=Equipment.WEIGHT)

    result = screen(patient, curl)

    assert (result.overwork_exercise_ids, result.eccentric_exercise_ids) == ([], [])


def test_body_weight_strengthening_is_guarded_for_a_neurogenic_patient(therapist):
    """Sit to stand, pool heel raises, mini squats: loaded, though not "strength" with a band."""
    patient = make_patient(therapist=therapist, atrophy_type="neurogenic")
    sit_to_stand = make_exercise(
        name="Sit to stand", category=Category.FUNCTIONAL, load=Load.BODY_WEIGHT
    )
    heel_raise = make_exercise(name="Pool heel raise", category=Category.POOL, load="body_weight")
    walk = make_exercise(name="Water walking", category=Category.POOL, load=Load.NONE)

    result = screen(patient, sit_to_stand, heel_raise, walk)

    assert result.overwork_exercise_ids == [sit_to_stand.pk, heel_raise.pk]
    # A nerve disease alone gets no slow-lowering warning: that is for muscle disease.
    assert result.eccentric_exercise_ids == []


def test_a_nerve_disease_guards_whatever_type_was_recorded(therapist):
    post_polio = make_condition(name="Post-polio syndrome", group="neurogenic", overwork_risk=True)
    patient = make_patient(therapist=therapist, atrophy_type="physiologic")
    patient.conditions.add(post_polio)
    squat = make_exercise(name="Mini squat", category=Category.FUNCTIONAL, load="body_weight")

    result = screen(patient, squat)

    assert result.overwork_reasons == ["Post-polio syndrome"]
    assert result.overwork_exercise_ids == [squat.pk]


def test_the_dystrophy_patients_handout_warns_on_the_loaded_card_only(therapist, dystrophy):
    patient = make_patient(therapist=therapist, atrophy_type="pathologic")
    patient.conditions.add(dystrophy)
    curl = tagged(make_exercise(name="Seated curl", equipment=Equipment.WEIGHT))
    stretch = tagged(make_exercise(name="Calf stretch", category=Category.RANGE_OF_MOTION))
    template = make_template(therapist, exercises=[curl, stretch])
    assignment = assign_program(
        program=template,
        patient=patient,
        by=therapist,
        starts_on=TODAY,
        precautions_confirmed=True,
    )
    data = load_handout(assignment)

    curl_card, stretch_card = data.cards
    assert curl_card.screening_notes == [OVERWORK_CARD_NOTE, ECCENTRIC_CARD_NOTE]
    assert stretch_card.screening_notes == []
    # The overwork note goes in the stop box although the recorded type is pathologic.
    assert any("48 hours" in note.text for note in data.notes)
    assert assignment.screening["eccentric_warning"]["text"] == ECCENTRIC_WARNING


# Conditions of one part of the body


@pytest.fixture
def arm_fracture():
    return make_condition(
        slug="recent-fracture-or-surgery-arm",
        name="Recent broken bone or operation in the arm",
        region="arm",
    )


def test_an_arm_fracture_stops_an_arm_exercise(therapist, arm_fracture):
    patient = make_patient(therapist=therapist)
    patient.conditions.add(arm_fracture)
    curl = make_exercise(name="Elbow curl", body_region="elbow_forearm")
    curl.contraindications.add(arm_fracture)

    result = screen(patient, curl)

    assert [(f.exercise, f.condition) for f in result.hard_stops] == [
        ("Elbow curl", "Recent broken bone or operation in the arm")
    ]


def test_an_arm_fracture_does_not_stop_a_leg_exercise(therapist, arm_fracture):
    """Even listed on the leg exercise (say by an admin edit), the condition is about the arm."""
    patient = make_patient(therapist=therapist)
    patient.conditions.add(arm_fracture)
    pumps = make_exercise(name="Ankle pumps", body_region="ankle_foot")
    pumps.contraindications.add(arm_fracture)
    pumps.cautions.add(arm_fracture)
    template = make_template(therapist, exercises=[tagged(pumps)])

    result = screen_program(program=template, patient=patient)
    assignment = assign_program(program=template, patient=patient, by=therapist, starts_on=TODAY)

    assert (result.hard_stops, result.precautions) == ([], [])
    assert assignment.screening["hard_stops"] == []


def test_a_condition_for_the_whole_body_applies_to_every_region(therapist):
    wound = make_condition(name="Open wound", region="")
    patient = make_patient(therapist=therapist)
    patient.conditions.add(wound)
    exercises = [
        make_exercise(name=f"Pool {region}", category=Category.POOL, body_region=region)
        for region in ("shoulder_upper_arm", "knee_calf", "trunk")
    ]
    for exercise in exercises:
        exercise.contraindications.add(wound)

    with pytest.raises(ScreeningError) as refused:
        assign_program(
            program=make_template(therapist, exercises=[tagged(e) for e in exercises]),
            patient=patient,
            by=therapist,
            starts_on=TODAY,
        )

    assert [f.exercise for f in refused.value.conflicts] == [e.name for e in exercises]
