"""The patient portal: only their own, logging rules, history, handout, next-day check."""

import datetime
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader

from planner.models import AuditEvent, Patient, SessionLog
from planner.services import assign_program, start_revision
from tests.factories import make_exercise, make_patient, make_plan, make_session_log, make_user
from tests.portal.test_page_costs import HOME_QUERIES, HOME_QUERIES_COLD

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def portal_plan(*, exercises=2, starts_on=None, **patient_fields):
    """A plan that started 20 days ago (unless ``starts_on`` says otherwise), for a patient with
    an account registered that day. Exercise names carry the patient's id, so two patients'
    pages differ."""
    starts_on = starts_on or TODAY - 20 * DAY
    patient = make_patient(user=make_user(), **patient_fields)
    registered_at = timezone.make_aware(datetime.datetime.combine(starts_on, datetime.time(9)))
    Patient.objects.filter(pk=patient.pk).update(created_at=registered_at)
    items = [make_exercise(name=f"Exercise {patient.pk}-{n}") for n in range(exercises)]
    return make_plan(patient, exercises=items, starts_on=starts_on)


@pytest.fixture
def mine():
    return portal_plan()


@pytest.fixture
def theirs():
    return portal_plan()


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


def shown_text(response) -> str:
    """The words a person sees: the page's HTML, or the text of a PDF."""
    if response["Content-Type"] == "application/pdf":
        pages = PdfReader(io.BytesIO(response.content)).pages
        return " ".join(page.extract_text() for page in pages)
    return response.content.decode()


@pytest.mark.parametrize("name", GET_URLS)
def test_the_owner_can_open_each_page_and_sees_their_exercise(client, mine, name):
    first = make_session_log(mine, performed_on=TODAY).program_exercise
    client.force_login(mine.patient.user)
    response = client.get(urls_for(mine)[name])
    assert response.status_code == 200
    assert first.exercise.name in shown_text(response)


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
    their_log = make_session_log(theirs, performed_on=TODAY)
    client.force_login(mine.patient.user)
    html = client.get(urls_for(mine)[name]).content.decode()
    assert theirs.patient.display_name not in html
    assert their_log.program_exercise.exercise.name not in html


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
    make_session_log(mine, performed_on=TODAY, done=True)  # the first of two exercises
    client.force_login(mine.patient.user)
    html = client.get("/portal/").content.decode()
    assert "2 sets of 10, once a day, 3 days a week" in html
    assert "Lift your leg." in html
    assert "Done today" in html
    assert "Due today" in html  # the second: 3 days a week, none done yet
    assert f"Version {mine.version}" in html
    assert AuditEvent.objects.filter(action="viewed", patient=mine.patient).exists()


def test_home_leaves_out_plans_not_started_or_ended(client):
    future = portal_plan(starts_on=TODAY + 3 * DAY)
    client.force_login(future.patient.user)
    assert "You have no exercise plan right now" in client.get("/portal/").content.decode()


def test_large_print_preference_makes_the_portal_large(client):
    plan = portal_plan(large_print=True)
    client.force_login(plan.patient.user)
    for url in ("/portal/", "/portal/history/", f"/portal/log/{plan.program.items.first().pk}/"):
        assert '<html lang="en" class="large-print">' in client.get(url).content.decode()


def plan_with_logs(weeks):
    """A three-exercise plan with a log for every exercise on every day of ``weeks`` weeks."""
    plan = portal_plan(exercises=3, starts_on=TODAY - datetime.timedelta(weeks=weeks))
    SessionLog.objects.bulk_create(
        SessionLog(assignment=plan, program_exercise=item, performed_on=day, pain=1)
        for item in plan.program.items.all()
        for day in (TODAY - n * DAY for n in range(weeks * 7))
    )
    return plan


def count_queries(client, plan, url):
    """How many queries ``plan``'s patient's page takes; the page must show the plan."""
    client.force_login(plan.patient.user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    last = plan.program.items.order_by("position").last()
    assert last.exercise.name in response.content.decode()
    return len(queries)


def test_home_query_count_is_the_same_with_12_weeks_of_logs_as_with_1(client):
    # The first visit builds the plan's section, later ones read it from the cache
    # (tests/portal/test_page_costs.py says which queries each takes).
    counts = []
    for plan in (plan_with_logs(weeks=1), plan_with_logs(weeks=12)):
        counts += [count_queries(client, plan, "/portal/"), count_queries(client, plan, "/portal/")]
    assert counts == [HOME_QUERIES_COLD, HOME_QUERIES] * 2


def test_history_query_count_does_not_grow_with_logs(client):
    one = count_queries(client, plan_with_logs(weeks=1), "/portal/history/")
    twelve = count_queries(client, plan_with_logs(weeks=12), "/portal/history/")
    assert one == twelve


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
    following = mine.program.items.order_by("position").last()
    assert response["Location"] == f"/portal/#exercise-{following.pk}"
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
    item = make_session_log(mine, performed_on=TODAY, pain=7).program_exercise
    client.force_login(mine.patient.user)
    form = client.get(f"/portal/log/{item.pk}/").context["form"]
    assert form["pain"].value() == 7


def test_the_first_day_of_the_plan_and_earlier_days_are_accepted(client, mine):
    client.force_login(mine.patient.user)
    log(client, mine.program.items.first(), performed_on=mine.starts_on.isoformat())
    log(client, mine.program.items.first(), performed_on=(TODAY - 3 * DAY).isoformat())
    assert SessionLog.objects.count() == 2


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("pain", "11", "Choose a number from 0 to 10."),
        ("effort", "-1", "Choose a number from 0 to 10."),
        ("sets_done", "NaN", "Choose a number from 0 to 10."),
        ("performed_on", "2026-02-30", "Type a date like 28 November 2026."),
        ("performed_on", (TODAY + DAY).isoformat(), "That day has not happened yet."),
        ("performed_on", (TODAY - 21 * DAY).isoformat(), "This plan started on"),
        ("note", "x" * 1001, "This is too long. Use 1000 letters or fewer. You used 1001."),
    ],
)
def test_bad_values_and_days_outside_the_plan_are_refused(client, mine, field, value, message):
    client.force_login(mine.patient.user)
    response = log(client, mine.program.items.first(), **{field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SessionLog.objects.exists()


def test_a_day_before_the_patient_was_registered_is_refused(client):
    # A plan may be dated from before the patient was registered here; logs may not.
    plan = portal_plan(starts_on=TODAY - 20 * DAY)
    Patient.objects.filter(pk=plan.patient.pk).update(created_at=timezone.now() - 5 * DAY)
    client.force_login(plan.patient.user)
    response = log(client, plan.program.items.first(), performed_on=(TODAY - 6 * DAY).isoformat())
    registered = TODAY - 5 * DAY
    assert response.context["form"].errors["performed_on"] == [
        f"Your records here start on {registered:%A} {registered.day} {registered:%B %Y}, "
        "the day the clinic "
        "registered you. Choose that day or a later one."
    ]
    assert not SessionLog.objects.exists()
    log(client, plan.program.items.first(), performed_on=registered.isoformat())
    assert SessionLog.objects.get().performed_on == registered


def test_history_groups_by_week(client, mine):
    for days_ago in (0, 1, 8):
        make_session_log(mine, performed_on=TODAY - days_ago * DAY, pain=days_ago)
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
    slug = mine.patient.display_name.lower().replace(" ", "-")
    assert response["Content-Disposition"] == f'attachment; filename="{slug}-exercises-v1.pdf"'
    assert mine.patient.display_name in shown_text(response)
    event = AuditEvent.objects.get(action="printed")
    assert (event.actor, event.patient, event.detail["via"]) == (
        mine.patient.user,
        mine.patient,
        "portal",
    )


# --- next-day check for neurogenic patients ---------------------------------------------------


def test_neurogenic_patients_are_asked_the_next_day_and_the_answer_is_stored(client):
    plan = portal_plan(atrophy_type="neurogenic")
    entry = make_session_log(plan, performed_on=TODAY - DAY, done=True)
    client.force_login(plan.patient.user)
    assert "feel heavier or weaker than usual today" in client.get("/portal/").content.decode()
    response = client.post("/portal/check-in/", {"heavier": "True"}, follow=True)
    answer = response.content.decode()
    assert "Your therapist will see your answer." in answer
    assert "do the same amount or less, never more" in answer
    entry.refresh_from_db()
    assert entry.heavier_next_day is True
    assert "feel heavier or weaker than usual today" not in client.get("/portal/").content.decode()


def test_other_patients_are_not_asked(client, mine):
    make_session_log(mine, performed_on=TODAY - DAY, done=True)
    client.force_login(mine.patient.user)
    # The check-in question, not the safety note that also speaks of a heavier, weaker limb.
    assert 'id="check-in"' not in client.get("/portal/").content.decode()


# --- versions ----------------------------------------------------------------------------------


def test_home_shows_only_the_current_version(client, therapist, assignment):
    patient = assignment.patient
    patient.user = make_user()
    patient.save()
    draft = start_revision(assignment=assignment, by=therapist)
    assign_program(program=draft, patient=patient, by=therapist, starts_on=assignment.starts_on)
    client.force_login(patient.user)
    html = client.get("/portal/").content.decode()
    assert "Version 2" in html
    assert "Version 1" not in html
