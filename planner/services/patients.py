"""Writing patients: archiving, sign-in codes, and a patient using a code to activate their
own account or to choose a new password for it."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from planner import invites
from planner.models import ActivationFailure, AuditAction, Invite, Patient
from planner.services.audit import record_event


class ActivationError(Exception):
    """The code cannot be used. The message never says whether a patient or code exists."""


# Said to the patient: English here, marked for the catalogue; the portal translates them.
WRONG_CODE = gettext_noop(
    "That code did not work. Type it again from your handout, or ask your therapist for a new one."
)
USERNAME_TAKEN = gettext_noop("That username is already taken. Please choose another.")
USERNAME_NEEDED = gettext_noop("Choose a username for your new account.")
TOO_MANY_TRIES = gettext_noop("Too many tries from here. Please wait 15 minutes and try again.")


@dataclass(frozen=True)
class Activation:
    """What a code did: made ``user`` for the patient, or gave their account a new password."""

    user: object
    password_reset: bool


@transaction.atomic
def set_patient_archived(*, patient: Patient, by, archived: bool) -> Patient:
    """Archive a patient (hidden from lists and the portal, records kept) or restore them."""
    Patient.objects.check_in_scope(by, patient, "This patient is not yours.")
    patient.archived_at = timezone.now() if archived else None
    patient.save(update_fields=["archived_at", "updated_at"])
    action = AuditAction.ARCHIVED if archived else AuditAction.CHANGED
    record_event(by, action, patient, archived=archived)
    return patient


@transaction.atomic
def create_invite(*, patient: Patient, by) -> tuple[Invite, str]:
    """A new sign-in code: for a patient without an account, to create one; for a patient with
    one, to choose a new password (the username stays). Older unused codes stop working."""
    Patient.objects.check_in_scope(by, patient, "This patient is not yours.")
    if patient.user_id is not None and not _code_may_reset(patient.user):
        raise ValidationError(
            "This patient's account is switched off or is a staff account; "
            "a clinic administrator manages it under Users."
        )
    now = timezone.now()
    patient.invites.usable(now).update(revoked_at=now)
    nonce = invites.new_nonce()
    code = invites.code_for(nonce)
    invite = Invite.objects.create(
        patient=patient,
        created_by=by,
        nonce=nonce,
        digest=invites.digest_of(code),
        created_at=now,
        expires_at=invites.expiry_from(now),
    )
    purpose = "password" if patient.user_id else "account"
    record_event(by, AuditAction.CHANGED, invite, purpose=purpose)
    return invite, code


def _code_may_reset(user) -> bool:
    """A code may give a new password only to an active patient account, never to staff."""
    return user.is_active and not user.is_staff


def activation_throttled(ip_address: str) -> bool:
    since = timezone.now() - invites.FAILURE_WINDOW
    recent = ActivationFailure.objects.filter(ip_address=ip_address, created_at__gte=since)
    return recent.count() >= invites.MAX_FAILURES


def count_refused_activation(*, ip_address: str) -> None:
    """One refused try at /accounts/activate/ from this address, towards the throttle."""
    ActivationFailure.objects.create(ip_address=ip_address)


def activate_account(*, code: str, username: str, password: str, ip_address: str) -> Activation:
    """Use a sign-in code: create the patient's own account with ``username`` and ``password``,
    or, if they have one, give it ``password`` (``username`` is then ignored). All or nothing.

    The code is checked first, so only someone holding a valid one learns whether a username is
    taken; every refusal counts towards the throttle."""
    if activation_throttled(ip_address):
        raise ActivationError(TOO_MANY_TRIES)
    try:
        with transaction.atomic():
            return _use_code(code=code, username=username, password=password)
    except ActivationError:
        # Counted outside the transaction above so a refusal is never rolled back.
        count_refused_activation(ip_address=ip_address)
        raise


def _use_code(*, code: str, username: str, password: str) -> Activation:
    invite = (
        Invite.objects.usable()
        .select_for_update(of=("self",))
        .select_related("patient", "patient__user")
        .filter(digest=invites.digest_of(code), patient__archived_at__isnull=True)
        .first()
    )
    if invite is None:
        raise ActivationError(WRONG_CODE)
    patient, user = invite.patient, invite.patient.user
    password_reset = user is not None
    if user is None:
        user = _new_account(username, password)
        patient.user = user
        patient.save(update_fields=["user", "updated_at"])
        record_event(user, AuditAction.CHANGED, patient, activated=True)
    elif _code_may_reset(user):
        _check_password(password, user)
        user.set_password(password)  # the old password stops working, and other sessions end
        user.save(update_fields=["password"])
        record_event(user, AuditAction.CHANGED, patient, password="reset")  # noqa: S106 - what changed
    else:
        raise ActivationError(WRONG_CODE)
    invite.used_at = timezone.now()
    invite.save(update_fields=["used_at"])
    return Activation(user=user, password_reset=password_reset)


def _new_account(username: str, password: str):
    user_model = get_user_model()
    username = user_model.normalize_username(username or "")
    if not username:
        raise ActivationError(USERNAME_NEEDED)
    # Case-insensitive, so "Maria" cannot sit beside "maria" and sign in as the wrong person.
    if user_model.objects.filter(username__iexact=username).exists():
        raise ActivationError(USERNAME_TAKEN)
    _check_password(password, user_model(username=username))
    try:
        with transaction.atomic():
            return user_model.objects.create_user(username=username, password=password)
    except IntegrityError:  # taken between the check above and now
        raise ActivationError(USERNAME_TAKEN) from None


def _check_password(password: str, user) -> None:
    """The password rules against the account it is for (the form checked the typed username)."""
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise ActivationError(" ".join(error.messages)) from None
