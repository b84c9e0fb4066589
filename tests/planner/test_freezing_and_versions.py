"""An assignment freezes what the patient was given; revising makes a new version."""

import datetime

import pytest

from planner.models import Assignment, AuditEvent, Program, ProgramExercise
from planner.services import assign_program, diff_programs, start_revision
from tests.factories import make_exercise, make_patient, make_template, make_therapist, make_user

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


@pytest.fixture
def therapist():
    return make_therapist()


@pytest.fixture
def assignment(therapist):
    template = make_template(
        therapist, exercises=[make_exercise(name="Sit to stand"), make_exercise(name="Ankle pumps")]
    )
    patient = make_patient(therapist=therapist, user=make_user())
    return assign_program(program=template, patient=patient, by=therapist, starts_on=TODAY)


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


def test_a_frozen_plan_cannot_be_edited_in_the_admin(client, therapist, assignment):
    client.force_login(therapist)
    plan = assignment.program
    url = f"/admin/planner/program/{plan.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    assert "It cannot be changed" in page.content.decode()
    response = client.post(url, {"title": "Sneaky edit"})
    assert response.status_code == 403
    plan.refresh_from_db()
    assert plan.title != "Sneaky edit"


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

    second = assign_program(
        program=draft, patient=assignment.patient, by=therapist, starts_on=TODAY
    )

    assignment.refresh_from_db()
    assert (second.version, second.previous, second.program) == (2, assignment, draft)
    assert assignment.status == "superseded"
    assert [a.version for a in Assignment.objects.current().filter(patient=assignment.patient)] == [
        2
    ]
    # The first version still shows exactly what the patient had.
    assert [(i.sets, i.repetitions) for i in assignment.program.items.order_by("position")] == [
        (2, 10),
        (2, 10),
    ]
    changed = AuditEvent.objects.get(action="changed", object_id=str(second.pk))
    assert changed.detail["replaces_version"] == 1
    assert "Added Bridge: 1 set of 8, once a day, 3 days a week" in changed.detail["changes"]
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
    from django.core.exceptions import ValidationError

    draft = start_revision(assignment=assignment, by=therapist)
    assign_program(program=draft, patient=assignment.patient, by=therapist, starts_on=TODAY)
    assignment.refresh_from_db()
    with pytest.raises(ValidationError, match="newer version"):
        start_revision(assignment=assignment, by=therapist)


def test_the_admin_revise_flow(client, therapist, assignment):
    client.force_login(therapist)
    page = client.get(f"/admin/planner/assignment/{assignment.pk}/change/").content.decode()
    assert "Revise this plan" in page
    assert "Sit to stand" in page

    response = client.post(f"/admin/planner/assignment/{assignment.pk}/revise/")
    draft = Program.objects.exclude(
        pk__in=[assignment.program_id, assignment.program.source_id]
    ).get()
    assert response["Location"] == f"/admin/planner/program/{draft.pk}/change/"
    draft_page = client.get(response["Location"]).content.decode()
    assert "Assign as the next version" in draft_page
    assert "draft of version 2" in draft_page

    client.post(
        "/admin/planner/assignment/add/",
        {
            "step": "confirm",
            "program": draft.pk,
            "patient": assignment.patient_id,
            "starts_on": TODAY.isoformat(),
            "confirm_precautions": "on",
        },
    )
    newest = Assignment.objects.get(version=2)
    page = client.get(f"/admin/planner/assignment/{newest.pk}/change/").content.decode()
    assert "Version 1" in page  # earlier versions are listed
    assert "Revise this plan" in page
    old_page = client.get(f"/admin/planner/assignment/{assignment.pk}/change/").content.decode()
    assert "Replaced by" in old_page
    assert "Revise this plan" not in old_page


def test_the_portal_shows_the_version_number(client, therapist, assignment):
    draft = start_revision(assignment=assignment, by=therapist)
    assign_program(program=draft, patient=assignment.patient, by=therapist, starts_on=TODAY)
    client.force_login(assignment.patient.user)
    html = client.get("/portal/").content.decode()
    assert "Version 2" in html
    assert "Version 1" not in html
