"""The FHIR export in the admin: the read-only JSON of one plan (``AssignmentAdmin``) or of every
plan of one patient (``PatientAdmin``), and the list action. Reached through the admin's own
views, so the admin's rules decide who gets it: staff only, each therapist their own patients'."""

import logging

from django.http import HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers

from planner.fhir import FhirExportError
from planner.services.exporting import FHIR_CONTENT_TYPE, export_fhir

logger = logging.getLogger(__name__)

NOT_SENT = (
    "The export did not pass its FHIR check, so nothing was sent. This is a fault in Rehab "
    "Planner, not in the plan: please tell whoever looks after it."
)


def fhir_response(
    request,
    assignments,
    *,
    filename: str,
    via: str,
    patient=None,
    download: bool | None = None,
) -> HttpResponse:
    """The bundle as ``application/fhir+json``; as a file to save when ``download`` (default:
    ``?download=1``, as the "Export FHIR" buttons ask). It names a patient, so nothing keeps a
    copy."""
    if download is None:
        download = request.GET.get("download") == "1"
    try:
        text = export_fhir(assignments=assignments, patient=patient, by=request.user, via=via)
    except FhirExportError:
        logger.exception("FHIR export failed validation")
        response = JsonResponse(_outcome(NOT_SENT), status=500, content_type=FHIR_CONTENT_TYPE)
        add_never_cache_headers(response)
        return response
    response = HttpResponse(text, content_type=f"{FHIR_CONTENT_TYPE}; charset=utf-8")
    if download:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    add_never_cache_headers(response)
    return response


def _outcome(message: str) -> dict:
    return {
        "resourceType": "OperationOutcome",
        "issue": [{"severity": "error", "code": "exception", "diagnostics": message}],
    }
