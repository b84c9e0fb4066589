"""Every admin page a therapist works in reads a fixed number of queries, however many rows it
shows (issue 17): each page is built at a small and a larger volume (2 and 12 patients, plans,
rows, versions or selected plans) and must run exactly as many queries at both. A failure prints
the statements that ran more often at the larger volume: the N+1 to fix."""

import datetime
import re
from collections import Counter
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from planner.models import (
    AuditEvent,
    FunctionTest,
    LimbMeasurement,
    Reminder,
    SessionLog,
    WorklistSeen,
)
from planner.services import create_invite, start_revision
from tests.factories import (
    make_condition,
    make_exercise,
    make_patient,
    make_plan,
    make_session_log,
    make_template,
    make_therapist,
    make_user,
)

pytestmark = pytest.mark.django_db

SMALL, LARGE = 2, 12
TODAY = datetime.date.today()


# --- measuring ------------------------------------------------------------------------------------


def _shape(sql: str) -> str:
    """A statement with its numbers and quoted values blanked, so one query run for each row
    counts as the same statement."""
    sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
    sql = re.sub(r"\b\d+(\.\d+)?\b", "?", sql)
    return re.sub(r"IN \([?, ]+\)", "IN (...)", sql)


def run(client, url, *, data=None, status=200) -> list[str]:
    """The statements one request runs (GET, or POST when ``data`` is given)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.post(url, data) if data is not None else client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return [q["sql"] for q in captured.captured_queries]


def assert_same_count(few: list[str], many: list[str]) -> None:
    if len(few) == len(many):
        return
    grown = Counter(map(_shape, many)) - Counter(map(_shape, few))
    shrunk = Counter(map(_shape, few)) - Counter(map(_shape, many))
    lines = [f"{len(few)} queries at the small volume, {len(many)} at the large one."]
    lines += [f"  +{n} times: {sql}" for sql, n in grown.most_common()]
    lines += [f"  -{n} times: {sql}" for sql, n in shrunk.most_common()]
    pytest.fail("\n".join(lines), pytrace=False)


def login(client, user):
    client.force_login(user)
    return client


# --- the clinic's rows ----------------------------------------------------------------------------


def girth(patient, by, *, days_ago=0, site="thigh"):
    return LimbMeasurement.objects.create(
        patient=patient,
        measured_on=TODAY - datetime.timedelta(days=days_ago),
        site=site,
        left_cm=Decimal("44.0"),
        right_cm=Decimal("47.5"),
        measured_by=by,
    )


def function_test(patient, by, *, days_ago=0):
    return FunctionTest.objects.create(
        patient=patient,
        tested_on=TODAY - datetime.timedelta(days=days_ago),
        chair_stands=10 - days_ago % 5,
        grip_right_kg=Decimal("20.5"),
        measured_by=by,
    )


def followed_patient(therapist, library):
    """A patient with everything a list shows a row of: a plan of two exercises, a painful log,
    a girth, a function test, a reminder, a sign-in code and an item marked seen."""
    patient = make_patient(therapist=therapist, user=make_user())
    plan = make_plan(patient, exercises=library)
    make_session_log(plan, pain=8, performed_on=TODAY, heavier_next_day=True)
    girth(patient, therapist)
    function_test(patient, therapist)
    Reminder.objects.create(
        patient=patient, is_on=True, email="p@example.org", send_at=datetime.time(8)
    )
    WorklistSeen.objects.create(patient=patient, rule="pain", evidence="x", seen_by=therapist)
    newcomer = make_patient(therapist=therapist)
    create_invite(patient=newcomer, by=therapist)
    return patient


@pytest.fixture
def library():
    exercises = [make_exercise(name="Sit to stand"), make_exercise(name="Ankle pumps")]
    exercises[0].harder_versions.add(exercises[1])
    return exercises


@pytest.fixture
def superuser():
    return make_therapist(is_superuser=True)


@pytest.fixture
def colleague_rows(other_therapist, library):
    """A colleague's patients: outside a therapist's scope, inside a superuser's."""
    for _ in range(SMALL):
        followed_patient(other_therapist, library)


def add_patients(therapist, library, count):
    for _ in range(count):
        followed_patient(therapist, library)


# --- lists ----------------------------------------------------------------------------------------

CHANGELISTS = [
    "planner/patient",
    "planner/program",
    "planner/assignment",
    "planner/sessionlog",
    "planner/limbmeasurement",
    "planner/functiontest",
    "planner/auditevent",
    "planner/programexercise",
    "planner/invite",
    "planner/reminder",
    "planner/worklistseen",
    "exercises/exercise",
    "exercises/condition",
]


@pytest.mark.parametrize("as_superuser", [False, True], ids=["therapist", "superuser"])
@pytest.mark.parametrize("model", CHANGELISTS)
def test_a_list_reads_as_many_queries_for_2_or_12_patients(
    client, therapist, superuser, library, colleague_rows, model, as_superuser
):
    login(client, superuser if as_superuser else therapist)
    url = f"/admin/{model}/"
    add_patients(therapist, library, SMALL)
    run(client, url)  # the session, content types and permission caches
    few = run(client, url)
    add_patients(therapist, library, LARGE - SMALL)
    for _ in range(LARGE - SMALL):
        make_condition()
    assert_same_count(few, run(client, url))


def test_the_worklist_reads_as_many_queries_for_2_or_12_patients(
    therapist_client, therapist, library
):
    add_patients(therapist, library, SMALL)
    run(therapist_client, "/admin/")
    few = run(therapist_client, "/admin/")
    add_patients(therapist, library, LARGE - SMALL)
    many = run(therapist_client, "/admin/")
    assert_same_count(few, many)


# --- change pages ---------------------------------------------------------------------------------


def change_url(obj) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def compare_pages(client, small, large) -> None:
    run(client, change_url(small))  # the session, content types and permission caches
    assert_same_count(run(client, change_url(small)), run(client, change_url(large)))


def patient_with(therapist, library, count):
    """A patient with ``count`` plans, girths, function tests and logs."""
    patient = make_patient(therapist=therapist, user=make_user())
    for n in range(count):
        plan = make_plan(patient, exercises=library)
        make_session_log(plan, pain=3, heavier_next_day=True)
        girth(patient, therapist, days_ago=n)
        function_test(patient, therapist, days_ago=n)
    return patient


@pytest.mark.parametrize("as_superuser", [False, True], ids=["therapist", "superuser"])
def test_the_patient_page_reads_as_many_queries_for_2_or_12_plans(
    client, therapist, superuser, library, as_superuser
):
    login(client, superuser if as_superuser else therapist)
    compare_pages(
        client, patient_with(therapist, library, SMALL), patient_with(therapist, library, LARGE)
    )


def versions_of(therapist, count, rows):
    """The newest of ``count`` versions of one patient's plan of ``rows`` exercises."""
    patient = make_patient(therapist=therapist, user=make_user())
    exercises = [make_exercise() for _ in range(rows)]
    assignment = make_plan(patient, exercises=exercises)
    for n in range(1, count):
        draft = start_revision(assignment=assignment, by=therapist)
        draft.items.order_by("position").first().delete()
        draft.items.create(exercise=make_exercise(), position=rows + n, sets=3, repetitions=8)
        assignment = make_assignment_of(draft, patient)
    return assignment


def make_assignment_of(draft, patient):
    from planner.services import assign_program

    return assign_program(program=draft, patient=patient, by=patient.therapist, starts_on=TODAY)


@pytest.mark.parametrize("as_superuser", [False, True], ids=["therapist", "superuser"])
def test_the_plan_page_reads_as_many_queries_for_2_or_12_versions(
    client, therapist, superuser, as_superuser
):
    login(client, superuser if as_superuser else therapist)
    large = versions_of(therapist, LARGE, LARGE)
    compare_pages(client, versions_of(therapist, SMALL, SMALL), large)
    # An earlier version: what changed from the one before it, and which one replaced it.
    compare_pages(client, versions_of(therapist, SMALL + 1, SMALL).previous, large.previous)


def program_of(therapist, rows, kind):
    exercises = []
    for _ in range(rows):
        exercise = make_exercise()
        exercise.harder_versions.add(make_exercise())
        exercise.easier_versions.add(make_exercise())
        exercises.append(exercise)
    if kind == "template":
        return make_template(therapist, exercises=exercises)
    assignment = make_plan(make_patient(therapist=therapist), exercises=exercises)
    if kind == "plan":
        return assignment.program  # handed over: read-only
    return start_revision(assignment=assignment, by=therapist)  # a draft of the next version


@pytest.mark.parametrize("as_superuser", [False, True], ids=["therapist", "superuser"])
@pytest.mark.parametrize("kind", ["template", "draft", "plan"])
def test_the_program_editor_reads_as_many_queries_for_2_or_12_rows(
    client, therapist, superuser, kind, as_superuser
):
    login(client, superuser if as_superuser else therapist)
    compare_pages(client, program_of(therapist, SMALL, kind), program_of(therapist, LARGE, kind))


@pytest.mark.parametrize("as_superuser", [False, True], ids=["therapist", "superuser"])
@pytest.mark.parametrize("model", ["sessionlog", "limbmeasurement", "functiontest", "auditevent"])
def test_a_record_page_reads_as_many_queries_for_2_or_12_patients(
    client, therapist, superuser, library, model, as_superuser
):
    """A record's page offers the therapist's patients to choose from, and names the plan row."""
    login(client, superuser if as_superuser else therapist)

    def record(count):
        add_patients(therapist, library, count)
        patient = patient_with(therapist, library, count)
        found = {
            "sessionlog": SessionLog.objects.filter(assignment__patient=patient).first(),
            "limbmeasurement": patient.measurements.first(),
            "functiontest": patient.function_tests.first(),
            "auditevent": AuditEvent.objects.filter(patient=patient).first(),
        }
        return found[model]

    compare_pages(client, record(SMALL), record(LARGE))


@pytest.mark.parametrize("as_superuser", [False, True], ids=["therapist", "superuser"])
def test_the_exercise_page_reads_as_many_queries_for_2_or_12_versions(
    client, therapist, superuser, as_superuser
):
    login(client, superuser if as_superuser else therapist)

    def exercise(count):
        found = make_exercise()
        for _ in range(count):
            found.harder_versions.add(make_exercise())
            found.easier_versions.add(make_exercise())
            found.contraindications.add(make_condition())
            found.cautions.add(make_condition())
        return found

    compare_pages(client, exercise(SMALL), exercise(LARGE))


# --- the print action -----------------------------------------------------------------------------


def test_printing_reads_as_many_queries_for_2_or_12_plans(therapist_client, therapist, library):
    """Everything the handouts show is read once for the batch; each handout printed is one row
    of the audit trail."""

    def plans(count):
        return [
            make_plan(make_patient(therapist=therapist), exercises=library) for _ in range(count)
        ]

    def printed(selected) -> tuple[list[str], int]:
        data = {"action": "print_handouts", "_selected_action": [p.pk for p in selected]}
        statements = run(therapist_client, "/admin/planner/assignment/", data=data)
        audited = [s for s in statements if s.startswith('INSERT INTO "planner_auditevent"')]
        return [s for s in statements if s not in audited], len(audited)

    small, large = plans(SMALL), plans(LARGE)
    printed(small)
    (few, audited_few), (many, audited_many) = printed(small), printed(large)
    assert (audited_few, audited_many) == (SMALL, LARGE)
    assert_same_count(few, many)
