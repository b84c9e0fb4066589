"""core.revisions: one edit-conflict check, given to every admin of a revisioned record. The
conflicts themselves are tested through each admin in tests/planner/admin/test_edit_conflicts.py
and test_concurrent_edits.py."""

import pytest
from django.apps import apps
from django.contrib import admin

from core.revisions import EditConflictAdmin, Revisioned, RevisionedForm
from tests.factories import make_exercise, make_template

pytestmark = pytest.mark.django_db

REVISIONED = sorted(
    (m for m in apps.get_models() if issubclass(m, Revisioned)), key=lambda m: m._meta.label
)


def test_the_seven_editable_clinical_records_are_revisioned():
    assert [m._meta.label for m in REVISIONED] == [
        "exercises.Condition",
        "exercises.Exercise",
        "planner.Assignment",
        "planner.FunctionTest",
        "planner.LimbMeasurement",
        "planner.Patient",
        "planner.Program",
    ]


@pytest.mark.parametrize("model", REVISIONED, ids=lambda m: m._meta.label)
def test_every_revisioned_record_is_edited_with_the_check(model):
    model_admin = admin.site._registry[model]
    assert isinstance(model_admin, EditConflictAdmin)
    assert issubclass(model_admin.form, RevisionedForm)


def test_the_add_page_carries_no_revision(therapist_client):
    html = therapist_client.get("/admin/planner/patient/add/").content.decode()
    assert 'name="display_name"' in html
    assert "expected_revision" not in html


def test_a_read_only_page_shows_no_revision_row(therapist_client, other_therapist):
    shared = make_template(other_therapist, exercises=[make_exercise()], is_shared=True)
    html = therapist_client.get(f"/admin/planner/program/{shared.pk}/change/").content.decode()
    assert shared.title in html
    assert "expected_revision" not in html
    assert "Expected revision" not in html
