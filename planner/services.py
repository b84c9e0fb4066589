"""Writes that touch several models. Views, the admin and commands call these."""

from planner.models import AuditAction, AuditEvent, AuditOutcome, Patient


def record_event(
    *,
    actor,
    action: AuditAction,
    patient: Patient | None = None,
    obj=None,
    outcome: AuditOutcome = AuditOutcome.SUCCESS,
    detail: dict | None = None,
) -> AuditEvent:
    """Append one row to the audit trail."""
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        patient=patient,
        action=action,
        outcome=outcome,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        detail=detail or {},
    )
