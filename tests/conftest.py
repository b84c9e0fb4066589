"""Fixtures shared by test modules in more than one folder. Each makes its rows only when a test
asks for it (nothing autouse), from the factories in tests/factories.py; a fixture that one module
uses stays in that module."""

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
