"""Who may see what in the patient portal. Every portal view goes through ``patient_view``."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect

from accounts.roles import is_therapist
from planner.models import Patient


def patient_for_user(user) -> Patient:
    """The signed-in patient's own record, or 404 for anyone who is not a patient."""
    if not user.is_authenticated:
        raise Http404("No patient record for this account.")
    try:
        patient = Patient.objects.active().get(user=user)
    except Patient.DoesNotExist:
        raise Http404("No patient record for this account.") from None
    user.patient = patient  # caches the reverse relation so templates do not query it again
    return patient


def patient_view(view):
    """The portal's access rule: anonymous people sign in, staff go to the admin, everyone else
    must be an active patient (404 otherwise). The view receives ``patient``; every object it
    looks up must be reached from that patient."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if is_therapist(request.user):
            return redirect("admin:index")
        return view(request, patient_for_user(request.user), *args, **kwargs)

    return wrapped
