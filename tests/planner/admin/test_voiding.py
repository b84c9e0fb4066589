"""Clinical records in the admin: voided with a reason (the list action and the record's own
button), hidden from lists by default, struck through, audited; deleted by nobody, the clinic
admin included; what a patient reported is read-only to staff."""

import datetime
from decimal import Decimal

import pytest

from planner.models import Assignment, AuditEvent, FunctionTest, LimbMeasurement, SessionLog
from planner.services import void_record
from planner.services.records import REASON_REQUIRED
from tests.factories import make_session_log

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
MODELS = {
    "sessionlog": SessionLog,
    "limbmeasurement": LimbMeasurement,
    "functiontest": FunctionTest,
    "assignment": Assignment,
}


@pytest.fixture
def records(assignment, therapist):
    """One of each voidable record for ``therapist``'s patient."""
    return {
        "sessionlog": make_session_log(assignment, pain=4, note="Hard today"),
        "limbmeasurement": LimbMeasurement.objects.create(
            patient=assignment.patient,
            measured_on=TODAY,
            site="thigh",
            left_cm=Decimal("44.0"),
            right_cm=Decimal("47.0"),
            measured_by=therapist,
        ),
        "functiontest": FunctionTest.objects.create(
            patient=assignment.patient, tested_on=TODAY, chair_stands=9, measured_by=therapist
        ),
        "assignment": assignment,
    }


def changelist(model):
    return f"/admin/planner/{model}/"


def listed(client, model, **params):
    return list(client.get(changelist(model), params).context["cl"].result_list)


def void_action(client, model, record, **extra):
    data = {"action": "void_selected", "_selected_action": [record.pk], **extra}
    return client.post(changelist(model), data)


@pytest.mark.parametrize("model", MODELS)
def test_the_action_asks_for_the_reason_before_voiding(therapist_client, records, model):
    record = records[model]
    response = void_action(therapist_client, model, record)
    assert response.status_code == 200
    html = response.content.decode()
    assert "as entered in error?" in html
    assert str(record) in html
    assert 'name="reason"' in html
    assert not MODELS[model].objects.get(pk=record.pk).is_voided


@pytest.mark.parametrize("model", MODELS)
def test_the_action_refuses_an_empty_reason(therapist_client, records, model):
    record = records[model]
    response = void_action(therapist_client, model, record, post="yes", reason="  ")
    assert response.status_code == 200
    assert REASON_REQUIRED in response.content.decode()
    assert not MODELS[model].objects.get(pk=record.pk).is_voided
    assert not AuditEvent.objects.filter(action="voided").exists()


@pytest.mark.parametrize("model", MODELS)
def test_voiding_from_the_list_is_audited_and_hides_the_row(
    therapist_client, therapist, records, model
):
    record = records[model]
    response = void_action(therapist_client, model, record, post="yes", reason="Wrong patient.")
    assert response.status_code == 302
    voided = MODELS[model].objects.get(pk=record.pk)
    assert (voided.is_voided, voided.voided_by, voided.void_reason) == (
        True,
        therapist,
        "Wrong patient.",
    )
    event = AuditEvent.objects.get(action="voided")
    assert (event.actor, event.object_id, event.detail) == (
        therapist,
        str(record.pk),
        {"reason": "Wrong patient."},
    )
    # Hidden by default, one filter away, and struck through (with the word) when shown.
    assert record not in listed(therapist_client, model)
    assert listed(therapist_client, model, voided="yes") == [record]
    assert record in listed(therapist_client, model, voided="all")
    html = therapist_client.get(changelist(model), {"voided": "all"}).content.decode()
    assert '<strong class="voided-row">Voided</strong>: Wrong patient.' in html
    assert html.count('class="voided-row"') == 1
    assert "css/admin-tools.css" in html  # the stylesheet that strikes the row through


def test_the_action_only_reaches_records_in_scope(client, other_therapist, records):
    client.force_login(other_therapist)
    log = records["sessionlog"]
    void_action(client, "sessionlog", log, post="yes", reason="Not mine.")
    assert not SessionLog.objects.get(pk=log.pk).is_voided


@pytest.mark.parametrize("model", MODELS)
def test_the_record_page_has_a_void_button(therapist_client, therapist, records, model):
    record = records[model]
    page = f"{changelist(model)}{record.pk}/change/"
    void_url = f"{changelist(model)}{record.pk}/void/"
    assert f'href="{void_url}"' in therapist_client.get(page).content.decode()
    form = therapist_client.get(void_url)
    assert form.status_code == 200
    assert 'name="reason"' in form.content.decode()
    refused = therapist_client.post(void_url, {"reason": ""})
    assert REASON_REQUIRED in refused.content.decode()
    assert not MODELS[model].objects.get(pk=record.pk).is_voided

    response = therapist_client.post(void_url, {"reason": "Entered twice."})
    assert response["Location"] == page
    assert MODELS[model].objects.get(pk=record.pk).void_reason == "Entered twice."
    html = therapist_client.get(page).content.decode()
    assert 'id="voided-note"' in html
    assert f"by {therapist.username}, as entered in error: Entered twice." in html
    assert f'href="{void_url}"' not in html
    # Voided once: the button and the URL are gone, and the record can no longer be changed.
    assert therapist_client.post(void_url, {"reason": "Again."}).status_code == 403
    assert AuditEvent.objects.filter(action="voided").count() == 1


@pytest.mark.parametrize("model", MODELS)
def test_another_therapist_cannot_open_the_void_page(client, other_therapist, records, model):
    client.force_login(other_therapist)
    record = records[model]
    assert client.post(f"{changelist(model)}{record.pk}/void/", {"reason": "x"}).status_code == 404
    assert not MODELS[model].objects.get(pk=record.pk).is_voided
    denied = AuditEvent.objects.get(action="denied")
    assert (denied.actor, denied.object_id) == (other_therapist, str(record.pk))


@pytest.mark.parametrize("who", ["therapist", "superuser"])
@pytest.mark.parametrize("model", [*MODELS, "auditevent"])
def test_nobody_deletes_clinical_records(client, therapist, admin_user, records, who, model):
    client.force_login(therapist if who == "therapist" else admin_user)
    record = records.get(model) or AuditEvent.objects.filter(patient__isnull=False).first()
    url = f"{changelist(model)}{record.pk}/delete/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"post": "yes"}).status_code == 403
    page = client.get(changelist(model), {"voided": "all"} if model != "auditevent" else {})
    action_form = page.context["action_form"]  # None when a list has no actions at all
    actions = [name for name, _ in action_form.fields["action"].choices] if action_form else []
    assert "delete_selected" not in actions
    client.post(
        changelist(model),
        {"action": "delete_selected", "_selected_action": [record.pk], "post": "yes"},
    )
    assert type(record).objects.filter(pk=record.pk).exists()


@pytest.mark.parametrize("who", ["therapist", "superuser"])
def test_what_a_patient_reported_is_read_only_to_staff(client, therapist, admin_user, records, who):
    client.force_login(therapist if who == "therapist" else admin_user)
    log = records["sessionlog"]
    page = client.get(f"/admin/planner/sessionlog/{log.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Hard today" in html
    for field in ["done", "sets_done", "pain", "effort", "note", "heavier_next_day"]:
        assert f'name="{field}"' not in html
    data = {"pain": "0", "note": "Edited", "done": "on", "performed_on": TODAY.isoformat()}
    assert client.post(f"/admin/planner/sessionlog/{log.pk}/change/", data).status_code == 403
    assert client.get("/admin/planner/sessionlog/add/").status_code == 403
    log.refresh_from_db()
    assert (log.pain, log.note) == (4, "Hard today")


def test_voiding_fields_are_never_typed_into_a_form(therapist_client, records):
    measurement = records["limbmeasurement"]
    url = f"/admin/planner/limbmeasurement/{measurement.pk}/change/"
    html = therapist_client.get(url).content.decode()
    for field in ["voided_at", "voided_by", "void_reason"]:
        assert f'name="{field}"' not in html


def test_a_voided_record_is_no_longer_changed(therapist_client, therapist, records):
    measurement = records["limbmeasurement"]
    void_record(record=measurement, by=therapist, reason="Wrong site.")
    url = f"/admin/planner/limbmeasurement/{measurement.pk}/change/"
    data = {"measured_on": TODAY.isoformat(), "site": "calf", "left_cm": "30", "right_cm": "31"}
    assert therapist_client.post(url, data).status_code == 403
    measurement.refresh_from_db()
    assert measurement.site == "thigh"


def test_a_voided_plan_leaves_the_patient_page_and_its_count(therapist_client, therapist, records):
    plan = records["assignment"]
    patient_url = f"/admin/planner/patient/{plan.patient_id}/change/"

    def plans_shown():
        inlines = therapist_client.get(patient_url).context["inline_admin_formsets"]
        (plans,) = [i for i in inlines if i.formset.prefix == "assignments"]
        return [form.instance for form in plans.formset]

    assert plans_shown() == [plan]
    void_record(record=plan, by=therapist, reason="Assigned by mistake.")
    assert plans_shown() == []
    row = listed(therapist_client, "patient")[0]
    assert row.active_plan_count == 0


def test_deleting_a_patient_with_records_still_says_archive_instead(admin_client, records):
    patient = records["assignment"].patient
    response = admin_client.post(f"/admin/planner/patient/{patient.pk}/delete/", {"post": "yes"})
    html = response.content.decode()
    assert "archive them instead" in html
    assert type(patient).objects.filter(pk=patient.pk).exists()
