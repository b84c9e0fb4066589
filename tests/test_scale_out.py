"""Several app servers against one database: two gunicorn servers on different ports share one
PostgreSQL database (a SQLite file when the suite runs on SQLite), as a clinic group's servers
behind a load balancer do. Over real HTTP, alternating between the servers, the sign-in lockout
and the sign-in code throttle count tries made on both, a session made on one server works on the
other, the second of two saves of one patient is refused whichever server took the first, and the
audit trail holds what both servers wrote.

The servers trust ``X-Real-IP`` (``CLIENT_IP_HEADER``), as behind a load balancer that writes it,
so each browser below comes from an address of its own. Nothing else is shared between the
servers but the environment (the same SECRET_KEY signs every session). Each server keeps the
portal home's plan sections in its own memory, and still shows a change made elsewhere at once.
That the app needs no shared cache is checked on the source, without servers, at the end."""

import html
import json
import os
import re
import subprocess
import sys
from contextlib import ExitStack
from pathlib import Path

import pytest
from django.conf import settings

from core.revisions import EDIT_CONFLICT
from planner.services.patients import TOO_MANY_TRIES
from tests.html_forms import form_data
from tests.servers import ROOT, Browser, gunicorn, scratch_database

LIMIT = 5  # AXES_FAILURE_LIMIT, and planner.invites.MAX_FAILURES
THERAPIST_PASSWORD = "therapist-pass-123"  # tests.factories.make_therapist's
PATIENT_PASSWORD = "patient-pass-1234"  # tests.factories.make_user's
ANA = "SELECT display_name || ' @' || revision FROM planner_patient WHERE display_name LIKE 'Ana%'"
LOCKED = "Too many failed sign-ins with this username from here."

SETUP = """
import json, django
django.setup()
from tests.factories import make_patient, make_therapist, make_user
therapist = make_therapist("therapist")
make_therapist("lead", is_superuser=True)  # a clinic admin, who may change every record
make_patient(therapist=therapist, user=make_user("maria"), display_name="Maria Lopez")
patient = make_patient(therapist=therapist, display_name="Ana Silva")
# A patient with a plan, whose home page each server keeps the plan's section of.
from planner.models import SafetyNote
from tests.factories import make_exercise, make_plan
tomas = make_patient(therapist=therapist, user=make_user("tomas"), display_name="Tomas Berg")
make_plan(tomas, exercises=[make_exercise(name="Sit to stand")])
SafetyNote.objects.create(slug="scale-out", source="clinic", text="Stop if your skin turns red.")
print(json.dumps({"patient": patient.pk}))
"""
# A clinic admin rewords the safety note, from a third process (the admin, a shell).
REWORD_NOTE = """
import django
django.setup()
from planner.models import SafetyNote
note = SafetyNote.objects.get(slug="scale-out")
note.text = "Stop if your skin turns red or white."
note.save()
"""
OLD_NOTE, NEW_NOTE = "Stop if your skin turns red.", "Stop if your skin turns red or white."


def words(body: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(body))


def sign_in(browser, username, password, *, base) -> tuple[int, str, str]:
    form = {"username": username, "password": password}
    form["csrfmiddlewaretoken"] = browser.token("/accounts/login/", base=base)
    return browser.request("/accounts/login/", form, base=base)


def try_code(browser, code, *, base) -> str:
    """One try at /accounts/activate/ with ``code`` and an acceptable password; the page's
    words."""
    form = {
        "code": code,
        "username": "newpatient",
        "password1": "a long enough sentence 42",
        "password2": "a long enough sentence 42",
        "csrfmiddlewaretoken": browser.token("/accounts/activate/", base=base),
    }
    status, body, _ = browser.request("/accounts/activate/", form, base=base)
    assert status == 200, (code, status)
    return words(body)


@pytest.mark.slow
@pytest.mark.own_database
def test_two_app_servers_share_lockouts_throttles_sessions_edit_checks_and_the_audit(tmp_path):
    with scratch_database(tmp_path, "scaleout") as (database_url, count), ExitStack() as servers:
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "DJANGO_ENV": "development",
            "DEBUG": "false",
            "CONN_MAX_AGE": "60",
            "CLIENT_IP_HEADER": "X-Real-IP",
            "DJANGO_SETTINGS_MODULE": "config.test_settings",
        }
        run = {"cwd": ROOT, "env": env, "check": True, "capture_output": True, "text": True}
        subprocess.run([sys.executable, "manage.py", "migrate", "--verbosity", "0"], **run)
        patient = json.loads(subprocess.run([sys.executable, "-c", SETUP], **run).stdout)["patient"]
        a, b = (
            servers.enter_context(gunicorn(env, tmp_path / f"gunicorn-{n}.log", workers=2))
            for n in "ab"
        )
        assert a != b

        # (a) Five wrong passwords for one username from one address, alternating a, b, a, b, a:
        # the fifth locks it, and the right password is then refused on both servers.
        attacker = Browser(a, {"X-Real-IP": "203.0.113.7"})
        answers = [
            sign_in(attacker, "maria", f"wrong password {n}", base=(a, b)[n % 2])
            for n in range(LIMIT)
        ]
        assert [status for status, _, _ in answers] == [200] * (LIMIT - 1) + [429]
        assert LOCKED in words(answers[-1][1])
        for server in (b, a):
            status, body, _ = sign_in(attacker, "maria", PATIENT_PASSWORD, base=server)
            assert (status, LOCKED in words(body)) == (429, True), server
        assert count("SELECT count(*) FROM axes_accessattempt WHERE username = 'maria'") == 1

        # (b) Five refused sign-in codes from one address, alternating servers: the sixth try is
        # refused unread on both.
        guesser = Browser(a, {"X-Real-IP": "203.0.113.8"})
        pages = [try_code(guesser, f"ZZZZ-000{n}", base=(a, b)[n % 2]) for n in range(LIMIT)]
        assert not any(TOO_MANY_TRIES in page for page in pages)
        for server in (b, a):
            assert TOO_MANY_TRIES in try_code(guesser, "ZZZZ-0009", base=server), server
        assert count("SELECT count(*) FROM planner_activationfailure") == LIMIT

        # (e) A therapist signs in on server a and opens the patient's page on server b: the
        # session (in the database) works on both.
        change = f"/admin/planner/patient/{patient}/change/"
        mine = Browser(a, {"X-Real-IP": "203.0.113.10"})
        status, _, location = sign_in(mine, "therapist", THERAPIST_PASSWORD, base=a)
        assert (status, location) == (302, "/")
        status, page, _ = mine.request(change, base=b)
        assert status == 200
        my_form = form_data(page, "patient_form", display_name="Ana Silva-Ruiz")

        # (c) The clinic admin signs in on b and opens the same page on a; the therapist saves
        # first (through a), so the admin's save (through b) is refused with the conflict.
        theirs = Browser(b, {"X-Real-IP": "203.0.113.20"})
        status, _, location = sign_in(theirs, "lead", THERAPIST_PASSWORD, base=b)
        assert (status, location) == (302, "/")
        status, page, _ = theirs.request(change, base=a)
        assert status == 200
        their_form = form_data(page, "patient_form", display_name="Ana S. Ruiz")
        assert my_form["expected_revision"] == their_form["expected_revision"] == "1"

        status, body, location = mine.request(change, my_form, base=a)
        assert (status, location) == (302, "/admin/planner/patient/"), words(body)[:500]
        status, body, _ = theirs.request(change, their_form, base=b)
        assert status == 200
        assert EDIT_CONFLICT.format(noun="patient") in words(body)
        assert count(ANA) == "Ana Silva-Ruiz @2"  # the first save, and nothing of the second

        # (d) The audit trail holds what each server wrote: the failed sign-ins and lockouts (a
        # took three of the five failures and one try while locked, b the other two and one),
        # each therapist's sign-in (the therapist's on a, the admin's on b), each one's view of
        # the patient's page (the therapist's on b, the admin's on a) and the one save (on a).
        def events(action, address, patient_only=False):
            where = f"action = '{action}' AND ip_address = '{address}'"
            if patient_only:
                where += f" AND patient_id = {patient}"
            return count(f"SELECT count(*) FROM planner_auditevent WHERE {where}")  # noqa: S608

        assert events("sign_in_failed", "203.0.113.7") == LIMIT + 2
        assert events("locked_out", "203.0.113.7") == 3
        assert events("signed_in", "203.0.113.10") == events("signed_in", "203.0.113.20") == 1
        assert events("viewed", "203.0.113.10", patient_only=True) >= 1  # on b
        assert events("viewed", "203.0.113.20", patient_only=True) >= 1  # on a
        assert events("changed", "203.0.113.10", patient_only=True) == 1  # on a
        assert events("changed", "203.0.113.20", patient_only=True) == 0  # refused on b

        # (f) Each server keeps the patient's plan section in its own workers' memory
        # (portal/card_cache.py). The safety note is reworded elsewhere: the next home page from
        # either server has the new words and never the old, though both had kept the section;
        # "Done" pressed on one server shows on the other at once (logs are never kept).
        tomas = Browser(a, {"X-Real-IP": "203.0.113.30"})
        status, _, _ = sign_in(tomas, "tomas", PATIENT_PASSWORD, base=a)
        assert status == 302

        def home(server) -> str:
            status, body, _ = tomas.request("/portal/", base=server)
            assert status == 200
            return words(body)

        # Four visits to each server, so that each of its two workers most likely kept the
        # section (a worker that did not would read it afresh, which the checks below allow).
        assert all(OLD_NOTE in home(server) for server in (a, b) * 4)
        subprocess.run([sys.executable, "-c", REWORD_NOTE], **run)
        for server in (b, a) * 4:
            page = home(server)
            assert (NEW_NOTE in page, OLD_NOTE in page) == (True, False), server

        first = home(b)
        done = re.search(r'action="(/portal/done/\d+/)"', first)[1]
        token = tomas.token("/portal/", base=a)
        status, _, _ = tomas.request(done, {"csrfmiddlewaretoken": token}, base=a)
        assert status == 302
        for server in (b, a) * 2:
            page = home(server)
            assert "Done today" in page, server
            assert done not in page, server


# --- no shared cache needed --------------------------------------------------------------------

APPS = ["accounts", "config", "core", "exercises", "planner", "portal"]
# Anything that keeps state in Django's cache, which is per process unless CACHES names a shared
# one: the cache itself, cached views and pages, cached sessions, the {% cache %} tag.
USES_CACHE = re.compile(
    r"django\.core\.cache\b(?!\.backends)|\bcache_page\b|CacheMiddleware|backends\.cache"
    r"|backends\.cached_db|\{%\s*load\b[^%]*\bcache\b"
)
# The one documented use (README "Running on several servers"): the portal home's rendered plan
# sections, keyed on the data each request reads, so that a process's own copy is never stale.
CARD_CACHE = "portal/card_cache.py"


def test_nothing_relies_on_a_cache_shared_between_servers():
    """The cache is each process's own memory (settings.CACHES). That is right only while no
    code keeps state in it: a lockout count, a throttle or a session cached on one server is not
    seen by another. The one use allowed keeps only rendered words under keys made of the data
    they were rendered from (portal/card_cache.py, which tests/portal/test_card_cache.py and the
    servers above check). Code that starts any other use needs a shared CACHES (Redis) first;
    see the README's "Running on several servers"."""
    sources = [
        path
        for app in APPS
        for path in sorted((ROOT / app).rglob("*"))
        if path.suffix in {".py", ".html", ".txt"} and "migrations" not in path.parts
    ]
    sources += sorted((ROOT / "templates").rglob("*.html"))
    assert len(sources) > 50
    users = [str(path.relative_to(ROOT)) for path in sources if USES_CACHE.search(read(path))]
    assert users == [CARD_CACHE]
    # That module reaches only its own cache, by name, and only reads and writes whole entries:
    # never the default cache, never a counter or a delete (state, or an invalidation another
    # process would not see).
    source = read(ROOT / CARD_CACHE)
    assert re.findall(r"^from django\.core\.cache import .*$", source, re.M) == [
        "from django.core.cache import caches"
    ]
    assert re.findall(r"\bcaches\[[^\]]*\]", source) == ["caches[CACHE]"]
    assert 'CACHE = "portal_cards"' in source
    assert re.findall(r"\bcache\.\w+", source) == ["cache.get_many", "cache.set_many"]
    kept = settings.CACHES["portal_cards"]
    assert kept["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert kept["OPTIONS"]["MAX_ENTRIES"] > 0
    assert 0 < kept["TIMEOUT"] <= 24 * 60 * 60
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    assert not [m for m in settings.MIDDLEWARE if "cache" in m.lower()]
    assert getattr(settings, "AXES_HANDLER", "axes.handlers.database.AxesDatabaseHandler") == (
        "axes.handlers.database.AxesDatabaseHandler"
    )


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")
