"""The therapist's worklist (issue 15): each rule fires and clears, "seen" hides an item until new
data, only the therapist's own active patients, and a fixed number of queries."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from exercises.models import AtrophyKind
from planner.models import (
    AuditEvent,
    FunctionTest,
    LimbMeasurement,
    ProgramExercise,
    SessionLog,
    WorklistSeen,
)
from planner.selectors.worklist import Rule, worklist
from planner.services.worklist import mark_seen
from tests.factories import make_assignment, make_patient, make_therapist

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 28)


def days_ago(n):
    return TODAY - datetime.timedelta(days=n)


@pytest.fixture
def therapist():
    return make_therapist()


def patient_with_plan(therapist, *, started=30, **patient):
    person = make_patient(therapist=therapist, **patient)
    plan = make_assignment(person, starts_on=days_ago(started))
    # Every day, once a day: adherence is easy to reason about.
    plan.program.items.update(times_per_day=1, days_per_week=7)
    return person, plan


def log_daily(plan, days, **values):
    item = plan.program.items.first()
    SessionLog.objects.bulk_create(
        SessionLog(
            assignment=plan, program_exercise=item, performed_on=days_ago(n), done=True, **values
        )
        for n in days
    )


def rules(therapist, patient=None):
    return [
        (i.rule, i.patient.display_name)
        for i in worklist(therapist, today=TODAY)
        if patient is None or i.patient == patient
    ]


def test_a_patient_who_does_the_work_raises_nothing(therapist):
    _person, plan = patient_with_plan(therapist)
    log_daily(plan, range(14), pain=2)
    assert rules(therapist) == []


def test_pain_of_7_in_the_last_7_days_with_the_note(therapist):
    _person, plan = patient_with_plan(therapist)
    log_daily(plan, range(14), pain=3)
    SessionLog.objects.filter(performed_on=days_ago(3)).update(
        pain=8, note="knee hurt in the water"
    )
    [item] = worklist(therapist, today=TODAY)
    assert item.rule == Rule.PAIN
    assert "Pain 8/10" in item.reason
    assert "knee hurt in the water" in item.reason
    assert item.url.startswith("/admin/planner/sessionlog/")
    # Older than 7 days, or 6: nothing.
    SessionLog.objects.filter(performed_on=days_ago(3)).update(pain=6)
    SessionLog.objects.filter(performed_on=days_ago(8)).update(pain=9)
    assert rules(therapist) == []


def test_a_voided_log_raises_nothing(therapist):
    _person, plan = patient_with_plan(therapist)
    log_daily(plan, range(14), pain=3)
    SessionLog.objects.filter(performed_on=days_ago(1)).update(
        pain=9, voided_at=datetime.datetime(2026, 11, 28, tzinfo=datetime.UTC)
    )
    assert rules(therapist) == []


def test_heavier_next_day_only_for_a_neurogenic_patient(therapist):
    neuro, plan = patient_with_plan(therapist, atrophy_type=AtrophyKind.NEUROGENIC)
    _other, other_plan = patient_with_plan(therapist)
    for p in (plan, other_plan):
        log_daily(p, range(14))
        SessionLog.objects.filter(assignment=p, performed_on=days_ago(2)).update(
            heavier_next_day=True
        )
    assert rules(therapist) == [(Rule.HEAVIER, neuro.display_name)]


def _girth(patient, therapist, n, left, right, site="thigh", landmark=""):
    return LimbMeasurement.objects.create(
        patient=patient,
        measured_on=days_ago(n),
        site=site,
        landmark=landmark,
        left_cm=Decimal(left),
        right_cm=Decimal(right),
        measured_by=therapist,
    )


def test_a_thigh_difference_over_3_cm(therapist):
    person, plan = patient_with_plan(therapist)
    log_daily(plan, range(14))
    _girth(person, therapist, 5, "44.0", "47.0")
    assert rules(therapist) == []  # 3 cm is not over 3
    _girth(person, therapist, 1, "44.0", "47.2")
    [item] = worklist(therapist, today=TODAY)
    assert (item.rule, item.evidence.startswith("girth:")) == (Rule.GIRTH, True)
    assert "3.2 cm" in item.reason


def test_a_difference_grown_by_1_cm_since_the_first_at_the_same_landmark(therapist):
    person, plan = patient_with_plan(therapist)
    log_daily(plan, range(14))
    _girth(person, therapist, 20, "35.0", "35.5", site="calf")
    _girth(person, therapist, 10, "35.0", "36.4", site="calf")  # grown 0.9: not yet
    assert rules(therapist) == []
    _girth(person, therapist, 2, "34.5", "36.0", site="calf", landmark="12 cm below the knee")
    assert rules(therapist) == []  # another landmark starts its own series
    _girth(person, therapist, 1, "34.8", "36.3", site="calf")  # 1.5 vs 0.5 first: grown 1.0
    assert rules(therapist) == [(Rule.GIRTH, person.display_name)]


def test_a_falling_chair_stand_count(therapist):
    person, plan = patient_with_plan(therapist)
    log_daily(plan, range(14))
    for n, stands in ((30, 9), (15, 12)):
        FunctionTest.objects.create(
            patient=person, tested_on=days_ago(n), chair_stands=stands, measured_by=therapist
        )
    assert rules(therapist) == []
    FunctionTest.objects.create(
        patient=person, tested_on=days_ago(1), chair_stands=10, measured_by=therapist
    )
    [item] = worklist(therapist, today=TODAY)
    assert item.rule == Rule.CHAIR_STAND
    assert "from 12" in item.reason
    assert "to 10" in item.reason


def test_adherence_under_half_over_14_days_and_no_log_for_7_days(therapist):
    person, plan = patient_with_plan(therapist)
    log_daily(plan, [9, 10, 11, 12])  # 4 of 14 days, the last 9 days ago
    assert sorted(rules(therapist)) == sorted(
        [(Rule.ADHERENCE, person.display_name), (Rule.NO_LOG, person.display_name)]
    )
    log_daily(plan, range(0, 9))  # the last 9 days done too: 13 of 14
    assert rules(therapist) == []


def test_a_plan_started_3_days_ago_is_not_yet_missed(therapist):
    patient_with_plan(therapist, started=3)
    assert rules(therapist) == []


def test_a_paused_plan_is_not_chased(therapist):
    _person, plan = patient_with_plan(therapist)
    plan.status = "paused"
    plan.stopped_on = days_ago(20)
    plan.save()
    assert rules(therapist) == []


def test_seen_hides_an_item_until_new_data(therapist):
    person, plan = patient_with_plan(therapist)
    log_daily(plan, range(14), pain=3)
    SessionLog.objects.filter(performed_on=days_ago(2)).update(pain=8)
    [item] = worklist(therapist, today=TODAY)
    mark_seen(patient=person, rule=item.rule, evidence=item.evidence, by=therapist)
    assert rules(therapist) == []
    event = AuditEvent.objects.get(action="seen")
    assert (event.actor, event.patient, event.detail["rule"]) == (therapist, person, "pain")
    # A new painful day brings it back.
    SessionLog.objects.filter(performed_on=days_ago(0)).update(pain=7)
    [again] = worklist(therapist, today=TODAY)
    assert again.rule == Rule.PAIN
    assert again.evidence != item.evidence


def test_only_the_therapists_own_active_patients(therapist):
    mine, plan = patient_with_plan(therapist)
    log_daily(plan, range(14), pain=9)
    colleague = make_therapist()
    theirs, their_plan = patient_with_plan(colleague)
    log_daily(their_plan, range(14), pain=9)
    archived, archived_plan = patient_with_plan(therapist)
    log_daily(archived_plan, range(14), pain=9)
    archived.archived_at = datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC)
    archived.save()
    assert rules(therapist) == [(Rule.PAIN, mine.display_name)]
    assert rules(colleague) == [(Rule.PAIN, theirs.display_name)]
    with pytest.raises(Exception, match="not yours"):
        mark_seen(patient=theirs, rule="pain", evidence="log:1", by=therapist)
    assert not WorklistSeen.objects.exists()


def _clinic(therapist, patients):
    """``patients`` patients with 12 weeks of daily logs each, some painful."""
    logs = []
    for n in range(patients):
        _person, plan = patient_with_plan(therapist, started=84)
        item = plan.program.items.first()
        logs += [
            SessionLog(
                assignment=plan,
                program_exercise=item,
                performed_on=days_ago(d),
                done=True,
                pain=8 if (d == 1 and n % 3 == 0) else 2,
            )
            for d in range(0, 84, 1 if n % 2 else 3)
        ]
    SessionLog.objects.bulk_create(logs)


def test_the_worklist_reads_the_same_number_of_queries_for_10_or_200_patients(therapist):
    counts = []
    for patients in (10, 190):
        _clinic(therapist, patients)
        with CaptureQueriesContext(connection) as queries:
            items = worklist(therapist, today=TODAY)
        counts.append(len(queries))
        assert items
    assert counts[0] == counts[1], counts
    assert ProgramExercise.objects.count() == 200
