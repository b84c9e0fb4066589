"""A hard stop fixed in place on the screening review (issue 14): leave the exercise out, or
swap it for one that passes screening (its easier and harder versions first) — instead of only
"override with a reason" or "go back". What was chosen is stored with the screening and audited.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError

from exercises.models import AtrophyType, Category
from planner.models import Assignment, AuditEvent
from planner.screening import stored_screening
from planner.selectors.swaps import swap_candidates
from planner.services import assign_program
from tests.factories import make_condition, make_exercise, make_patient, make_template

pytestmark = pytest.mark.django_db
URL = "/admin/planner/assignment/add/"
TODAY = datetime.date.today()


def tagged(exercise):
    exercise.atrophy_types.set(AtrophyType.objects.all())
    return exercise


@pytest.fixture
def clinic(therapist):
    """A plan of pool walking (ruled out by an open wound) and sit to stand, for a patient with
    an open wound; seated marching is pool walking's easier version, pool squats another pool
    exercise for the legs, and pool jogging is ruled out too."""
    wound = make_condition(name="Open wound")
    pool = {"category": Category.POOL, "body_region": "hip_thigh"}
    walk = tagged(make_exercise(name="Pool walking", **pool))
    squat = tagged(make_exercise(name="Pool squats", **pool))
    jog = tagged(make_exercise(name="Pool jogging", **pool))
    marching = tagged(make_exercise(name="Seated marching", category=Category.FUNCTIONAL))
    stand = tagged(make_exercise(name="Sit to stand"))
    for ruled_out in (walk, jog):
        ruled_out.contraindications.add(wound)
    walk.easier_versions.add(marching)
    patient = make_patient(therapist=therapist, display_name="Ana Ruiz")
    patient.conditions.add(wound)
    template = make_template(therapist, exercises=[walk, stand], title="Legs")
    return {
        "template": template,
        "patient": patient,
        "walk": walk,
        "squat": squat,
        "jog": jog,
        "marching": marching,
        "stand": stand,
    }


def submit(client, clinic, **extra):
    data = {
        "program": clinic["template"].pk,
        "patient": clinic["patient"].pk,
        "starts_on": TODAY.isoformat(),
        **extra,
    }
    return client.post(URL, data)


def test_the_candidates_pass_screening_and_put_the_versions_first(clinic):
    found = swap_candidates(
        patient=clinic["patient"], exercise=clinic["walk"], exclude={clinic["stand"].pk}
    )
    assert [e.name for e in found] == ["Seated marching", "Pool squats"]  # not pool jogging


def test_the_review_offers_leave_out_swap_and_override(therapist_client, clinic):
    html = submit(therapist_client, clinic, step="review").content.decode()
    field = f'name="resolve-{clinic["walk"].pk}"'

    assert html.count(field) == 4  # leave out, two swaps, keep and override
    assert "Swap for <strong>Seated marching</strong>" in html
    assert "Pool jogging" not in html
    assert not Assignment.objects.exists()


def test_leaving_it_out_assigns_without_it_and_without_an_override(therapist_client, clinic):
    walk = clinic["walk"]
    response = submit(therapist_client, clinic, step="confirm", **{f"resolve-{walk.pk}": "leave"})

    assignment = Assignment.objects.get()
    assert response.status_code == 302
    assert [i.given.name for i in assignment.program.items.all()] == ["Sit to stand"]
    assert assignment.override_reason == ""
    screening = stored_screening(assignment)
    assert screening.hard_stops == []
    assert screening.resolved == [
        {
            "exercise": "Pool walking",
            "exercise_id": walk.pk,
            "conditions": ["Open wound"],
            "action": "left out",
        }
    ]
    event = AuditEvent.objects.get(action="assigned", outcome="success")
    assert event.detail["resolved"] == screening.resolved
    # The template itself is untouched.
    assert clinic["template"].items.count() == 2


def test_swapping_keeps_the_place_and_the_dosage(therapist_client, clinic):
    walk, marching = clinic["walk"], clinic["marching"]
    row = clinic["template"].items.get(exercise=walk)
    row.sets, row.repetitions = 3, 12
    row.save()

    submit(
        therapist_client, clinic, step="confirm", **{f"resolve-{walk.pk}": f"swap-{marching.pk}"}
    )

    items = list(Assignment.objects.get().program.items.order_by("position"))
    assert [(i.given.name, i.sets, i.repetitions) for i in items] == [
        ("Seated marching", 3, 12),
        ("Sit to stand", 2, 10),
    ]
    resolved = stored_screening(Assignment.objects.get()).resolved
    assert (resolved[0]["action"], resolved[0]["swapped_for"]) == ("swapped", "Seated marching")


def test_keeping_it_still_needs_the_reason_and_the_instruction(therapist_client, clinic):
    walk = clinic["walk"]
    refused = submit(therapist_client, clinic, step="confirm", **{f"resolve-{walk.pk}": "override"})

    assert "Give a reason to assign despite the hard stops." in refused.content.decode()
    assert not Assignment.objects.exists()


def test_a_swap_the_review_did_not_offer_is_refused(therapist, clinic):
    walk, jog = clinic["walk"], clinic["jog"]
    with pytest.raises(ValidationError, match="only for an exercise the review offers"):
        assign_program(
            program=clinic["template"],
            patient=clinic["patient"],
            by=therapist,
            starts_on=TODAY,
            swaps={walk.pk: jog.pk},
        )
    # A tampered form falls back to "keep it", which then asks for the reason.
    assert not Assignment.objects.exists()


def test_only_a_hard_stopped_exercise_is_left_out_and_never_the_whole_plan(therapist, clinic):
    common = {"program": clinic["template"], "patient": clinic["patient"], "by": therapist}
    with pytest.raises(ValidationError, match="Only an exercise with a hard stop"):
        assign_program(**common, starts_on=TODAY, leave_out=[clinic["stand"].pk])

    only_walk = make_template(therapist, exercises=[clinic["walk"]])
    with pytest.raises(ValidationError, match="no exercises"):
        assign_program(
            program=only_walk,
            patient=clinic["patient"],
            by=therapist,
            starts_on=TODAY,
            leave_out=[clinic["walk"].pk],
        )
    assert not Assignment.objects.exists()


def test_another_therapists_patient_cannot_be_assigned_this_way(clinic):
    from tests.factories import make_therapist

    other = make_therapist()
    with pytest.raises(Exception, match="not yours"):
        assign_program(
            program=clinic["template"],
            patient=clinic["patient"],
            by=other,
            starts_on=TODAY,
            leave_out=[clinic["walk"].pk],
        )
    assert not Assignment.objects.exists()
