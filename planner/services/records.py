"""Clinical records entered in error: voided with a reason, never deleted or rewritten.

A voided plan, session log, limb measurement or function test stays in the database with who
voided it, when and why. Working lists, the portal and the patient's counts leave it out
(``in_force()``); the admin shows it struck through under its "Voided" filter; the audit trail has
a "voided" event with the reason.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.revisions import Revisioned
from planner.models import Assignment, AuditAction, FunctionTest, LimbMeasurement, SessionLog
from planner.services.audit import record_event

VOIDABLE = (Assignment, SessionLog, LimbMeasurement, FunctionTest)
REASON_MAX_LENGTH = 500
REASON_REQUIRED = "Say why this record was entered in error; the reason is kept with it."
REASON_TOO_LONG = f"Keep the reason to {REASON_MAX_LENGTH} characters."


@transaction.atomic
def void_record(*, record, by, reason: str):
    """Void ``record`` (a plan, session log, limb measurement or function test) as entered in
    error.

    Refused with PermissionDenied when the record is not about one of ``by``'s patients, and with
    ValidationError when the reason is empty or too long or the record is already voided. Nothing
    the record says changes; a revisioned record moves on a revision, so an editor still open on
    it cannot save over the voiding."""
    model = type(record)
    if model not in VOIDABLE:
        raise TypeError(f"{model._meta.label} records are not voided.")
    model.objects.check_in_scope(by, record, "This record is not about one of your patients.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(REASON_REQUIRED, code="required")
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(REASON_TOO_LONG, code="max_length")
    locked = model.objects.select_for_update().get(pk=record.pk)
    if locked.is_voided:
        raise ValidationError(
            f"{locked} was already voided on {timezone.localtime(locked.voided_at):%d %b %Y}.",
            code="already_voided",
        )
    locked.voided_at, locked.voided_by, locked.void_reason = timezone.now(), by, reason
    fields = ["voided_at", "voided_by", "void_reason"]
    if isinstance(locked, Revisioned):
        locked.revision += 1
        fields.append("revision")
    if any(f.name == "updated_at" for f in model._meta.concrete_fields):
        fields.append("updated_at")
    locked.save(update_fields=fields)
    record_event(by, AuditAction.VOIDED, locked, reason=reason)
    return locked
