"""The Patient, the people and the clinic, the Conditions and the CarePlan of a plan, as FHIR R4
resources (plain dicts; ``bundle`` validates them). Every text goes in English, the clinic's
record language, whatever language the patient reads."""

from exercises.dosage import schedule_sentence
from exercises.models import AtrophyKind, Condition
from planner.fhir import codes
from planner.fhir.narrative import care_plan_text
from planner.fhir.text import markdown_text
from planner.models import Assignment, AssignmentStatus, ClinicProfile, Patient
from planner.screening import stored_screening

# Our plan status -> CarePlan.status and each activity's detail.status (both required bindings).
CAREPLAN_STATUS = {
    AssignmentStatus.ACTIVE: "active",
    AssignmentStatus.PAUSED: "on-hold",
    AssignmentStatus.COMPLETED: "completed",
    # Replaced by a newer version: that version's CarePlan names this one in ``replaces``.
    AssignmentStatus.SUPERSEDED: "revoked",
    AssignmentStatus.CANCELLED: "revoked",
}
ACTIVITY_STATUS = {
    AssignmentStatus.ACTIVE: "in-progress",
    AssignmentStatus.PAUSED: "on-hold",
    AssignmentStatus.COMPLETED: "completed",
    AssignmentStatus.SUPERSEDED: "stopped",
    AssignmentStatus.CANCELLED: "cancelled",
}
ENTERED_IN_ERROR = "entered-in-error"


def patient(person: Patient, organization: dict) -> dict:
    resource = {
        "resourceType": "Patient",
        "identifier": [
            {"use": "usual", "system": codes.identifier_system("patient"), "value": str(person.pk)}
        ],
        "active": not person.is_archived,
        "name": [{"use": "usual", "text": person.display_name}],
        "communication": [
            {
                "language": {
                    "coding": [
                        {
                            "system": codes.LANGUAGE,
                            "code": person.preferred_language,
                            "display": codes.LANGUAGE_NAMES[person.preferred_language],
                        }
                    ],
                    "text": person.get_preferred_language_display(),
                },
                "preferred": True,
            }
        ],
        "managingOrganization": organization,
    }
    return resource


def practitioner(user) -> dict:
    return {
        "resourceType": "Practitioner",
        "identifier": [{"system": codes.identifier_system("practitioner"), "value": str(user.pk)}],
        "active": user.is_active,
        "name": [{"text": user.get_full_name() or user.get_username()}],
    }


def organization(clinic: ClinicProfile) -> dict:
    resource = {"resourceType": "Organization", "active": True, "name": clinic.name}
    if clinic.phone:
        resource["telecom"] = [{"system": "phone", "value": clinic.phone, "use": "work"}]
    if clinic.address:
        resource["address"] = [{"text": clinic.address}]
    return resource


def atrophy_condition(person: Patient, subject: dict) -> dict:
    """The atrophy the plan treats, coded where its type has a code of its own."""
    kind = AtrophyKind(person.atrophy_type)
    code = {"text": f"Muscle atrophy: {kind.label}"}
    if kind in codes.ATROPHY_CODED:
        code["coding"] = [codes.MUSCLE_ATROPHY_ICD10]
    return _condition(code, subject)


def screening_condition(condition: Condition, subject: dict) -> dict:
    """A condition from the screening catalogue, with its ICD-10-CM and SNOMED CT codes when the
    catalogue keeps them, and its name as text always."""
    coding = []
    if condition.icd10_code:
        coding.append({"system": codes.ICD10_CM, "code": condition.icd10_code})
    if condition.snomed_code:
        coding.append({"system": codes.SNOMED, "code": condition.snomed_code})
    code = {"text": condition.name}
    if coding:
        code["coding"] = coding
    return _condition(code, subject)


def _condition(code: dict, subject: dict) -> dict:
    return {
        "resourceType": "Condition",
        "clinicalStatus": {
            "coding": [{"system": codes.CONDITION_CLINICAL, "code": "active", "display": "Active"}]
        },
        "category": [
            {
                "coding": [
                    {
                        "system": codes.CONDITION_CATEGORY,
                        "code": "problem-list-item",
                        "display": "Problem List Item",
                    }
                ]
            }
        ],
        "code": code,
        "subject": subject,
    }


def care_plan(
    assignment: Assignment,
    items,
    *,
    subject: dict,
    author: dict,
    addresses: list[dict],
    replaces: list[dict],
    today,
) -> dict:
    """The plan: its status, period, author, title and version, what it addresses, and one
    activity per exercise as it was handed to the patient."""
    status = ENTERED_IN_ERROR if assignment.is_voided else CAREPLAN_STATUS[assignment.status]
    period = {"start": assignment.starts_on.isoformat()}
    if assignment.ends_on:
        period["end"] = assignment.ends_on.isoformat()
    screening = stored_screening(assignment)
    resource = {
        "resourceType": "CarePlan",
        "identifier": [
            {"system": codes.identifier_system("careplan"), "value": str(assignment.pk)}
        ],
        "status": status,
        "intent": "plan",
        "category": [{"coding": [codes.EXERCISE_THERAPY], "text": "Home exercise program"}],
        "title": f"{assignment.program.title} (version {assignment.version})",
        "description": (
            f"Home exercise program, version {assignment.version}: "
            f"{len(items)} exercise{'s' if len(items) != 1 else ''}."
        ),
        "subject": subject,
        "period": period,
        "created": assignment.created_at.isoformat(),
        "author": author,
        "addresses": addresses,
        "activity": [
            _activity(
                row, assignment, screening, author, status=_activity_status(assignment, today)
            )
            for row in items
        ],
    }
    when = f"From {_day(assignment.starts_on)}" + (
        f" to {_day(assignment.ends_on)}" if assignment.ends_on else ""
    )
    resource["text"] = care_plan_text(
        resource["title"],
        f"{when}. Status: {assignment.get_status_display()}.",
        [(a["detail"]["code"]["text"], a["detail"]["description"]) for a in resource["activity"]],
    )
    if replaces:
        resource["replaces"] = replaces
    notes = _plan_notes(assignment, screening, author)
    if notes:
        resource["note"] = notes
    return resource


def _day(day) -> str:
    return f"{day.day} {day:%B %Y}"  # "6 September 2026", as the admin's messages write a day


def _activity_status(assignment, today) -> str:
    """What became of the plan's exercises: not started before its first day, stopped (not
    cancelled) when it was cancelled after they had begun."""
    if assignment.is_voided:
        return ENTERED_IN_ERROR
    if assignment.starts_on > today and assignment.status == AssignmentStatus.ACTIVE:
        return "not-started"
    stopped_on = assignment.stopped_on or today
    if assignment.status == AssignmentStatus.CANCELLED and assignment.starts_on < stopped_on:
        return "stopped"
    return ACTIVITY_STATUS[assignment.status]


def _activity(row, assignment, screening, author, *, status: str) -> dict:
    given = row.given_in("en")
    detail = {
        "kind": "ServiceRequest",
        "code": {
            "coding": [
                {
                    "system": f"{codes.base()}/CodeSystem/exercise",
                    "code": row.exercise.slug,
                    "display": given.name,
                },
                codes.EXERCISE_THERAPY,
            ],
            "text": given.name,
        },
        "status": status,
        "scheduledTiming": _timing(row, assignment),
        "description": _dosage_words(row),
    }
    if row.repetitions:
        detail["quantity"] = codes.quantity(row.repetitions, "repetitions in each set", "{count}")
    notes = []
    if given.precautions:
        notes.append(f"Precautions: {given.precautions}")
    names = {given.name, row.exercise.name}
    for finding in screening.precautions:
        if finding.concerns(row.exercise_id, names):
            notes.append(f"Screening precaution: {finding.condition}")
    for finding in screening.hard_stops:
        if finding.concerns(row.exercise_id, names):
            notes.append(f"Screening hard stop overridden: {finding.condition}")
    if row.notes:
        notes.append(f"Therapist's note to the patient: {row.notes}")
    activity = {"detail": detail}
    if notes:
        activity["progress"] = [annotation(text, author) for text in notes]
    return activity


def _timing(row, assignment) -> dict:
    """How often: every session of the week as a frequency per week (a day count and a count a
    day together are not one FHIR frequency), or per day when it is every day; how long when
    the dosage is timed, and the plan's dates as the bounds; the code's text says it as the
    patient reads it."""
    repeat = {
        "frequency": row.times_per_day * row.days_per_week,
        "period": 1,
        "periodUnit": "wk",
        "boundsPeriod": {"start": assignment.starts_on.isoformat()},
    }
    if row.days_per_week == 7:  # every day: so many times a day
        repeat.update(frequency=row.times_per_day, periodUnit="d")
    if assignment.ends_on:
        repeat["boundsPeriod"]["end"] = assignment.ends_on.isoformat()
    if row.duration_minutes:
        repeat["duration"] = row.duration_minutes
        repeat["durationUnit"] = "min"
    return {"repeat": repeat, "code": {"text": schedule_sentence(row)}}


def _dosage_words(row) -> str:
    """The dosage as the handout prints it in English, then the target effort and the
    resistance, each a sentence."""
    words = [f"{row.dosage_sentence}."]
    if row.target_effort is not None:
        words.append(row.effort_sentence)
    if row.resistance_note:
        words.append(f"Resistance: {row.resistance_note}")
    return " ".join(words)


def _plan_notes(assignment, screening, author) -> list[dict]:
    notes = [f"{kind}: {what}" for kind, what in screening.summary()]
    if assignment.override_reason:
        notes.append(f"Reason for overriding a hard stop: {assignment.override_reason}")
    if assignment.override_instruction:
        notes.append(f"Instruction for the patient: {assignment.override_instruction}")
    written = [annotation(text, author) for text in notes]
    if assignment.is_voided:  # said by whoever voided it, not the plan's author
        written.append(annotation(f"Voided as entered in error: {assignment.void_reason}"))
    return written


def annotation(text: str, author: dict | None = None) -> dict:
    note = {"text": markdown_text(text)}
    if author:
        note["authorReference"] = author
    return note
