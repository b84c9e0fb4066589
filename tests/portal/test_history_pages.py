"""The portal history, a few weeks a page (issue 17): newest first, older weeks behind a large
link, any page value safe, one patient's logs only, and a page that costs the same however long
the history is."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from planner.models import Patient, SessionLog
from portal.views import HISTORY_WEEKS_PER_PAGE
from tests.factories import make_exercise, make_patient, make_plan, make_user

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
MONDAY = TODAY - TODAY.weekday() * DAY


def patient_with_weeks(weeks: int, *, logged: int | None = None, **exercise):
    """A patient registered ``weeks`` weeks ago (counting this one), with one exercise logged on
    the Monday of each of those weeks, or of the last ``logged`` of them (today, for this week
    when today is Monday), its note saying how many weeks ago."""
    first_monday = MONDAY - datetime.timedelta(weeks=weeks - 1)
    patient = make_patient(user=make_user())
    Patient.objects.filter(pk=patient.pk).update(
        created_at=timezone.make_aware(datetime.datetime.combine(first_monday, datetime.time(9)))
    )
    patient.refresh_from_db()
    plan = make_plan(patient, exercises=[make_exercise(**exercise)], starts_on=first_monday)
    item = plan.program.items.get()
    SessionLog.objects.bulk_create(
        SessionLog(assignment=plan, program_exercise=item, performed_on=day, note=f"{n} weeks ago")
        for n, day in ((n, MONDAY - datetime.timedelta(weeks=n)) for n in range(logged or weeks))
    )
    return patient


def shown_weeks_ago(response) -> list[int]:
    return [int(n) for n in re.findall(r"Note: (\d+) weeks ago", response.content.decode())]


def get_history(client, patient, **params):
    client.force_login(patient.user)
    response = client.get("/portal/history/", params)
    assert response.status_code == 200
    return response


def test_the_first_page_shows_the_newest_weeks_and_links_to_older_ones(client):
    response = get_history(client, patient_with_weeks(12))
    assert shown_weeks_ago(response) == list(range(HISTORY_WEEKS_PER_PAGE))
    page = response.content.decode()
    assert (
        '<a class="btn btn-lg btn-outline-primary ms-auto" href="/portal/history/?page=2"' in page
    )
    assert "Newer weeks" not in page
    assert "to today, newest first." in page


def test_the_second_page_shows_the_weeks_before_and_links_both_ways(client):
    response = get_history(client, patient_with_weeks(12), page="2")
    assert shown_weeks_ago(response) == [4, 5, 6, 7]
    page = response.content.decode()
    assert 'href="/portal/history/" rel="prev">&larr; Newer weeks</a>' in page
    assert 'href="/portal/history/?page=3" rel="next">Older weeks &rarr;</a>' in page


def test_the_last_page_ends_at_the_week_the_patient_was_registered(client):
    response = get_history(client, patient_with_weeks(10), page="3")
    assert shown_weeks_ago(response) == [8, 9]
    page = response.content.decode()
    assert 'href="/portal/history/?page=2" rel="prev">' in page
    assert "Older weeks" not in page


def test_a_new_patient_has_one_page_and_no_links(client):
    patient = make_patient(user=make_user())
    response = get_history(client, patient)
    page = response.content.decode()
    assert "Nothing logged yet." in page
    assert "Older weeks" not in page
    assert "Newer weeks" not in page


def test_older_weeks_with_nothing_logged_say_so(client):
    patient = patient_with_weeks(9)
    SessionLog.objects.filter(performed_on__lt=MONDAY - datetime.timedelta(weeks=3)).delete()
    response = get_history(client, patient, page="2")
    assert response.context["weeks"] == []
    assert "Nothing logged in these weeks." in response.content.decode()


@pytest.mark.parametrize("value", ["0", "-1", "abc", "2.5", "99", "", "٣", "9" * 5000])
def test_a_page_that_is_not_one_of_the_pages_opens_the_first(client, value):
    response = get_history(client, patient_with_weeks(12), page=value)
    assert response.context["page"].number == 1
    assert shown_weeks_ago(response) == [0, 1, 2, 3]


def test_the_page_reads_only_its_own_weeks(client):
    client.force_login(patient_with_weeks(12).user)
    with CaptureQueriesContext(connection) as queries:
        client.get("/portal/history/", {"page": "2"})
    (logs,) = [q["sql"] for q in queries if 'FROM "planner_sessionlog"' in q["sql"]]
    assert "BETWEEN" in logs


def count_queries(client, patient, page):
    client.force_login(patient.user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/portal/history/", {"page": page})
    assert response.context["page"].number == int(page)
    return len(queries)


# Not named "page": that is pytest-playwright's fixture, and taking its name made this a browser
# test, moved among the live-server tests whose flush then emptied the seeded rows for the rest.
@pytest.mark.parametrize("number", ["1", "2"])
def test_the_query_count_is_the_same_with_1_week_of_logs_as_with_12(client, number):
    one = count_queries(client, patient_with_weeks(12, logged=1), number)
    twelve = count_queries(client, patient_with_weeks(12), number)
    assert one == twelve == 6


def test_another_patients_logs_are_never_shown(client):
    mine = patient_with_weeks(12, name="Sit to stand")
    patient_with_weeks(12, name="Wall push-up")
    for page in ("1", "2", "3", "4"):
        text = get_history(client, mine, page=page).content.decode()
        assert "Wall push-up" not in text
    assert "Sit to stand" in text
