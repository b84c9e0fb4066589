"""Reads about limb girth for the portal's measuring page."""

from planner.models import LimbMeasurement, Patient


def usual_landmarks(patient: Patient) -> dict[str, str]:
    """Where the tape went at each site, as last written down (the newest measurement in force
    that names its landmark), so a patient measuring at home uses the same place. A site missing
    here uses the usual landmark in its label. One query."""
    rows = (
        LimbMeasurement.objects.in_force()
        .filter(patient=patient)
        .exclude(landmark="")
        .order_by("site", "-measured_on", "-pk")
        .values_list("site", "landmark")
    )
    landmarks: dict[str, str] = {}
    for site, landmark in rows:
        landmarks.setdefault(site, landmark)
    return landmarks
