"""Every URL the project serves, for every kind of person, GET and POST, with real ids.

The URLs come from the URL configuration itself (the admin's included), so a new page is covered
the day it is added: a route this file cannot fill in fails ``test_every_route_is_covered``.

Six people: nobody signed in, patient A, patient B, A's therapist, another therapist, and a clinic
admin. Each route is asked for A's objects (or A's therapist's), and for each person:
- no response is a server error;
- nothing of a patient the person may not see appears in the page (each patient's name is a
  unique marker);
- a POST by anyone but A's therapist or the clinic admin changes no clinical row;
- A's therapist opening a page of A's records, and A opening their portal pages, writes an audit
  event about A; the other therapist asking for one of A's records writes a denial.
"""

import datetime
import hashlib
import json
import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from exercises.models import AtrophyType, Condition, Exercise
from planner.models import (
    ActivationFailure,
    AuditAction,
    AuditEvent,
    BatchStatus,
    FunctionTest,
    HandoutBatch,
    Invite,
    LimbMeasurement,
    Patient,
    Reminder,
    SafetyNote,
    SessionLog,
)
from planner.services import create_invite
from tests.factories import (
    make_condition,
    make_exercise,
    make_patient,
    make_plan,
    make_session_log,
    make_therapist,
    make_user,
)

pytestmark = pytest.mark.django_db

MARKERS = {"a": "Alma Quintero-Zed", "b": "Bruno Hidalgo-Zed", "c": "Cora Unlinked-Zed"}
# Which patients' names each person must never be shown.
FORBIDDEN = {
    "anonymous": {"a", "b", "c"},
    "patient_a": {"b", "c"},
    "patient_b": {"a", "c"},
    "therapist_a": {"b"},
    "other_therapist": {"a", "c"},
    "superuser": set(),
}
# People allowed to change A's records; a POST by anyone else must change nothing clinical.
MAY_WRITE = {"therapist_a", "superuser"}
# Rows whose content must not change under an unauthorised POST (the clinic profile too: it is
# whom patients call). The audit trail, throttling rows and sessions are written on refusals by
# design.
CLINICAL_MODELS = [
    "planner.Patient",
    "planner.Program",
    "planner.ProgramExercise",
    "planner.Assignment",
    "planner.SessionLog",
    "planner.LimbMeasurement",
    "planner.FunctionTest",
    "planner.Invite",
    "planner.Reminder",
    "planner.SafetyNote",
    "planner.ClinicProfile",
    "exercises.Exercise",
    "exercises.Condition",
    "auth.User",
    "auth.Group",
]
SKIPPED_ROUTES = {
    # Serves uploaded files from MEDIA_ROOT in development only; no patient data.
    "^media/(?P<path>.*)$",
}


def routes():
    """(route, name, model admin or None) for every URL pattern of the project."""

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern), pattern.callback

    for route, callback in walk(get_resolver().url_patterns):
        if route in SKIPPED_ROUTES:
            continue
        wrapped = getattr(callback, "__wrapped__", None)
        model_admin = getattr(wrapped, "__self__", None) or getattr(callback, "model_admin", None)
        if not isinstance(model_admin, admin.ModelAdmin):
            model_admin = None
        yield route, model_admin


ROUTES = sorted(set(routes()), key=lambda r: r[0])


@pytest.fixture
def world():
    """Two therapists, a clinic admin, patient A (with a plan, a log and a measurement) and
    patient C of A's therapist, and patient B of the other therapist."""
    therapist_a = make_therapist("therapist_a")
    other = make_therapist("other_therapist")
    superuser = get_user_model().objects.create_superuser("clinic_admin", password="x" * 20)
    patient_a = make_patient(therapist_a, display_name=MARKERS["a"], user=make_user("patient_a"))
    patient_b = make_patient(other, display_name=MARKERS["b"], user=make_user("patient_b"))
    patient_c = make_patient(therapist_a, display_name=MARKERS["c"])
    plan_a = make_plan(patient_a, exercises=[make_exercise(), make_exercise()])
    plan_b = make_plan(patient_b, exercises=[make_exercise()])
    # A harder version of A's first exercise, for the page that swaps a row for it.
    plan_a.program.items.first().exercise.harder_versions.add(make_exercise())
    for plan in (plan_a, plan_b):
        make_session_log(plan, pain=2, note="Fine")
    measurement = LimbMeasurement.objects.create(
        patient=patient_a,
        measured_on=datetime.date.today(),
        site="thigh",
        left_cm=Decimal("41.5"),
        right_cm=Decimal("44.0"),
        measured_by=therapist_a,
    )
    function_test = FunctionTest.objects.create(
        patient=patient_a, tested_on=datetime.date.today(), chair_stands=9, measured_by=therapist_a
    )
    invite, _ = create_invite(patient=patient_c, by=therapist_a)
    ActivationFailure.objects.create(ip_address="192.0.2.1")
    reminder = Reminder.objects.create(
        patient=patient_a, is_on=True, email="a@example.org", send_at=datetime.time(9)
    )
    # A's therapist's background print of A's plan; its PDF is not on disk here, so the download
    # answers in words (tests/planner/print_batches checks the PDF itself).
    batch = HandoutBatch.objects.create(
        requested_by=therapist_a,
        assignment_ids=[plan_a.pk],
        printed_ids=[plan_a.pk],
        status=BatchStatus.READY,
        pdf="matrix/handouts.pdf",
        pages=1,
        finished_at=datetime.datetime.now(datetime.UTC),
    )
    users = {
        "anonymous": None,
        "patient_a": patient_a.user,
        "patient_b": patient_b.user,
        "therapist_a": therapist_a,
        "other_therapist": other,
        "superuser": superuser,
    }
    # The object of each model that a route's id points at: A's side wherever there is one.
    objects = {
        Patient: patient_a,
        plan_a.program.__class__: plan_a.program,
        plan_a.__class__: plan_a,
        plan_a.program.items.model: plan_a.program.items.first(),
        SessionLog: SessionLog.objects.get(assignment=plan_a),
        LimbMeasurement: measurement,
        FunctionTest: function_test,
        Invite: invite,
        Reminder: reminder,
        AuditEvent: AuditEvent.objects.filter(patient=patient_a).first(),
        HandoutBatch: batch,
        ActivationFailure: ActivationFailure.objects.get(),
        SafetyNote: SafetyNote.objects.first(),
        Exercise: Exercise.objects.first(),
        Condition: make_condition(),
        AtrophyType: AtrophyType.objects.first(),
        get_user_model(): therapist_a,
    }
    return {"users": users, "objects": objects, "plan_a": plan_a, "patient_a": patient_a}


def fill(route: str, model_admin, world) -> str | None:
    """The route with A's ids in it, or None when a piece cannot be filled."""
    objects = world["objects"]
    plan = world["plan_a"]
    url = "/" + route
    if model_admin is not None:
        # A's object where the model has one, else any row (or an id that does not exist).
        obj = objects.get(model_admin.model) or model_admin.model._base_manager.first()
        pk = str(obj.pk) if obj is not None else "999999"
        url = url.replace("<path:object_id>", pk).replace("<int:object_id>", pk)
    exercise = plan.program.items.first().exercise
    harder = exercise.harder_versions.first()
    content_type = ContentType.objects.get_for_model(Patient)
    replacements = {
        "<int:item_id>": str(plan.program.items.first().pk),
        "<int:program_id>": str(plan.program.pk),
        "<int:row_id>": str(plan.program.items.first().pk),
        "<int:exercise_id>": str(harder.pk),
        "<int:assignment_id>": str(plan.pk),
        "<int:batch_id>": str(objects[HandoutBatch].pk),
        "<slug:slug>": exercise.slug,
        "<slug:chart>": "adherence",  # a progress chart every patient has
        "<path:content_type_id>": str(content_type.pk),
        "<int:content_type_id>": str(content_type.pk),
        "<path:object_id>": str(world["patient_a"].pk),
        "<id>": str(objects[get_user_model()].pk),
        "(?P<url>.*)$": "planner/no-such-page/",
        "<uidb64>": "MQ",
        "<token>": "set-password",
    }
    for piece, value in replacements.items():
        url = url.replace(piece, value)
    # The admin's app index: one pattern listing every app label.
    url = re.sub(r"\^?\(\?P<app_label>[^)]*\)/\$", "planner/", url)
    url = url.replace("^", "").replace("$", "")
    return None if "<" in url or "(?P" in url else url


def fingerprint() -> str:
    """A hash of every clinical row's content."""
    digest = hashlib.sha256()
    for label in CLINICAL_MODELS:
        model = apps.get_model(label)
        digest.update(repr(list(model._base_manager.order_by("pk").values_list())).encode())
    return digest.hexdigest()


# Admin pages of these models show one patient's record; the portal's pages show the patient's own.
PATIENT_RECORDS = {
    "planner.patient",
    "planner.assignment",
    "planner.sessionlog",
    "planner.limbmeasurement",
    "planner.functiontest",
}


SEEN = {AuditAction.VIEWED, AuditAction.PRINTED}


def shows_a_record_of_a(route: str, model_admin) -> bool:
    """A GET of this route by A's therapist (admin) or by A (portal) shows one of A's records."""
    if route.startswith("portal/"):
        return not route.startswith("portal/password/")  # the one portal page with no record
    return (
        model_admin is not None
        and model_admin.model._meta.label_lower in PATIENT_RECORDS
        and route.endswith(("<path:object_id>/change/", "<path:object_id>/history/"))
    )


def ask(client: Client, method: str, url: str, world):
    if method == "GET":
        return client.get(url)
    obj = world["objects"][Patient]
    # A hostile POST: select A's record for the bulk delete action where there is one.
    data = {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"}
    return client.post(url, data)


def test_every_route_is_covered(world):
    unfilled = [route for route, model_admin in ROUTES if fill(route, model_admin, world) is None]
    assert unfilled == [], f"routes this test cannot fill in yet: {unfilled}"


@pytest.mark.parametrize(("route", "model_admin"), ROUTES, ids=[r for r, _ in ROUTES])
def test_no_leak_no_error_no_unauthorised_write(route, model_admin, world):
    url = fill(route, model_admin, world)
    assert url is not None
    problems = []
    for role, user in world["users"].items():
        for method in ("GET", "POST"):
            client = Client(raise_request_exception=False)
            if user is not None:
                client.force_login(user)
            watch = method == "POST" and role not in MAY_WRITE
            where = f"{role} {method} {url}"
            before = fingerprint() if watch else None
            with transaction.atomic():
                response = ask(client, method, url, world)
                after = fingerprint() if watch else None
                if method == "GET" and response.status_code < 500:
                    problems += audit_problems(route, model_admin, role, response, world, where)
                transaction.set_rollback(True)  # each request starts from the same world
            if response.status_code >= 500:
                problems.append(f"{where}: server error {response.status_code}")
                continue
            body = _text(response)
            leaked = [k for k in FORBIDDEN[role] if MARKERS[k] in body]
            if leaked:
                problems.append(f"{where}: shows {[MARKERS[k] for k in leaked]}")
            if watch and before != after:
                problems.append(f"{where}: changed clinical rows")
    assert problems == []


def audit_problems(route, model_admin, role, response, world, where) -> list[str]:
    """What the audit trail should have gained from this GET, and did not."""
    if not shows_a_record_of_a(route, model_admin):
        return []
    patient = world["patient_a"]
    latest = AuditEvent.objects.order_by("-pk").first()
    viewer = {"therapist_a": "admin", "patient_a": "portal"}.get(role)
    allowed_view = bool(viewer) and route.startswith(viewer) and response.status_code == 200
    # A PDF is "printed"; every other page "viewed".
    seen = latest is not None and latest.patient_id == patient.pk and latest.action in SEEN
    if allowed_view and not seen:
        return [f"{where}: no 'viewed' event about A"]
    denied = latest is not None and latest.action == AuditAction.DENIED
    if role == "other_therapist" and route.startswith("admin") and not denied:
        return [f"{where}: no 'denied' event"]
    return []


def _text(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    content = response.content
    if response.get("Content-Type", "").startswith("application/pdf"):
        from io import BytesIO

        from pypdf import PdfReader

        return "\n".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)
    return content.decode(errors="replace")


def test_the_matrix_really_sees_a_leak(world):
    """The checks above are only worth something if they can fail: A's therapist's view of A's
    page shows A's name, which ``FORBIDDEN`` would flag for the other therapist."""
    client = Client()
    client.force_login(world["users"]["therapist_a"])
    patient = world["patient_a"]
    body = client.get(f"/admin/planner/patient/{patient.pk}/change/").content.decode()
    assert MARKERS["a"] in body
    assert json.dumps(MARKERS["a"])[1:-1] in body
    assert AuditEvent.objects.filter(patient=patient, action=AuditAction.VIEWED).exists()
