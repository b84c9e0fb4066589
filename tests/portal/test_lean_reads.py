"""The portal's pages read only what they show (issue 17, portal throughput): the history names
each exercise as it was given without loading the exercise rows, and the home page reads this
week's logs without their other values. What the patient sees stays the same."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from exercises.models import Exercise
from planner.models import ProgramExercise
from tests.factories import make_exercise, make_patient, make_plan, make_session_log, make_user

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def plan():
    patient = make_patient(user=make_user())
    exercise = make_exercise(name="Sit to stand")
    return make_plan(patient, exercises=[exercise], starts_on=TODAY - datetime.timedelta(days=3))


def history_of(client, plan) -> tuple[str, list[str]]:
    client.force_login(plan.patient.user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/portal/history/")
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in queries]


def test_the_history_names_the_exercise_as_given(client, plan):
    make_session_log(plan, performed_on=TODAY, done=True)
    Exercise.objects.update(name="Chair stand (renamed)")

    html, _ = history_of(client, plan)

    assert "<strong>Sit to stand:</strong>" in html
    assert "Chair stand (renamed)" not in html


def test_the_history_names_a_row_not_frozen_as_the_library_does(client, plan):
    # ``ProgramExercise.given`` reads the library for a row not frozen: the history does too.
    item = plan.program.items.get()
    make_session_log(plan, performed_on=TODAY, done=True)
    ProgramExercise.objects.filter(pk=item.pk).update(frozen_at=None)
    Exercise.objects.filter(pk=item.exercise_id).update(name="Chair stand")

    html, _ = history_of(client, plan)

    assert "<strong>Chair stand:</strong>" in html
    assert "Sit to stand" not in html


def test_the_history_loads_no_exercise_rows(client, plan):
    make_session_log(plan, performed_on=TODAY, done=True, pain=2, effort=4, note="Easy")

    html, queries = history_of(client, plan)

    (logs,) = [sql for sql in queries if 'FROM "planner_sessionlog"' in sql]
    assert '"planner_programexercise"."steps"' not in logs
    assert '"exercises_exercise"."steps"' not in logs
    assert "<strong>Sit to stand:</strong>" in html
    assert "done, pain 2 of 10, effort 4 of 10." in html
    assert "Note: Easy" in html


def test_the_home_page_reads_only_whether_this_weeks_days_were_done(client, plan):
    make_session_log(plan, performed_on=TODAY, done=True)
    client.force_login(plan.patient.user)

    with CaptureQueriesContext(connection) as queries:
        html = client.get("/portal/").content.decode()

    (week,) = [q["sql"] for q in queries if 'FROM "planner_sessionlog"' in q["sql"]]
    assert '"planner_sessionlog"."note"' not in week
    assert "Done today" in html
