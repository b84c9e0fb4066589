"""Settings: env parsing, SQLite pragmas on a live connection, and production refusals."""

import runpy
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, transaction
from django.db.backends.sqlite3.base import DatabaseWrapper
from django.test.utils import CaptureQueriesContext

from config import env

SETTINGS_FILE = Path(__file__).resolve().parent.parent / "config" / "settings.py"
STRONG_KEY = "k3Y-for-tests-only_9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1"


def load_settings(monkeypatch, **environ):
    """Evaluate config/settings.py afresh with exactly these variables set."""
    for name in ("DJANGO_ENV", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"):
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
    loaded = load_settings(monkeypatch, DATABASE_URL="postgres://u:p@db.internal:5433/rehab")
    db = loaded["DATABASES"]["default"]
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["HOST"], db["PORT"], db["NAME"], db["USER"]) == ("db.internal", 5433, "rehab", "u")
    assert "transaction_mode" not in db.get("OPTIONS", {})


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


def test_production_without_secret_key_refuses_to_start(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="needs SECRET_KEY"):
        load_settings(monkeypatch, DJANGO_ENV="production", ALLOWED_HOSTS="rehab.example.org")


@pytest.mark.parametrize(
    "key",
    [
        "short-key",
        "django-insecure-" + "x1y2z3" * 10,
        "a" * 60,
    ],
)
def test_production_with_insecure_secret_key_refuses_to_start(monkeypatch, key):
    with pytest.raises(ImproperlyConfigured, match="needs SECRET_KEY"):
        load_settings(
            monkeypatch, DJANGO_ENV="production", SECRET_KEY=key, ALLOWED_HOSTS="rehab.example.org"
        )


def test_production_without_allowed_hosts_refuses_to_start(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="needs ALLOWED_HOSTS"):
        load_settings(monkeypatch, DJANGO_ENV="production", SECRET_KEY=STRONG_KEY)


def test_production_refuses_debug(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="DEBUG must be off"):
        load_settings(
            monkeypatch,
            DJANGO_ENV="production",
            DEBUG="true",
            SECRET_KEY=STRONG_KEY,
            ALLOWED_HOSTS="rehab.example.org",
        )


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
@pytest.mark.django_db(transaction=True)
def test_sqlite_transactions_take_the_write_lock_at_begin():
    # IMMEDIATE mode: a second writer waits at BEGIN instead of failing mid-transaction.
    connection = connections["default"]
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        connection.cursor().execute("SELECT 1")
    assert queries.captured_queries[0]["sql"] == "BEGIN IMMEDIATE"
