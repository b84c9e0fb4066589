"""What every page's shared layout may show a patient: whom to call."""

from django.utils.functional import SimpleLazyObject

from planner.models import ClinicProfile


def clinic(request):
    """The clinic's profile as ``clinic_profile``, read (one query) only by a page that shows
    it: the footer for patients and visitors, and the patient's home page."""
    return {"clinic_profile": SimpleLazyObject(ClinicProfile.objects.current)}
