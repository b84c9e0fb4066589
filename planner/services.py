"""Writes that touch several models. Views, the admin and commands call these."""

import datetime
import io

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from pypdf import PdfWriter

from planner import invites
from planner.handout import render_handout
from planner.models import (
    ActivationFailure,
    Assignment,
    AssignmentStatus,
    AuditAction,
    AuditEvent,
    AuditOutcome,
    Invite,
    Patient,
    Program,
    ProgramExercise,
    SessionLog,
)
from planner.screening import Finding, screen_program

# Dosage and notes: everything a program row carries besides its program.
_ITEM_FIELDS = [
    f.name for f in ProgramExercise._meta.concrete_fields if f.name not in {"id", "program"}
]
_DIFF_FIELDS = [f for f in _ITEM_FIELDS if f not in {"exercise", "position"}]


class ScreeningError(Exception):
    """A hard stop applies and no override reason was given. ``conflicts`` lists each
    exercise and condition pair."""

    def __init__(self, conflicts: list[Finding]):
        self.conflicts = conflicts
        pairs = "; ".join(str(c) for c in conflicts)
        super().__init__(f"Screening found hard stops: {pairs}. Give an override reason to assign.")


def record_event(
    *,
    actor,
    action: AuditAction,
    patient: Patient | None = None,
    obj=None,
    outcome: AuditOutcome = AuditOutcome.SUCCESS,
    detail: dict | None = None,
) -> AuditEvent:
    """Append one row to the audit trail."""
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        patient=patient,
        action=action,
        outcome=outcome,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        detail=detail or {},
    )


def copy_program(*, program: Program, owner, patient: Patient | None, title: str = "") -> Program:
    """A new program with the same tags and rows; a template when ``patient`` is None."""
    copy = Program.objects.create(
        title=title or program.title,
        description=program.description,
        owner=owner,
        is_template=patient is None,
        patient=patient,
        source=program,
    )
    copy.atrophy_types.set(program.atrophy_types.all())
    ProgramExercise.objects.bulk_create(
        ProgramExercise(program=copy, **{f: getattr(item, f) for f in _ITEM_FIELDS})
        for item in program.items.order_by("position")
    )
    return copy


@transaction.atomic
def duplicate_program(*, program: Program, by) -> Program:
    """A therapist's own editable template copied from any program they can see."""
    if not Program.objects.for_therapist(by).filter(pk=program.pk).exists():
        raise PermissionDenied("This program is not yours to copy.")
    copy = copy_program(program=program, owner=by, patient=None, title=f"Copy of {program.title}")
    record_event(actor=by, action=AuditAction.CHANGED, obj=copy, detail={"copied_from": program.pk})
    return copy


def _previous_assignment(program: Program, patient: Patient) -> Assignment | None:
    """The assignment a revised plan replaces: the one whose frozen program it was copied from."""
    if program.source_id is None:
        return None
    return (
        Assignment.objects.filter(patient=patient, program_id=program.source_id)
        .exclude(status=AssignmentStatus.SUPERSEDED)
        .first()
    )


def assign_program(
    *,
    program: Program,
    patient: Patient,
    by,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    override_reason: str = "",
) -> Assignment:
    """Screen ``program`` for ``patient`` and hand it over as a frozen plan.

    A hard stop refuses the assignment with ScreeningError unless ``override_reason`` is given;
    the reason is stored and audited. Precautions, type mismatches and the neurogenic overwork
    guard are recorded on the assignment. A template is copied into the patient's own program so
    later template edits do not reach the patient; a patient's own draft is frozen as it is. A
    draft copied from one of the patient's plans becomes that plan's next version.
    """
    if not Patient.objects.for_therapist(by).filter(pk=patient.pk).exists():
        raise PermissionDenied("This patient is not yours.")
    if not Program.objects.for_therapist(by).filter(pk=program.pk).exists():
        raise PermissionDenied("This program is not yours to assign.")
    if patient.is_archived:
        raise ValidationError("This patient is archived; restore them before assigning a plan.")
    if program.patient_id not in (None, patient.pk):
        raise ValidationError("This program belongs to another patient.")
    if not program.items.exists():
        raise ValidationError("This program has no exercises yet.")
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError("The end date cannot be before the start date.")

    result = screen_program(program=program, patient=patient)
    reason = override_reason.strip()
    if result.hard_stops and not reason:
        record_event(
            actor=by,
            action=AuditAction.ASSIGNED,
            patient=patient,
            obj=program,
            outcome=AuditOutcome.REFUSED,
            detail={"hard_stops": [str(f) for f in result.hard_stops]},
        )
        raise ScreeningError(result.hard_stops)
    if not result.hard_stops:
        reason = ""  # nothing was overridden; do not store a reason that explains nothing

    with transaction.atomic():
        previous = _previous_assignment(program, patient)
        frozen = program
        if program.is_template or program.assignments.exists():
            frozen = copy_program(program=program, owner=by, patient=patient)
        assignment = Assignment(
            patient=patient,
            program=frozen,
            assigned_by=by,
            starts_on=starts_on,
            ends_on=ends_on,
            version=previous.version + 1 if previous else 1,
            previous=previous,
            screening=result.as_json(override_reason=reason),
            override_reason=reason,
        )
        assignment.full_clean()
        if previous is not None:
            previous.status = AssignmentStatus.SUPERSEDED
            previous.save(update_fields=["status", "updated_at"])
        assignment.save()
        record_event(
            actor=by,
            action=AuditAction.ASSIGNED,
            patient=patient,
            obj=assignment,
            detail={
                "program": program.pk,
                "version": assignment.version,
                "precautions": [str(f) for f in result.precautions],
                "type_mismatches": [str(f) for f in result.type_mismatches],
                "overwork_guard": result.overwork_guard,
            },
        )
        if reason:
            record_event(
                actor=by,
                action=AuditAction.OVERRIDDEN,
                patient=patient,
                obj=assignment,
                detail={"reason": reason, "hard_stops": [str(f) for f in result.hard_stops]},
            )
        if previous is not None:
            record_event(
                actor=by,
                action=AuditAction.CHANGED,
                patient=patient,
                obj=assignment,
                detail={
                    "replaces_version": previous.version,
                    "changes": diff_programs(previous.program, frozen),
                },
            )
    return assignment


@transaction.atomic
def start_revision(*, assignment: Assignment, by) -> Program:
    """An editable draft of a patient's plan; assigning it makes the plan's next version."""
    if not Assignment.objects.for_therapist(by).filter(pk=assignment.pk).exists():
        raise PermissionDenied("This plan is not yours to revise.")
    if assignment.status == AssignmentStatus.SUPERSEDED:
        raise ValidationError("A newer version of this plan exists; revise that one instead.")
    draft = copy_program(program=assignment.program, owner=by, patient=assignment.patient)
    record_event(
        actor=by,
        action=AuditAction.CHANGED,
        patient=assignment.patient,
        obj=draft,
        detail={"draft_of_version": assignment.version, "assignment": assignment.pk},
    )
    return draft


def diff_programs(old: Program, new: Program) -> list[str]:
    """What changed between two versions of a plan, in words a therapist reads."""
    old_items = {i.exercise_id: i for i in old.items.select_related("exercise")}
    new_items = {i.exercise_id: i for i in new.items.select_related("exercise")}
    changes = []
    for exercise_id, item in new_items.items():
        if exercise_id not in old_items:
            changes.append(f"Added {item.exercise.name}: {item.dosage_sentence}")
    for exercise_id, item in old_items.items():
        if exercise_id not in new_items:
            changes.append(f"Removed {item.exercise.name}")
    for exercise_id, item in new_items.items():
        before = old_items.get(exercise_id)
        if before is None:
            continue
        changed = [
            f"{ProgramExercise._meta.get_field(f).verbose_name} "
            f"{_shown(getattr(before, f))} → {_shown(getattr(item, f))}"
            for f in _DIFF_FIELDS
            if getattr(before, f) != getattr(item, f)
        ]
        if changed:
            changes.append(f"Changed {item.exercise.name}: " + ", ".join(changed))
    order_old = [
        i for i in sorted(old_items, key=lambda k: old_items[k].position) if i in new_items
    ]
    order_new = [
        i for i in sorted(new_items, key=lambda k: new_items[k].position) if i in old_items
    ]
    if order_old != order_new:
        changes.append("Changed the order of the exercises")
    return changes


def _shown(value) -> str:
    return "—" if value in (None, "") else str(value)


@transaction.atomic
def set_patient_archived(*, patient: Patient, by, archived: bool) -> Patient:
    """Archive a patient (hidden from lists and the portal, records kept) or restore them."""
    if not Patient.objects.for_therapist(by).filter(pk=patient.pk).exists():
        raise PermissionDenied("This patient is not yours.")
    patient.archived_at = timezone.now() if archived else None
    patient.save(update_fields=["archived_at", "updated_at"])
    record_event(
        actor=by,
        action=AuditAction.ARCHIVED if archived else AuditAction.CHANGED,
        patient=patient,
        obj=patient,
        detail={"archived": archived},
    )
    return patient


def print_handout(
    *, assignment: Assignment, by=None, large_print=False, language=None, via=""
) -> bytes:
    """Render one handout and record who printed it."""
    pdf = render_handout(assignment, large_print=large_print, language=language)
    record_event(
        actor=by,
        action=AuditAction.PRINTED,
        patient=assignment.patient,
        obj=assignment,
        detail={"large_print": large_print, "language": language or "en", "via": via},
    )
    return pdf


def print_handouts(*, assignments, by=None, large_print=False, via="") -> bytes:
    """Several handouts as one PDF, each with its own page numbers."""
    writer = PdfWriter()
    for assignment in assignments:
        pdf = print_handout(assignment=assignment, by=by, large_print=large_print, via=via)
        writer.append(io.BytesIO(pdf))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# --- invites and activation --------------------------------------------------------------------


class ActivationError(Exception):
    """The code cannot be used. The message never says whether a patient or code exists."""


WRONG_CODE = (
    "That code did not work. Check it against your handout, or ask your therapist for a new one."
)
USERNAME_TAKEN = "That username is already taken. Please choose another."
TOO_MANY_TRIES = "Too many codes were tried from here. Please wait 15 minutes and try again."


@transaction.atomic
def create_invite(*, patient: Patient, by) -> tuple[Invite, str]:
    """A new code for a patient without an account; older unused codes stop working."""
    if not Patient.objects.for_therapist(by).filter(pk=patient.pk).exists():
        raise PermissionDenied("This patient is not yours.")
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
    record_event(actor=by, action=AuditAction.CHANGED, patient=patient, obj=invite)
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
            record_event(
                actor=user,
                action=AuditAction.CHANGED,
                patient=patient,
                obj=patient,
                detail={"activated": True},
            )
            return user
    # Recorded outside the transaction above so a refusal is never rolled back.
    ActivationFailure.objects.create(ip_address=ip_address)
    raise ActivationError(WRONG_CODE)


# --- session logs ------------------------------------------------------------------------------


def log_session(*, item: ProgramExercise, assignment: Assignment, performed_on, values: dict):
    """Record what the patient did for one exercise on one day; a second submission for the same
    exercise and day updates the same row."""
    log, _ = SessionLog.objects.update_or_create(
        assignment=assignment,
        program_exercise=item,
        performed_on=performed_on,
        defaults=values,
    )
    return log


def answer_heaviness(*, patient: Patient, day, heavier: bool) -> int:
    """The neurogenic next-day check: does the exercised limb feel heavier or weaker today?
    Stored on the sessions done the day before; returns how many were updated."""
    return SessionLog.objects.filter(
        assignment__patient=patient, performed_on=day, done=True
    ).update(heavier_next_day=heavier)
