"""List actions say what they left undone and why: rows already in the state asked for, rows the
user may not change, rows that could not be reached, and a print with nothing printable."""

import pytest
from django.utils import timezone

from planner.models import Assignment, Patient, Program
from tests.factories import make_exercise, make_patient, make_plan, make_template, make_user

pytestmark = pytest.mark.django_db


def run(client, url, action, *objs):
    data = {"action": action, "_selected_action": [o.pk for o in objs]}
    return client.post(url, data, follow=True)


def said(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_archiving_patients_says_which_were_left_and_why(
    therapist_client, therapist, other_therapist
):
    active = make_patient(therapist, display_name="Ana Active")
    archived = make_patient(therapist, display_name="Ben Archived", archived_at=timezone.now())
    theirs = make_patient(other_therapist, display_name="Cora Colleague's")

    response = run(
        therapist_client,
        "/admin/planner/patient/?archived=all",
        "archive",
        active,
        archived,
        theirs,
    )

    assert said(response) == [
        "Archived: Ana Active. Their plans, logs and measurements are kept.",
        "Already archived, so left as they were: Ben Archived.",
        "1 of the selected patients could not be found or are not yours; nothing was done to them.",
    ]
    assert Patient.objects.get(pk=active.pk).is_archived
    assert not Patient.objects.get(pk=theirs.pk).is_archived


def test_restoring_patients_that_are_not_archived_says_so(therapist_client, therapist):
    active = make_patient(therapist, display_name="Ana Active")
    response = run(therapist_client, "/admin/planner/patient/?archived=all", "restore", active)
    assert said(response) == ["Not archived, so left as they were: Ana Active."]


def test_a_program_too_long_to_copy_is_named_and_not_copied(therapist_client, therapist):
    exercise = make_exercise()
    small = make_template(therapist, exercises=[exercise], title="Small")
    big = make_template(therapist, exercises=[exercise] * 61, title="Big")  # from before the limit
    response = run(therapist_client, "/admin/planner/program/", "duplicate", small, big)
    assert said(response) == [
        "Made: Copy of Small.",
        "A program holds at most 60 exercises; this one has 61. Remove some, or split it into "
        "two programs. Not copied: Big.",
    ]
    assert not Program.objects.filter(title="Copy of Big").exists()


def test_duplicating_a_colleagues_private_template_says_it_was_not_reached(
    therapist_client, other_therapist
):
    private = make_template(other_therapist, exercises=[make_exercise()], title="Private")
    response = run(therapist_client, "/admin/planner/program/", "duplicate", private)
    assert said(response) == [
        "1 of the selected programs could not be found or are not yours; nothing was done to them."
    ]
    assert Program.objects.count() == 1


def test_archiving_an_archived_template_says_so(therapist_client, therapist):
    done = make_template(therapist, title="Old", archived_at=timezone.now())
    response = run(therapist_client, "/admin/planner/program/?archived=all", "archive", done)
    assert said(response) == ["Already archived, so left as they were: Old."]


@pytest.fixture
def plans(therapist):
    return [make_plan(make_patient(therapist, user=make_user())) for _ in range(2)]


def test_printing_only_voided_plans_answers_with_a_message_not_an_empty_pdf(
    therapist_client, plans
):
    Assignment.objects.filter(pk=plans[0].pk).update(
        voided_at=timezone.now(), void_reason="Entered for the wrong patient."
    )
    response = run(
        therapist_client, "/admin/planner/assignment/?voided=all", "print_handouts", plans[0]
    )
    assert response["Content-Type"].startswith("text/html")
    assert said(response) == [
        f"Voided as entered in error, so not printed: {plans[0]}.",
        "Nothing was printed.",
    ]


def test_printing_plans_that_are_not_yours_answers_with_a_message(client, other_therapist, plans):
    client.force_login(other_therapist)
    response = run(client, "/admin/planner/assignment/", "print_handouts", *plans)
    assert response["Content-Type"].startswith("text/html")
    assert said(response) == [
        "2 of the selected assignments could not be found or are not yours; "
        "nothing was done to them.",
        "Nothing was printed.",
    ]


def test_printing_prints_the_printable_and_names_the_rest(therapist_client, plans):
    Assignment.objects.filter(pk=plans[0].pk).update(voided_at=timezone.now())
    response = therapist_client.post(
        "/admin/planner/assignment/?voided=all",
        {"action": "print_handouts", "_selected_action": [p.pk for p in plans]},
    )
    assert response["Content-Type"] == "application/pdf"
    following = therapist_client.get("/admin/planner/assignment/")
    assert said(following) == [f"Voided as entered in error, so not printed: {plans[0]}."]
