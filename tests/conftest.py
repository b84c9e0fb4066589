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


# Folders whose tests that never open the database (laying out and drawing handouts from plain
# data) take minutes and test nothing a database changes: `.ci/run` sets RENDERING_ONCE=1 for the
# PostgreSQL suite, which runs them only on SQLite.
RENDERING_FOLDERS = ("tests/planner/handout/", "tests/exercises/")
DATABASE_FIXTURES = {"db", "transactional_db", "live_server", "django_db_setup"}


def pytest_collection_modifyitems(config, items):
    if os.environ.get("RENDERING_ONCE") != "1":
        return
    root = str(config.rootpath) + "/"
    kept, rendering = [], []
    for item in items:
        in_folder = str(item.path).removeprefix(root).startswith(RENDERING_FOLDERS)
        uses_database = item.get_closest_marker("django_db") is not None or bool(
            DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
        )
        (rendering if in_folder and not uses_database else kept).append(item)
    if rendering:
        config.hook.pytest_deselected(items=rendering)
        items[:] = kept
