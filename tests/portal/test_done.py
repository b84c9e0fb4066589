"""One-tap "Done", the week's count, the pain buttons and the safety words on the portal
(issue 16): owner, another patient, no one; double taps; plans no longer in force."""

import datetime

import pytest
from django.utils import timezone

from planner.handout.data import load_handout
from planner.models import AuditEvent, ClinicProfile, ProgramExercise, SessionLog
from planner.selectors import portal as selectors
from planner.services import assign_program, start_revision, void_record
from planner.services.sessions import AlreadyDone, log_prescribed_dose
from tests.portal.test_views import log, portal_plan

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def items_of(plan):
    return list(plan.program.items.order_by("position"))


def tap(client, item):
    return client.post(f"/portal/done/{item.pk}/")


@pytest.fixture
def mine():
    return portal_plan(exercises=3)


# --- the one-tap POST --------------------------------------------------------------------------


def test_it_logs_the_prescribed_dose_and_goes_to_the_next_exercise(client, mine):
    first, second, _ = items_of(mine)
    client.force_login(mine.patient.user)
    response = tap(client, first)
    assert response.status_code == 302
    assert response["Location"] == f"/portal/#exercise-{second.pk}"
    entry = SessionLog.objects.get()
    assert (entry.program_exercise, entry.performed_on, entry.done, entry.sets_done) == (
        first,
        TODAY,
        True,
        first.sets,
    )
    assert entry.pain is None
    page = client.get("/portal/").content.decode()
    assert f"Saved: {first.given.name} done today." in page
    assert f'id="exercise-{second.pk}"' in page
    assert AuditEvent.objects.filter(action="changed", patient=mine.patient).exists()


def test_the_home_page_has_a_named_done_button_and_the_details_link(client, mine):
    first = items_of(mine)[0]
    client.force_login(mine.patient.user)
    html = client.get("/portal/").content.decode()
    assert f'action="/portal/done/{first.pk}/"' in html
    assert f'aria-label="Done: {first.given.name}"' in html
    assert "csrfmiddlewaretoken" in html
    assert f'href="/portal/log/{first.pk}/">Done, with details' in html


def test_the_anchor_skips_done_exercises_and_wraps_to_the_top(client, mine):
    first, second, third = items_of(mine)
    client.force_login(mine.patient.user)
    tap(client, third)  # nothing below it: back up to the first not done
    assert tap(client, second)["Location"] == f"/portal/#exercise-{first.pk}"


def test_there_is_no_anchor_when_all_are_done(client, mine):
    client.force_login(mine.patient.user)
    responses = [tap(client, item) for item in items_of(mine)]
    assert responses[-1]["Location"] == "/portal/"
    assert SessionLog.objects.filter(done=True).count() == 3
    html = client.get("/portal/").content.decode()
    assert "portal/done/" not in html


def test_the_details_form_also_goes_to_the_next_exercise(client, mine):
    first, second, _ = items_of(mine)
    client.force_login(mine.patient.user)
    tap(client, first)
    assert log(client, second)["Location"] == f"/portal/#exercise-{items_of(mine)[2].pk}"


def test_a_second_tap_keeps_one_log_and_says_it_is_done(client, mine):
    first = items_of(mine)[0]
    client.force_login(mine.patient.user)
    tap(client, first)
    response = tap(client, first)
    assert response.status_code == 302
    assert SessionLog.objects.count() == 1
    page = client.get("/portal/").content.decode()
    assert f"{first.given.name} is already done today. Nothing was changed." in page


def test_a_tap_after_not_done_makes_the_day_done(client, mine):
    first = items_of(mine)[0]
    client.force_login(mine.patient.user)
    log(client, first, done="False", pain="2")
    tap(client, first)
    entry = SessionLog.objects.get()
    assert (entry.done, entry.sets_done, entry.pain) == (True, first.sets, 2)


def test_a_tap_that_loses_the_race_to_the_constraint_is_already_done(mine, monkeypatch):
    # Two taps at once: both see no entry, the database refuses the second insert.
    first = items_of(mine)[0]
    log_prescribed_dose(item=first, assignment=mine, performed_on=TODAY)
    # Past the first look (the entry seems set aside) and the locked read (nothing there yet).
    monkeypatch.setattr(SessionLog, "is_voided", property(lambda log: True))
    monkeypatch.setattr(
        "planner.services.sessions.SessionLog.objects.select_for_update",
        lambda: SessionLog.objects.none(),
    )
    with pytest.raises(AlreadyDone):
        log_prescribed_dose(item=first, assignment=mine, performed_on=TODAY)
    assert SessionLog.objects.count() == 1


def test_a_day_the_therapist_voided_is_not_logged_again(client, mine):
    first = items_of(mine)[0]
    entry = log_prescribed_dose(item=first, assignment=mine, performed_on=TODAY)
    void_record(record=entry, by=mine.patient.therapist, reason="Logged by mistake.")
    client.force_login(mine.patient.user)
    tap(client, first)
    assert SessionLog.objects.in_force().count() == 0
    assert "set aside what was logged" in client.get("/portal/").content.decode()


def test_another_patients_row_is_404_and_recorded(client, mine):
    theirs = portal_plan()
    client.force_login(mine.patient.user)
    assert tap(client, items_of(theirs)[0]).status_code == 404
    assert not SessionLog.objects.exists()
    assert AuditEvent.objects.filter(action="denied", patient=mine.patient).exists()


def test_it_requires_sign_in(client, mine):
    response = tap(client, items_of(mine)[0])
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/portal/done/")
    assert not SessionLog.objects.exists()


def test_it_rejects_get(client, mine):
    client.force_login(mine.patient.user)
    assert client.get(f"/portal/done/{items_of(mine)[0].pk}/").status_code == 405
    assert not SessionLog.objects.exists()


def test_a_voided_plans_row_is_refused(client, mine):
    void_record(record=mine, by=mine.patient.therapist, reason="Wrong patient.")
    client.force_login(mine.patient.user)
    assert tap(client, items_of(mine)[0]).status_code == 404
    assert not SessionLog.objects.exists()


def test_a_superseded_plans_row_is_refused(client, mine):
    therapist = mine.patient.therapist
    draft = start_revision(assignment=mine, by=therapist)
    assign_program(program=draft, patient=mine.patient, by=therapist, starts_on=mine.starts_on)
    client.force_login(mine.patient.user)
    assert tap(client, items_of(mine)[0]).status_code == 404
    assert not SessionLog.objects.exists()


# --- the week's count and what is due ----------------------------------------------------------


def test_the_week_counts_done_days_since_monday_against_days_per_week(mine):
    first, second, _third = items_of(mine)
    assert first.days_per_week == 3
    wednesday = TODAY - datetime.timedelta(days=TODAY.weekday() + 5)  # last week's
    monday = wednesday - 2 * DAY
    for day, done in [(monday - DAY, True), (monday, True), (monday + DAY, False)]:
        SessionLog.objects.create(
            assignment=mine, program_exercise=first, performed_on=day, done=done
        )
    SessionLog.objects.create(
        assignment=mine, program_exercise=first, performed_on=wednesday, done=True
    )
    SessionLog.objects.create(
        assignment=mine, program_exercise=first, performed_on=wednesday + DAY, done=True
    )  # the day after "today": not counted
    for day in (monday, monday + DAY, monday + 2 * DAY):
        SessionLog.objects.create(
            assignment=mine, program_exercise=second, performed_on=day, done=True
        )
    rows = selectors.current_plans(mine.patient, wednesday)[0].program.items.all()
    counted = [(row.done_this_week, row.due_today) for row in rows]
    # Sunday's is last week's; Tuesday's was not done; Wednesday's is today's and done.
    assert counted == [(2, False), (3, False), (0, True)]


def test_home_says_how_many_of_the_weeks_days_are_done_and_what_is_due(client, mine):
    first, second, _ = items_of(mine)
    ProgramExercise.objects.filter(pk=second.pk).update(days_per_week=1)
    SessionLog.objects.create(
        assignment=mine,
        program_exercise=second,
        performed_on=TODAY - DAY * (TODAY.weekday() > 0),
        done=False,
    )  # logged, not done: counts for nothing
    client.force_login(mine.patient.user)
    tap(client, first)
    html = client.get("/portal/").content.decode()
    assert "1 of 3 this week" in html
    assert "0 of 1 this week" in html
    assert html.count("Due today") >= 1


# --- pain buttons and the call advice ----------------------------------------------------------


def test_pain_is_a_row_of_labelled_radio_buttons(client, mine):
    client.force_login(mine.patient.user)
    html = client.get(f"/portal/log/{items_of(mine)[0].pk}/").content.decode()
    assert html.count('type="radio" class="btn-check" name="pain"') == 11
    for words in ("0 No pain", "5 Moderate", "10 Worst pain"):
        assert words in html
    assert "<legend" in html
    assert "Pain during the exercise" in html


@pytest.mark.parametrize("value", ["11", "-1", "seven", "7.5"])
def test_a_tampered_pain_gets_a_plain_message_and_keeps_what_was_typed(client, mine, value):
    client.force_login(mine.patient.user)
    response = log(client, items_of(mine)[0], pain=value, note="Knee ached")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Choose a number from 0 to 10." in html
    assert "is not one of the available choices" not in html
    assert "Knee ached" in html
    assert not SessionLog.objects.exists()


def test_a_form_error_keeps_the_chosen_pain(client, mine):
    client.force_login(mine.patient.user)
    future = (TODAY + DAY).isoformat()
    html = log(client, items_of(mine)[0], pain="8", performed_on=future).content.decode()
    assert 'value="8" checked' in html


def test_pain_of_7_or_more_answers_with_stop_and_call_and_the_phone(client, mine):
    ClinicProfile.objects.update_or_create(
        pk=1, defaults={"name": "Northside", "phone": "555-0100"}
    )
    clinic = ClinicProfile.objects.current()
    client.force_login(mine.patient.user)
    log(client, items_of(mine)[0], pain="7")
    html = client.get("/portal/").content.decode()
    assert "Your pain was 7 out of 10." in html
    assert "Stop this exercise for today and call Northside at 555-0100." in html
    assert "If the clinic is closed, rest and call when it opens." in html
    call = f'<a class="btn btn-danger btn-lg ms-1 mt-2 text-nowrap" href="{clinic.tel_uri}">'
    assert call in html


def test_pain_below_7_says_only_saved(client, mine):
    client.force_login(mine.patient.user)
    log(client, items_of(mine)[0], pain="6")
    html = client.get("/portal/").content.decode()
    assert "Saved:" in html
    assert "out of 10." not in html


# --- safety on screen --------------------------------------------------------------------------


def test_each_exercise_shows_its_precautions_and_device_and_skin_checks(client, mine):
    first, _second, _ = items_of(mine)
    ProgramExercise.objects.filter(pk=first.pk).update(
        precautions="Keep the knee soft.",
        device="Knee brace",
        device_worn_during=True,
        wear_schedule="All day.",
        skin_check="Look for red marks after.",
    )
    client.force_login(mine.patient.user)
    html = client.get("/portal/").content.decode()
    assert "Keep the knee soft." in html
    assert "Knee brace. Wear it while you do this. All day." in html
    assert "Look for red marks after." in html
    assert html.count("Stay safe with this one") == 1


def test_the_safety_notes_are_the_handouts_with_their_source(client, mine):
    notes = load_handout(mine).notes
    assert notes
    client.force_login(mine.patient.user)
    html = client.get("/portal/").content.decode()
    for note in notes:
        assert note.text in html
        if note.citation:
            assert f"(Source: {note.citation})" in html


# --- where the answer shows --------------------------------------------------------------------


def test_saved_shows_in_the_card_the_page_opens_at_not_at_the_top(client, mine):
    first, second, third = items_of(mine)
    client.force_login(mine.patient.user)
    tap(client, first)
    html = client.get("/portal/").content.decode()
    saved = f"Saved: {first.given.name} done today."
    assert html.count(saved) == 1
    assert html.index(f'id="exercise-{second.pk}"') < html.index(saved)
    assert html.index(saved) < html.index(f'id="exercise-{third.pk}"')
    assert client.get("/portal/").content.decode().count(saved) == 0  # shown once only


def test_already_done_says_so_in_the_card_the_page_opens_at(client, mine):
    first, second, _ = items_of(mine)
    client.force_login(mine.patient.user)
    tap(client, first)
    client.get("/portal/")
    assert tap(client, first)["Location"] == f"/portal/#exercise-{second.pk}"
    html = client.get("/portal/").content.decode()
    said = f"{first.given.name} is already done today. Nothing was changed."
    assert html.index(f'id="exercise-{second.pk}"') < html.index(said)


def test_high_pain_opens_the_page_at_the_top_with_the_advice_first(client, mine):
    """Pain 8 on the first exercise: the advice must not be scrolled out of sight."""
    ClinicProfile.objects.update_or_create(
        pk=1, defaults={"name": "Northside", "phone": "555-0100", "hours": "Mon-Fri 8-5"}
    )
    first = items_of(mine)[0]
    client.force_login(mine.patient.user)
    response = log(client, first, pain="8")
    assert response["Location"] == "/portal/"
    html = client.get("/portal/").content.decode()
    advice = html.index("Your pain was 8 out of 10. Stop this exercise for today")
    assert advice < html.index("<h1")
    assert "We answer the phone: Mon-Fri 8-5." in html
    assert f"Saved: {first.given.name} on " in html[: html.index("<h1")]


def test_high_pain_logged_on_the_last_exercise_also_gives_the_advice(client, mine):
    *before, last = items_of(mine)
    client.force_login(mine.patient.user)
    for item in before:
        tap(client, item)
    assert log(client, last, pain="9")["Location"] == "/portal/"
    html = client.get("/portal/").content.decode()
    assert "Your pain was 9 out of 10. Stop this exercise for today" in html


def test_the_details_form_shows_the_steps_and_the_care_to_take(client):
    plan = portal_plan(exercises=1)
    item = items_of(plan)[0]
    ProgramExercise.objects.filter(pk=item.pk).update(precautions="Hold the rail.")
    client.force_login(plan.patient.user)
    html = client.get(f"/portal/log/{item.pk}/").content.decode()
    for step in ("Sit down.", "Lift your leg.", "Lower it slowly."):
        assert f"<li>{step}</li>" in html
    assert "<strong>Take care:</strong> Hold the rail." in html
    assert html.index("How to do it") < html.index('name="pain"')
