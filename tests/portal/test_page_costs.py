"""What the portal's busiest pages cost does not grow with the plan or the history (issue 17,
portal throughput): the home page and the history take the same queries for a short plan as for
a long one, and the links and lines built once a page (not by a template tag each) say the same
as before."""

import datetime
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.models import Patient, SessionLog
from portal.templatetags.history_entries import history_entry
from tests.factories import make_exercise, make_patient, make_plan, make_user

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
# With its plan sections in the cache (portal/card_cache.py): session, user, patient, the plans'
# stamps with their rows', this week's logs, the patient's conditions, the safety notes, the
# audit row, the clinic profile.
HOME_QUERIES = 9
# With the cache empty (the first visit to a process, or a plan or its inputs changed): the
# patient's conditions, the plans and their exercises in full, for all the sections missing.
HOME_QUERIES_COLD = HOME_QUERIES + 3
# session, user, patient, the page's logs, the audit row, the clinic profile
HISTORY_QUERIES = 6


def patient_with(*plan_sizes: int, weeks: int = 4):
    """A patient with one plan of each size, started ``weeks`` weeks ago, and a log for every
    exercise on every day since (but none today, so every card offers its Done button)."""
    starts_on = TODAY - datetime.timedelta(weeks=weeks)
    patient = make_patient(user=make_user())
    at = timezone.make_aware(datetime.datetime.combine(starts_on, datetime.time(9)))
    Patient.objects.filter(pk=patient.pk).update(created_at=at)
    plans = []
    for size in plan_sizes:
        names = [f"Exercise {patient.pk}-{len(plans)}-{n}" for n in range(size)]
        plan = make_plan(
            patient, exercises=[make_exercise(name=name) for name in names], starts_on=starts_on
        )
        SessionLog.objects.bulk_create(
            SessionLog(assignment=plan, program_exercise=item, performed_on=day, done=True)
            for item in plan.program.items.all()
            for day in (TODAY - n * DAY for n in range(1, weeks * 7))
        )
        plans.append(plan)
    return patient, plans


def page_of(client, patient, url) -> tuple[str, int]:
    client.force_login(patient.user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


@pytest.mark.parametrize("plan_sizes", [(2,), (12,), (12, 3)], ids=["2", "12", "12+3"])
def test_the_home_page_takes_the_same_queries_for_any_plan(client, plan_sizes):
    patient, plans = patient_with(*plan_sizes)
    cold, cold_queries = page_of(client, patient, "/portal/")
    warm, warm_queries = page_of(client, patient, "/portal/")
    assert (cold_queries, warm_queries) == (HOME_QUERIES_COLD, HOME_QUERIES)
    assert without_tokens(warm) == without_tokens(cold)
    for plan in plans:
        last = plan.program.items.order_by("position").last()
        assert html.escape(last.given.name) in warm


@pytest.mark.parametrize(("size", "weeks"), [(2, 1), (12, 12)])
def test_the_history_takes_the_same_queries_for_any_plan_and_history(client, size, weeks):
    patient, _ = patient_with(size, weeks=weeks)
    page, queries = page_of(client, patient, "/portal/history/")
    assert queries == HISTORY_QUERIES
    # The first page: this week before today and the three weeks before it.
    days_shown = min(weeks * 7 - 1, TODAY.weekday() + 21)
    assert page.count('class="history-entry"') == size * days_shown


def without_tokens(page: str) -> str:
    """The page without its CSRF tokens (masked afresh on every response)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)


def card_of(page: str, item_id: int) -> str:
    start = page.index(f'id="exercise-{item_id}"')
    end = page.find('class="card mb-3 portal-exercise"', start)
    return page[start : end if end != -1 else len(page)]


def test_each_card_links_to_its_own_exercise(client):
    patient, plans = patient_with(3, 2, weeks=1)
    done_today = plans[1].program.items.order_by("position").first()
    SessionLog.objects.create(
        assignment=plans[1], program_exercise=done_today, performed_on=TODAY, done=True
    )
    page, _ = page_of(client, patient, "/portal/")
    items = [item for plan in plans for item in plan.program.items.all()]
    assert page.count('class="card mb-3 portal-exercise"') == len(items) == 5
    for item in items:
        card = card_of(page, item.pk)
        log_link = f'href="{reverse("portal:log", args=[item.pk])}"'
        done_form = f'action="{reverse("portal:done", args=[item.pk])}"'
        assert card.count(log_link) == 1
        if item == done_today:
            assert done_form not in card
            assert "Change today's entry" in card
        else:
            assert card.count(done_form) == 1
            assert "Done, with details" in card
    assert len(re.findall(r'action="/portal/done/\d+/"', page)) == len(items) - 1


# --- the history's lines ------------------------------------------------------------------------


class Log:
    """What ``history_entry`` reads of a log (``history_weeks`` loads only these)."""

    def __init__(self, exercise_name="Sit to stand", *, done=True, sets_done=None, **values):
        self.exercise_name, self.done, self.sets_done = exercise_name, done, sets_done
        self.pain, self.effort, self.note = (values.get(k) for k in ("pain", "effort", "note"))


@pytest.mark.parametrize(
    ("log", "line"),
    [
        (Log(), "<strong>Sit to stand:</strong> done."),
        (Log(done=False), "<strong>Sit to stand:</strong> not done."),
        (Log(sets_done=1), "<strong>Sit to stand:</strong> done, 1 set."),
        (Log(sets_done=0, done=False), "<strong>Sit to stand:</strong> not done, 0 sets."),
        (
            Log(sets_done=3, pain=0, effort=10),
            "<strong>Sit to stand:</strong> done, 3 sets, pain 0 of 10, effort 10 of 10.",
        ),
        (Log(effort=4), "<strong>Sit to stand:</strong> done, effort 4 of 10."),
        (
            Log(pain=2, note="Easy"),
            "<strong>Sit to stand:</strong> done, pain 2 of 10. "
            '<span class="d-block history-note">Note: Easy</span>',
        ),
    ],
)
def test_a_history_line_reads_as_before(log, line):
    assert history_entry(log) == line


@settings(max_examples=60, deadline=None)
@given(
    name=st.text(min_size=1, max_size=120),
    note=st.text(max_size=500),
    sets_done=st.none() | st.integers(0, 20),
    pain=st.none() | st.integers(0, 10),
)
def test_a_history_line_shows_the_patients_words_escaped_and_whole(name, note, sets_done, pain):
    line = history_entry(Log(name, done=False, sets_done=sets_done, pain=pain, note=note))
    assert line.startswith(f"<strong>{html.escape(name)}:</strong> not done")
    said = line.split("</strong> ", 1)[1].split(".", 1)[0].split(", ")
    assert said[1:] == (
        ([f"{sets_done} set{'' if sets_done == 1 else 's'}"] if sets_done is not None else [])
        + ([f"pain {pain} of 10"] if pain is not None else [])
    )
    if note:
        assert line.endswith(f'<span class="d-block history-note">Note: {html.escape(note)}</span>')
    else:
        assert line.endswith(".")
