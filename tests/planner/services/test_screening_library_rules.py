"""The clinical review's screening cases (issue 12), on the real library and catalogue as
``load_library`` loads them: each rule fires where it should and stays quiet where it should not.
"""

import pytest

from exercises.library import load_library
from exercises.models import Category, Condition, Exercise, Load
from planner.screening import screen_program
from tests.factories import make_patient, make_template

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def library():
    load_library()


def screen(therapist, atrophy_type, conditions, exercises):
    patient = make_patient(therapist=therapist, atrophy_type=atrophy_type)
    patient.conditions.set(Condition.objects.filter(slug__in=conditions))
    template = make_template(therapist, exercises=exercises)
    return screen_program(program=template, patient=patient)


def pairs(findings):
    return {(f.exercise, f.condition) for f in findings}


def a_pool_exercise():
    return Exercise.objects.filter(category=Category.POOL).order_by("slug").first()


def a_weighted_exercise():
    return Exercise.objects.filter(equipment="weight", category=Category.STRENGTH).first()


def test_a_dystrophy_patient_on_a_weighted_exercise_gets_both_warnings(therapist):
    weighted = a_weighted_exercise()
    dystrophy = Condition.objects.get(slug="muscular-dystrophy")
    assert dystrophy.group == "pathologic"

    result = screen(therapist, "pathologic", ["muscular-dystrophy"], [weighted])
    plain = screen(therapist, "pathologic", ["osteoporosis"], [weighted])

    assert result.overwork_exercise_ids == [weighted.pk]
    assert result.eccentric_exercise_ids == [weighted.pk]
    assert (plain.overwork_exercise_ids, plain.eccentric_exercise_ids) == ([], [])


def test_an_arm_fracture_does_not_stop_a_leg_exercise_but_a_leg_fracture_does(therapist):
    leg = Exercise.objects.filter(contraindications__slug="recent-fracture-or-surgery-leg").first()
    assert leg is not None, "the library rules leg exercises out after a leg fracture"

    arm = screen(therapist, "physiologic", ["recent-fracture-or-surgery-arm"], [leg])
    own = screen(therapist, "physiologic", ["recent-fracture-or-surgery-leg"], [leg])

    assert arm.hard_stops == []
    assert [f.exercise for f in own.hard_stops] == [leg.name]


def test_a_high_spinal_cord_injury_is_a_precaution_in_the_pool_only(therapist):
    pool = a_pool_exercise()
    standing = Exercise.objects.get(slug="sit-to-stand")
    high = Condition.objects.get(slug="autonomic-dysreflexia-risk")

    result = screen(therapist, "neurogenic", [high.slug], [pool, standing])

    assert pairs(result.precautions) == {(pool.name, high.name)}
    explanation = next(f.detail for f in result.precautions)
    assert "headache" in explanation


def test_nerve_damage_from_diabetes_is_a_precaution_on_every_pool_exercise(therapist):
    pools = list(Exercise.objects.filter(category=Category.POOL))
    neuropathy = Condition.objects.get(slug="diabetic-neuropathy")

    result = screen(therapist, "pathologic", [neuropathy.slug], pools)
    without = screen(therapist, "pathologic", [], pools)

    assert {f.exercise for f in result.precautions if f.condition == neuropathy.name} == {
        e.name for e in pools
    }
    assert "shoes" in neuropathy.explanation
    assert without.precautions == []


def test_every_library_exercise_that_strengthens_is_loaded():
    """The guard now reads the load: nothing a patient lifts against is left untagged."""
    unloaded = Exercise.objects.filter(load=Load.NONE).filter(category=Category.STRENGTH)
    assert list(unloaded) == []
    assert Exercise.objects.filter(slug="sit-to-stand", load=Load.BODY_WEIGHT).exists()
