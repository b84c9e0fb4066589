"""What was done and measured, as FHIR Observations: each session a patient logged (with its pain
as a LOINC pain score of its own), each week's adherence to a plan, each limb girth and each
function test result. A voided record goes as "entered-in-error", with its reason."""

import datetime
from decimal import Decimal

from planner.fhir import codes
from planner.fhir.resources import ENTERED_IN_ERROR, annotation
from planner.models import FunctionTest, LimbMeasurement, SessionLog
from planner.selectors.adherence import WeekAdherence


def _observation(record, code: tuple, category: tuple, subject: dict, *, on=None) -> dict:
    """An Observation of ``record`` on the day ``on`` (the caller says when otherwise)."""
    voided = getattr(record, "voided_at", None) is not None
    resource = {
        "resourceType": "Observation",
        "status": ENTERED_IN_ERROR if voided else "final",
        "category": codes.category(*category),
        "code": {"coding": [codes.our_coding(*code)], "text": code[1]},
        "subject": subject,
    }
    if on is not None:
        resource["effectiveDateTime"] = on.isoformat()
    created = getattr(record, "created_at", None)
    if created is not None:
        resource["issued"] = created.isoformat()
    return resource


def _notes(record, *texts) -> list[dict]:
    notes = [annotation(text) for text in texts if text]
    if getattr(record, "voided_at", None) is not None:
        notes.append(annotation(f"Voided as entered in error: {record.void_reason}"))
    return notes


def _component(code: tuple, **value) -> dict:
    return {"code": {"coding": [codes.our_coding(*code)], "text": code[1]}, **value}


def session(
    log: SessionLog, *, subject: dict, based_on: dict, exercise_name: str, pain: dict | None
) -> dict:
    """One exercise on one day: done or not, with the sets, effort and next-day answer, and the
    pain score (``pain``, its own Observation) as a member."""
    resource = _observation(log, codes.SESSION, codes.ACTIVITY, subject, on=log.performed_on)
    resource["basedOn"] = [based_on]
    resource["performer"] = [subject]
    resource["valueBoolean"] = log.done
    components = [_component(codes.SESSION_EXERCISE, valueString=exercise_name)]
    if log.sets_done is not None:
        components.append(
            _component(
                codes.SESSION_SETS, valueQuantity=codes.quantity(log.sets_done, "sets", "{count}")
            )
        )
    if log.effort is not None:
        components.append(_component(codes.SESSION_EFFORT, valueInteger=log.effort))
    if log.heavier_next_day is not None:
        components.append(_component(codes.SESSION_HEAVIER, valueBoolean=log.heavier_next_day))
    resource["component"] = components
    if pain is not None:
        resource["hasMember"] = [pain]
    notes = _notes(log, log.note and f"Patient's note: {log.note}")
    if notes:
        resource["note"] = notes
    return resource


def pain(log: SessionLog, *, subject: dict, based_on: dict, exercise_name: str) -> dict:
    """The pain the patient rated after the exercise, 0-10: LOINC's pain severity score."""
    resource = _observation(log, codes.SESSION, codes.SURVEY, subject, on=log.performed_on)
    resource["code"] = {
        "coding": [codes.PAIN_SEVERITY],
        "text": f"Pain after {exercise_name}, 0 (none) to 10 (worst imaginable)",
    }
    resource["basedOn"] = [based_on]
    resource["performer"] = [subject]
    resource["valueQuantity"] = codes.quantity(log.pain, "score", "{score}")
    notes = _notes(log)
    if notes:
        resource["note"] = notes
    return resource


def adherence(
    week: WeekAdherence, plan_days: tuple, *, today, subject: dict, based_on: dict
) -> dict:
    """One week of a plan: sessions logged of sessions prescribed, as a percentage (the
    definition in ``planner.selectors.adherence``), over the days of the week the plan counted
    (``plan_days``: its first and last counting day). A week the plan may still add sessions to
    is "preliminary"."""
    first = max(week.week_start, plan_days[0])
    last = min(week.week_start + datetime.timedelta(days=6), plan_days[1])
    resource = _observation(None, codes.ADHERENCE, codes.THERAPY, subject)
    resource["effectivePeriod"] = {"start": first.isoformat(), "end": last.isoformat()}
    if last >= today:  # the plan still counts days of this week
        resource["status"] = "preliminary"
    resource["basedOn"] = [based_on]
    resource["valueQuantity"] = codes.quantity(_decimal(week.rate * 100), "%", "%")
    resource["component"] = [
        _component(
            codes.ADHERENCE_PRESCRIBED,
            valueQuantity=codes.quantity(_decimal(week.prescribed, 2), "sessions", "{count}"),
        ),
        _component(
            codes.ADHERENCE_LOGGED,
            valueQuantity=codes.quantity(_decimal(week.logged, 2), "sessions", "{count}"),
        ),
    ]
    return resource


def girth(measurement: LimbMeasurement, *, subject: dict, performer: dict) -> dict:
    """Left and right girth at one site on one day, in cm, with where the tape went."""
    resource = _observation(
        measurement, codes.LIMB_GIRTH, codes.EXAM, subject, on=measurement.measured_on
    )
    site = measurement.get_site_display()
    landmark = measurement.landmark
    resource["bodySite"] = {"text": f"{site}; measured {landmark}" if landmark else site}
    resource["performer"] = [performer]
    resource["component"] = [
        _component(codes.GIRTH_LEFT, valueQuantity=codes.quantity(measurement.left_cm, "cm", "cm")),
        _component(
            codes.GIRTH_RIGHT, valueQuantity=codes.quantity(measurement.right_cm, "cm", "cm")
        ),
    ]
    notes = _notes(measurement, measurement.note and f"Note: {measurement.note}")
    if notes:
        resource["note"] = notes
    return resource


# FunctionTest field -> (our code, UCUM unit as read, UCUM code)
FUNCTION_RESULTS = {
    "chair_stands": (codes.CHAIR_STAND, "stands", "{count}"),
    "grip_left_kg": (codes.GRIP_LEFT, "kg", "kg"),
    "grip_right_kg": (codes.GRIP_RIGHT, "kg", "kg"),
    "timed_up_and_go_s": (codes.TIMED_UP_AND_GO, "s", "s"),
}


def function_results(test: FunctionTest, *, subject: dict, performer: dict) -> list[tuple]:
    """(key, Observation) for each result the day's tests have: each is charted on its own."""
    results = []
    for name, (code, unit, ucum) in FUNCTION_RESULTS.items():
        value = getattr(test, name)
        if value is None:
            continue
        resource = _observation(test, code, codes.EXAM, subject, on=test.tested_on)
        resource["performer"] = [performer]
        resource["valueQuantity"] = codes.quantity(value, unit, ucum)
        notes = _notes(test, test.note and f"Note: {test.note}")
        if notes:
            resource["note"] = notes
        results.append((name, resource))
    return results


def _decimal(value: float, places: int = 1) -> Decimal:
    """A measure we compute, rounded (a FHIR decimal keeps the digits it is given)."""
    return Decimal(str(round(value, places)))
