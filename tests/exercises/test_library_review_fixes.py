"""The library errors a clinical review found (issue 12, "Errors to fix in the library", items 1
and 3 to 7) stay fixed in exercises/data/library.yaml. Facts follow shared/CLINICAL.md, "Points a
clinical review raised"."""

from exercises.library import read_library
from exercises.rules import dosage_in_steps

DATA = read_library()
EXERCISES = {e["slug"]: e for e in DATA["exercises"]}
CITATIONS = {s["key"]: s["citation"] for s in DATA["meta"]["sources"]}


def exercise(slug: str) -> dict:
    return EXERCISES[slug]


def steps_text(slug: str) -> str:
    return " ".join(exercise(slug)["steps"]).lower()


def precautions(slug: str) -> str:
    return exercise(slug)["precautions"].lower()


def test_seated_push_ups_are_not_sold_as_pressure_relief():
    entry = exercise("seated-push-ups")
    text = precautions("seated-push-ups")
    # The summary sells arm strength, not pressure relief.
    assert "pressure" not in entry["summary"].lower()
    assert "strength" in entry["summary"].lower()
    # The short lift is said not to relieve pressure; the real pressure break is named.
    assert "does not ease pressure" in text
    assert "lean forward or to each side" in text
    assert "1 to 2 minutes" in text
    assert "every 20 to 30 minutes" in text
    assert "mirror" in text
    # Not a many-times-a-day routine that reads like a pressure-relief schedule.
    assert entry["dosage"]["times_per_day"] == 1
    assert entry["dosage"]["days_per_week"] <= 3
    citation = CITATIONS[entry["source"]]
    assert "Sydney Children's Hospitals Network" in citation
    assert "Reeve Foundation" in citation


def test_towel_arm_raise_guards_a_weak_or_subluxed_shoulder():
    text = precautions("towel-arm-raise")
    assert "as far as is comfortable" not in steps_text("towel-arm-raise")
    assert "therapist showed" in steps_text("towel-arm-raise")
    assert "weak or slips partly out of joint" in text
    assert "support the weak arm" in text
    assert "only as far as your therapist showed you" in text
    assert "never pull the arm into pain" in text


def test_caregiver_exercises_give_a_visible_limit_not_only_pain():
    for slug in ("sling-passive-shoulder-raise", "caregiver-hip-knee-bend"):
        steps, text = steps_text(slug), precautions(slug)
        assert "as far as it feels comfortable" not in steps, slug
        assert "stops at the spot your therapist showed" in steps, slug
        assert "therapist shows your helper where to stop" in text, slug
        assert "if you cannot feel" in text, slug
        assert "even if you feel fine" in text, slug
        assert "range that does not hurt" not in text, slug


def test_ankle_pumps_send_clot_signs_to_same_day_care():
    text = precautions("ankle-pumps")
    assert "same day" in text
    for sign in ("swollen", "warm", "red", "painful"):
        assert sign in text, sign
    assert "blood clot" in text
    assert "stop and call your clinic" not in text
    assert "chest pain" in text
    assert "sudden shortness of breath" in text
    assert "emergency" in text


def test_cock_up_splint_protects_the_tenodesis_grip_after_spinal_cord_injury():
    entry = exercise("cock-up-splint-passive-wrist")
    steps, text = (
        steps_text("cock-up-splint-passive-wrist"),
        precautions("cock-up-splint-passive-wrist"),
    )
    assert "bend the wrist back, and let the fingers curl" in steps
    assert "spinal cord injury" in text
    assert "never stretch them straight" in text
    # Autonomic dysreflexia, in short words.
    assert "pounding headache" in text
    assert "sit up" in text
    assert {"spinal-cord-injury", "autonomic-dysreflexia-risk"} <= set(entry["cautions"])


def test_sit_to_stand_asks_for_the_armrests_it_uses():
    entry = exercise("sit-to-stand")
    assert "armrests" in precautions("sit-to-stand")
    assert "with armrests" in entry["equipment_note"].lower()
    assert "no wheels" in entry["equipment_note"].lower()
    assert "with armrests" in steps_text("sit-to-stand")


def test_the_fixed_steps_still_leave_counts_to_the_dosage():
    slugs = [
        "seated-push-ups",
        "towel-arm-raise",
        "sling-passive-shoulder-raise",
        "caregiver-hip-knee-bend",
        "ankle-pumps",
        "cock-up-splint-passive-wrist",
        "sit-to-stand",
    ]
    in_steps = {slug: dosage_in_steps(exercise(slug)["steps"]) for slug in slugs}
    assert {slug: numbers for slug, numbers in in_steps.items() if numbers} == {}
