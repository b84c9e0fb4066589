"""Many patients logging at once: 20 clients each log 50 sessions through the portal over real HTTP,
served by gunicorn with three worker processes, on a SQLite file or (when the suite runs on
PostgreSQL) a scratch PostgreSQL database. Every answer must be the redirect after saving, and
every one of the 1,000 sessions must be in the database.

The test starts everything itself: a fresh database migrated in a subprocess, 20 patients with a
plan of five exercises each (set up through the factories, so through ``assign_program``), and
gunicorn on a free loopback port, stopped by its pid at the end. The servers use the test settings
(the real settings with a fast password hasher), so 20 sign-ins do not cost 20 PBKDF2 hashes."""

import concurrent.futures
import datetime
import json
import os
import re
import subprocess
import sys
import threading

import pytest

from tests.servers import ROOT, Browser, gunicorn, scratch_database

CLIENTS, SESSIONS, EXERCISES, WORKERS = 20, 50, 5, 3
PASSWORD = "patient-pass-1234"  # tests.factories.make_user's
TODAY = datetime.date.today()
pytestmark = [pytest.mark.slow, pytest.mark.own_database]
DISTINCT_SESSIONS = """SELECT count(*) FROM (
    SELECT DISTINCT assignment_id, program_exercise_id, performed_on FROM planner_sessionlog
) AS kept"""
LAST_SESSIONS = "SELECT count(*) FROM planner_sessionlog WHERE note LIKE '% session 49'"

SETUP = f"""
import datetime, json, django
django.setup()
from django.utils import timezone
from planner.models import Patient
from tests.factories import make_exercise, make_patient, make_plan, make_therapist, make_user
therapist = make_therapist()
exercises = [make_exercise() for _ in range({EXERCISES})]
plans = {{}}
for n in range({CLIENTS}):
    patient = make_patient(therapist=therapist, user=make_user(f"patient{{n}}"))
    starts_on = datetime.date.today() - datetime.timedelta(days=60)
    plan = make_plan(patient, exercises=exercises, starts_on=starts_on)
    plans[patient.user.username] = [item.pk for item in plan.program.items.order_by("position")]
# Registered before the plan started, so every day of it can be logged.
Patient.objects.update(created_at=timezone.now() - datetime.timedelta(days=61))
print(json.dumps(plans))
"""


class Patient(Browser):
    """One patient's browser, signed in as ``username``."""

    def __init__(self, base: str, username: str):
        super().__init__(base)
        self.username = username

    def sign_in(self) -> None:
        form = {"username": self.username, "password": PASSWORD}
        form["csrfmiddlewaretoken"] = self.token("/accounts/login/")
        status, _, location = self.request("/accounts/login/", form)
        assert (status, location) == (302, "/"), (self.username, status, location)

    def log_sessions(self, items: list[int], start: threading.Barrier) -> list[str]:
        """Log SESSIONS distinct (exercise, day) pairs; return every answer that was not the
        redirect back to the portal."""
        self.sign_in()
        token = self.token(f"/portal/log/{items[0]}/")
        start.wait(timeout=60)
        problems = []
        for n in range(SESSIONS):
            item, day = items[n % len(items)], TODAY - datetime.timedelta(days=n // len(items))
            form = {
                "csrfmiddlewaretoken": token,
                "performed_on": day.isoformat(),
                "done": "True",
                "sets_done": "2",
                "pain": "1",
                "effort": "3",
                "note": f"{self.username} session {n}",
            }
            status, body, location = self.request(f"/portal/log/{item}/", form)
            # Back to the list, at the next exercise not yet done today (when there is one).
            if status != 302 or not re.fullmatch(r"/portal/(#exercise-\d+)?", location or ""):
                problems.append(f"{self.username} #{n}: {status} {location} {body[:200]}")
        return problems


def test_twenty_patients_log_fifty_sessions_each_at_once(tmp_path):
    with scratch_database(tmp_path) as (database_url, count):
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "DJANGO_ENV": "development",
            "DEBUG": "false",
            # Persistent connections, as a clinic's server runs; a new PostgreSQL connection for
            # each of the 1,000 requests would otherwise take half the test's time.
            "CONN_MAX_AGE": "60",
            "DJANGO_SETTINGS_MODULE": "config.test_settings",
        }
        run = {"cwd": ROOT, "env": env, "check": True, "capture_output": True, "text": True}
        subprocess.run([sys.executable, "manage.py", "migrate", "--verbosity", "0"], **run)
        plans = json.loads(subprocess.run([sys.executable, "-c", SETUP], **run).stdout)
        assert len(plans) == CLIENTS

        with gunicorn(env, tmp_path / "gunicorn.log", workers=WORKERS) as base:
            start = threading.Barrier(CLIENTS)
            with concurrent.futures.ThreadPoolExecutor(CLIENTS) as pool:
                results = [
                    pool.submit(Patient(base, username).log_sessions, items, start)
                    for username, items in plans.items()
                ]
                problems = [p for result in results for p in result.result(timeout=300)]

        assert problems == []
        assert count("SELECT count(*) FROM planner_sessionlog") == CLIENTS * SESSIONS
        assert count(DISTINCT_SESSIONS) == CLIENTS * SESSIONS
        assert count(LAST_SESSIONS) == CLIENTS  # each client's 50th, so no client stopped early
