"""planner.services.sessions called directly: what a patient logs, and the next-day answer."""

import datetime

import pytest

from planner.models import SessionLog
from planner.services.sessions import answer_heaviness, log_session
from tests.factories import make_plan, make_session_log

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def test_a_second_submission_for_the_same_exercise_and_day_updates_the_same_row(assignment):
    item = assignment.program.items.get(position=1)
    day = assignment.starts_on
    first = log_session(
        item=item,
        assignment=assignment,
        performed_on=day,
        values={"done": True, "pain": 3, "note": "Knee felt fine"},
    )
    second = log_session(
        item=item, assignment=assignment, performed_on=day, values={"done": False, "pain": 6}
    )
    assert second.pk == first.pk
    entry = SessionLog.objects.get()
    # What the second submission gives replaces the first; what it leaves out is kept.
    assert (entry.done, entry.pain, entry.note) == (False, 6, "Knee felt fine")


def test_another_exercise_or_another_day_is_a_row_of_its_own(assignment):
    first, second = assignment.program.items.order_by("position")
    day = assignment.starts_on
    for item, performed_on in [(first, day), (second, day), (first, day + DAY)]:
        log_session(
            item=item, assignment=assignment, performed_on=performed_on, values={"done": True}
        )
    rows = SessionLog.objects.order_by("performed_on", "program_exercise__position")
    assert [(r.program_exercise, r.performed_on) for r in rows] == [
        (first, day),
        (second, day),
        (first, day + DAY),
    ]


def test_answer_heaviness_marks_only_that_patients_sessions_done_that_day(assignment):
    first, second = assignment.program.items.order_by("position")
    day = assignment.starts_on
    done_that_day = make_session_log(assignment, item=first, done=True)
    not_done = make_session_log(assignment, item=second, done=False)
    another_day = make_session_log(assignment, item=first, performed_on=day + DAY, done=True)
    another_patient = make_session_log(make_plan(starts_on=day), done=True)

    assert answer_heaviness(patient=assignment.patient, day=day, heavier=True) == 1

    answers = [
        SessionLog.objects.get(pk=log.pk).heavier_next_day
        for log in (done_that_day, not_done, another_day, another_patient)
    ]
    assert answers == [True, None, None, None]


def test_answer_heaviness_stores_a_no_and_counts_nothing_when_nothing_was_done(assignment):
    log = make_session_log(assignment, done=True)
    day = log.performed_on
    assert answer_heaviness(patient=assignment.patient, day=day, heavier=False) == 1
    log.refresh_from_db()
    assert log.heavier_next_day is False
    assert answer_heaviness(patient=assignment.patient, day=day + DAY, heavier=True) == 0
