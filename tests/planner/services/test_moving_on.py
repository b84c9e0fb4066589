"""Easier and harder versions (issue 12): the rule for moving on is given with the plan, names the
next step, stays as given when the library changes, and is printed on the handout and shown in
the portal. A loaded exercise done on 2 or 3 days a week says to leave a day off between."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from exercises.models import Category, Load
from exercises.text import progress_text
from planner.handout import load_handout, render_handout, wording
from tests.factories import make_exercise, make_plan

pytestmark = pytest.mark.django_db

RULE = "When all your sets feel easy for 1 week, ask your therapist about the next step."


@pytest.fixture
def sit_to_stand():
    with_hands = make_exercise(
        name="Sit to stand with hands", category=Category.FUNCTIONAL, progress_rule=RULE
    )
    no_hands = make_exercise(name="Sit to stand without hands", category=Category.FUNCTIONAL)
    with_hands.harder_versions.add(no_hands)
    return with_hands, no_hands


def test_the_rule_names_the_next_step(sit_to_stand):
    with_hands, no_hands = sit_to_stand

    assert with_hands.text().progress == f"{RULE} Next step: Sit to stand without hands."
    # The top of a chain, with no rule of its own, has nothing to say.
    assert no_hands.text().progress == ""
    assert list(no_hands.easier_versions.all()) == [with_hands]


def test_several_next_steps_are_named_in_order():
    assert progress_text(RULE, ["B step", "A step"][::-1]) == f"{RULE} Next step: A step or B step."
    assert progress_text("  ", ["A step"]) == ""


def test_the_rule_is_given_with_the_plan_and_kept(patient, sit_to_stand):
    with_hands, _ = sit_to_stand
    assignment = make_plan(patient, exercises=[with_hands])

    with_hands.progress_rule = "A new rule from the library."
    with_hands.save()

    row = assignment.program.items.get()
    assert row.given.progress == f"{RULE} Next step: Sit to stand without hands."
    card = load_handout(assignment).cards[0]
    assert card.progress == row.given.progress


def test_the_handout_prints_the_rule_under_moving_on(patient, sit_to_stand):
    with_hands, _ = sit_to_stand
    assignment = make_plan(patient, exercises=[with_hands])

    pdf = render_handout(assignment)

    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)
    assert wording.MOVING_ON in text
    assert "Next step: Sit to stand without hands." in text


def test_the_portal_shows_the_rule(client, sit_to_stand):
    with_hands, _ = sit_to_stand
    assignment = make_plan(exercises=[with_hands])  # a patient with a portal account
    client.force_login(assignment.patient.user)

    page = client.get(reverse("portal:home")).content.decode()

    assert "Moving on:" in page
    assert "Next step: Sit to stand without hands." in page


def test_an_exercise_without_a_harder_version_prints_no_rule(patient):
    assignment = make_plan(patient, exercises=[make_exercise(name="Ankle pumps")])

    pdf = render_handout(assignment)

    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert wording.MOVING_ON not in text


@pytest.mark.parametrize(
    ("load", "days", "says"),
    [
        (Load.RESISTED, 3, "3 days a week, with a day off between"),
        (Load.BODY_WEIGHT, 2, "2 days a week, with a day off between"),
        (Load.BODY_WEIGHT, 5, "5 days a week"),
        (Load.NONE, 3, "3 days a week"),
    ],
)
def test_loaded_work_on_two_or_three_days_says_to_leave_a_day_off(patient, load, days, says):
    exercise = make_exercise(name="Wall push-up", category=Category.FUNCTIONAL, load=load)
    assignment = make_plan(patient, exercises=[exercise])
    row = assignment.program.items.get()
    row.days_per_week = days

    assert row.dosage_sentence.endswith(says)
    assert ("day off" in row.dosage_sentence) == (says.endswith("between"))
