"""Marking a worklist item seen (issue 15)."""

from django.db import transaction

from planner.models import AuditAction, Patient, WorklistSeen
from planner.selectors.worklist import URGENCY
from planner.services.audit import record_event


@transaction.atomic
def mark_seen(*, patient: Patient, rule: str, evidence: str, by) -> WorklistSeen:
    """Hide one worklist item until newer data raises it again; audited. Only the patient's
    therapist (or a clinic admin) may; a rule that does not exist is refused."""
    Patient.objects.check_in_scope(by, patient, "This patient is not yours.")
    if rule not in URGENCY or not evidence or len(evidence) > 100:
        raise ValueError("Not a worklist item.")
    seen, _ = WorklistSeen.objects.get_or_create(
        patient=patient, rule=rule, evidence=evidence, defaults={"seen_by": by}
    )
    record_event(by, AuditAction.SEEN, patient, rule=rule, evidence=evidence)
    return seen
