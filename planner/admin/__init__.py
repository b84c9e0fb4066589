"""The therapist's workplace, one module per group of models. Every admin here shows only what
``for_therapist`` allows, and writes through ``planner.services``."""

from planner.admin import (
    assignments,
    clinic,
    patients,
    print_batches,
    programs,
    records,
    reminders,
    worklist,
)

__all__ = [
    "assignments",
    "clinic",
    "patients",
    "print_batches",
    "programs",
    "records",
    "reminders",
    "worklist",
]
