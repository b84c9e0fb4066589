"""The patient list's follow-up columns (planner/admin/patient_columns.py): adherence over 14
days, the last log and the highest pain of 7 days, each sortable, only for the therapist's own
patients, in a number of queries that does not grow with the list."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import formats, timezone

from planner.models import Patient, ProgramExercise
from planner.selectors.adherence import adherence_by_patient
from planner.selectors.worklist import worklist
from tests.factories import make_assignment, make_patient, make_session_log

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/planner/patient/"
COLUMNS = ["adherence_recent", "last_log", "highest_pain"]


def days_ago(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)


def followed(therapist, name, *, logged_days=(), pain=None):
    """``therapist``'s patient on a plan of one exercise once a day, every day, for the last 14
    days, who logged it on ``logged_days`` (days ago), with ``pain`` each time."""
    patient = make_patient(therapist=therapist, display_name=name)
    assignment = make_assignment(patient, starts_on=days_ago(13))
    ProgramExercise.objects.filter(program=assignment.program).update(days_per_week=7)
    for n in logged_days:
        make_session_log(assignment, performed_on=days_ago(n), pain=pain)
    return patient


def cell(column: str, value) -> str:
    return f'<td class="field-{column}">{value}</td>'


def date_cell(column: str, value: datetime.date) -> str:
    return f'<td class="field-{column} nowrap">{formats.date_format(value)}</td>'


def shown(response) -> list[str]:
    return [p.display_name for p in response.context["cl"].result_list]


def sorted_by(client, column: str, *, descending=False) -> list[str]:
    index = client.get(CHANGELIST).context["cl"].list_display.index(column)
    return shown(client.get(CHANGELIST, {"o": f"-{index}" if descending else str(index)}))


@pytest.fixture
def patients(therapist):
    return {
        "half": followed(therapist, "Half Hart", logged_days=range(0, 14, 2), pain=3),
        "all": followed(therapist, "All Ames", logged_days=range(14), pain=8),
        "none": make_patient(therapist=therapist, display_name="New Nash"),
    }


def test_the_owner_sees_the_columns(therapist_client, patients):
    html = therapist_client.get(CHANGELIST).content.decode()
    for heading in ("Adherence (14 days)", "Last log", "Highest pain (7 days)"):
        assert heading in html
    assert cell("adherence_recent", "50 %") in html
    assert cell("adherence_recent", "100 %") in html
    assert cell("adherence_recent", "—") in html
    assert date_cell("last_log", days_ago(0)) in html
    assert cell("highest_pain", 8) in html
    assert cell("highest_pain", 3) in html
    assert html.count(cell("highest_pain", "—")) == 1
    assert html.count(cell("last_log", "—")) == 1


def test_pain_older_than_7_days_and_voided_logs_do_not_show(therapist_client, therapist):
    patient = followed(therapist, "Old Pain", logged_days=[7, 1], pain=9)
    log = patient.assignments.get().logs.get(performed_on=days_ago(1))
    log.voided_at = timezone.now()
    log.save()
    html = therapist_client.get(CHANGELIST).content.decode()
    assert cell("highest_pain", "—") in html
    assert date_cell("last_log", days_ago(7)) in html


def test_the_adherence_shown_is_adherence_by_patient(therapist_client, therapist, patients):
    patients["third"] = followed(therapist, "Third Tao", logged_days=[0, 3, 4, 13])
    rows = therapist_client.get(CHANGELIST).context["cl"].result_list
    expected = adherence_by_patient(Patient.objects.all(), today=timezone.localdate())
    assert {p.pk: p.adherence_rate for p in rows} == {pk: a.rate for pk, a in expected.items()}
    assert expected[patients["third"].pk].rate == pytest.approx(4 / 14)


def test_each_column_sorts_with_empty_values_lowest(therapist_client, patients):
    ascending = {
        "adherence_recent": ["New Nash", "Half Hart", "All Ames"],
        "highest_pain": ["New Nash", "Half Hart", "All Ames"],
    }
    for column, names in ascending.items():
        assert sorted_by(therapist_client, column) == names
        assert sorted_by(therapist_client, column, descending=True) == names[::-1]
    # Both logged today: never logged comes first going up, last going down.
    assert sorted_by(therapist_client, "last_log")[0] == "New Nash"
    assert sorted_by(therapist_client, "last_log", descending=True)[-1] == "New Nash"


def test_another_therapists_patients_are_absent(client, patients, other_therapist):
    followed(other_therapist, "Their Own")
    client.force_login(other_therapist)
    response = client.get(CHANGELIST)
    assert shown(response) == ["Their Own"]
    assert cell("adherence_recent", "0 %") in response.content.decode()


def test_anonymous_is_sent_to_sign_in(client, patients):
    response = client.get(CHANGELIST)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/login/?next={CHANGELIST}"


def test_the_query_count_does_not_grow_with_the_list(therapist_client, therapist):
    def queries(count: int) -> int:
        for n in range(count):
            followed(therapist, f"Patient {Patient.objects.count()}", logged_days=[n % 14], pain=2)
        with CaptureQueriesContext(connection) as captured:
            response = therapist_client.get(CHANGELIST)
        assert len(response.context["cl"].result_list) == Patient.objects.count()
        return len(captured)

    # The session, the user, their permissions (two), the count, the page's rows, the items
    # marked seen, five reads of the alert rules (adherence comes with the rows: 2 fewer since
    # issue 17), the "viewed" event.
    assert queries(3) == queries(20) == 13


def test_the_alerts_are_the_worklists_items(therapist_client, therapist):
    """The column reads adherence from the row (with_adherence) rather than working it out again;
    its alerts, reasons and evidence are still the front page's, item for item."""
    followed(therapist, "Seldom Sol", logged_days=[1, 12], pain=2)  # 2 of 14: under 50 %
    followed(therapist, "Quiet Quinn", logged_days=[8, 9, 10, 11, 12, 13], pain=2)  # and silent
    followed(therapist, "Steady Stan", logged_days=range(14), pain=2)
    voided = followed(therapist, "Voided Vic", logged_days=[1, 2], pain=2)
    voided.assignments.update(voided_at=timezone.now())  # plan entered in error: no adherence
    rows = therapist_client.get(CHANGELIST).context["cl"].result_list
    shown = {(i.patient.pk, i.rule, i.reason, i.evidence) for p in rows for i in p.open_items}
    expected = worklist(therapist, today=timezone.localdate())
    assert shown == {(i.patient.pk, i.rule, i.reason, i.evidence) for i in expected}
    assert {(i.patient.display_name, i.rule) for i in expected} == {
        ("Seldom Sol", "adherence"),
        ("Quiet Quinn", "adherence"),
        ("Quiet Quinn", "no_log"),
    }
