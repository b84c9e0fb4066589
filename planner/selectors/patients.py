"""What a patient's admin page reads about them beyond the patient row."""

import datetime

from planner.models import AuditEvent, SessionLog

RECENT_ACTIVITY = 20


def heaviness_days(patient, today: datetime.date, *, days: int) -> list[datetime.date]:
    """Days in the last ``days`` on which the patient said, the day after, that the exercised
    limb felt heavier or weaker; newest first."""
    since = today - datetime.timedelta(days=days)
    return list(
        SessionLog.objects.for_patient(patient)
        .in_force()
        .filter(performed_on__gte=since, heavier_next_day=True)
        .values_list("performed_on", flat=True)
        .distinct()
        .order_by("-performed_on")
    )


def recent_activity(patient, *, limit: int = RECENT_ACTIVITY):
    """The newest audit events about ``patient`` (who did what, when, from where), with who did
    it. Lazy: the patient's page reads it after recording its own view."""
    return AuditEvent.objects.filter(patient=patient).select_related("actor")[:limit]
