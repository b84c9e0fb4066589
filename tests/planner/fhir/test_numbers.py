"""Every number a therapist or a patient may enter comes back from the export exactly: girths and
grips to 0.1, times to 0.1 s, counts and scores whole, at the ends of each range and between."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from planner.models import Assignment, FunctionTest, LimbMeasurement
from planner.models.measures import CHAIR_STANDS_RANGE, GRIP_RANGE_KG, TUG_RANGE_S
from planner.models.records import GIRTH_RANGE_CM
from planner.services.exporting import export_fhir
from tests.factories import make_exercise, make_patient, make_plan, make_session_log, make_user
from tests.planner.fhir.reading import Read, component

pytestmark = pytest.mark.django_db


def tenths(low, high):
    """A decimal with one place between ``low`` and ``high``, as the forms take them."""
    return st.integers(low * 10, high * 10).map(lambda n: Decimal(n) / 10)


@settings(max_examples=30, deadline=None)
@given(
    left=tenths(*GIRTH_RANGE_CM),
    right=tenths(*GIRTH_RANGE_CM),
    grip=tenths(*GRIP_RANGE_KG),
    tug=tenths(*TUG_RANGE_S),
    stands=st.integers(*CHAIR_STANDS_RANGE),
    pain=st.integers(0, 10),
    effort=st.integers(0, 10),
    sets=st.integers(0, 10),
)
@example(  # every lower end
    left=Decimal("5.0"), right=Decimal("5.0"), grip=Decimal("0.0"), tug=Decimal("1.0"), stands=0,
    pain=0, effort=0, sets=0,
)  # fmt: skip
@example(  # every upper end
    left=Decimal("150.0"), right=Decimal("149.9"), grip=Decimal("120.0"), tug=Decimal("300.0"),
    stands=60, pain=10, effort=10, sets=10,
)  # fmt: skip
def test_every_number_comes_back_exactly(left, right, grip, tug, stands, pain, effort, sets):
    patient = make_patient(user=make_user())
    assignment = make_plan(patient, exercises=[make_exercise()])
    make_session_log(assignment, pain=pain, effort=effort, sets_done=sets)
    today = datetime.date.today()
    LimbMeasurement.objects.create(
        patient=patient, measured_on=today, site="thigh", left_cm=left, right_cm=right,
        measured_by=patient.therapist,
    )  # fmt: skip
    FunctionTest.objects.create(
        patient=patient, tested_on=today, chair_stands=stands, grip_left_kg=grip,
        grip_right_kg=grip, timed_up_and_go_s=tug, measured_by=patient.therapist,
    )  # fmt: skip

    read = Read(export_fhir(assignments=Assignment.objects.filter(pk=assignment.pk)))

    (girth,) = read.observations("limb-girth")
    assert component(girth, "limb-girth-left").valueQuantity.value == left
    assert component(girth, "limb-girth-right").valueQuantity.value == right
    for code, value in [
        ("grip-strength-left", grip),
        ("grip-strength-right", grip),
        ("timed-up-and-go", tug),
        ("chair-stand-30s", stands),
    ]:
        (observation,) = read.observations(code)
        assert observation.valueQuantity.value == value
    (score,) = read.observations("72514-3")
    assert score.valueQuantity.value == pain
    (session,) = read.observations("home-exercise-session")
    assert component(session, "effort-borg-cr10").valueInteger == effort
    assert component(session, "sets-done").valueQuantity.value == sets
