"""What patients measure at home: the girth of an arm or leg, both sides, from the portal."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from planner.models import AuditAction, LimbMeasurement, MeasurementSite, Patient
from planner.selectors.measures import usual_landmarks
from planner.services.audit import record_event

ALREADY_MEASURED = (
    "You already saved your {site} for that day. If it is wrong, tell your therapist at your next "
    "visit."
)


@transaction.atomic
def record_home_girth(
    *,
    patient: Patient,
    by,
    measured_on: datetime.date,
    site: str,
    left_cm: Decimal,
    right_cm: Decimal,
    note: str = "",
) -> LimbMeasurement:
    """Save a girth the patient measured at home (``by`` is their own account), at the landmark
    last used for that site, and audit it. Refused with ValidationError, nothing written, when the
    model refuses it (range, day) or the site already has a measurement that day."""
    site_name = MeasurementSite(site).label.split(" (")[0].lower()
    taken = LimbMeasurement.objects.filter(patient=patient, measured_on=measured_on, site=site)
    if taken.exists():
        raise ValidationError(ALREADY_MEASURED.format(site=site_name), code="unique")
    measurement = LimbMeasurement(
        patient=patient,
        measured_on=measured_on,
        site=site,
        landmark=usual_landmarks(patient).get(site, ""),
        left_cm=left_cm,
        right_cm=right_cm,
        note=note,
        measured_by=by,
    )
    measurement.full_clean()
    try:
        with transaction.atomic():
            measurement.save()
    except IntegrityError:  # the same site and day saved at the same moment (a double tap)
        raise ValidationError(ALREADY_MEASURED.format(site=site_name), code="unique") from None
    record_event(
        by,
        AuditAction.CHANGED,
        measurement,
        fields=["measured_on", "site", "left_cm", "right_cm", "note"],
        new=True,
    )
    return measurement
