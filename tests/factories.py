"""Small factories: each makes one valid row with sensible defaults and takes overrides."""

import datetime
import itertools
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts.roles import ensure_therapist_group
from exercises.models import (
    RESISTANCE_EQUIPMENT,
    AtrophyKind,
    AtrophyType,
    Category,
    Condition,
    Exercise,
    Load,
)
from exercises.translations import EXERCISE_TEXT_FIELDS
from planner.models import Assignment, Patient, Program, ProgramExercise, SessionLog
from planner.models.programs import FROZEN_FIELDS
from planner.services import assign_program

_seq = itertools.count(1)


def make_therapist(username=None, **extra):
    user = get_user_model().objects.create_user(
        username=username or f"therapist{next(_seq)}",
        password="therapist-pass-123",
        is_staff=True,
        **extra,
    )
    user.groups.add(ensure_therapist_group())
    return user


def make_user(username=None, **extra):
    return get_user_model().objects.create_user(
        username=username or f"user{next(_seq)}", password="patient-pass-1234", **extra
    )


def make_condition(**overrides):
    n = next(_seq)
    values = {"slug": f"condition-{n}", "name": f"Condition {n}", "group": "general"}
    values["explanation"] = "A test condition."
    values.update(overrides)
    return Condition.objects.create(**values)


def spanish_words(name: str, steps=("Siéntese.", "Levante la pierna.", "Bájela despacio."), **more):
    """An exercise's ``translations`` with its Spanish, every text the library gives."""
    words = dict.fromkeys(EXERCISE_TEXT_FIELDS, "")
    return {"es": {**words, "name": name, "steps": list(steps), **more}}


def make_exercise(**overrides):
    n = next(_seq)
    values = {
        "slug": f"exercise-{n}",
        "name": f"Exercise {n}",
        "summary": "A test exercise.",
        "steps": ["Sit down.", "Lift your leg.", "Lower it slowly."],
        "category": Category.STRENGTH,
        "assistance": "active",
        "body_region": "knee_calf",
        "default_repetitions": 10,
    }
    values.update(overrides)
    # The load the library's rules call for, unless the test says otherwise.
    if "load" not in overrides:
        if values.get("equipment") in RESISTANCE_EQUIPMENT:
            values["load"] = Load.RESISTED
        elif values["category"] == Category.STRENGTH:
            values["load"] = Load.BODY_WEIGHT
    return Exercise.objects.create(**values)


def make_patient(therapist=None, **overrides):
    values = {
        "display_name": f"Patient {next(_seq)}",
        "therapist": therapist or make_therapist(),
        "atrophy_type": AtrophyKind.PHYSIOLOGIC,
    }
    values.update(overrides)
    return Patient.objects.create(**values)


def make_program(owner=None, *, exercises=1, **overrides):
    values = {"title": f"Program {next(_seq)}", "owner": owner or make_therapist()}
    values.update(overrides)
    program = Program.objects.create(**values)
    for position in range(1, exercises + 1):
        ProgramExercise.objects.create(
            program=program, exercise=make_exercise(), position=position, sets=2, repetitions=10
        )
    return program


def make_assignment(patient=None, *, starts_on=None, exercises=1, **overrides):
    """An assignment made directly, without screening (tests of what comes after it), its rows
    frozen as ``assign_program`` freezes them."""
    patient = patient or make_patient(user=make_user())
    program = make_program(
        owner=patient.therapist, is_template=False, patient=patient, exercises=exercises
    )
    values = {
        "patient": patient,
        "program": program,
        "assigned_by": patient.therapist,
        "starts_on": starts_on or datetime.date.today(),
    }
    values.update(overrides)
    assignment = Assignment.objects.create(**values)
    # As ``assign_program`` does: the plan keeps the exercises' words as they are now.
    items = list(program.items.select_related("exercise"))
    for item in items:
        item.freeze(timezone.now())
    ProgramExercise.objects.bulk_update(items, FROZEN_FIELDS)
    return assignment


def make_template(owner=None, *, exercises=(), **overrides):
    """A template program holding the given exercises, with a sensible dosage each."""
    values = {"title": f"Template {next(_seq)}", "owner": owner or make_therapist()}
    values.update(overrides)
    program = Program.objects.create(**values)
    for position, exercise in enumerate(exercises, start=1):
        ProgramExercise.objects.create(
            program=program, exercise=exercise, position=position, sets=2, repetitions=10
        )
    return program


def make_plan(patient=None, *, exercises=None, starts_on=None, ends_on=None, **template_overrides):
    """A patient's plan made the way the clinic makes one: a template of the given exercises (one
    new exercise by default) handed over by the patient's therapist through ``assign_program``.
    The exercises are tagged for every atrophy type, so the patient's type is never a mismatch."""
    patient = patient or make_patient(user=make_user())
    exercises = exercises if exercises is not None else [make_exercise()]
    for exercise in exercises:
        exercise.atrophy_types.set(AtrophyType.objects.all())
    template = make_template(patient.therapist, exercises=exercises, **template_overrides)
    return assign_program(
        program=template,
        patient=patient,
        by=patient.therapist,
        starts_on=starts_on or datetime.date.today(),
        ends_on=ends_on,
    )


def make_session_log(assignment, *, item=None, performed_on=None, **values):
    """What the patient logged for one exercise of ``assignment`` (its first unless ``item`` is
    given) on one day (the plan's first unless ``performed_on`` is given)."""
    return SessionLog.objects.create(
        assignment=assignment,
        program_exercise=item or assignment.program.items.order_by("position").first(),
        performed_on=performed_on or assignment.starts_on,
        **values,
    )


def make_dosage(**overrides):
    """A plan row's dosage alone, unsaved (what ``dosage_sentence`` reads): one set, once a day,
    three days a week, unless ``overrides`` say otherwise."""
    values = {
        "sets": 1,
        "repetitions": None,
        "hold_seconds": None,
        "rest_seconds": None,
        "duration_minutes": None,
        "times_per_day": 1,
        "days_per_week": 3,
        "side": "",
    }
    values.update(overrides)
    return SimpleNamespace(**values)
