"""Writing patients: archiving, sign-in codes, and a patient activating their own account."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from planner import invites
from planner.models import ActivationFailure, AuditAction, Invite, Patient
from planner.services.audit import record_event


class ActivationError(Exception):
    """The code cannot be used. The message never says whether a patient or code exists."""


WRONG_CODE = (
    "That code did not work. Check it against your handout, or ask your therapist for a new one."
)
USERNAME_TAKEN = "That username is already taken. Please choose another."
TOO_MANY_TRIES = "Too many codes were tried from here. Please wait 15 minutes and try again."


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
    """A new code for a patient without an account; older unused codes stop working."""
    Patient.objects.check_in_scope(by, patient, "This patient is not yours.")
    if patient.user_id is not None:
        raise ValidationError("This patient already has an account.")
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
    record_event(by, AuditAction.CHANGED, invite)
    return invite, code


def activation_throttled(ip_address: str) -> bool:
    since = timezone.now() - invites.FAILURE_WINDOW
    recent = ActivationFailure.objects.filter(ip_address=ip_address, created_at__gte=since)
    return recent.count() >= invites.MAX_FAILURES


def activate_account(*, code: str, username: str, password: str, ip_address: str):
    """Create the patient's own user from an invite code and link it. All or nothing."""
    if activation_throttled(ip_address):
        raise ActivationError(TOO_MANY_TRIES)
    with transaction.atomic():
        invite = (
            Invite.objects.usable()
            .select_for_update()
            .select_related("patient")
            .filter(digest=invites.digest_of(code), patient__user__isnull=True)
            .filter(patient__archived_at__isnull=True)
            .first()
        )
        if invite is not None:
            try:
                with transaction.atomic():
                    user = get_user_model().objects.create_user(
                        username=username, password=password
                    )
            except IntegrityError:
                raise ActivationError(USERNAME_TAKEN) from None
            patient = invite.patient
            patient.user = user
            patient.save(update_fields=["user", "updated_at"])
            invite.used_at = timezone.now()
            invite.save(update_fields=["used_at"])
            record_event(user, AuditAction.CHANGED, patient, activated=True)
            return user
    # Recorded outside the transaction above so a refusal is never rolled back.
    ActivationFailure.objects.create(ip_address=ip_address)
    raise ActivationError(WRONG_CODE)
