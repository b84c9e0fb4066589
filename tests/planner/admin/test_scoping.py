"""Who sees what in the admin (ScopedAdmin): owner, other therapist, superuser, patient,
anonymous."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from planner.models import AuditEvent, LimbMeasurement
from planner.services import create_invite
from tests.factories import make_exercise, make_patient, make_plan, make_session_log, make_user

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
    assignment = make_plan(patient, title=f"{name} template")
    template = assignment.program.source
    log = make_session_log(assignment, pain=2)
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
        "programexercise": log.program_exercise,
    }


@pytest.fixture
def world(therapist, other_therapist):
    return {
        "me": therapist,
        "mine": clinic(therapist, "Maria Mine"),
        "theirs": clinic(other_therapist, "Tom Theirs"),
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
    assert own.context["original"] == world["mine"][model]
    response = client.get(
        f"/admin/planner/{model}/{world['theirs'][model].pk}/change/", follow=True
    )
    assert response.redirect_chain[0] == ("/admin/", 302)
    assert "doesn\u2019t exist. Perhaps it was deleted?" in response.content.decode()


@pytest.mark.parametrize("model", MODELS)
def test_a_superuser_sees_everything(admin_client, world, model):
    pks = changelist_pks(admin_client, model)
    assert {world["mine"][model].pk, world["theirs"][model].pk} <= pks
    theirs = world["theirs"][model]
    response = admin_client.get(f"/admin/planner/{model}/{theirs.pk}/change/")
    assert response.status_code == 200
    assert response.context["original"] == theirs


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


def test_audit_rows_are_read_only_even_for_superusers(admin_client, world):
    event = world["mine"]["auditevent"]
    assert admin_client.get("/admin/planner/auditevent/add/").status_code == 403
    assert admin_client.post(f"/admin/planner/auditevent/{event.pk}/change/", {}).status_code == 403
    assert admin_client.get(f"/admin/planner/auditevent/{event.pk}/delete/").status_code == 403


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


def test_changelist_queries_do_not_grow_from_20_to_200_rows(therapist_client, therapist):
    exercise = make_exercise()
    models = ["patient", "program", "assignment", "sessionlog", "limbmeasurement", "auditevent"]

    def add_rows(count):
        for n in range(count):
            patient = make_patient(therapist=therapist, user=make_user())
            assignment = make_plan(patient, exercises=[exercise])
            make_session_log(assignment)
            LimbMeasurement.objects.create(
                patient=patient,
                measured_on=TODAY - datetime.timedelta(days=n),
                site="calf",
                left_cm=Decimal("35.0"),
                right_cm=Decimal("36.0"),
                measured_by=therapist,
            )

    add_rows(20)
    few = {model: count_changelist_queries(therapist_client, model) for model in models}
    add_rows(180)
    many = {model: count_changelist_queries(therapist_client, model) for model in models}
    for model in models:
        (queries_few, shown_few), (queries_many, shown_many) = few[model], many[model]
        assert shown_many > shown_few, model
        assert queries_many == queries_few, model
