"""The patient's sign-in: activating it with a code from the therapist, changing the password."""

from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from accounts.roles import is_therapist
from core.client import client_ip
from planner import services
from planner.models import AuditAction
from planner.services.audit import record_event
from portal.access import patient_view
from portal.forms import ActivateForm, PortalPasswordChangeForm


@sensitive_post_parameters("old_password", "new_password1", "new_password2")
@require_http_methods(["GET", "POST"])
@patient_view
def change_password(request, patient):
    """Django's password change, for a signed-in patient; this session stays signed in, others
    end. A patient who forgot their password asks their therapist for a new sign-in code."""
    form = PortalPasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        update_session_auth_hash(request, form.user)
        record_event(request.user, AuditAction.CHANGED, patient, password="changed")  # noqa: S106
        messages.success(request, gettext("Your password is changed. Use the new one next time."))
        return redirect("portal:home")
    return render(request, "portal/password_change.html", {"patient": patient, "form": form})


@sensitive_post_parameters("password1", "password2")
@require_http_methods(["GET", "POST"])
@never_cache
def activate(request):
    """A patient creates their own sign-in with the code from their therapist, or, with a new
    code, chooses a new password for the account they have. A wrong or expired code gives back
    what was typed except the code (never_cache: that page holds the password)."""
    if request.user.is_authenticated:
        return redirect("admin:index" if is_therapist(request.user) else "portal:home")
    form = ActivateForm(request.POST or None)
    if request.method == "POST":
        try:
            done = _activate(form, client_ip(request))
        except services.ActivationError as error:
            # The passwords go back into the page only when the rules accepted them. The
            # service's messages are English, marked for the catalogue: said here in the
            # page's language (the password rules' own are translated already).
            said = gettext(str(error))
            if form.is_valid() and str(error) == services.WRONG_CODE:
                form.refuse_code(said)
            else:
                form.add_error(None, said)
        else:
            if done is not None:
                login(request, done.user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(request, _activated_message(done))
                return redirect("portal:home")
    return render(request, "registration/activate.html", {"form": form})


def _activate(form, ip_address):
    """Use the code the form carries, or None when the form itself is refused. Every refused try
    counts towards the throttle except a password the rules refused
    (``ActivateForm.counts_toward_throttle`` says why)."""
    if services.activation_throttled(ip_address):
        raise services.ActivationError(services.TOO_MANY_TRIES)
    if not form.is_valid():
        if form.counts_toward_throttle():
            services.count_refused_activation(ip_address=ip_address)
        return None
    return services.activate_account(
        code=form.cleaned_data["code"],
        username=form.cleaned_data["username"],
        password=form.cleaned_data["password1"],
        ip_address=ip_address,
    )


def _activated_message(done) -> str:
    if done.password_reset:
        return gettext(
            "Your new password is set. Your username is still %(username)s: "
            "sign in with it and your new password from now on."
        ) % {"username": done.user.get_username()}
    return gettext("Your account is ready. These are your exercises.")
