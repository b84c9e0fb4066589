"""One FHIR R4 Bundle (type "collection") of plans, their patients and what was recorded, checked
before it leaves.

Every resource has a stable id and a ``urn:uuid`` made from it, so exporting the same records
again gives the same ids and a record system updates what it has instead of doubling it; the
resources refer to one another by those urns. ``validated`` parses the bundle with the
``fhir.resources`` models and checks what they leave open (the statuses' required codes, that
every reference is in the bundle): a bundle that fails is a bug, and nothing is sent."""

import datetime
import json
import uuid
from decimal import Decimal

from django.utils import timezone, translation

from planner.fhir import codes, observations, resources
from planner.fhir.narrative import well_formed
from planner.selectors.adherence import last_counting_day
from planner.selectors.fhir import ExportRecords


class FhirExportError(Exception):
    """The bundle did not validate: a bug in the export, never a bundle to send."""


class _Entries:
    """The bundle's entries, each added once, in the order first added."""

    def __init__(self):
        self.entries: dict[str, dict] = {}

    def add(self, kind: str, key: str, build) -> dict:
        """A reference to the ``kind`` resource ``key``, made by ``build()`` the first time.
        A resource without an identifier of its own gets ``key`` under ours, so a record system
        can match every resource it took before, whatever ids it gave them."""
        resource_id = f"{kind.lower()}-{key}"
        url = f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{codes.base()}/{kind}/{resource_id}')}"
        if url not in self.entries:
            resource = build()
            resource.setdefault(
                "identifier", [{"system": codes.identifier_system(kind.lower()), "value": key}]
            )
            self.entries[url] = {"fullUrl": url, "resource": {**resource, "id": resource_id}}
        return {"reference": url, "type": kind}


def fhir_bundle(records: ExportRecords, *, now: datetime.datetime | None = None) -> dict:
    """The Bundle of ``records``, validated. English whatever the request's language: it goes to
    the clinic's record."""
    now = now or timezone.now()
    with translation.override("en"):
        entries = _Entries()
        for person in records.patients:
            _add_patient_records(entries, records, person)
        for assignment in records.assignments:
            _add_plan(entries, records, assignment)
    bundle = {
        "resourceType": "Bundle",
        "id": str(uuid.uuid4()),
        "meta": {"lastUpdated": now.isoformat()},
        "identifier": {"system": codes.identifier_system("export"), "value": str(uuid.uuid4())},
        "type": "collection",
        "timestamp": now.isoformat(),
        "entry": list(entries.entries.values()),
    }
    return validated(bundle)


def _patient(entries: _Entries, records: ExportRecords, person) -> dict:
    clinic = entries.add("Organization", "clinic", lambda: resources.organization(records.clinic))
    return entries.add(
        "Patient", str(person.pk), lambda: resources.patient(person, organization=clinic)
    )


def _conditions(entries: _Entries, person, subject: dict) -> list[dict]:
    """The atrophy and each screening condition of the patient, as what a plan addresses."""
    found = [
        entries.add(
            "Condition",
            f"{person.pk}-atrophy",
            lambda: resources.atrophy_condition(person, subject),
        )
    ]
    for condition in person.conditions.all():
        found.append(
            entries.add(
                "Condition",
                f"{person.pk}-{condition.slug}",
                lambda c=condition: resources.screening_condition(c, subject),
            )
        )
    return found


def _add_patient_records(entries: _Entries, records: ExportRecords, person) -> None:
    """The patient, their conditions, limb girths and function tests (once, however many of
    their plans the bundle holds)."""
    subject = _patient(entries, records, person)
    _conditions(entries, person, subject)
    for measurement in records.girths.get(person.pk, []):
        performer = _person(entries, measurement.measured_by, person, subject)
        entries.add(
            "Observation",
            f"girth-{measurement.pk}",
            lambda m=measurement, p=performer: observations.girth(m, subject=subject, performer=p),
        )
    for test in records.function_tests.get(person.pk, []):
        performer = _person(entries, test.measured_by, person, subject)
        for name, observation in observations.function_results(
            test, subject=subject, performer=performer
        ):
            key = f"{name.replace('_', '-')}-{test.pk}"
            entries.add("Observation", key, lambda o=observation: o)


def _add_plan(entries: _Entries, records: ExportRecords, assignment) -> None:
    """The plan as a CarePlan, its sessions and pain scores, and its weeks' adherence."""
    person = assignment.patient
    subject = _patient(entries, records, person)
    plan = entries.add(
        "CarePlan",
        str(assignment.pk),
        lambda: resources.care_plan(
            assignment,
            records.items.get(assignment.program_id, []),
            subject=subject,
            author=_person(entries, assignment.assigned_by, person, subject),
            addresses=_conditions(entries, person, subject),
            replaces=_replaces(assignment),
            today=records.today,
        ),
    )
    for log in records.logs.get(assignment.pk, []):
        name = log.program_exercise.given_in("en").name
        pain = None
        if log.pain is not None:
            pain = entries.add(
                "Observation",
                f"pain-{log.pk}",
                lambda log=log, name=name: observations.pain(
                    log, subject=subject, based_on=plan, exercise_name=name
                ),
            )
        entries.add(
            "Observation",
            f"session-{log.pk}",
            lambda log=log, name=name, pain=pain: observations.session(
                log, subject=subject, based_on=plan, exercise_name=name, pain=pain
            ),
        )
    plan_days = (assignment.starts_on, last_counting_day(assignment, today=records.today))
    for week in records.weeks.get(assignment.pk, []):
        if week.rate is not None:
            entries.add(
                "Observation",
                f"adherence-{assignment.pk}-{week.week_start:%Y%m%d}",
                lambda week=week: observations.adherence(
                    week, plan_days, today=records.today, subject=subject, based_on=plan
                ),
            )


def _replaces(assignment) -> list[dict]:
    """The version before, by identifier: it need not be in this bundle."""
    if not assignment.previous_id:
        return []
    identifier = {
        "system": codes.identifier_system("careplan"),
        "value": str(assignment.previous_id),
    }
    return [{"type": "CarePlan", "identifier": identifier}]


def _person(entries: _Entries, user, person, subject) -> dict:
    """Who did it: the patient themself (a girth measured at home), else a Practitioner."""
    if user.pk == person.user_id:
        return subject
    return entries.add("Practitioner", str(user.pk), lambda: resources.practitioner(user))


# Required bindings the models leave as any code: what each resource's status may be.
_STATUSES = {
    "CarePlan": {"draft", "active", "on-hold", "revoked", "completed", "entered-in-error"},
    "Observation": {"registered", "preliminary", "final", "amended", "entered-in-error"},
}
_ACTIVITY_STATUSES = {
    "not-started", "scheduled", "in-progress", "on-hold", "completed", "cancelled", "stopped",
    "unknown", "entered-in-error",
}  # fmt: skip


def validated(bundle: dict) -> dict:
    """``bundle`` if it is valid FHIR (R4B models, which R4's resources here match), every status
    one of its required codes, every narrative well-formed XHTML (the models take any text) and
    every urn reference to an entry of the bundle."""
    # Imported here, not with the module: the FHIR models cost every app process about 15 MB and
    # 0.2 s, and only an export needs them (the portal's workers never do).
    from fhir.resources.R4B.bundle import Bundle
    from pydantic import ValidationError

    try:
        Bundle.model_validate(json.loads(to_json(bundle)))
    except ValidationError as exc:
        raise FhirExportError(f"The FHIR bundle did not validate: {exc}") from exc
    urls = {entry["fullUrl"] for entry in bundle["entry"]}
    for entry in bundle["entry"]:
        resource = entry["resource"]
        allowed = _STATUSES.get(resource["resourceType"])
        if allowed is not None and resource["status"] not in allowed:
            raise FhirExportError(f"{entry['fullUrl']}: status {resource['status']!r}")
        if "text" in resource and not well_formed(resource["text"]["div"]):
            raise FhirExportError(f"{entry['fullUrl']}: its narrative is not one XHTML div")
        for activity in resource.get("activity", []):
            if activity["detail"]["status"] not in _ACTIVITY_STATUSES:
                raise FhirExportError(f"{entry['fullUrl']}: activity status")
        for reference in _references(resource):
            if reference.startswith("urn:uuid:") and reference not in urls:
                raise FhirExportError(f"{entry['fullUrl']} refers to {reference}, not sent")
    return bundle


def _references(value):
    if isinstance(value, dict):
        if isinstance(value.get("reference"), str):
            yield value["reference"]
        for inner in value.values():
            yield from _references(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _references(inner)


def _number(value):
    if isinstance(value, Decimal):
        # A JSON number, as FHIR's decimal is: one decimal place is exact as a float's repr.
        return float(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


def to_json(bundle: dict, *, indent: int | None = None) -> str:
    return json.dumps(bundle, ensure_ascii=False, indent=indent, default=_number)
