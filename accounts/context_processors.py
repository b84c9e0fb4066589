from accounts.roles import is_therapist


def navigation(request):
    """Which sections the navigation bar offers: the admin to therapists, the portal to patients."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_therapist": False, "nav_patient": False}
    therapist = is_therapist(user)
    return {
        "nav_therapist": therapist,
        "nav_patient": not therapist and hasattr(user, "patient"),
    }
