"""Exporting plans to a clinic's record system as HL7 FHIR. Every export, however it was asked
for, is written to the audit trail here, one "exported" event per plan, as a print is."""

from django.db import transaction
from django.utils import timezone

from planner.fhir import fhir_bundle, to_json
from planner.models import Assignment, AuditAction
from planner.selectors.fhir import export_records
from planner.services.audit import record_event

FHIR_CONTENT_TYPE = "application/fhir+json"


def export_fhir(
    *, assignments, patient=None, by=None, via: str = "", indent: int | None = 2
) -> str:
    """The FHIR Bundle of ``assignments`` (a QuerySet the caller has scoped) as JSON text, with
    ``patient``'s records even when they have no plan, and an audit event for each plan in it
    (or, for a patient without one, one on the patient), all or none. Nothing is recorded when
    the bundle fails to validate (``FhirExportError``), since nothing leaves."""
    records = export_records(assignments, today=timezone.localdate(), patient=patient)
    text = to_json(fhir_bundle(records), indent=indent)
    with transaction.atomic():
        for assignment in records.assignments:
            record_event(by, AuditAction.EXPORTED, assignment, format="FHIR R4", via=via)
        if patient is not None and not records.assignments:
            record_event(by, AuditAction.EXPORTED, patient, format="FHIR R4", via=via)
    return text


def plan_filename(assignment: Assignment) -> str:
    """E.g. ``fhir-plan-12-v2.json``."""
    return f"fhir-plan-{assignment.pk}-v{assignment.version}.json"


def patient_filename(patient) -> str:
    return f"fhir-patient-{patient.pk}.json"


def plans_filename() -> str:
    return f"fhir-plans-{timezone.localdate():%Y-%m-%d}.json"
