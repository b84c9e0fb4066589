"""The portal's per-visit reads, compiled once per process (``planner.selectors.portal_prepared``,
issue 17), answer exactly what their QuerySets answer through the ORM, for the patient asking
and no one else, on any day; and the home page still shows what the database holds when the
patient's conditions change between its two reads."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.models import ClinicProfile, Patient, SafetyNote, SessionLog
from planner.selectors import portal as selectors
from planner.selectors import portal_history, portal_home
from planner.selectors.portal_prepared import Prepared, columns_of
from portal import card_cache
from portal.access import _PATIENT_OF_USER, patient_for_user
from portal.context_processors import _PROFILE
from tests.factories import (
    make_condition,
    make_exercise,
    make_patient,
    make_plan,
    make_session_log,
    make_user,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def two_patients():
    """Two patients with a plan each, logs on the last ten days (some not done, one voided)."""
    patients = []
    for _ in range(2):
        patient = make_patient(user=make_user())
        patient.conditions.add(make_condition(group="skin"), make_condition())
        plan = make_plan(
            patient, exercises=[make_exercise(), make_exercise()], starts_on=TODAY - 10 * DAY
        )
        for n, item in enumerate(plan.program.items.all()):
            for day in range(10):
                make_session_log(
                    plan, item=item, performed_on=TODAY - day * DAY, done=(day + n) % 3 != 0
                )
        SessionLog.objects.filter(assignment=plan, performed_on=TODAY).update(
            voided_at=timezone.now()
        )
        patients.append(patient)
    return patients


def orm_rows(queryset) -> list[tuple]:
    return [tuple(row) for row in queryset]


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(days_ago=st.integers(-3, 20))
def test_each_read_answers_what_its_queryset_answers_on_any_day(two_patients, days_ago):
    today = TODAY - days_ago * DAY
    monday = today - datetime.timedelta(days=today.weekday())
    for patient in two_patients:
        reads = [
            (portal_home._PLANS_AND_ROWS, {"patient": patient.pk, "today": today}),
            (selectors._WEEK_OF_LOGS, {"patient": patient.pk, "monday": monday, "today": today}),
            (portal_home._CONDITIONS, {"patient": patient.pk}),
            *((notes, {}) for notes in portal_home._NOTES.values()),
            *(
                (read, {"patient": patient.pk, "first_day": monday - 21 * DAY, "last_day": today})
                for read in portal_history._PAGE_OF_LOGS.values()
            ),
            (_PATIENT_OF_USER, {"user": patient.user_id}),
        ]
        for read, values in reads:
            assert read.rows(**values) == orm_rows(read._build(**values)), read._build


def test_the_reads_reach_only_the_patients_own_rows(two_patients):
    mine, theirs = two_patients
    my_plan = mine.assignments.get()
    lines = portal_home._PLANS_AND_ROWS.rows(patient=mine.pk, today=TODAY)
    assert {line[0] for line in lines} == {my_plan.pk}
    assert [line[7] for line in lines] == list(
        my_plan.program.items.order_by("position").values_list("pk", flat=True)
    )
    logged, done_days = selectors.week_of_logs(mine, TODAY - DAY)
    mine_rows = set(my_plan.program.items.values_list("pk", flat=True))
    assert set(logged) | set(done_days) <= mine_rows
    assert logged  # yesterday's logs stand (today's were voided)
    history = portal_history.history_weeks(mine, TODAY)
    names = {log.exercise_name for week in history.weeks for log in week["logs"]}
    assert names == {item.given.name for item in my_plan.program.items.all()}
    assert patient_for_user(mine.user) == mine
    assert patient_for_user(theirs.user) == theirs


def test_the_patient_and_the_clinic_are_the_models_the_orm_builds(two_patients):
    patient = two_patients[0]
    read = _PATIENT_OF_USER.instance(user=patient.user_id)
    fresh = Patient.objects.get(pk=patient.pk)
    assert [getattr(read, name) for name in columns_of(Patient)] == [
        getattr(fresh, name) for name in columns_of(Patient)
    ]
    assert not read._state.adding
    Patient.objects.filter(pk=patient.pk).update(archived_at=timezone.now())
    assert _PATIENT_OF_USER.instance(user=patient.user_id) is None
    ClinicProfile.objects.filter(pk=1).update(phone="+1 555 0199")
    assert _PROFILE.instance().phone == ClinicProfile.objects.current().phone == "+1 555 0199"


def test_a_query_is_compiled_once_and_then_only_run(two_patients, monkeypatch):
    read = Prepared(
        lambda patient: SafetyNote.objects.filter(pk=patient).values_list("pk"), patient=int
    )
    compiled = []
    compile_for = read._compile
    monkeypatch.setattr(read, "_compile", lambda c: compiled.append(c) or compile_for(c))
    with CaptureQueriesContext(connection) as queries:
        for patient in two_patients * 3:
            read.rows(patient=patient.pk)
    assert (len(compiled), len(queries)) == (1, 6)


def test_a_parameter_that_does_not_reach_the_sql_is_refused():
    unused = Prepared(lambda patient, today: SafetyNote.objects.values_list("pk"), patient=int)
    with pytest.raises(TypeError):
        unused.rows(patient=1)  # ``today`` was never declared
    unused = Prepared(lambda patient: SafetyNote.objects.values_list("pk"), patient=int)
    with pytest.raises(ValueError, match="not used: patient"):
        unused.rows(patient=1)
    with pytest.raises(TypeError, match="must be an int or a date"):
        Prepared(lambda name: SafetyNote.objects.filter(text=name), name=str).rows(name="x")


def test_conditions_changed_between_the_two_reads_key_the_section_they_built(client, monkeypatch):
    """A section is kept under the conditions it was built from: when they change after
    ``home_plans`` read them, the next visit finds the section under the new ones."""
    patient = make_patient(user=make_user())
    make_plan(patient, exercises=[make_exercise(name="Sit to stand")], starts_on=TODAY - DAY)
    skin = make_condition(group="skin", name="Fragile skin")
    read_then_change = portal_home.home_plans

    def home_plans(*args):
        found = read_then_change(*args)
        patient.conditions.add(skin)  # between home_plans and plans_for_sections
        return found

    monkeypatch.setattr(portal_home, "home_plans", home_plans)
    client.force_login(patient.user)
    assert client.get("/portal/").status_code == 200
    monkeypatch.setattr(portal_home, "home_plans", read_then_change)
    [entry] = card_cache.caches[card_cache.CACHE]._cache
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/portal/").content.decode()
    assert "Sit to stand" in page
    assert len(queries) == 9  # found in the cache: nothing built again
    assert list(card_cache.caches[card_cache.CACHE]._cache) == [entry]


def test_the_done_answer_reads_the_plans_without_their_cards(two_patients):
    patient = two_patients[0]
    with CaptureQueriesContext(connection) as queries:
        plans = selectors.current_plans(patient, TODAY - 2 * DAY)
        rows = [item for plan in plans for item in plan.program.items.all()]
    # plans, their rows, this week's logs: no library exercise, no note, no condition
    assert len(queries) == 3
    assert [row.done_today for row in rows] == [True, False]
    assert not any(hasattr(row, "card") for row in rows)
