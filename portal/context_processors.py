"""What every page's shared layout may show a patient: whom to call."""

from django.utils.functional import SimpleLazyObject

from planner.models import ClinicProfile
from planner.models.clinic import SINGLE_ROW
from planner.selectors.portal_prepared import Prepared, columns_of

# Read on every patient's page (compiled once: ``Prepared``).
_PROFILE = Prepared(
    lambda: ClinicProfile.objects.filter(pk=SINGLE_ROW).values_list(*columns_of(ClinicProfile))
)


def clinic(request):
    """The clinic's profile as ``clinic_profile``, read (one query) only by a page that shows
    it: the footer for patients and visitors, and the patient's home page."""
    return {"clinic_profile": SimpleLazyObject(_current_profile)}


def _current_profile() -> ClinicProfile:
    # ClinicProfile.objects.current(), its read compiled once.
    return _PROFILE.instance() or ClinicProfile.objects.unsaved()
