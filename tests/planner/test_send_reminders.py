"""Daily email reminders: ``manage.py send_reminders`` sends one a day to each patient it is due
for, and never to one who is done today, opted out, archived, without a plan or an account."""

import datetime
import io

import pytest
import textstat
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.models import AuditAction, AuditEvent, ClinicProfile, Reminder
from planner.services import set_patient_archived
from planner.services.reminders import reminder_text
from tests.factories import make_exercise, make_patient, make_plan, make_session_log, make_user

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
EIGHT = datetime.time(8, 0)


def reminded_patient(*, at=EIGHT, email=None, plan=True, archived=False, **patient_fields):
    """A patient with an account, reminders on at ``at`` and (unless ``plan`` is False) a plan of
    two exercises that started today."""
    patient = make_patient(user=make_user(), **patient_fields)
    Reminder.objects.create(
        patient=patient, is_on=True, email=email or f"p{patient.pk}@example.org", send_at=at
    )
    if plan:
        make_plan(patient, exercises=[make_exercise(), make_exercise()])
    if archived:
        set_patient_archived(patient=patient, by=patient.therapist, archived=True)
    return patient


def send(now="09:00", day=TODAY, *extra) -> str:
    out = io.StringIO()
    call_command("send_reminders", "--now", now, "--date", day.isoformat(), *extra, stdout=out)
    return out.getvalue()


def recipients() -> list[str]:
    return [address for message in mail.outbox for address in message.to]


def test_it_sends_one_email_to_each_due_patient():
    first, second = reminded_patient(), reminded_patient(at=datetime.time(8, 45))
    output = send("09:00")
    assert sorted(recipients()) == sorted(p.reminder.email for p in (first, second))
    assert f"patient #{first.pk}" in output
    assert "2 sent" in output
    for patient in (first, second):
        patient.reminder.refresh_from_db()
        assert patient.reminder.last_sent_on == TODAY


def test_the_email_names_the_clinic_and_the_portal_and_nothing_else():
    ClinicProfile.objects.update_or_create(pk=1, defaults={"name": "Riverside Rehab"})
    patient = reminded_patient(display_name="Maria Lopez")
    with override_settings(SITE_URL="https://rehab.example.org"):
        send()
    (message,) = mail.outbox
    assert message.subject == "Time to do your exercises"
    assert "Riverside Rehab" in message.body
    assert "https://rehab.example.org/portal/" in message.body
    exercise_names = [item.name for item in patient.assignments.get().program.items.all()]
    for private in ["Maria", *exercise_names]:
        assert private not in message.body


def test_running_it_twice_sends_nothing_more():
    reminded_patient()
    send("09:00")
    assert "0 sent" in send("09:00")
    assert "0 sent" in send("23:59")
    assert len(mail.outbox) == 1


def test_it_sends_again_the_next_day():
    patient = reminded_patient()
    send("09:00")
    plan = patient.assignments.get()
    assert plan.starts_on == TODAY
    send("09:00", TODAY + datetime.timedelta(days=1))
    assert len(mail.outbox) == 2


def test_a_patient_whose_time_has_not_come_gets_none_yet():
    reminded_patient(at=datetime.time(18, 30))
    send("18:29")
    assert mail.outbox == []
    send("18:30")
    assert len(mail.outbox) == 1


def test_a_patient_who_is_done_today_gets_none():
    patient = reminded_patient()
    plan = patient.assignments.get()
    for item in plan.program.items.all():
        make_session_log(plan, item=item, performed_on=TODAY, done=True)
    send()
    assert mail.outbox == []


def test_a_patient_with_something_left_or_logged_not_done_gets_one():
    patient = reminded_patient()
    plan = patient.assignments.get()
    first, second = plan.program.items.all()
    make_session_log(plan, item=first, performed_on=TODAY, done=True)
    make_session_log(plan, item=second, performed_on=TODAY, done=False)
    send()
    assert len(mail.outbox) == 1


def test_none_for_opted_out_archived_planless_accountless_or_already_reminded():
    opted_out = reminded_patient()
    Reminder.objects.filter(patient=opted_out).update(is_on=False)
    archived = reminded_patient(archived=True)
    reminded_patient(plan=False)
    no_account = reminded_patient()
    no_account.user = None
    no_account.save(update_fields=["user"])
    switched_off = reminded_patient()
    switched_off.user.is_active = False
    switched_off.user.save(update_fields=["is_active"])
    already = reminded_patient()
    Reminder.objects.filter(patient=already).update(last_sent_on=TODAY)
    archived.refresh_from_db()
    assert archived.is_archived
    assert "0 sent" in send()
    assert mail.outbox == []


def test_a_plan_that_has_ended_or_not_started_sends_none():
    patient = reminded_patient(plan=False)
    make_plan(patient, starts_on=TODAY + datetime.timedelta(days=1))
    send()
    assert mail.outbox == []


def test_a_dry_run_says_who_and_sends_nothing():
    patient = reminded_patient()
    output = send("09:00", TODAY, "--dry-run")
    assert f"Would send a reminder to patient #{patient.pk}" in output
    assert mail.outbox == []
    patient.reminder.refresh_from_db()
    assert patient.reminder.last_sent_on is None


def test_sending_is_on_the_audit_trail():
    patient = reminded_patient()
    send()
    event = AuditEvent.objects.filter(patient=patient, action=AuditAction.CHANGED).latest("pk")
    assert event.detail == {"reminder_sent": TODAY.isoformat()}
    assert event.actor is None


@override_settings(EMAIL_BACKEND="tests.planner.test_send_reminders.BrokenBackend")
def test_an_email_that_fails_leaves_the_day_for_the_next_run():
    patient = reminded_patient()
    with pytest.raises(CommandError, match="Could not send"):
        send()
    patient.reminder.refresh_from_db()
    assert patient.reminder.last_sent_on is None


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("no mail server")


@pytest.mark.parametrize(("flag", "value"), [("--now", "9 o'clock"), ("--date", "tomorrow")])
def test_bad_arguments_say_what_is_expected(flag, value):
    with pytest.raises(CommandError, match=f"{flag} must be"):
        call_command("send_reminders", flag, value, stdout=io.StringIO())


RUNS = st.lists(
    st.tuples(st.integers(min_value=0, max_value=3), st.times()), min_size=1, max_size=8
)


def emails_by_day(runs) -> dict[datetime.date, int]:
    """Run the command at each (day offset, time of day) in turn, for a new patient reminded at
    08:00; how many emails each day got. Everything is rolled back afterwards."""
    counts: dict[datetime.date, int] = {}
    with transaction.atomic():
        mail.outbox = []
        reminded_patient()
        for offset, moment in runs:
            day = TODAY + datetime.timedelta(days=offset)
            before = len(mail.outbox)
            send(f"{moment:%H:%M}", day)
            counts[day] = counts.get(day, 0) + len(mail.outbox) - before
        transaction.set_rollback(True)
    return counts


def due(runs) -> set[datetime.date]:
    return {TODAY + datetime.timedelta(days=o) for o, t in runs if t >= EIGHT}


@settings(max_examples=30, deadline=None)
@given(runs=RUNS)
def test_never_two_emails_a_day_whatever_the_order_of_runs(runs):
    counts = emails_by_day(runs)
    assert all(count <= 1 for count in counts.values()), counts
    assert {day for day, count in counts.items() if count} <= due(runs)


@settings(max_examples=30, deadline=None)
@given(runs=RUNS.map(sorted))
def test_runs_in_time_order_send_exactly_one_on_each_due_day(runs):
    counts = emails_by_day(runs)
    assert {day for day, count in counts.items() if count} == due(runs)
    assert set(counts.values()) <= {0, 1}


def test_the_email_reads_at_grade_6_or_below():
    subject, body = reminder_text()
    # The address is not words; the rest is what the patient reads.
    text = " ".join(line for line in body.splitlines() if "://" not in line)
    grade = textstat.flesch_kincaid_grade(text)
    assert grade <= 6.0, f"grade {grade:.1f}: {text!r}"
    assert textstat.flesch_kincaid_grade(subject) <= 6.0


def test_a_patient_whose_days_this_week_are_all_done_gets_none():
    patient = reminded_patient(plan=False)
    plan = make_plan(patient, exercises=[make_exercise()], starts_on=TODAY)
    item = plan.program.items.get()
    type(item).objects.filter(pk=item.pk).update(days_per_week=1)
    make_session_log(plan, item=item, performed_on=TODAY, done=True)
    send("09:00", TODAY + datetime.timedelta(days=1) if TODAY.weekday() < 6 else TODAY)
    assert mail.outbox == []
