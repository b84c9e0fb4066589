"""Which language a page is in.

A patient's pages are in the language their therapist recorded for them
(``Patient.preferred_language``), set by ``portal.access.patient_view`` once it knows the patient.
Anyone may change it for the session with the switch at the top of every page (a caregiver who
reads only Spanish, or only English): that choice wins until sign-out and changes nothing stored.
Before sign-in the browser's languages decide. The therapist's admin, and any page a therapist
opens, stay in the site's language (``LANGUAGE_CODE``): therapists share one admin vocabulary.
"""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

SESSION_KEY = "portal_language"
ADMIN_PREFIX = "/admin/"


def supported(language) -> bool:
    return language in dict(settings.LANGUAGES)


def chosen_language(request) -> str | None:
    """The language chosen with the switch this session, if any."""
    language = request.session.get(SESSION_KEY)
    return language if supported(language) else None


def choose_language(request, language: str) -> None:
    request.session[SESSION_KEY] = language


def use_patient_language(request, patient) -> None:
    """On a patient's page: the patient's language, unless the switch chose another."""
    if chosen_language(request) is None and supported(patient.preferred_language):
        translation.activate(patient.preferred_language)
        request.LANGUAGE_CODE = patient.preferred_language


class PageLanguageMiddleware:
    """Activates the page's language for the request (see the module's doc) and says which in
    ``Content-Language``; after ``AuthenticationMiddleware``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = self._language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", translation.get_language())
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        translation.deactivate()
        return response

    def _language(self, request) -> str:
        if request.path_info.startswith(ADMIN_PREFIX) or request.user.is_staff:
            return settings.LANGUAGE_CODE
        chosen = chosen_language(request)
        if chosen:
            return chosen
        if request.user.is_authenticated:
            # A patient's page sets the patient's own (``use_patient_language``).
            return settings.LANGUAGE_CODE
        return translation.get_language_from_request(request)
