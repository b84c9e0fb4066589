"""Asking the database itself whether a named constraint refuses a row."""

import re

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, models, transaction


def _named_constraint(name: str):
    for model in apps.get_models():
        for constraint in model._meta.constraints:
            if constraint.name == name:
                return model, constraint
    raise LookupError(f"No model declares a constraint named {name!r}.")


def _names_constraint(message: str, name: str) -> bool:
    # PostgreSQL names every constraint; SQLite names CHECK constraints but reports a UNIQUE one
    # by its columns ("UNIQUE constraint failed: table.a, table.b").
    if re.search(rf"\b{re.escape(name)}\b", message):
        return True
    model, constraint = _named_constraint(name)
    if connection.vendor == "sqlite" and isinstance(constraint, models.UniqueConstraint):
        table = model._meta.db_table
        columns = [model._meta.get_field(field).column for field in constraint.fields]
        return message == "UNIQUE constraint failed: " + ", ".join(
            f"{table}.{column}" for column in columns
        )
    return False


def rejected(create, constraint: str) -> bool:
    """Run ``create`` in a savepoint. True when the database refuses the row by ``constraint``,
    False when it stores the row; a refusal by anything else fails the test, naming what refused.
    """
    _named_constraint(constraint)  # a misspelt name must not pass by accident
    try:
        with transaction.atomic():
            create()
    except IntegrityError as exc:
        if _names_constraint(str(exc), constraint):
            return True
        pytest.fail(f"The database refused the row, but not by {constraint}: {exc}")
    return False
