"""Who sees what in the admin: owner, other therapist, superuser, patient, anonymous."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from planner.models import AuditEvent, LimbMeasurement, SessionLog
from planner.services import assign_program, create_invite
from tests.factories import make_exercise, make_patient, make_template, make_therapist, make_user

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
MODELS = [
    "invite",
    "patient",
    "program",
    "assignment",
    "sessionlog",
    "limbmeasurement",
    "auditevent",
    "programexercise",
]


def clinic(therapist, name):
    """One therapist's patient with a plan, a log, a measurement and an audit row."""
    patient = make_patient(therapist=therapist, display_name=name, user=make_user())
    template = make_template(therapist, exercises=[make_exercise()], title=f"{name} template")
    assignment = assign_program(program=template, patient=patient, by=therapist, starts_on=TODAY)
    item = assignment.program.items.get()
    log = SessionLog.objects.create(
        assignment=assignment, program_exercise=item, performed_on=TODAY, pain=2
    )
    measurement = LimbMeasurement.objects.create(
        patient=patient,
        measured_on=TODAY,
        site="thigh",
        left_cm=Decimal("44.0"),
        right_cm=Decimal("47.0"),
        measured_by=therapist,
    )
    newcomer = make_patient(therapist=therapist, display_name=f"{name} newcomer")
    invite, _ = create_invite(patient=newcomer, by=therapist)
    return {
        "invite": invite,
        "patient": patient,
        "program": template,
        "assignment": assignment,
        "sessionlog": log,
        "limbmeasurement": measurement,
        "auditevent": AuditEvent.objects.filter(patient=patient).first(),
        "programexercise": item,
    }


@pytest.fixture
def world():
    mine, theirs = make_therapist("mine"), make_therapist("theirs")
    return {
        "me": mine,
        "other": theirs,
        "mine": clinic(mine, "Maria Mine"),
        "theirs": clinic(theirs, "Tom Theirs"),
    }


def changelist_pks(client, model):
    response = client.get(
        f"/admin/planner/{model}/", {"archived": "all"} if model == "patient" else {}
    )
    assert response.status_code == 200
    return {obj.pk for obj in response.context["cl"].result_list}


@pytest.mark.parametrize("model", MODELS)
def test_a_therapist_lists_only_their_own(client, world, model):
    client.force_login(world["me"])
    pks = changelist_pks(client, model)
    assert world["mine"][model].pk in pks
    assert world["theirs"][model].pk not in pks


@pytest.mark.parametrize("model", MODELS)
def test_another_therapists_object_does_not_exist_for_me(client, world, model):
    client.force_login(world["me"])
    own = client.get(f"/admin/planner/{model}/{world['mine'][model].pk}/change/")
    assert own.status_code == 200
    response = client.get(
        f"/admin/planner/{model}/{world['theirs'][model].pk}/change/", follow=True
    )
    assert response.redirect_chain[0] == ("/admin/", 302)
    assert "doesn\u2019t exist. Perhaps it was deleted?" in response.content.decode()


@pytest.mark.parametrize("model", MODELS)
def test_a_superuser_sees_everything(admin_client, world, model):
    pks = changelist_pks(admin_client, model)
    assert {world["mine"][model].pk, world["theirs"][model].pk} <= pks
    assert (
        admin_client.get(f"/admin/planner/{model}/{world['theirs'][model].pk}/change/").status_code
        == 200
    )


@pytest.mark.parametrize("model", MODELS)
def test_patient_accounts_and_anonymous_are_sent_to_the_admin_login(client, world, model):
    url = f"/admin/planner/{model}/{world['mine'][model].pk}/change/"
    assert client.get(url)["Location"].startswith("/admin/login/")
    client.force_login(world["mine"]["patient"].user)
    assert client.get(url)["Location"].startswith("/admin/login/")
    assert client.get(f"/admin/planner/{model}/")["Location"].startswith("/admin/login/")


def test_shared_templates_are_visible_to_other_therapists(client, world):
    template = world["theirs"]["program"]
    template.is_shared = True
    template.save()
    client.force_login(world["me"])
    assert template.pk in changelist_pks(client, "program")
    # ...but the patient plans copied from it stay private.
    assert world["theirs"]["assignment"].program_id not in changelist_pks(client, "program")


def test_viewing_a_patient_is_audited(client, world):
    client.force_login(world["me"])
    patient = world["mine"]["patient"]
    client.get(f"/admin/planner/patient/{patient.pk}/change/")
    event = AuditEvent.objects.filter(action="viewed").get()
    assert (event.actor, event.patient, event.object_repr) == (world["me"], patient, "Maria Mine")


def test_audit_rows_are_read_only_even_for_superusers(admin_client, world):
    event = world["mine"]["auditevent"]
    assert admin_client.get("/admin/planner/auditevent/add/").status_code == 403
    assert admin_client.post(f"/admin/planner/auditevent/{event.pk}/change/", {}).status_code == 403
    assert admin_client.get(f"/admin/planner/auditevent/{event.pk}/delete/").status_code == 403


def test_a_therapists_new_patient_is_their_own(client, world):
    client.force_login(world["me"])
    response = client.post(
        "/admin/planner/patient/add/",
        {
            "display_name": "New Person",
            "therapist": world["other"].pk,  # ignored: the field is not on a therapist's form
            "atrophy_type": "pathologic",
            "preferred_language": "en",
            "assignments-TOTAL_FORMS": 0,
            "assignments-INITIAL_FORMS": 0,
            "assignments-MIN_NUM_FORMS": 0,
            "assignments-MAX_NUM_FORMS": 1000,
        },
    )
    assert response.status_code == 302
    assert (
        get_user_model()
        .objects.get(username="mine")
        .patients.filter(display_name="New Person")
        .exists()
    )


def test_patients_are_archived_not_deleted(client, world):
    client.force_login(world["me"])
    patient = world["mine"]["patient"]
    assert client.get(f"/admin/planner/patient/{patient.pk}/delete/").status_code == 403
    client.post("/admin/planner/patient/", {"action": "archive", "_selected_action": [patient.pk]})
    patient.refresh_from_db()
    assert patient.is_archived
    assert AuditEvent.objects.filter(action="archived", patient=patient).exists()
    # The list opens on active patients; archived ones are one filter away.
    assert patient not in client.get("/admin/planner/patient/").context["cl"].result_list
    archived = client.get("/admin/planner/patient/", {"archived": "yes"}).context["cl"].result_list
    assert list(archived) == [patient]
    client.post(
        "/admin/planner/patient/?archived=yes",
        {"action": "restore", "_selected_action": [patient.pk]},
    )
    patient.refresh_from_db()
    assert not patient.is_archived


def test_protected_deletes_explain_instead_of_failing(admin_client, world):
    patient = world["mine"]["patient"]
    response = admin_client.post(f"/admin/planner/patient/{patient.pk}/delete/", {"post": "yes"})
    assert response.status_code == 200
    assert (
        "would require deleting the following protected related objects"
        in response.content.decode()
    )
    assert type(patient).objects.filter(pk=patient.pk).exists()
    plan = world["mine"]["assignment"].program
    response = admin_client.post(f"/admin/planner/program/{plan.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403  # a plan handed to a patient is frozen, deleting included


def count_changelist_queries(client, model):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/admin/planner/{model}/")
    assert response.status_code == 200
    return len(queries), len(response.context["cl"].result_list)


def test_changelist_queries_do_not_grow_from_20_to_200_rows(client):
    therapist = make_therapist()
    client.force_login(therapist)
    exercise = make_exercise()
    models = ["patient", "program", "assignment", "sessionlog", "limbmeasurement", "auditevent"]

    def add_rows(count):
        for n in range(count):
            patient = make_patient(therapist=therapist, user=make_user())
            template = make_template(therapist, exercises=[exercise])
            assignment = assign_program(
                program=template, patient=patient, by=therapist, starts_on=TODAY
            )
            SessionLog.objects.create(
                assignment=assignment,
                program_exercise=assignment.program.items.get(),
                performed_on=TODAY,
            )
            LimbMeasurement.objects.create(
                patient=patient,
                measured_on=TODAY - datetime.timedelta(days=n),
                site="calf",
                left_cm=Decimal("35.0"),
                right_cm=Decimal("36.0"),
                measured_by=therapist,
            )

    add_rows(20)
    few = {model: count_changelist_queries(client, model) for model in models}
    add_rows(180)
    many = {model: count_changelist_queries(client, model) for model in models}
    for model in models:
        (queries_few, shown_few), (queries_many, shown_many) = few[model], many[model]
        assert shown_many > shown_few, model
        assert queries_many == queries_few, model
