"""The FHIR export read back: every exercise with its dosage and precautions, every session, pain
score and measurement, the codes, the statuses and the demo clinic's plans, all valid FHIR."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation

from exercises.models import AtrophyKind
from planner.demo import build_demo_clinic
from planner.fhir import FhirExportError, validated
from planner.models import (
    Assignment,
    AssignmentStatus,
    FunctionTest,
    LimbMeasurement,
    ProgramExercise,
)
from planner.services import start_revision, void_record
from planner.services.assignments import assign_program
from planner.services.exporting import export_fhir
from tests.factories import (
    make_condition,
    make_exercise,
    make_patient,
    make_plan,
    make_session_log,
    make_therapist,
    make_user,
)
from tests.planner.fhir.reading import Read, component, narrative, notes

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
START = TODAY - datetime.timedelta(days=20)


def export(*assignments) -> Read:
    plans = Assignment.objects.filter(pk__in=[a.pk for a in assignments])
    return Read(export_fhir(assignments=plans, via="test"))


@pytest.fixture
def plan():
    """A physiologic patient with a coded and an uncoded condition, on a three-exercise plan
    (repetitions with a hold, a timed pool walk, a one-sided lift with a target effort), with
    sessions, pain, a voided log, girths by the therapist and at home, and function tests."""
    therapist = make_therapist(first_name="Dana", last_name="Okafor")
    patient = make_patient(
        therapist,
        display_name="Maria Lopez",
        user=make_user(),
        atrophy_type=AtrophyKind.PHYSIOLOGIC,
        preferred_language="es",
    )
    patient.conditions.set(
        [
            make_condition(
                name="Osteoporosis (thin bones)", icd10_code="M81.0", snomed_code="64859006"
            ),
            make_condition(name="Fear of water"),
        ]
    )
    exercises = [
        make_exercise(name="Sit to stand", precautions="Use the armrests. Stop if *dizzy*."),
        make_exercise(
            name="Pool walking",
            category="pool",
            default_repetitions=None,
            default_duration_minutes=10,
        ),
        make_exercise(name="Side-lying leg lift", body_region="hip_thigh"),
    ]
    assignment = make_plan(patient, exercises=exercises, starts_on=START)
    rows = list(assignment.program.items.order_by("position"))
    ProgramExercise.objects.filter(pk=rows[0].pk).update(
        sets=3, repetitions=10, hold_seconds=5, times_per_day=2, days_per_week=5,
        notes="Go slowly <3 — **not** after meals\n1. breathe",
    )  # fmt: skip
    ProgramExercise.objects.filter(pk=rows[1].pk).update(
        sets=1, repetitions=None, duration_minutes=15, days_per_week=3
    )
    ProgramExercise.objects.filter(pk=rows[2].pk).update(
        side="left", target_effort=3, resistance_note="Ankle weight 1 kg"
    )
    rows = list(assignment.program.items.order_by("position"))
    logs = [
        make_session_log(assignment, item=rows[0], performed_on=START, sets_done=3, pain=2,
                         effort=4, note="Knee ached a bit"),
        make_session_log(assignment, item=rows[1], performed_on=START, done=False),
        make_session_log(assignment, item=rows[2], performed_on=START + datetime.timedelta(days=1),
                         pain=8, heavier_next_day=True),
    ]  # fmt: skip
    wrong = make_session_log(assignment, item=rows[0], performed_on=START + datetime.timedelta(2))
    void_record(record=wrong, by=therapist, reason="Logged on the wrong day")
    LimbMeasurement.objects.create(
        patient=patient, measured_on=START, site="thigh", left_cm=Decimal("41.5"),
        right_cm=Decimal("44.0"), measured_by=therapist, note="Relaxed, lying down",
    )  # fmt: skip
    LimbMeasurement.objects.create(
        patient=patient, measured_on=TODAY, site="calf", landmark="12 cm below the kneecap",
        left_cm=Decimal("33.0"), right_cm=Decimal("34.5"), measured_by=patient.user,
    )  # fmt: skip
    FunctionTest.objects.create(
        patient=patient, tested_on=START, chair_stands=9, grip_left_kg=Decimal("18.5"),
        grip_right_kg=Decimal("22.0"), timed_up_and_go_s=Decimal("12.4"), measured_by=therapist,
    )  # fmt: skip
    return assignment, rows, logs


@override_settings(FHIR_PATIENT_ID_SYSTEM="https://ehr.example.org/mrn")
def test_the_patient_the_clinic_and_the_author(plan):
    assignment, _, _ = plan
    read = export(assignment)
    patient = read.one("Patient")
    assert [(i.system, i.value) for i in patient.identifier] == [
        ("https://ehr.example.org/mrn", str(assignment.patient.pk))
    ]
    assert patient.name[0].text == "Maria Lopez"
    language = patient.communication[0].language.coding[0]
    assert (language.system, language.code, language.display) == (
        "urn:ietf:bcp:47",
        "es",
        "Spanish",
    )
    assert read.resolve(patient.managingOrganization).name == "Rehab Planner demo clinic"
    care_plan = read.one("CarePlan")
    author = read.resolve(care_plan.author)
    assert author.__resource_type__ == "Practitioner"
    assert author.name[0].text == "Dana Okafor"
    assert read.resolve(care_plan.subject) is patient


def test_the_care_plan_has_status_period_title_version_and_coded_conditions(plan):
    assignment, _, _ = plan
    care_plan = export(assignment).one("CarePlan")
    assert (care_plan.status, care_plan.intent) == ("active", "plan")
    assert care_plan.period.start.isoformat() == START.isoformat()
    assert care_plan.title == f"{assignment.program.title} (version 1)"
    read = export(assignment)
    conditions = [read.resolve(r) for r in read.one("CarePlan").addresses]
    coded = {c.code.text: {(x.system, x.code) for x in c.code.coding or []} for c in conditions}
    assert coded == {
        "Muscle atrophy: Physiologic (disuse)": {("http://hl7.org/fhir/sid/icd-10-cm", "M62.50")},
        "Osteoporosis (thin bones)": {
            ("http://hl7.org/fhir/sid/icd-10-cm", "M81.0"),
            ("http://snomed.info/sct", "64859006"),
        },
        "Fear of water": set(),
    }


def test_the_care_plan_reads_as_a_list_where_a_system_shows_only_its_narrative(plan):
    assignment, _, _ = plan
    care_plan = export(assignment).one("CarePlan")
    assert care_plan.text.status == "generated"
    root = narrative(care_plan)
    assert root.tag == "{http://www.w3.org/1999/xhtml}div"
    words = " ".join(" ".join(element.itertext()) for element in root)
    assert care_plan.title in words
    assert f"From {START.day} {START:%B %Y}. Status: Active." in words
    items = ["".join(li.itertext()) for li in root.iter("{http://www.w3.org/1999/xhtml}li")]
    assert items == [f"{a.detail.code.text}: {a.detail.description}" for a in care_plan.activity]


def test_neurogenic_atrophy_goes_as_text_without_a_code(plan):
    assignment, _, _ = plan
    type(assignment.patient).objects.filter(pk=assignment.patient_id).update(
        atrophy_type=AtrophyKind.NEUROGENIC
    )
    read = export(assignment)
    (atrophy,) = [c for c in read.all("Condition") if c.code.text.startswith("Muscle atrophy")]
    assert atrophy.code.text == "Muscle atrophy: Neurogenic (nerve injury or disease)"
    assert atrophy.code.coding is None


def test_every_exercise_comes_back_with_its_dosage_precautions_and_note(plan):
    assignment, rows, _ = plan
    activities = export(assignment).one("CarePlan").activity
    assert [a.detail.code.text for a in activities] == [r.name for r in rows]
    with translation.override("en"):
        sentences = [r.dosage_sentence for r in rows]
    sit, pool, lift = activities
    assert sit.detail.description == f"{sentences[0]}."
    assert sentences[0] == "3 sets of 10, hold each for 5 seconds, twice a day, 5 days a week"
    assert sit.detail.scheduledTiming.repeat.frequency == 10  # 2 a day x 5 days
    assert (
        sit.detail.scheduledTiming.repeat.period,
        sit.detail.scheduledTiming.repeat.periodUnit,
    ) == (1, "wk")
    assert sit.detail.scheduledTiming.code.text == "twice a day, 5 days a week"
    assert (sit.detail.quantity.value, sit.detail.quantity.code) == (10, "{count}")
    assert notes(sit.progress) == [
        "Precautions: Use the armrests. Stop if *dizzy*.",
        "Therapist's note to the patient: Go slowly <3 — **not** after meals\n1. breathe",
    ]
    assert pool.detail.quantity is None
    assert (
        pool.detail.scheduledTiming.repeat.duration,
        pool.detail.scheduledTiming.repeat.durationUnit,
    ) == (15, "min")
    assert pool.detail.scheduledTiming.repeat.frequency == 3
    assert lift.detail.description == (
        f"{sentences[2]}. Work at about 3 out of 10: you could talk easily. "
        "Resistance: Ankle weight 1 kg"
    )
    assert "your left leg" in lift.detail.description
    assert {a.detail.status for a in activities} == {"in-progress"}


def test_an_everyday_exercise_is_timed_per_day():
    assignment = make_plan(make_patient(user=make_user()), exercises=[make_exercise()])
    assignment.program.items.update(times_per_day=2, days_per_week=7)
    timing = export(assignment).one("CarePlan").activity[0].detail.scheduledTiming
    assert (timing.repeat.frequency, timing.repeat.period, timing.repeat.periodUnit) == (2, 1, "d")
    assert timing.code.text == "twice a day, every day"


def test_screening_precautions_go_on_the_plan_and_on_their_exercise():
    brittle = make_condition(name="Brittle bones")
    exercise = make_exercise(name="Heel drop")
    exercise.cautions.add(brittle)
    patient = make_patient(user=make_user())
    patient.conditions.add(brittle)
    assignment = make_plan(patient, exercises=[exercise])
    care_plan = export(assignment).one("CarePlan")
    assert "Precaution: Heel drop: Brittle bones" in notes(care_plan.note)
    assert "Screening precaution: Brittle bones" in notes(care_plan.activity[0].progress)


def test_every_session_and_pain_score_comes_back(plan):
    assignment, _, _ = plan
    read = export(assignment)
    sessions = read.observations("home-exercise-session")
    assert len(sessions) == 4  # three in force and the voided one
    by_day_and_name = {
        (s.effectiveDateTime.isoformat(), component(s, "exercise").valueString): s
        for s in sessions if s.status == "final"
    }  # fmt: skip
    first = by_day_and_name[(START.isoformat(), "Sit to stand")]
    assert first.valueBoolean is True
    assert component(first, "sets-done").valueQuantity.value == 3
    assert component(first, "effort-borg-cr10").valueInteger == 4
    assert notes(first.note) == ["Patient's note: Knee ached a bit"]
    assert by_day_and_name[(START.isoformat(), "Pool walking")].valueBoolean is False
    lift = by_day_and_name[((START + datetime.timedelta(1)).isoformat(), "Side-lying leg lift")]
    assert component(lift, "heavier-next-day").valueBoolean is True
    pains = read.observations("72514-3")
    assert sorted(p.valueQuantity.value for p in pains) == [2, 8]
    assert {p.valueQuantity.code for p in pains} == {"{score}"}
    assert read.resolve(first.hasMember[0]).valueQuantity.value == 2
    assert {read.resolve(p.basedOn[0]).__resource_type__ for p in pains} == {"CarePlan"}
    (voided,) = [s for s in sessions if s.status == "entered-in-error"]
    assert notes(voided.note) == ["Voided as entered in error: Logged on the wrong day"]


def test_weekly_adherence_comes_back_as_percentages(plan):
    assignment, _, _ = plan
    weeks = export(assignment).observations("home-exercise-adherence")
    assert weeks, "a plan 20 days old has weeks"
    starts = [w.effectivePeriod.start.isoformat() for w in weeks]
    assert min(starts) == START.isoformat(), "the first week counts from the plan's first day"
    for week in weeks:
        open_week = week.effectivePeriod.end.isoformat() >= TODAY.isoformat()
        assert week.status == ("preliminary" if open_week else "final")
        assert week.valueQuantity.code == "%"
        prescribed = component(week, "sessions-prescribed").valueQuantity.value
        logged = component(week, "sessions-logged").valueQuantity.value
        assert float(week.valueQuantity.value) == pytest.approx(
            float(logged) / float(prescribed) * 100, abs=0.1
        )


def test_every_measurement_comes_back_in_ucum_units(plan):
    assignment, _, _ = plan
    read = export(assignment)
    girths = sorted(read.observations("limb-girth"), key=lambda o: o.effectiveDateTime.isoformat())
    assert [(g.bodySite.text, component(g, "limb-girth-left").valueQuantity.value,
             component(g, "limb-girth-right").valueQuantity.value) for g in girths] == [
        ("Thigh (10 cm above the top of the kneecap)", Decimal("41.5"), Decimal("44.0")),
        ("Calf (widest point); measured 12 cm below the kneecap", Decimal("33.0"), Decimal("34.5")),
    ]  # fmt: skip
    assert {component(g, "limb-girth-left").valueQuantity.code for g in girths} == {"cm"}
    assert read.resolve(girths[0].performer[0]).__resource_type__ == "Practitioner"
    assert read.resolve(girths[1].performer[0]).__resource_type__ == "Patient"  # at home
    codes = ("chair-stand-30s", "grip-strength-left", "grip-strength-right", "timed-up-and-go")
    results = {
        code: (o.valueQuantity.value, o.valueQuantity.code)
        for code in codes
        for o in read.observations(code)
    }
    assert results == {
        "chair-stand-30s": (9, "{count}"),
        "grip-strength-left": (Decimal("18.5"), "kg"),
        "grip-strength-right": (Decimal("22.0"), "kg"),
        "timed-up-and-go": (Decimal("12.4"), "s"),
    }


def test_statuses_follow_the_plan_and_a_new_version_replaces_the_old(plan):
    assignment, _, _ = plan
    therapist = assignment.patient.therapist
    draft = start_revision(assignment=assignment, by=therapist)
    newer = assign_program(program=draft, patient=assignment.patient, by=therapist, starts_on=TODAY)
    read = export(assignment, newer)
    plans = {p.identifier[0].value: p for p in read.all("CarePlan")}
    old, new = plans[str(assignment.pk)], plans[str(newer.pk)]
    assert (old.status, new.status) == ("revoked", "active")
    assert {a.detail.status for a in old.activity} == {"stopped"}
    assert new.title.endswith("(version 2)")
    assert new.replaces[0].identifier.value == str(assignment.pk)
    assert len(read.all("Patient")) == 1, "one patient, however many plans"


@pytest.mark.parametrize(
    ("status", "starts_in_days", "care_plan", "activity"),
    [
        (AssignmentStatus.PAUSED, -20, "on-hold", "on-hold"),
        (AssignmentStatus.COMPLETED, -20, "completed", "completed"),
        # Cancelled once the exercises had begun: they were stopped, not withdrawn.
        (AssignmentStatus.CANCELLED, -20, "revoked", "stopped"),
        (AssignmentStatus.CANCELLED, 5, "revoked", "cancelled"),
        (AssignmentStatus.ACTIVE, 5, "active", "not-started"),
    ],
)
def test_each_plan_status_has_its_fhir_status(plan, status, starts_in_days, care_plan, activity):
    assignment, _, _ = plan
    Assignment.objects.filter(pk=assignment.pk).update(
        status=status, starts_on=TODAY + datetime.timedelta(days=starts_in_days)
    )
    exported = export(assignment).one("CarePlan")
    assert (exported.status, exported.activity[0].detail.status) == (care_plan, activity)


def test_a_voided_plan_goes_as_entered_in_error(plan):
    assignment, _, _ = plan
    void_record(record=assignment, by=assignment.patient.therapist, reason="Wrong patient")
    exported = export(assignment).one("CarePlan")
    assert exported.status == "entered-in-error"
    assert "Voided as entered in error: Wrong patient" in notes(exported.note)


def test_exporting_twice_gives_the_same_resources_under_the_same_ids(plan):
    assignment, _, _ = plan
    first, second = export(assignment), export(assignment)
    assert first.json["id"] != second.json["id"], "each bundle is its own"
    assert [e["fullUrl"] for e in first.json["entry"]] == [
        e["fullUrl"] for e in second.json["entry"]
    ]


def test_every_resource_has_an_identifier_of_ours_a_record_system_can_match(plan):
    assignment, _, _ = plan
    read = export(assignment)
    identifiers = [
        (r.__resource_type__, i.system, i.value) for r in read.by_url.values() for i in r.identifier
    ]
    assert len(identifiers) == len(read.by_url), "one each"
    assert len(set(identifiers)) == len(identifiers), "no two alike"
    assert {system.rsplit("/", 1)[1] for _, system, _ in identifiers} == {
        "organization", "patient", "practitioner", "condition", "careplan", "observation"
    }  # fmt: skip


def test_a_bundle_that_does_not_validate_is_refused():
    bundle = {"resourceType": "Bundle", "type": "collection", "entry": [
        {"fullUrl": "urn:uuid:0f1e1b2a-0000-4000-8000-000000000001",
         "resource": {"resourceType": "Observation", "status": "final", "code": {"text": ""}}},
    ]}  # fmt: skip
    with pytest.raises(FhirExportError, match="did not validate"):
        validated(bundle)
    bundle["entry"][0]["resource"]["code"]["text"] = "x"
    bundle["entry"][0]["resource"]["status"] = "done"  # not one of Observation's statuses
    with pytest.raises(FhirExportError, match="status 'done'"):
        validated(bundle)
    bundle["entry"][0]["resource"]["status"] = "final"
    bundle["entry"][0]["resource"]["text"] = {"status": "generated", "div": "<div><p>x</div>"}
    with pytest.raises(FhirExportError, match="not one XHTML div"):
        validated(bundle)
    del bundle["entry"][0]["resource"]["text"]
    bundle["entry"][0]["resource"]["subject"] = {"reference": "urn:uuid:not-in-the-bundle"}
    with pytest.raises(FhirExportError, match="not sent"):
        validated(bundle)


def test_every_plan_of_the_demo_clinic_exports_and_reads_back():
    call_command("load_library", verbosity=0)
    build_demo_clinic()
    plans = list(Assignment.objects.select_related("program"))
    assert len(plans) >= 3
    for assignment in plans:
        read = export(assignment)
        care_plan = read.one("CarePlan")
        rows = list(assignment.program.items.order_by("position"))
        assert [a.detail.code.text for a in care_plan.activity] == [r.name for r in rows]
        assert len(read.observations("home-exercise-session")) == assignment.logs.count()
    everything = Read(export_fhir(assignments=Assignment.objects.all(), via="test"))
    assert len(everything.all("CarePlan")) == len(plans)
    assert len(everything.all("Patient")) == len({a.patient_id for a in plans})
