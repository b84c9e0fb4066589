"""Settings: env parsing, SQLite pragmas on a live connection, and the production checks."""

import io
import os
import re
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import connections, transaction
from django.db.backends.sqlite3.base import DatabaseWrapper
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from config import env

PROJECT = Path(__file__).resolve().parent.parent
SETTINGS_FILE = PROJECT / "config" / "settings.py"
SETTINGS_VARIABLES = (
    "DJANGO_ENV",
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "CONN_MAX_AGE",
    "DISABLE_SERVER_SIDE_CURSORS",
)
POSTGRESQL_URL = "postgres://u:p@db.internal:5433/rehab"
STRONG_KEY = "k3Y-for-tests-only_9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1"


def load_settings(monkeypatch, **environ):
    """Evaluate config/settings.py afresh with exactly these variables set."""
    for name in SETTINGS_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS_FILE))


def test_development_defaults_need_no_variables(monkeypatch):
    loaded = load_settings(monkeypatch)
    assert loaded["DEBUG"] is True
    assert loaded["DATABASES"]["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert loaded["DATABASES"]["default"]["NAME"].endswith("db.sqlite3")
    assert "localhost" in loaded["ALLOWED_HOSTS"]


def test_database_url_selects_postgresql(monkeypatch):
    db = load_settings(monkeypatch, DATABASE_URL=POSTGRESQL_URL)["DATABASES"]["default"]
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["HOST"], db["PORT"], db["NAME"], db["USER"]) == ("db.internal", 5433, "rehab", "u")
    assert "transaction_mode" not in db.get("OPTIONS", {})


def test_postgresql_connections_are_kept_a_minute_and_checked_before_reuse(monkeypatch):
    db = load_settings(monkeypatch, DATABASE_URL=POSTGRESQL_URL)["DATABASES"]["default"]
    assert (db["CONN_MAX_AGE"], db["CONN_HEALTH_CHECKS"]) == (60, True)
    assert db["DISABLE_SERVER_SIDE_CURSORS"] is False


def test_sqlite_connections_are_kept_a_minute_too(monkeypatch):
    # Reopening SQLite per request (PRAGMAs, the schema, a WAL checkpoint at the last close)
    # cost the portal home about 35 of its 48 ms; config/settings.py says why keeping is safe.
    db = load_settings(monkeypatch)["DATABASES"]["default"]
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert db["CONN_MAX_AGE"] == 60


@pytest.mark.parametrize("url", [POSTGRESQL_URL, "sqlite:///tmp/rehab.sqlite3"])
@pytest.mark.parametrize("age", ["0", "300"])
def test_conn_max_age_overrides_the_default(monkeypatch, url, age):
    db = load_settings(monkeypatch, DATABASE_URL=url, CONN_MAX_AGE=age)["DATABASES"]["default"]
    assert db["CONN_MAX_AGE"] == int(age)


def test_behind_pgbouncer_server_side_cursors_can_be_turned_off(monkeypatch):
    loaded = load_settings(
        monkeypatch, DATABASE_URL=POSTGRESQL_URL, DISABLE_SERVER_SIDE_CURSORS="true"
    )
    assert loaded["DATABASES"]["default"]["DISABLE_SERVER_SIDE_CURSORS"] is True


def test_an_unreadable_conn_max_age_is_refused(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="CONN_MAX_AGE must be a whole number"):
        load_settings(monkeypatch, DATABASE_URL=POSTGRESQL_URL, CONN_MAX_AGE="a minute")


def test_allowed_hosts_is_a_comma_list(monkeypatch):
    loaded = load_settings(monkeypatch, ALLOWED_HOSTS=" a.example.org, b.example.org ,")
    assert loaded["ALLOWED_HOSTS"] == ["a.example.org", "b.example.org"]


def test_unreadable_debug_value_is_refused(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="DEBUG must be one of"):
        load_settings(monkeypatch, DEBUG="maybe")


def test_env_int_names_the_variable(monkeypatch):
    monkeypatch.setenv("CONN_MAX_AGE", "ten")
    with pytest.raises(ImproperlyConfigured, match="CONN_MAX_AGE must be a whole number"):
        env.env_int("CONN_MAX_AGE", 0)


def test_production_settings_load_and_leave_the_refusing_to_the_checks(monkeypatch):
    loaded = load_settings(monkeypatch, DJANGO_ENV="production")
    assert (loaded["SECRET_KEY"], loaded["ALLOWED_HOSTS"]) == ("", [])


def test_production_turns_on_secure_defaults(monkeypatch):
    loaded = load_settings(
        monkeypatch,
        DJANGO_ENV="production",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="rehab.example.org",
    )
    assert loaded["DEBUG"] is False
    assert loaded["SESSION_COOKIE_SECURE"] is True
    assert loaded["CSRF_COOKIE_SECURE"] is True
    assert loaded["SECURE_SSL_REDIRECT"] is True
    assert loaded["SECURE_HSTS_SECONDS"] >= 31536000
    assert loaded["ALLOWED_HOSTS"] == ["rehab.example.org"]


def test_unknown_django_env_is_refused(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="DJANGO_ENV must be"):
        load_settings(monkeypatch, DJANGO_ENV="staging")


# Production settings that pass every rehab check; each test below breaks one of them.
PRODUCTION = {
    "DJANGO_ENV": "production",
    "DEBUG": False,
    "SECRET_KEY": STRONG_KEY,
    "ALLOWED_HOSTS": ["rehab.example.org"],
    "SITE_URL": "https://rehab.example.org",
}


def rehab_check_ids(**overrides) -> set[str]:
    """The rehab.* ids ``manage.py check`` reports with the production settings changed so."""
    with override_settings(**{**PRODUCTION, **overrides}):
        try:
            call_command("check", stdout=io.StringIO(), stderr=io.StringIO())
        except SystemCheckError as exc:
            return set(re.findall(r"rehab\.E\d{3}", str(exc)))
    return set()


def test_production_configured_right_passes_the_checks():
    assert rehab_check_ids() == set()


def test_production_with_debug_on_is_e001():
    assert rehab_check_ids(DEBUG=True) == {"rehab.E001"}


@pytest.mark.parametrize(
    "key",
    [
        "",
        "short-key",
        "django-insecure-" + "x1y2z3" * 10,
        "a" * 60,
    ],
)
def test_production_with_a_missing_or_weak_secret_key_is_e002(key):
    assert rehab_check_ids(SECRET_KEY=key) == {"rehab.E002"}


def test_production_without_allowed_hosts_is_e003():
    assert rehab_check_ids(ALLOWED_HOSTS=[]) == {"rehab.E003"}


@pytest.mark.parametrize(
    "url",
    [
        "",
        "http://127.0.0.1:8000",
        "https://localhost",
        "https://127.0.0.2/rehab",
        "http://rehab.example.org",
        "https://[::1]:8443",
        "https://0.0.0.0",
        "https://app.localhost",
    ],
)
def test_production_with_a_site_url_patients_cannot_reach_is_e004(url):
    # The handout prints SITE_URL and its QR code points there.
    assert rehab_check_ids(SITE_URL=url) == {"rehab.E004"}


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("FHIR_BASE", "http://127.0.0.1:8000/fhir"),
        ("FHIR_BASE", "http://rehab.example.org/fhir"),
        ("FHIR_PATIENT_ID_SYSTEM", "https://localhost/ids"),
        ("FHIR_PATIENT_ID_SYSTEM", "patients"),
    ],
)
def test_production_with_a_fhir_system_on_this_machine_or_plain_http_is_e005(setting, value):
    # Every exported identifier is made from it: a record system would mix clinics up.
    assert rehab_check_ids(**{setting: value}) == {"rehab.E005"}


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("FHIR_BASE", "https://records.example.org/fhir"),
        ("FHIR_PATIENT_ID_SYSTEM", "urn:oid:2.16.840.1.113883.3.1234.5"),
    ],
)
def test_production_with_public_fhir_systems_passes(setting, value):
    assert rehab_check_ids(**{setting: value}) == set()


def test_development_defaults_pass_the_checks():
    development = {
        "DJANGO_ENV": "development",
        "DEBUG": True,
        "SECRET_KEY": "django-insecure-development-only-key-never-use-in-production",
        "ALLOWED_HOSTS": [],
    }
    assert rehab_check_ids(**development) == set()


def run(args: list[str], *, timeout=60, **environ) -> subprocess.CompletedProcess:
    """Run Python in a fresh interpreter on the real settings, with only these variables set."""
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", **environ)
    return subprocess.run(
        [sys.executable, *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_check_deploy_reports_every_production_rule():
    result = run(["manage.py", "check", "--deploy"], DJANGO_ENV="production", DEBUG="true")
    assert result.returncode == 1
    for check_id in ("rehab.E001", "rehab.E002", "rehab.E003", "rehab.E004"):
        assert check_id in result.stderr


@pytest.mark.parametrize(
    "command",
    [["migrate"], ["runserver", "--noreload", "127.0.0.1:8999"]],
    ids=["migrate", "runserver"],
)
def test_commands_that_run_the_checks_refuse_unsafe_production(tmp_path, command):
    database = tmp_path / "untouched.sqlite3"
    # Were the checks to pass, runserver would serve until the timeout and the test would fail.
    result = run(
        ["manage.py", *command],
        timeout=30,
        DJANGO_ENV="production",
        SECRET_KEY="short-key",
        ALLOWED_HOSTS="rehab.example.org",
        DATABASE_URL=f"sqlite:///{database}",
    )
    assert result.returncode == 1, result.stdout
    assert "rehab.E002" in result.stderr
    assert "Applying" not in result.stdout
    assert "Starting development server" not in result.stdout


@pytest.mark.parametrize("module", ["config.wsgi", "config.asgi"])
def test_wsgi_and_asgi_refuse_to_start_in_unsafe_production(module):
    # Application servers (gunicorn, uvicorn) never run system checks; the entry points do.
    unsafe = run(
        ["-c", f"import {module}"],
        DJANGO_ENV="production",
        DEBUG="true",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="rehab.example.org",
    )
    assert unsafe.returncode == 1
    assert "Refusing to start" in unsafe.stderr
    assert "rehab.E001" in unsafe.stderr
    safe = run(
        ["-c", f"import {module}; print({module}.application.__class__.__name__)"],
        DJANGO_ENV="production",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="rehab.example.org",
        SITE_URL="https://rehab.example.org",
    )
    assert safe.returncode == 0, safe.stderr
    assert safe.stdout.strip() in {"WSGIHandler", "ASGIHandler"}


@pytest.mark.parametrize("module", ["config.wsgi", "config.asgi"])
def test_the_entry_points_load_every_view_then_freeze_the_app_out_of_the_collectors_reach(module):
    # A full garbage collection walking the loaded app made the slowest admin requests
    # (config/warm.py); what a server imports must be loaded and frozen before its first request.
    loaded = run(
        [
            "-c",
            f"import gc, sys, {module}; "
            "print(gc.get_freeze_count(), 'portal.views' in sys.modules, "
            "'planner.admin.patients' in sys.modules)",
        ],
        DJANGO_ENV="production",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="rehab.example.org",
        SITE_URL="https://rehab.example.org",
    )
    assert loaded.returncode == 0, loaded.stderr
    frozen, views_loaded, admin_loaded = loaded.stdout.split()
    assert int(frozen) > 50_000
    assert (views_loaded, admin_loaded) == ("True", "True")


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="SQLite pragmas apply only when the database is SQLite",
)
@pytest.mark.django_db
def test_sqlite_connection_applies_pragmas(tmp_path):
    # The test database is in memory, where WAL cannot apply; open a real file with the same
    # settings the app uses and read the pragmas back from the live connection.
    db_settings = {
        **connections["default"].settings_dict,
        "NAME": str(tmp_path / "pragmas.sqlite3"),
    }
    wrapper = DatabaseWrapper(db_settings, alias="pragma-check")
    try:
        with wrapper.cursor() as cursor:
            journal_mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
            synchronous = cursor.execute("PRAGMA synchronous").fetchone()[0]
            busy_timeout = cursor.execute("PRAGMA busy_timeout").fetchone()[0]
        assert journal_mode == "wal"
        assert synchronous == 1  # NORMAL
        assert busy_timeout == 20_000
        assert wrapper.transaction_mode == "IMMEDIATE"
    finally:
        wrapper.close()


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="SQLite only",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_sqlite_transactions_take_the_write_lock_at_begin():
    # IMMEDIATE mode: a second writer waits at BEGIN instead of failing mid-transaction.
    connection = connections["default"]
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        connection.cursor().execute("SELECT 1")
    assert queries.captured_queries[0]["sql"] == "BEGIN IMMEDIATE"


def test_email_goes_to_the_console_unless_a_backend_is_set(monkeypatch):
    for name in ("EMAIL_BACKEND", "EMAIL_PORT", "EMAIL_USE_TLS"):
        monkeypatch.delenv(name, raising=False)
    loaded = load_settings(monkeypatch)
    assert loaded["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    smtp = "django.core.mail.backends.smtp.EmailBackend"
    loaded = load_settings(monkeypatch, EMAIL_BACKEND=smtp, EMAIL_PORT="587", EMAIL_USE_TLS="yes")
    assert (loaded["EMAIL_BACKEND"], loaded["EMAIL_PORT"], loaded["EMAIL_USE_TLS"]) == (
        smtp,
        587,
        True,
    )


def test_an_unreadable_email_port_is_refused(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="EMAIL_PORT must be a whole number"):
        load_settings(monkeypatch, EMAIL_PORT="smtp")


def email_check_ids(**overrides) -> set[str]:
    with override_settings(**overrides):
        err = io.StringIO()
        call_command("check", stdout=io.StringIO(), stderr=err)
    return set(re.findall(r"rehab\.W\d{3}", err.getvalue()))


CONSOLE = "django.core.mail.backends.console.EmailBackend"


def test_the_console_email_backend_with_debug_off_is_w001():
    assert email_check_ids(DEBUG=False, EMAIL_BACKEND=CONSOLE) == {"rehab.W001"}


@pytest.mark.parametrize(
    ("debug", "backend"),
    [(True, CONSOLE), (False, "django.core.mail.backends.smtp.EmailBackend")],
)
def test_debug_on_or_a_real_email_backend_is_no_warning(debug, backend):
    assert email_check_ids(DEBUG=debug, EMAIL_BACKEND=backend) == set()
