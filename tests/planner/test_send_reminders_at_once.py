"""Two runs of ``manage.py send_reminders`` at the same moment, on a real database server: both
find the same reminder due, and only one of them sends it."""

import datetime
import threading

import pytest
from django.conf import settings
from django.db import connection

import planner.services.reminders as reminders
from planner.models import Reminder
from tests.factories import make_patient, make_plan, make_user

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="needs two real connections; the SQLite test database lives in memory",
    ),
]


def test_two_runs_at_once_send_one_email(monkeypatch):
    patient = make_patient(user=make_user())
    make_plan(patient)
    Reminder.objects.create(
        patient=patient, is_on=True, email="maria@example.org", send_at=datetime.time(8)
    )
    both_found_it = threading.Barrier(2, timeout=5)
    sent = []

    def needs_reminding(patient, day):
        both_found_it.wait()  # neither claims the day before both have read it as due
        return original(patient, day)

    def slow_send(subject, body, from_email, to):
        sent.append(to)
        threading.Event().wait(0.3)  # the other run's claim arrives meanwhile and waits

    original = reminders.needs_reminding
    monkeypatch.setattr(reminders, "needs_reminding", needs_reminding)
    monkeypatch.setattr(reminders, "send_mail", slow_send)
    now = datetime.datetime.combine(datetime.date.today(), datetime.time(9))
    results = {}

    def run(name):
        try:
            results[name] = reminders.send_due_reminders(now=now)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(name,)) for name in ("first", "second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert sent == [["maria@example.org"]]
    assert sorted(len(found) for found in results.values()) == [0, 1]
    assert Reminder.objects.get().last_sent_on == datetime.date.today()
