"""The audit trail's one writer: every event about a patient record is appended here."""

from core.client import current_client_ip
from planner.models import AuditAction, AuditEvent, AuditOutcome, Patient


def record_event(
    actor,
    action: AuditAction,
    obj=None,
    *,
    patient: Patient | None = None,
    outcome: AuditOutcome = AuditOutcome.SUCCESS,
    **detail,
) -> AuditEvent:
    """Append one row to the audit trail: ``actor`` did ``action`` to ``obj``.

    ``patient`` defaults to the patient ``obj`` is about (a patient is their own); the keyword
    arguments left over are stored as the event's detail."""
    if patient is None and obj is not None:
        patient = obj if isinstance(obj, Patient) else getattr(obj, "patient", None)
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        patient=patient,
        action=action,
        outcome=outcome,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        detail=detail,
        ip_address=current_client_ip(),
    )
