"""Fixtures shared by test modules in more than one folder. Each makes its rows only when a test
asks for it (nothing autouse), from the factories in tests/factories.py; a fixture that one module
uses stays in that module."""

import os

import pytest

from tests.factories import make_exercise, make_patient, make_plan, make_therapist


@pytest.fixture
def therapist():
    return make_therapist()


@pytest.fixture
def other_therapist():
    """A colleague: a stranger to ``therapist``'s patients and private templates."""
    return make_therapist()


@pytest.fixture
def therapist_client(client, therapist):
    client.force_login(therapist)
    return client


@pytest.fixture
def patient(therapist):
    """``therapist``'s patient, who has no portal account yet."""
    return make_patient(therapist=therapist, display_name="Maria Lopez")


@pytest.fixture
def assignment(patient):
    """``patient``'s current plan of two exercises, handed over today through assign_program."""
    exercises = [make_exercise(name="Sit to stand"), make_exercise(name="Ankle pumps")]
    return make_plan(patient, exercises=exercises)


# `.ci/run` runs the suite twice side by side: on SQLite, everything (the README's command), and on
# PostgreSQL with ONCE_ON_SQLITE=1, which leaves out what PostgreSQL cannot change, so the two
# together fit the time two cores give them:
# - tests that never open the database (laying handouts out, the library file, reading grades,
#   the translation catalogue, settings): no database reaches what they test;
# - the browser tests: what they measure is the page in Chromium (actions, sizes, contrast,
#   accessibility, the security policy), and the requests behind them run on PostgreSQL too,
#   through Django's test client (tests/portal, tests/planner/admin, test_access_matrix.py).
# A test marked ``own_database`` starts servers on a database made like the suite's (a scratch
# PostgreSQL database in the PostgreSQL suite), so it stays.
BROWSER_FOLDER = "tests/browser/"
DATABASE_FIXTURES = {"db", "transactional_db", "live_server", "django_db_setup"}


def _runs_once(item, root: str) -> bool:
    if item.get_closest_marker("own_database") is not None:
        return False
    if str(item.path).removeprefix(root).startswith(BROWSER_FOLDER):
        return True
    uses_database = item.get_closest_marker("django_db") is not None or bool(
        DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
    )
    return not uses_database


def pytest_collection_modifyitems(config, items):
    if os.environ.get("ONCE_ON_SQLITE") != "1":
        return
    root = str(config.rootpath) + "/"
    kept, once = [], []
    for item in items:
        (once if _runs_once(item, root) else kept).append(item)
    if once:
        config.hook.pytest_deselected(items=once)
        items[:] = kept
