"""Adherence arithmetic (planner/selectors/adherence.py): sessions prescribed on the days a plan
counts, sessions logged on those days, pain and effort by week, and the database's version of
the rate that the patient list sorts by."""

import datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.models import Assignment, AssignmentStatus, Patient, ProgramExercise
from planner.selectors.adherence import (
    Adherence,
    WeekAdherence,
    adherence_by_patient,
    monday,
    patient_weeks,
    weekly_adherence,
    with_adherence,
)
from planner.services import assign_program, start_revision, void_record
from planner.services.assignments import note_status_change
from tests.factories import make_assignment, make_patient, make_session_log, make_therapist

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 6, 18)  # a Wednesday
THIS_MONDAY = datetime.date(2025, 6, 16)


def day(offset: int) -> datetime.date:
    """A day relative to TODAY."""
    return TODAY + datetime.timedelta(days=offset)


def plan(patient=None, *, starts_on, doses=((1, 7),), **values) -> Assignment:
    """A plan with one row per (times_per_day, days_per_week) in ``doses``."""
    assignment = make_assignment(patient, starts_on=starts_on, exercises=len(doses), **values)
    rows = assignment.program.items.order_by("position")
    for row, (times, days) in zip(rows, doses, strict=True):
        ProgramExercise.objects.filter(pk=row.pk).update(times_per_day=times, days_per_week=days)
    return assignment


def rows(assignment) -> list[ProgramExercise]:
    return list(assignment.program.items.order_by("position"))


def only_week(assignment) -> WeekAdherence:
    (week,) = weekly_adherence(assignment, today=TODAY)
    return week


def test_no_data_prescribes_nothing():
    patient = make_patient()
    weeks = patient_weeks(patient, today=TODAY)
    assert len(weeks) == 12
    assert [w.week_start for w in weeks][-2:] == [THIS_MONDAY - datetime.timedelta(7), THIS_MONDAY]
    assert {(w.prescribed, w.logged, w.rate, w.pain_max, w.logs) for w in weeks} == {
        (0, 0, None, None, 0)
    }
    assert adherence_by_patient([patient.pk], today=TODAY) == {patient.pk: Adherence(0, 0, None)}


def test_a_plan_not_yet_started_has_no_weeks():
    assert weekly_adherence(plan(starts_on=day(1)), today=TODAY) == []


def test_one_log():
    assignment = plan(starts_on=THIS_MONDAY)  # once a day, every day: Monday to today is 3
    make_session_log(assignment, performed_on=day(-1), pain=4, effort=5)
    assert only_week(assignment) == WeekAdherence(
        week_start=THIS_MONDAY,
        prescribed=3,
        logged=1,
        rate=1 / 3,
        pain_max=4,
        pain_mean=4,
        effort_mean=5,
        logs=1,
    )
    adherence = adherence_by_patient(Patient.objects.all(), today=TODAY)
    assert adherence == {assignment.patient_id: Adherence(prescribed=3, logged=1, rate=1 / 3)}


def test_a_plan_starting_and_ending_mid_week_counts_only_its_days():
    # Thursday 5 June to Tuesday 10 June, three days a week: 4 days of one week, 2 of the next.
    assignment = plan(starts_on=day(-13), ends_on=day(-8), doses=[(1, 3)])
    for offset in (-14, -8, -7):  # the day before the start, the last day, the day after
        make_session_log(assignment, performed_on=day(offset))
    first, second = weekly_adherence(assignment, today=TODAY)
    assert (first.week_start, first.prescribed, first.logged) == (day(-16), 4 * 3 / 7, 0)
    assert (second.week_start, second.prescribed, second.logged) == (day(-9), 2 * 3 / 7, 1)
    assert second.rate == pytest.approx(7 / 6)
    # The log outside the plan's days is not a session, but its week still shows its pain.
    assert first.logs == 0


def test_three_days_of_a_week_at_three_days_a_week():
    assignment = plan(starts_on=THIS_MONDAY, doses=[(1, 3)])
    assert only_week(assignment).prescribed == pytest.approx(9 / 7)


def test_twice_a_day_counts_each_log_as_the_days_dose():
    assignment = plan(starts_on=THIS_MONDAY - datetime.timedelta(7), doses=[(2, 7), (1, 7)])
    twice, once = rows(assignment)
    for offset in (-9, -8, -7):
        make_session_log(assignment, item=twice, performed_on=day(offset))
    for offset in (-9, -8):
        make_session_log(assignment, item=once, performed_on=day(offset))
    week, _ = weekly_adherence(assignment, today=TODAY)
    assert (week.prescribed, week.logged, week.logs) == (7 * 3, 3 * 2 + 2, 5)


def test_a_log_not_done_is_no_session_but_its_pain_shows():
    assignment = plan(starts_on=THIS_MONDAY)
    make_session_log(assignment, performed_on=day(-1), done=False, pain=8)
    week = only_week(assignment)
    assert (week.logged, week.logs, week.pain_max) == (0, 0, 8)


def test_a_paused_plan_stops_counting_the_day_it_is_paused():
    assignment = plan(starts_on=THIS_MONDAY)
    assignment.status = AssignmentStatus.PAUSED
    note_status_change(assignment, was=AssignmentStatus.ACTIVE, today=day(-1))
    assignment.save()
    assert assignment.stopped_on == day(-1)
    make_session_log(assignment, performed_on=day(-2))
    make_session_log(assignment, performed_on=day(-1))  # the day it was paused: no longer counts
    week = only_week(assignment)
    assert (week.prescribed, week.logged, week.rate) == (1, 1, 1)


def test_a_superseded_plan_counts_until_its_next_version_starts(therapist):
    patient = make_patient(therapist=therapist)
    first = plan(patient, starts_on=THIS_MONDAY - datetime.timedelta(7))
    draft = start_revision(assignment=first, by=therapist)
    ProgramExercise.objects.filter(program=draft).update(times_per_day=2)
    second = assign_program(program=draft, patient=patient, by=therapist, starts_on=THIS_MONDAY)
    first.refresh_from_db()
    assert (first.status, first.stopped_on, second.previous) == (
        AssignmentStatus.SUPERSEDED,
        THIS_MONDAY,
        first,
    )
    make_session_log(first, performed_on=day(-3))  # last Sunday: the old version's last day
    make_session_log(first, performed_on=THIS_MONDAY)  # the new version's day: not counted
    make_session_log(second, performed_on=THIS_MONDAY)
    assert [(w.prescribed, w.logged) for w in weekly_adherence(first, today=TODAY)] == [(7, 1)]
    assert [(w.prescribed, w.logged) for w in weekly_adherence(second, today=TODAY)] == [(6, 2)]
    last_week, this_week = patient_weeks(patient, today=TODAY, weeks=2)
    assert (last_week.prescribed, last_week.logged) == (7, 1)
    assert (this_week.prescribed, this_week.logged, this_week.logs) == (6, 2, 1)
    assert adherence_by_patient([patient], today=TODAY, days=10)[patient.pk] == Adherence(
        prescribed=7 + 6, logged=3, rate=3 / 13
    )


def test_voided_logs_and_voided_plans_are_ignored(therapist):
    patient = make_patient(therapist=therapist)
    kept = plan(patient, starts_on=THIS_MONDAY)
    voided_plan = plan(patient, starts_on=THIS_MONDAY)
    voided_log = make_session_log(kept, performed_on=day(-2), pain=9)
    make_session_log(kept, performed_on=day(-1), pain=2)
    make_session_log(voided_plan, performed_on=day(-1), pain=7)
    void_record(record=voided_log, by=therapist, reason="Entered twice.")
    void_record(record=voided_plan, by=therapist, reason="Wrong patient.")
    voided_plan.refresh_from_db()
    assert weekly_adherence(voided_plan, today=TODAY) == []
    (week,) = patient_weeks(patient, today=TODAY, weeks=1)
    assert (week.prescribed, week.logged, week.pain_max, week.logs) == (3, 1, 2, 1)
    assert adherence_by_patient([patient], today=TODAY)[patient.pk].logged == 1
    assert with_adherence(Patient.objects.all(), today=TODAY).get().adherence_rate == 1 / 3


def test_adherence_by_patient_takes_a_fixed_number_of_queries():
    therapist = make_therapist()

    def queries(count: int) -> int:
        for _ in range(count):
            assignment = plan(make_patient(therapist=therapist), starts_on=day(-20))
            for offset in range(-13, 1, 2):
                make_session_log(assignment, performed_on=day(offset))
        with CaptureQueriesContext(connection) as captured:
            found = adherence_by_patient(
                Patient.objects.for_therapist(therapist), today=TODAY, days=14
            )
        assert len(found) == Patient.objects.count()
        assert {a.rate for a in found.values()} == {0.5}
        return len(captured)

    assert queries(10) == queries(50) == 3  # 10 patients, then 60


# --- properties ---------------------------------------------------------------------------------

doses = st.lists(st.tuples(st.integers(1, 6), st.integers(1, 7)), min_size=1, max_size=2)
offsets = st.integers(-45, 3)  # up to 45 days before today, or a few days after it
maybe_span = st.none() | st.integers(0, 40)


def _build(dosage, start, end, stop, logs) -> Assignment:
    starts_on = day(start)
    assignment = plan(
        starts_on=starts_on,
        doses=dosage,
        ends_on=None if end is None else starts_on + datetime.timedelta(end),
        stopped_on=None if stop is None else starts_on + datetime.timedelta(stop),
    )
    items = rows(assignment)
    for row, performed, done, pain in logs:
        if row >= len(items):
            continue
        make_session_log(
            assignment,
            item=items[row],
            performed_on=starts_on + datetime.timedelta(performed),
            done=done,
            pain=pain,
        )
    return assignment


log_lists = st.lists(
    st.tuples(
        st.integers(0, 1), st.integers(-5, 50), st.booleans(), st.none() | st.integers(0, 10)
    ),
    max_size=25,
    unique_by=lambda log: (log[0], log[1]),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(dosage=doses, start=offsets, end=maybe_span, stop=maybe_span, logs=log_lists)
def test_weeks_add_up_to_the_whole_period(dosage, start, end, stop, logs):
    with transaction.atomic():
        assignment = _build(dosage, start, end, stop, logs)
        weeks = weekly_adherence(assignment, today=TODAY)
        period = (TODAY - monday(assignment.starts_on)).days + 1
        whole = adherence_by_patient([assignment.patient_id], today=TODAY, days=period)
        whole = whole[assignment.patient_id]
        assert sum(w.prescribed for w in weeks) == pytest.approx(whole.prescribed)
        assert sum(w.logged for w in weeks) == whole.logged
        by_patient = patient_weeks(assignment.patient, today=TODAY, weeks=period // 7 + 1)
        assert sum(w.prescribed for w in by_patient) == pytest.approx(whole.prescribed)
        assert sum(w.logged for w in by_patient) == whole.logged
        assert all(w.rate is None or w.rate >= 0 for w in [*weeks, *by_patient])
        # The database's rate, which the patient list sorts by, is the same number.
        annotated = with_adherence(Patient.objects.all(), today=TODAY, days=period).get()
        assert annotated.adherence_rate == pytest.approx(whole.rate)
        transaction.set_rollback(True)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    times=st.lists(st.integers(1, 6), min_size=1, max_size=2),
    start=offsets,
    end=maybe_span,
    stop=maybe_span,
    logs=log_lists,
)
def test_every_day_plans_never_log_more_than_prescribed(times, start, end, stop, logs):
    """One log per exercise per day (the database allows no more) on a plan of every day."""
    with transaction.atomic():
        assignment = _build([(t, 7) for t in times], start, end, stop, logs)
        for week in weekly_adherence(assignment, today=TODAY):
            assert 0 <= week.logged <= week.prescribed
            assert week.rate is None or 0 <= week.rate <= 1
        whole = adherence_by_patient([assignment.patient_id], today=TODAY, days=60)
        assert whole[assignment.patient_id].logged <= whole[assignment.patient_id].prescribed
        transaction.set_rollback(True)
