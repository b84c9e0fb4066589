"""The indexes the database really has: the named ones the scale work relies on, and none that
another index makes redundant (each is one more write on every insert, and the audit trail is
written on every page a patient or a therapist opens)."""

import pytest
from django.apps import apps
from django.db import connection

pytestmark = pytest.mark.django_db

OUR_APPS = ["planner", "exercises", "accounts", "core", "portal"]


def table_indexes(model) -> dict[str, tuple[tuple[str, ...], bool]]:
    """Name → (columns, unique) of every index of the model's table, the key's included.
    PostgreSQL's ``*_like`` twins (the same column with the pattern operators, for LIKE) are left
    out: they serve other queries than their column's plain index."""
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, model._meta.db_table)
    return {
        name: (tuple(info["columns"]), info["unique"] or info["primary_key"])
        for name, info in found.items()
        if (info["index"] or info["unique"] or info["primary_key"]) and not name.endswith("_like")
    }


def plain_indexes(model) -> dict[str, tuple[str, ...]]:
    """Name → columns of every index that is neither unique nor the key."""
    return {name: cols for name, (cols, unique) in table_indexes(model).items() if not unique}


def our_models():
    return [m for m in apps.get_models() if m._meta.app_label in OUR_APPS and m._meta.managed]


def test_the_named_indexes_exist_with_their_columns():
    from planner.models import (
        Assignment,
        AuditEvent,
        FunctionTest,
        LimbMeasurement,
        Patient,
        Program,
        SessionLog,
    )

    audit = plain_indexes(AuditEvent)
    for name, columns in {
        "audit_therapist_recent_idx": ("therapist_id", "created_at"),
        "audit_actor_recent_idx": ("actor_id", "created_at"),
        "audit_patient_recent_idx": ("patient_id", "created_at"),
    }.items():
        assert audit[name] == columns
    for model, name, columns in [
        (Patient, "patient_name_idx", ("display_name", "id")),
        (Program, "program_title_idx", ("title", "id")),
        (Assignment, "assignment_recent_idx", ("starts_on", "id")),
        (LimbMeasurement, "limb_measurement_recent_idx", ("measured_on", "site", "id")),
        (FunctionTest, "function_test_recent_idx", ("tested_on", "id")),
    ]:
        assert plain_indexes(model)[name] == columns
    logs = plain_indexes(SessionLog)
    assert logs["session_log_recent_idx"] == ("performed_on", "id")
    assert logs["session_log_plan_days_idx"] == ("assignment_id", "performed_on")


@pytest.mark.parametrize("model", our_models(), ids=lambda m: m._meta.label)
def test_no_plain_index_is_the_start_of_another(model):
    """An index whose columns begin another index (or a unique constraint, or the key) serves
    nothing the longer one does not."""
    # A partial unique constraint holds some rows only, so it does not stand in for an index.
    partial = {c.name for c in model._meta.constraints if getattr(c, "condition", None)}
    indexes = {n: i for n, i in table_indexes(model).items() if n not in partial}
    redundant = [
        (name, other)
        for name, columns in plain_indexes(model).items()
        for other, (longer, _) in indexes.items()
        if other != name and len(longer) >= len(columns) and longer[: len(columns)] == columns
    ]
    assert redundant == [], f"{model._meta.label}: the first index of each pair is redundant"
