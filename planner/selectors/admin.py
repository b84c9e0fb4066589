"""What the therapist's admin pages read beyond their own lists."""

import datetime

from planner.models import Assignment, Program, SessionLog
from planner.services.assignments import diff_programs


def heaviness_days(patient, today: datetime.date, *, days: int) -> list[datetime.date]:
    """Days in the last ``days`` on which the patient said, the day after, that the exercised
    limb felt heavier or weaker; newest first."""
    since = today - datetime.timedelta(days=days)
    return list(
        SessionLog.objects.for_patient(patient)
        .filter(performed_on__gte=since, heavier_next_day=True)
        .values_list("performed_on", flat=True)
        .distinct()
        .order_by("-performed_on")
    )


def plan_items(assignment: Assignment):
    """The exercises as handed to the patient, in order."""
    return assignment.program.items.select_related("exercise").order_by("position")


def plan_versions(assignment: Assignment) -> dict:
    """The versions around ``assignment``: the earlier ones (newest first), what changed from
    the one before, and the version that replaced it (or None)."""
    earlier = []
    current = assignment
    while current.previous_id:
        current = current.previous
        earlier.append(current)
    previous = assignment.previous
    return {
        "earlier": earlier,
        "previous": previous,
        "changes": diff_programs(previous.program, assignment.program) if previous else [],
        "replaced_by": getattr(assignment, "next_version", None),
    }


def frozen_in(program: Program) -> Assignment | None:
    """The assignment that froze ``program`` (a plan handed to a patient), if any."""
    return program.assignments.select_related("patient").first()
