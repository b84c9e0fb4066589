"""``manage.py backup``: a consistent copy of a live SQLite file while someone writes to it, and the
refusals (an existing file, a missing folder, the live file itself, PostgreSQL)."""

import os
import shutil
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import DEFAULT_DB_ALIAS, connection, connections

ROOT = Path(__file__).resolve().parents[2]
on_sqlite = pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="SQLite's online backup; PostgreSQL is backed up with pg_dump (README)",
)


def manage(*args, database: Path, check=True):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "DJANGO_ENV": "development"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=check,
    )


class Writer(threading.Thread):
    """Keeps adding therapists to the live file, each with their group membership in the same
    transaction, until stopped: a torn copy would show a user without a membership."""

    def __init__(self, database: Path):
        super().__init__(daemon=True)
        self.database, self.stop, self.written, self.error = database, threading.Event(), 0, None
        self.progress = threading.Condition()

    def run(self):
        db = sqlite3.connect(self.database, timeout=20, isolation_level=None)
        try:
            db.execute("INSERT INTO auth_group (name) VALUES ('Backup test')")
            group = db.execute("SELECT id FROM auth_group WHERE name = 'Backup test'").fetchone()[0]
            while not self.stop.is_set():
                db.execute("BEGIN IMMEDIATE")
                user = db.execute(
                    "INSERT INTO auth_user (password, is_superuser, username, first_name, "
                    "last_name, email, is_staff, is_active, date_joined) VALUES "
                    "('!', 0, ?, '', '', '', 1, 1, datetime('now'))",
                    (f"writer{self.written}",),
                ).lastrowid
                db.execute(
                    "INSERT INTO auth_user_groups (user_id, group_id) VALUES (?, ?)", (user, group)
                )
                db.execute("COMMIT")
                with self.progress:
                    self.written += 1
                    self.progress.notify_all()
        except Exception as error:  # the test reports it
            self.error = error
        finally:
            db.close()

    def wait_for(self, rows: int):
        with self.progress:
            assert self.progress.wait_for(lambda: self.written >= rows or self.error, timeout=30)


def counts(database: Path) -> tuple[int, int]:
    with sqlite3.connect(database) as db:
        users = db.execute("SELECT count(*) FROM auth_user").fetchone()[0]
        members = db.execute("SELECT count(*) FROM auth_user_groups").fetchone()[0]
    return users, members


@on_sqlite
@pytest.mark.slow
def test_it_copies_a_live_database_while_it_is_written_to(tmp_path):
    live, copy = tmp_path / "live.sqlite3", tmp_path / "backup.sqlite3"
    manage("migrate", "--verbosity", "0", database=live)
    writer = Writer(live)
    writer.start()
    try:
        writer.wait_for(50)
        before, _ = counts(live)
        result = manage("backup", "-o", str(copy), database=live)
        after, _ = counts(live)
        writer.wait_for(writer.written + 50)  # still writing after the copy was taken
    finally:
        writer.stop.set()
        writer.join(timeout=30)
    assert writer.error is None
    assert f"Wrote {copy}: a copy of {live}" in result.stdout
    assert after > before  # the writer kept going while the backup ran

    with sqlite3.connect(copy) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert db.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    users, members = counts(copy)
    assert before <= users <= after
    assert members == users  # every user with their membership: one moment, not a torn copy

    # Restored in place of a database, it is complete: every migration applied, rows readable.
    restored = tmp_path / "restored.sqlite3"
    shutil.copyfile(copy, restored)
    manage("migrate", "--check", database=restored)
    assert counts(restored) == (users, members)


@on_sqlite
def test_it_replaces_a_file_only_when_forced(tmp_path):
    live, target = tmp_path / "live.sqlite3", tmp_path / "backup.sqlite3"
    with sqlite3.connect(live) as db:
        db.execute("CREATE TABLE note (text)")
        db.execute("INSERT INTO note VALUES ('kept')")
    target.write_bytes(b"an older backup")

    refused = manage("backup", "-o", str(target), database=live, check=False)
    assert refused.returncode == 1
    assert "already exists; use --force to replace it" in refused.stderr
    assert target.read_bytes() == b"an older backup"

    manage("backup", "-o", str(target), "--force", database=live)
    with sqlite3.connect(target) as db:
        assert db.execute("SELECT text FROM note").fetchall() == [("kept",)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backup.sqlite3", "live.sqlite3"]


@on_sqlite
@pytest.mark.django_db
def test_it_refuses_a_missing_folder(tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("backup", "-o", str(tmp_path / "missing" / "backup.sqlite3"))


@on_sqlite
@pytest.mark.django_db
def test_it_refuses_a_database_in_memory(tmp_path):
    # The test database is one; a copy of it would be nothing a clinic could restore.
    with pytest.raises(CommandError, match="lives in memory"):
        call_command("backup", "-o", str(tmp_path / "backup.sqlite3"))


@on_sqlite
def test_it_refuses_to_overwrite_the_live_file(tmp_path):
    live = tmp_path / "live.sqlite3"
    result = manage("backup", "-o", str(live), "--force", database=live, check=False)
    assert result.returncode == 1
    assert "is the live database itself" in result.stderr


@pytest.mark.django_db
def test_it_points_postgresql_to_pg_dump(tmp_path):
    with (
        mock.patch.object(connections[DEFAULT_DB_ALIAS], "vendor", "postgresql"),
        pytest.raises(CommandError, match=r"not SQLite: back it up with pg_dump"),
    ):
        call_command("backup", "-o", str(tmp_path / "backup.sqlite3"))
    assert not (tmp_path / "backup.sqlite3").exists()
