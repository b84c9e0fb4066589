"""HTTP responses the admin and the portal share."""

from django.http import HttpResponse


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    """A PDF the browser saves as ``filename``."""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
