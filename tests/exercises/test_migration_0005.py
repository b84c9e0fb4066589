"""exercises 0005 gives rows that existed before it what the old rules implied, so screening keeps
guarding between ``migrate`` and the next ``load_library``: strengthening and band, weight or
putty work is loaded, and the old "neurogenic" group (muscular dystrophy included) carries the
overwork risk, muscle diseases moving to the pathologic group with the slow-lowering flag."""

import importlib

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from exercises.models import Category, Condition, Equipment, Exercise, Load
from tests.factories import make_condition, make_exercise

pytestmark = pytest.mark.django_db
NAME = "0005_load_progression_condition_region"


def test_the_data_step_tags_rows_as_the_old_rules_did():
    migration = importlib.import_module(f"exercises.migrations.{NAME}")
    rows = {
        "curl": make_exercise(category=Category.STRENGTH, equipment=Equipment.WEIGHT),
        "bridge": make_exercise(category=Category.STRENGTH, equipment=Equipment.NONE),
        "band": make_exercise(category=Category.FUNCTIONAL, equipment=Equipment.BAND),
        "walk": make_exercise(category=Category.POOL, equipment=Equipment.POOL),
    }
    Exercise.objects.update(load=Load.NONE)  # as the column's default left them
    polio = make_condition(slug="post-polio", group="neurogenic")
    dystrophy = make_condition(slug="muscular-dystrophy", group="neurogenic")
    wound = make_condition(slug="open-wound-or-burn", group="aquatic")

    state = MigrationLoader(connection).project_state(("exercises", NAME))
    migration.implied_tags(state.apps, None)

    loads = {key: Exercise.objects.get(pk=row.pk).load for key, row in rows.items()}
    assert loads == {
        "curl": Load.RESISTED,
        "bridge": Load.BODY_WEIGHT,
        "band": Load.RESISTED,
        "walk": Load.NONE,
    }
    flags = {
        c.slug: (c.group, c.overwork_risk, c.eccentric_risk)
        for c in Condition.objects.filter(pk__in=[polio.pk, dystrophy.pk, wound.pk])
    }
    assert flags == {
        "post-polio": ("neurogenic", True, False),
        "muscular-dystrophy": ("pathologic", True, True),
        "open-wound-or-burn": ("aquatic", False, False),
    }
