"""HTTP responses the admin and the portal share."""

from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    """A PDF the browser saves as ``filename``. A handout names a patient and their plan, so no
    browser or proxy may keep a copy (``Cache-Control: no-store``), whichever view sends it."""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    add_never_cache_headers(response)
    return response


def svg_response(svg: bytes) -> HttpResponse:
    """A chart for an ``<img>``. It draws a patient's data, so no copy is kept either."""
    response = HttpResponse(svg, content_type="image/svg+xml")
    add_never_cache_headers(response)
    return response
