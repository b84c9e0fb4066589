"""Two people editing the same record in the admin, one after the other: the second save, made
from a page opened before the first, is refused with a message, overwrites nothing, and gives the
form back with what was typed. One test per editable clinical record (tests/planner/admin/
editable.py), on SQLite and PostgreSQL alike; the simultaneous case is in test_concurrent_edits."""

import pytest
from django.test import Client

from core.revisions import EDIT_CONFLICT
from exercises.models import Exercise
from planner.models import Assignment, AssignmentStatus
from planner.services import assign_program, start_revision
from tests.factories import make_therapist
from tests.html_forms import form_data
from tests.planner.admin.editable import EDITABLE

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague_client():
    """The clinic admin, who may change every therapist's records."""
    client = Client()
    client.force_login(make_therapist(is_superuser=True))
    return client


def open_page(client, case, obj, **changes) -> dict:
    """The change page as a browser would post it, with ``changes`` typed in."""
    response = client.get(case.change_url(obj))
    assert response.status_code == 200
    return form_data(response.content.decode(), case.form_id, **changes)


@pytest.mark.parametrize("case", EDITABLE, ids=str)
def test_a_save_from_a_page_opened_before_someone_elses_is_refused(
    therapist_client, therapist, colleague_client, case
):
    obj = case.make(therapist)
    opened_at = type(obj).objects.get(pk=obj.pk).revision
    mine = open_page(therapist_client, case, obj, **{case.field: case.mine})
    assert mine["expected_revision"] == str(opened_at)

    theirs = open_page(colleague_client, case, obj, **{case.field: case.theirs})
    assert colleague_client.post(case.change_url(obj), theirs).status_code == 302

    response = therapist_client.post(case.change_url(obj), mine)

    assert response.status_code == 200
    form = response.context["adminform"].form
    noun = case.model._meta.verbose_name
    assert form.non_field_errors() == [EDIT_CONFLICT.format(noun=noun)]
    assert EDIT_CONFLICT.format(noun=noun) in response.content.decode()
    assert form[case.field].value() == case.mine  # what the person typed is still there
    assert case.mine in response.content.decode()
    assert case.stored(obj) == case.theirs  # and nothing of it was saved
    assert obj.revision == opened_at + 1


@pytest.mark.parametrize("case", EDITABLE, ids=str)
def test_after_reloading_the_save_goes_through_and_moves_the_revision_on(
    therapist_client, therapist, case
):
    obj = case.make(therapist)
    opened_at = type(obj).objects.get(pk=obj.pk).revision
    for n, value in enumerate([case.theirs, case.mine], start=1):
        data = open_page(therapist_client, case, obj, **{case.field: value})
        response = therapist_client.post(case.change_url(obj), data)
        assert response.status_code == 302, response.context["adminform"].form.errors
        assert case.stored(obj) == value
        assert obj.revision == opened_at + n


@pytest.mark.parametrize("case", EDITABLE, ids=str)
def test_a_form_posted_without_its_revision_is_refused(therapist_client, therapist, case):
    # Nobody can tell what such a form was opened at, so it cannot be trusted not to overwrite.
    obj = case.make(therapist)
    data = open_page(therapist_client, case, obj, **{case.field: case.mine})
    del data["expected_revision"]
    response = therapist_client.post(case.change_url(obj), data)
    assert response.status_code == 200
    noun = case.model._meta.verbose_name
    assert response.context["adminform"].form.non_field_errors() == [
        EDIT_CONFLICT.format(noun=noun)
    ]
    assert case.stored(obj) != case.mine


def test_a_plan_page_left_open_cannot_set_a_superseded_plan_back_to_active(
    therapist_client, therapist
):
    case = next(c for c in EDITABLE if c.model is Assignment)
    plan = case.make(therapist)
    stale = open_page(therapist_client, case, plan, status="active")
    draft = start_revision(assignment=plan, by=therapist)
    assign_program(program=draft, patient=plan.patient, by=therapist, starts_on=plan.starts_on)

    response = therapist_client.post(case.change_url(plan), stale)

    assert response.status_code == 200
    plan.refresh_from_db()
    assert plan.status == AssignmentStatus.SUPERSEDED


def test_an_exercise_page_left_open_cannot_undo_archiving_it(therapist_client, therapist):
    case = next(c for c in EDITABLE if c.model is Exercise)
    exercise = case.make(therapist)
    stale = open_page(therapist_client, case, exercise, summary="Edited meanwhile.")
    assert stale["is_active"] == "on"
    therapist_client.post(
        "/admin/exercises/exercise/", {"action": "archive", "_selected_action": [exercise.pk]}
    )

    response = therapist_client.post(case.change_url(exercise), stale)

    assert response.status_code == 200
    exercise.refresh_from_db()
    assert (exercise.is_active, exercise.summary) == (False, "A test exercise.")
