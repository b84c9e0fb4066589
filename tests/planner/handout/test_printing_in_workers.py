"""``print_handouts`` with worker processes that read their own chunks of handouts: the same
files as one process, one audit event per handout, and reads that do not grow with the count."""

import asyncio
import io
import os

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from planner.handout import load_handouts
from planner.management.commands import print_handouts
from planner.models import AuditEvent
from tests.factories import make_exercise, make_patient, make_plan, make_user

# Committed rows: the workers are other processes with their own connections, which on
# PostgreSQL never see a test's open transaction (and the command closes the parent's connection
# before forking). serialized_rollback keeps the rows the migrations seed for the tests after.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def plans(therapist, count, exercises=2):
    """``count`` plans, every other patient without an account (a sign-in code is printed)."""
    made = []
    for n in range(count):
        user = make_user() if n % 2 else None
        patient = make_patient(therapist=therapist, display_name=f"Patient {n:02}", user=user)
        made.append(make_plan(patient, exercises=[make_exercise() for _ in range(exercises)]))
    return made


def print_into(folder, workers, *extra):
    err, out = io.StringIO(), io.StringIO()
    call_command(
        "print_handouts",
        "-o",
        str(folder),
        "--workers",
        str(workers),
        *extra,
        stdout=out,
        stderr=err,
    )
    return {path.name: path.read_bytes() for path in folder.iterdir()}, err.getvalue()


def test_two_workers_write_the_same_files_as_one(tmp_path, therapist, monkeypatch):
    # Chunks of two: five handouts make three chunks, shared by the two workers.
    monkeypatch.setattr(print_handouts, "CHUNK", 2)
    made = plans(therapist, 5)
    alone, _ = print_into(tmp_path / "one", 1)
    together, err = print_into(tmp_path / "two", 2)
    assert sorted(together) == sorted(f"patient-{n:02}-{a.pk}-v1.pdf" for n, a in enumerate(made))
    assert together == alone
    assert "5/5" in err


def test_each_handout_is_recorded_once_as_today(tmp_path, therapist):
    made = plans(therapist, 3)
    print_into(tmp_path, 2)
    events = AuditEvent.objects.filter(action="printed")
    assert sorted(e.object_id for e in events) == sorted(str(a.pk) for a in made)
    assert {tuple(sorted(e.detail.items())) for e in events} == {
        (("folder", str(tmp_path)), ("via", "print_handouts"))
    }


def test_the_progress_page_is_recorded_only_when_printed(tmp_path, therapist):
    plans(therapist, 2)
    print_into(tmp_path / "with", 2, "--progress")
    printed = AuditEvent.objects.filter(action="printed")
    assert [e.detail.get("progress") for e in printed] == [True, True]


def test_loading_handouts_takes_the_same_queries_for_two_or_ten(therapist):
    def queries_for(assignments):
        with CaptureQueriesContext(connection) as queries:
            loaded = load_handouts(assignments)
        assert [data.version for data in loaded] == [1] * len(assignments)
        return len(queries)

    few = queries_for(plans(therapist, 2))
    many = queries_for(plans(therapist, 10, exercises=4))
    assert many == few


def _connection_in_worker(_job):
    connection.ensure_connection()
    return os.getpid(), id(connection.connection)


def test_a_worker_never_uses_a_connection_its_parent_holds():
    """Which connection a thread sees depends on whether an asyncio loop runs in it (Django keeps
    them apart then), and a forked worker never has its parent's running loop: so a connection
    the parent held outside the loop, which ``close_all()`` inside it cannot see, used to be the
    one the workers found, and both workers talked over its one socket. On PostgreSQL the suite
    met it after the browser tests (Playwright keeps a loop running): a JSON column read back as
    a boolean, or a worker waiting forever."""
    connection.ensure_connection()
    held = id(connection.connection)  # the connection seen with no loop running
    loop = asyncio.new_event_loop()
    asyncio.events._set_running_loop(loop)  # as Playwright's sync API leaves it
    try:
        with print_handouts._pool(2) as pool:
            seen = list(pool.map(_connection_in_worker, range(4)))
    finally:
        asyncio.events._set_running_loop(None)
        loop.close()
    assert {pid for pid, _ in seen} - {os.getpid()}, "the jobs ran in other processes"
    assert held not in {used for _, used in seen}
