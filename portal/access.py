"""Who may see what in the patient portal. Every portal view goes through ``patient_view``."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache

from accounts.roles import is_therapist
from planner.models import Patient
from planner.selectors.portal import is_another_patients
from planner.selectors.portal_prepared import Prepared, columns_of
from planner.services.audit import record_denied
from portal.language import use_patient_language

# Every portal request reads it (compiled once: ``Prepared``).
_PATIENT_OF_USER = Prepared(
    lambda user: Patient.objects.active().filter(user=user).values_list(*columns_of(Patient)),
    user=int,
)


def patient_for_user(user) -> Patient:
    """The signed-in patient's own record, or 404 for anyone who is not a patient."""
    if not user.is_authenticated:
        raise Http404("No patient record for this account.")
    patient = _PATIENT_OF_USER.instance(user=user.pk)
    if patient is None:
        raise Http404("No patient record for this account.")
    user.patient = patient  # caches the reverse relation so templates do not query it again
    return patient


def patient_view(view):
    """The portal's access rule: anonymous people sign in, staff go to the admin, everyone else
    must be an active patient (404 otherwise). The view receives ``patient``; every object it
    looks up must be reached from that patient. Every answer is ``Cache-Control: no-store``, so no
    browser or proxy keeps a copy of a patient's pages or handout."""

    @wraps(view)
    @never_cache
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            _record_refused(request, kwargs, "not signed in")
            return redirect_to_login(request.get_full_path())
        if is_therapist(request.user):
            return redirect("admin:index")
        try:
            patient = patient_for_user(request.user)
        except Http404:
            _record_refused(request, kwargs, "no patient record")
            raise
        use_patient_language(request, patient)
        return view(request, patient, *args, **kwargs)

    return wrapped


def _record_refused(request, kwargs, reason: str) -> None:
    # Only pages that name a record (a plan, an exercise) are a refused look at patient data; the
    # portal's front door asked for while signed out (the handout's QR code) is not.
    if kwargs:
        record_denied(request.user, path=request.path[:200], reason=reason)


def not_found(request, patient, model, object_id, message: str) -> Http404:
    """The 404 for an id this patient cannot open. When it is another patient's row, the refusal
    goes on the audit trail (on the asking patient's record, naming the row only by kind and id);
    a mistyped id or one of the patient's own finished plans is just not found."""
    if is_another_patients(patient, model, object_id):
        record_denied(request.user, model, object_id, patient=patient, via="portal")
    return Http404(message)
