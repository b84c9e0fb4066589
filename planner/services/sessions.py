"""What patients record: a session per exercise and day, and the neurogenic next-day answer."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_noop

from planner.models import Assignment, AuditAction, Patient, ProgramExercise, SessionLog
from planner.services.audit import record_event

# Said to the patient (the portal translates it: marked here for the catalogue).
VOIDED_DAY = gettext_noop(
    "Your therapist set aside what was logged for this exercise on this day, so it cannot be "
    "logged again here. Please tell your therapist what you did."
)


@transaction.atomic
def log_session(
    *, item: ProgramExercise, assignment: Assignment, performed_on, values: dict, by=None
):
    """Record what the patient did for one exercise on one day; a second submission for the same
    exercise and day updates the same row, which is audited as a change by ``by``.

    An entry voided by the therapist is never written over (ValidationError): it stays as it
    was, and the one-entry-per-day rule keeps a new one from taking its place."""
    log = (
        SessionLog.objects.select_for_update()
        .filter(assignment=assignment, program_exercise=item, performed_on=performed_on)
        .first()
    )
    if log is not None and log.is_voided:
        raise ValidationError(VOIDED_DAY, code="voided")
    new = log is None
    if new:
        log = SessionLog(assignment=assignment, program_exercise=item, performed_on=performed_on)
    for field, value in values.items():
        setattr(log, field, value)
    log.save()
    record_event(by, AuditAction.CHANGED, log, fields=sorted(values), new=new)
    return log


class AlreadyDone(Exception):
    """The exercise already has a done entry for the day (a second tap on "Done")."""


def log_prescribed_dose(
    *, item: ProgramExercise, assignment: Assignment, performed_on, by=None
) -> SessionLog:
    """One tap on "Done": the exercise done as prescribed (all its sets) on ``performed_on``.

    A day already logged as done is left as it was (AlreadyDone), also when two taps race:
    the one-entry-per-day constraint refuses the second insert, inside a savepoint so the
    request's transaction carries on. A day logged as not done becomes done."""
    existing = (
        SessionLog.objects.filter(
            assignment=assignment, program_exercise=item, performed_on=performed_on
        )
        .only("done", "voided_at")
        .first()
    )
    if existing is not None and existing.done and not existing.is_voided:
        raise AlreadyDone
    try:
        with transaction.atomic():
            return log_session(
                item=item,
                assignment=assignment,
                performed_on=performed_on,
                values={"done": True, "sets_done": item.sets},
                by=by,
            )
    except IntegrityError:
        raise AlreadyDone from None


def answer_heaviness(*, patient: Patient, day, heavier: bool, by=None) -> int:
    """The neurogenic next-day check: does the exercised limb feel heavier or weaker today?
    Stored on the sessions done the day before (audited as a change by ``by`` when there were
    any); returns how many were updated."""
    updated = (
        SessionLog.objects.for_patient(patient)
        .in_force()
        .filter(performed_on=day, done=True)
        .update(heavier_next_day=heavier)
    )
    if updated:
        record_event(
            by, AuditAction.CHANGED, patient=patient, heavier_next_day=heavier, day=day.isoformat()
        )
    return updated
