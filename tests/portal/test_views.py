"""The patient portal: only their own, logging rules, history, handout, next-day check."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from exercises.models import AtrophyType
from planner.models import AuditEvent, SessionLog
from planner.services import assign_program
from tests.factories import make_exercise, make_patient, make_template, make_therapist, make_user

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def make_plan(*, exercises=2, starts_on=None, ends_on=None, **patient_fields):
    therapist = make_therapist()
    patient = make_patient(therapist=therapist, user=make_user(), **patient_fields)
    items = [make_exercise(name=f"Exercise {patient.pk}-{n}") for n in range(exercises)]
    for exercise in items:
        exercise.atrophy_types.set(AtrophyType.objects.all())
    return assign_program(
        program=make_template(therapist, exercises=items),
        patient=patient,
        by=therapist,
        starts_on=starts_on or TODAY - datetime.timedelta(days=20),
        ends_on=ends_on,
    )


@pytest.fixture
def mine():
    return make_plan()


@pytest.fixture
def theirs():
    return make_plan()


def urls_for(assignment):
    item = assignment.program.items.first()
    return {
        "home": "/portal/",
        "log": f"/portal/log/{item.pk}/",
        "history": "/portal/history/",
        "handout": f"/portal/handout/{assignment.pk}/",
    }


GET_URLS = ["home", "log", "history", "handout"]


# --- access: owner, other patient, therapist, anonymous ----------------------------------------


@pytest.mark.parametrize("name", GET_URLS)
def test_the_owner_can_open_each_page(client, mine, name):
    client.force_login(mine.patient.user)
    response = client.get(urls_for(mine)[name])
    assert response.status_code == 200


@pytest.mark.parametrize("name", ["log", "handout"])
def test_another_patients_ids_are_404(client, mine, theirs, name):
    client.force_login(mine.patient.user)
    assert client.get(urls_for(theirs)[name]).status_code == 404
    if name == "log":
        data = {"performed_on": TODAY.isoformat(), "done": "True"}
        assert client.post(urls_for(theirs)[name], data).status_code == 404
        assert not SessionLog.objects.exists()


@pytest.mark.parametrize("name", ["home", "history"])
def test_pages_without_ids_show_only_my_own(client, mine, theirs, name):
    SessionLog.objects.create(
        assignment=theirs, program_exercise=theirs.program.items.first(), performed_on=TODAY
    )
    client.force_login(mine.patient.user)
    html = client.get(urls_for(mine)[name]).content.decode()
    assert theirs.patient.display_name not in html
    assert theirs.program.items.first().exercise.name not in html


@pytest.mark.parametrize("name", GET_URLS)
def test_therapists_are_sent_to_the_admin(client, mine, name):
    client.force_login(mine.patient.therapist)
    response = client.get(urls_for(mine)[name])
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


@pytest.mark.parametrize("name", GET_URLS)
def test_anonymous_people_are_sent_to_sign_in(client, mine, name):
    url = urls_for(mine)[name]
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


@pytest.mark.parametrize("name", GET_URLS)
def test_accounts_without_a_patient_record_get_404(client, mine, name):
    client.force_login(make_user())
    assert client.get(urls_for(mine)[name]).status_code == 404


def test_an_archived_patient_gets_404(client, mine):
    mine.patient.archived_at = timezone.now()
    mine.patient.save()
    client.force_login(mine.patient.user)
    assert client.get("/portal/").status_code == 404


@pytest.mark.parametrize("url", ["/portal/check-in/"])
def test_changes_are_post_only(client, mine, url):
    client.force_login(mine.patient.user)
    assert client.get(url).status_code == 405


def test_posts_need_the_csrf_token(mine):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(mine.patient.user)
    item = mine.program.items.first()
    response = client.post(
        f"/portal/log/{item.pk}/", {"performed_on": TODAY.isoformat(), "done": "True"}
    )
    assert response.status_code == 403
    assert not SessionLog.objects.exists()


# --- home --------------------------------------------------------------------------------------


def test_home_shows_todays_exercises_with_dosage_steps_and_status(client, mine):
    first, _ = mine.program.items.order_by("position")
    SessionLog.objects.create(
        assignment=mine, program_exercise=first, performed_on=TODAY, done=True
    )
    client.force_login(mine.patient.user)
    html = client.get("/portal/").content.decode()
    assert "2 sets of 10, once a day, 3 days a week" in html
    assert "Lift your leg." in html
    assert "Done today" in html
    assert "Not logged yet" in html
    assert f"Version {mine.version}" in html
    assert AuditEvent.objects.filter(action="viewed", patient=mine.patient).exists()


def test_home_leaves_out_plans_not_started_or_ended(client):
    future = make_plan(starts_on=TODAY + datetime.timedelta(days=3))
    client.force_login(future.patient.user)
    assert "You have no exercise plan right now" in client.get("/portal/").content.decode()


def test_large_print_preference_makes_the_portal_large(client):
    plan = make_plan(large_print=True)
    client.force_login(plan.patient.user)
    for url in ("/portal/", "/portal/history/", f"/portal/log/{plan.program.items.first().pk}/"):
        assert '<body class="large-print">' in client.get(url).content.decode()


def test_home_query_count_is_the_same_with_12_weeks_of_logs_as_with_1(client):
    def queries_with(weeks):
        plan = make_plan(exercises=3, starts_on=TODAY - datetime.timedelta(weeks=weeks))
        SessionLog.objects.bulk_create(
            SessionLog(assignment=plan, program_exercise=item, performed_on=day, pain=1)
            for item in plan.program.items.all()
            for day in (TODAY - datetime.timedelta(days=n) for n in range(weeks * 7))
        )
        client.force_login(plan.patient.user)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/portal/").status_code == 200
        return len(queries)

    one, twelve = queries_with(1), queries_with(12)
    assert one == twelve
    # session, user, patient, plans, their exercises, today's logs, the audit row
    assert one == 7


def test_history_query_count_does_not_grow_with_logs(client):
    def queries_with(weeks):
        plan = make_plan(exercises=3, starts_on=TODAY - datetime.timedelta(weeks=weeks))
        SessionLog.objects.bulk_create(
            SessionLog(assignment=plan, program_exercise=item, performed_on=day)
            for item in plan.program.items.all()
            for day in (TODAY - datetime.timedelta(days=n) for n in range(weeks * 7))
        )
        client.force_login(plan.patient.user)
        with CaptureQueriesContext(connection) as queries:
            client.get("/portal/history/")
        return len(queries)

    assert queries_with(1) == queries_with(12)


# --- logging -----------------------------------------------------------------------------------


def log(client, item, **data):
    values = {
        "performed_on": TODAY.isoformat(),
        "done": "True",
        "sets_done": "2",
        "pain": "3",
        "effort": "4",
        "note": "",
    }
    values.update(data)
    return client.post(f"/portal/log/{item.pk}/", values)


def test_logging_a_session_saves_it_and_says_so(client, mine):
    item = mine.program.items.first()
    client.force_login(mine.patient.user)
    response = log(client, item, note="Knee felt fine")
    assert response.status_code == 302
    assert response["Location"] == "/portal/"
    entry = SessionLog.objects.get()
    assert (entry.done, entry.sets_done, entry.pain, entry.effort, entry.note) == (
        True,
        2,
        3,
        4,
        "Knee felt fine",
    )
    page = client.get("/portal/").content.decode()
    assert f"Saved: {item.exercise.name}" in page


def test_submitting_twice_for_the_same_day_updates_the_one_row(client, mine):
    item = mine.program.items.first()
    client.force_login(mine.patient.user)
    log(client, item, pain="3")
    log(client, item, pain="6", done="False")
    entry = SessionLog.objects.get()
    assert (entry.pain, entry.done) == (6, False)


def test_the_form_shows_the_existing_entry(client, mine):
    item = mine.program.items.first()
    SessionLog.objects.create(assignment=mine, program_exercise=item, performed_on=TODAY, pain=7)
    client.force_login(mine.patient.user)
    form = client.get(f"/portal/log/{item.pk}/").context["form"]
    assert form["pain"].value() == 7


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (TODAY + datetime.timedelta(days=1), "That day has not happened yet."),
        (TODAY - datetime.timedelta(days=21), "This plan started on"),
    ],
)
def test_future_days_and_days_before_the_plan_are_refused(client, mine, day, message):
    client.force_login(mine.patient.user)
    response = log(client, mine.program.items.first(), performed_on=day.isoformat())
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SessionLog.objects.exists()


def test_the_first_day_of_the_plan_and_earlier_days_are_accepted(client, mine):
    client.force_login(mine.patient.user)
    log(client, mine.program.items.first(), performed_on=mine.starts_on.isoformat())
    log(
        client,
        mine.program.items.first(),
        performed_on=(TODAY - datetime.timedelta(days=3)).isoformat(),
    )
    assert SessionLog.objects.count() == 2


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("pain", "11", "Select a valid choice"),
        ("effort", "-1", "Select a valid choice"),
        ("sets_done", "NaN", "Select a valid choice"),
        ("performed_on", "2026-02-30", "Enter a valid date"),
        ("note", "x" * 1001, "Ensure this value has at most 1000 characters"),
    ],
)
def test_bad_values_are_refused_with_a_message(client, mine, field, value, message):
    client.force_login(mine.patient.user)
    response = log(client, mine.program.items.first(), **{field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SessionLog.objects.exists()


def test_history_groups_by_week(client, mine):
    first = mine.program.items.first()
    for days_ago in (0, 1, 8):
        SessionLog.objects.create(
            assignment=mine,
            program_exercise=first,
            performed_on=TODAY - datetime.timedelta(days=days_ago),
            pain=days_ago,
        )
    client.force_login(mine.patient.user)
    weeks = client.get("/portal/history/").context["weeks"]
    assert sum(len(w["logs"]) for w in weeks) == 3
    assert all(w["start"].weekday() == 0 for w in weeks)
    assert weeks == sorted(weeks, key=lambda w: w["start"], reverse=True)


# --- handout -----------------------------------------------------------------------------------


def test_the_patient_downloads_their_own_handout(client, mine):
    client.force_login(mine.patient.user)
    response = client.get(f"/portal/handout/{mine.pk}/")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    event = AuditEvent.objects.get(action="printed")
    assert (event.actor, event.patient, event.detail["via"]) == (
        mine.patient.user,
        mine.patient,
        "portal",
    )


# --- next-day check for neurogenic patients ---------------------------------------------------


def test_neurogenic_patients_are_asked_the_next_day_and_the_answer_is_stored(client):
    plan = make_plan(atrophy_type="neurogenic")
    yesterday = TODAY - datetime.timedelta(days=1)
    entry = SessionLog.objects.create(
        assignment=plan,
        program_exercise=plan.program.items.first(),
        performed_on=yesterday,
        done=True,
    )
    client.force_login(plan.patient.user)
    assert "feel heavier or weaker than usual today" in client.get("/portal/").content.decode()
    response = client.post("/portal/check-in/", {"heavier": "True"}, follow=True)
    assert "your therapist will see your answer" in response.content.decode()
    entry.refresh_from_db()
    assert entry.heavier_next_day is True
    assert "feel heavier or weaker than usual today" not in client.get("/portal/").content.decode()


def test_the_therapist_sees_the_answer(client):
    plan = make_plan(atrophy_type="neurogenic")
    SessionLog.objects.create(
        assignment=plan,
        program_exercise=plan.program.items.first(),
        performed_on=TODAY - datetime.timedelta(days=1),
        done=True,
        heavier_next_day=True,
    )
    client.force_login(plan.patient.therapist)
    html = client.get(f"/admin/planner/patient/{plan.patient.pk}/change/").content.decode()
    assert "Felt heavier or weaker the day after exercising" in html


def test_other_patients_are_not_asked(client, mine):
    SessionLog.objects.create(
        assignment=mine,
        program_exercise=mine.program.items.first(),
        performed_on=TODAY - datetime.timedelta(days=1),
        done=True,
    )
    client.force_login(mine.patient.user)
    assert "heavier or weaker" not in client.get("/portal/").content.decode()
