"""The patient admin: a therapist's new patient and their sign-in code, archiving instead of
deleting, the audited patient page and its next-day check-in alerts."""

import pytest

from planner import invites
from planner.models import AuditEvent, Invite, Patient
from planner.services import create_invite
from tests.factories import make_session_log, make_user
from tests.html_forms import add_patient

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/planner/patient/"


def change_page(client, patient) -> str:
    return client.get(f"{CHANGELIST}{patient.pk}/change/").content.decode()


def test_a_therapists_new_patient_is_their_own(therapist_client, therapist, other_therapist):
    # The therapist field is not on a therapist's form, so a posted one is ignored.
    response = add_patient(therapist_client, therapist=other_therapist.pk)
    assert response["Location"] == CHANGELIST
    assert Patient.objects.get(display_name="New Person").therapist == therapist


def test_a_new_patient_gets_a_code_shown_on_their_page(therapist_client):
    add_patient(therapist_client)
    patient = Patient.objects.get(display_name="New Person")
    invite = Invite.objects.get(patient=patient)
    html = change_page(therapist_client, patient)
    assert invites.code_for(invite.nonce) in html
    assert "/accounts/activate/" in html


def test_the_therapist_can_make_a_new_code(therapist_client, patient):
    _, code = create_invite(patient=patient, by=patient.therapist)
    response = therapist_client.post(f"{CHANGELIST}{patient.pk}/invite/", follow=True)
    newer = invites.code_for(Invite.objects.usable().get().nonce)
    assert newer != code
    assert f"New sign-in code for Maria Lopez: {newer}" in response.content.decode()


def test_another_therapist_cannot_make_a_code(client, patient, other_therapist):
    client.force_login(other_therapist)
    assert client.post(f"{CHANGELIST}{patient.pk}/invite/").status_code == 404
    assert not Invite.objects.exists()


def test_a_patient_with_an_account_gets_a_code_for_a_new_password(therapist_client, patient):
    patient.user = make_user("maria")
    patient.save()
    assert "If they forget their password" in change_page(therapist_client, patient)
    response = therapist_client.post(f"{CHANGELIST}{patient.pk}/invite/", follow=True)
    code = invites.code_for(Invite.objects.usable().get(patient=patient).nonce)
    html = response.content.decode()
    assert (
        f"New sign-in code for Maria Lopez: {code}. They enter it at /accounts/activate/ to "
        "choose a new password; their username stays." in html
    )
    # The Sign-in box says what the code is for, and that it is not on the handout.
    assert f"New-password code <strong class='sign-in-code'>{code}" in html
    assert "their old password works until then. It is not printed on the handout." in html


def test_no_code_for_a_staff_account(therapist_client, patient):
    patient.user = make_user(is_staff=True)
    patient.save()
    response = therapist_client.post(f"{CHANGELIST}{patient.pk}/invite/", follow=True)
    assert "a clinic administrator manages it under Users" in response.content.decode()
    assert not Invite.objects.exists()


def test_viewing_a_patient_is_audited(therapist_client, therapist, patient):
    assert "Maria Lopez" in change_page(therapist_client, patient)
    event = AuditEvent.objects.filter(action="viewed").get()
    assert (event.actor, event.patient, event.object_repr) == (therapist, patient, "Maria Lopez")


def test_patients_are_archived_not_deleted(therapist_client, patient):
    assert therapist_client.get(f"{CHANGELIST}{patient.pk}/delete/").status_code == 403
    therapist_client.post(CHANGELIST, {"action": "archive", "_selected_action": [patient.pk]})
    patient.refresh_from_db()
    assert patient.is_archived
    assert AuditEvent.objects.filter(action="archived", patient=patient).exists()
    # The list opens on active patients; archived ones are one filter away.
    assert patient not in therapist_client.get(CHANGELIST).context["cl"].result_list
    archived = therapist_client.get(CHANGELIST, {"archived": "yes"}).context["cl"].result_list
    assert list(archived) == [patient]
    therapist_client.post(
        f"{CHANGELIST}?archived=yes", {"action": "restore", "_selected_action": [patient.pk]}
    )
    patient.refresh_from_db()
    assert not patient.is_archived


def test_the_therapist_sees_a_next_day_heaviness_report(therapist_client, assignment):
    assert "No reports of heavier or weaker limbs." in change_page(
        therapist_client, assignment.patient
    )
    day = make_session_log(assignment, done=True, heavier_next_day=True).performed_on
    html = change_page(therapist_client, assignment.patient)
    assert f"Felt heavier or weaker the day after exercising on: {day.day} {day:%b}" in html


def test_each_patient_row_offers_to_assign_a_program(therapist_client, therapist):
    """From the patient list straight to the assign form for that patient (issue 14)."""
    from django.utils import timezone

    from tests.factories import make_patient

    active = make_patient(therapist=therapist, display_name="Ana Ruiz")
    archived = make_patient(therapist=therapist, display_name="Old Patient")
    archived.archived_at = timezone.now()
    archived.save()

    listing = therapist_client.get("/admin/planner/patient/?archived=all").content.decode()
    link = f'href="/admin/planner/assignment/add/?patient={active.pk}"'
    assert link in listing
    assert f"?patient={archived.pk}" not in listing

    form = therapist_client.get(f"/admin/planner/assignment/add/?patient={active.pk}")
    assert form.context["form"]["patient"].value() == str(active.pk)


def test_conditions_are_ticked_in_their_screening_groups(therapist_client):
    """One click a condition, grouped as the catalogue groups them, with a search box (issue 14)."""
    from exercises.models import Condition
    from planner.models import Patient
    from tests.factories import make_condition
    from tests.html_forms import add_patient

    wound = make_condition(name="Open wound", group="aquatic")
    falls = make_condition(name="Risk of falls", group="general")
    make_condition(name="Retired condition", group="general", is_active=False)

    page = therapist_client.get("/admin/planner/patient/add/").content.decode()
    assert "<legend>Pool screening</legend>" in page
    assert "<legend>General</legend>" in page
    assert f'value="{wound.pk}" id="id_conditions_' in page
    assert 'class="condition-search"' in page
    assert "Retired condition" not in page

    add_patient(therapist_client, display_name="Ana Ruiz", conditions=[wound.pk, falls.pk])
    patient = Patient.objects.get(display_name="Ana Ruiz")
    assert set(patient.conditions.all()) == set(
        Condition.objects.filter(pk__in=[wound.pk, falls.pk])
    )
