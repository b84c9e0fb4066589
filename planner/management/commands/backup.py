"""``manage.py backup -o FILE``: a consistent copy of the live SQLite database.

SQLite's online backup API copies the database page by page inside one read transaction, so the
copy is the database as it stood at one moment, while the app keeps serving: in WAL mode readers
never block writers. Copying the file with ``cp`` instead can catch a write half done and misses
whatever still sits in the ``-wal`` file. PostgreSQL has ``pg_dump`` for this (see the README).
"""

import contextlib
import os
import sqlite3
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections


class Command(BaseCommand):
    help = (
        "Copy the live SQLite database to FILE with SQLite's online backup API, consistent even "
        "while the app is writing. On PostgreSQL use pg_dump."
    )

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", type=Path, required=True, help="FILE to write")
        parser.add_argument("--force", action="store_true", help="Replace FILE if it exists.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="database alias")

    def handle(self, *args, output, force, database, **options):
        connection = connections[database]
        if connection.vendor != "sqlite":
            raise CommandError(
                f"This database is {connection.vendor}, not SQLite: back it up with pg_dump, e.g. "
                'pg_dump --format=custom --file=rehab.dump "$DATABASE_URL" (see the README).'
            )
        source = str(connection.settings_dict["NAME"])
        if not output.parent.is_dir():
            raise CommandError(f"The folder {output.parent} does not exist.")
        if output.exists() and not force:
            raise CommandError(f"{output} already exists; use --force to replace it.")
        if connection.is_in_memory_db():
            raise CommandError("This database lives in memory: there is no file to back up.")
        if output.resolve() == Path(source).resolve():
            raise CommandError(f"{output} is the live database itself; choose another file.")

        # Written beside FILE and renamed into place, so FILE is never half a backup.
        partial = output.with_name(f".{output.name}.{os.getpid()}.partial")
        try:
            tables = _copy(connection, partial)
            os.replace(partial, output)
        finally:
            partial.unlink(missing_ok=True)
        size = output.stat().st_size
        self.stdout.write(
            f"Wrote {output}: a copy of {source} ({tables} tables, {size:,} bytes, "
            "integrity checked)."
        )


def _copy(connection, target: Path) -> int:
    """Copy the live database into ``target``; return how many tables the copy holds."""
    connection.ensure_connection()
    with contextlib.closing(sqlite3.connect(target)) as copy:
        # All pages in one step (pages=-1): one read transaction, so one consistent moment. Copying
        # in several steps would start over each time a writer changed the database in between.
        connection.connection.backup(copy, pages=-1)
        # The copy is one self-contained file, whatever journal the live database uses.
        copy.execute("PRAGMA journal_mode=DELETE")
        problems = [row[0] for row in copy.execute("PRAGMA integrity_check")]
        if problems != ["ok"]:
            raise CommandError(f"The copy failed its integrity check: {'; '.join(problems[:5])}")
        tables = copy.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'")
        return tables.fetchone()[0]
