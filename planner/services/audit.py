"""The audit trail's one writer: every event about a patient record is appended here."""

from core.client import current_client_ip
from planner.models import (
    AuditAction,
    AuditEvent,
    AuditOutcome,
    Patient,
    ProgramExercise,
    SessionLog,
)


def patient_of(obj) -> Patient | None:
    """The patient a record is about: a patient is their own, a session log is its plan's patient's,
    a program row its program's (None for a template's), anything else its ``patient``."""
    if obj is None or isinstance(obj, Patient):
        return obj
    if isinstance(obj, SessionLog):
        return obj.assignment.patient
    if isinstance(obj, ProgramExercise):
        return obj.program.patient
    return getattr(obj, "patient", None)


def therapist_of(patient: Patient | None) -> int | None:
    """Whose trail an event about ``patient`` joins: their therapist now, kept on the event when
    the patient moves on (``AuditEventQuerySet._scope``)."""
    return patient.therapist_id if patient is not None else None


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
    if patient is None:
        patient = patient_of(obj)
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        patient=patient,
        therapist_id=therapist_of(patient),
        action=action,
        outcome=outcome,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        detail=detail,
        ip_address=current_client_ip(),
    )


def record_denied(actor, model=None, object_id="", *, patient: Patient | None = None, **detail):
    """Append a refusal: ``actor`` asked for a row they may not see (or, with no ``model``, for a
    page they may not open). The event names the row by its kind and id only, never by what it is
    or whose it is, because the one refused may read their own events; ``patient`` is someone
    they may already know about (in the portal, the patient asking)."""
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        patient=patient,
        therapist_id=therapist_of(patient),
        action=AuditAction.DENIED,
        outcome=AuditOutcome.REFUSED,
        object_type=model._meta.label if model is not None else "",
        object_id=str(object_id)[:40],
        object_repr=f"{model._meta.verbose_name} #{object_id}"[:200] if model is not None else "",
        detail=detail,
        ip_address=current_client_ip(),
    )
