"""The language switch at the top of every page (``portal.language``)."""

from django.conf import settings
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from portal.language import choose_language, supported


@require_POST
def switch_language(request):
    """Show this session's pages in the language chosen, then the page it was chosen on. Only
    the session remembers it: the patient's record, and what the therapist set, stay as they
    are."""
    language = request.POST.get("language", "")
    if not supported(language):
        names = ", ".join(code for code, _ in settings.LANGUAGES)
        return HttpResponseBadRequest(
            f"Choose one of: {names}.", content_type="text/plain; charset=utf-8"
        )
    choose_language(request, language)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = "home"
    return redirect(back)
