"""Sign-ins on the audit trail: every success, every failure and every lockout.

Django's ``user_logged_in`` / ``user_login_failed`` and django-axes' ``user_locked_out`` are
received here rather than in ``accounts``, which sits below ``planner`` and cannot reach the audit
trail. ``record_event`` stores the client's address (``core.client``). A sign-in made outside a
request the site is serving (the test client's ``force_login``, a shell) is nobody signing in and
is not recorded; failures and lockouts always are.
"""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_login_failed

from core.client import current_client_ip
from planner.models import AuditAction, AuditOutcome
from planner.services.audit import record_event

USERNAME_LIMIT = 150  # as long as a username can be; what was typed may be longer


def _tried(username) -> str:
    return str(username or "")[:USERNAME_LIMIT]


def _path(request) -> str:
    return getattr(request, "path", "")[:200]


def signed_in(sender, request, user, **kwargs):
    if current_client_ip() is None:
        return
    patient = getattr(user, "patient", None)  # a patient's sign-in shows on their record
    record_event(user, AuditAction.SIGNED_IN, patient=patient, path=_path(request))


def sign_in_failed(sender, credentials, request=None, **kwargs):
    # Only the username: Django has already masked the password, and it is never stored.
    record_event(
        None,
        AuditAction.SIGN_IN_FAILED,
        outcome=AuditOutcome.REFUSED,
        username=_tried(credentials.get("username")),
        path=_path(request),
    )


def locked_out(sender, request, username, ip_address, **kwargs):
    """Sent by axes for the failure that reaches the limit and for every try while locked out."""
    record_event(
        None,
        AuditAction.LOCKED_OUT,
        outcome=AuditOutcome.REFUSED,
        username=_tried(username),
        path=_path(request),
    )


def connect() -> None:
    user_logged_in.connect(signed_in, dispatch_uid="planner.audit.signed_in")
    user_login_failed.connect(sign_in_failed, dispatch_uid="planner.audit.sign_in_failed")
    user_locked_out.connect(locked_out, dispatch_uid="planner.audit.locked_out")
