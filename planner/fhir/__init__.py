"""HL7 FHIR R4 export of plans and what was recorded (issue 19): ``fhir_bundle`` builds and
validates a Bundle from ``planner.selectors.fhir.export_records``; ``planner.services.exporting``
audits each export."""

from planner.fhir.bundle import FhirExportError, fhir_bundle, to_json, validated

__all__ = ["FhirExportError", "fhir_bundle", "to_json", "validated"]
