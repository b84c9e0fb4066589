"""Who may see what. Every portal view reaches patient data through these helpers."""

from django.http import Http404

from planner.models import Patient


def is_therapist(user) -> bool:
    """Therapists and clinic admins work in the admin; they are staff accounts."""
    return user.is_authenticated and user.is_staff


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
