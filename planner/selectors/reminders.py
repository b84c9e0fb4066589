"""What the reminder page and ``manage.py send_reminders`` read."""

import datetime

from django.db.models import Q

from planner.models import Assignment, Reminder
from planner.selectors.portal import current_plans


def reminder_of(patient) -> Reminder | None:
    """The patient's reminder, or None before they first saved one."""
    return Reminder.objects.filter(patient=patient).first()


def not_sent_on(day: datetime.date) -> Q:
    """Reminders not yet sent on ``day`` (nor on a later day a run was told it was)."""
    return Q(last_sent_on__isnull=True) | Q(last_sent_on__lt=day)


def reminders_due(day: datetime.date, at: datetime.time) -> list[Reminder]:
    """Reminders that are on, whose time has come by ``at`` and that were not sent on ``day``, of
    patients who are not archived and have a working account of their own."""
    return list(
        Reminder.objects.filter(not_sent_on(day), is_on=True, send_at__lte=at)
        .filter(patient__archived_at__isnull=True, patient__user__is_active=True)
        .select_related("patient")
        .order_by("send_at", "pk")
    )


def nothing_due(plans: list[Assignment]) -> bool:
    """Whether no exercise of these plans (from ``current_plans``) is still due today: each is
    logged done today or its days this week are all done, as the portal's list shows it."""
    return not any(item.due_today for plan in plans for item in plan.program.items.all())


def needs_reminding(patient, day: datetime.date) -> bool:
    """A plan runs today and something of it is still due today."""
    plans = current_plans(patient, day)
    return bool(plans) and not nothing_due(plans)
