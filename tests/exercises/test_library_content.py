"""Content invariants of the shipped library (exercises/data/library.yaml)."""

from collections import Counter
from pathlib import Path

import pytest

from exercises import copycheck
from exercises.library import load_library, read_library
from exercises.models import AtrophyKind, BodyRegion, Category, Condition, Exercise

SEED_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "seed"
DATA = read_library()
EXERCISES = DATA["exercises"]
CONDITIONS = {c["slug"]: c for c in DATA["conditions"]}

AQUATIC_HARD_STOPS = {
    "open-wound-or-burn",
    "fever",
    "active-infection",
    "bowel-incontinence",
    "uncontrolled-seizures",
    "unstable-heart-disease",
    "reduced-vital-capacity",
    "tracheostomy",
    "uncontrolled-blood-pressure",
    "uncontrolled-diabetes",
}
AQUATIC_PRECAUTIONS = {
    "controlled-seizures",
    "ostomy-or-feeding-tube",
    "heat-intolerance",
    "absent-cough-reflex",
    "chlorine-sensitivity",
    "fear-of-water",
}
NEUROGENIC_OVERWORK = {
    "als",
    "post-polio",
    "guillain-barre",
    "charcot-marie-tooth",
    "muscular-dystrophy",
}
OTHER_REQUIRED = {
    "spinal-cord-injury",
    "autonomic-dysreflexia-risk",
    "long-term-corticosteroids",
    "osteoporosis",
    "diabetic-neuropathy",
    "falls-risk",
    "fragile-skin",
    "pressure-sore-under-device",
}


def test_there_are_at_least_60_exercises_with_unique_slugs_and_names():
    assert len(EXERCISES) >= 60
    assert len({e["slug"] for e in EXERCISES}) == len(EXERCISES)
    assert len({e["name"].lower() for e in EXERCISES}) == len(EXERCISES)


def test_category_counts():
    counts = Counter(e["category"] for e in EXERCISES)
    assert counts[Category.POOL] >= 15
    assert counts[Category.BRACE_SPLINT] >= 12
    for other in (Category.STRENGTH, Category.RANGE_OF_MOTION, Category.FUNCTIONAL):
        assert counts[other] >= 5, other


def test_every_body_region_has_exercises():
    counts = Counter(e["body_region"] for e in EXERCISES)
    assert {region: counts[region] >= 3 for region in BodyRegion.values} == dict.fromkeys(
        BodyRegion.values, True
    )


def test_every_atrophy_type_has_at_least_15_exercises():
    counts = Counter(t for e in EXERCISES for t in e["atrophy_types"])
    for kind in AtrophyKind.values:
        assert counts[kind] >= 15, kind


def test_every_exercise_has_3_to_8_non_empty_steps_and_a_summary():
    for exercise in EXERCISES:
        assert 3 <= len(exercise["steps"]) <= 8, exercise["slug"]
        assert all(isinstance(s, str) and s.strip() for s in exercise["steps"]), exercise["slug"]
        assert exercise["summary"].strip(), exercise["slug"]
        assert exercise["precautions"].strip(), exercise["slug"]


def test_every_hard_stop_and_caution_is_a_known_condition():
    for exercise in EXERCISES:
        for slug in exercise.get("contraindications", []) + exercise.get("cautions", []):
            assert slug in CONDITIONS, (exercise["slug"], slug)


def test_the_catalogue_covers_the_screening_rules():
    required = AQUATIC_HARD_STOPS | AQUATIC_PRECAUTIONS | NEUROGENIC_OVERWORK | OTHER_REQUIRED
    assert required - set(CONDITIONS) == set()
    for condition in CONDITIONS.values():
        assert condition["explanation"].strip(), condition["slug"]
    # The overwork guard follows the condition: nerve diseases and muscle diseases alike.
    assert all(CONDITIONS[s].get("overwork_risk") is True for s in NEUROGENIC_OVERWORK)
    assert CONDITIONS["muscular-dystrophy"]["group"] == "pathologic"


def test_pool_exercises_carry_every_aquatic_hard_stop_and_precaution():
    for exercise in EXERCISES:
        if exercise["category"] == Category.POOL:
            assert set(exercise["contraindications"]) >= AQUATIC_HARD_STOPS, exercise["slug"]
            assert set(exercise["cautions"]) >= AQUATIC_PRECAUTIONS, exercise["slug"]


def test_brace_and_splint_exercises_describe_their_device_and_skin_check():
    for exercise in EXERCISES:
        if exercise["category"] == Category.BRACE_SPLINT:
            device = exercise["device"]
            for key in ("name", "wear_schedule", "skin_check"):
                assert device[key].strip(), (exercise["slug"], key)
            assert isinstance(device["worn_during"], bool), exercise["slug"]
            assert "fragile-skin" in exercise["cautions"], exercise["slug"]


def test_the_library_says_where_facts_come_from_and_who_must_review_it():
    meta = DATA["meta"]
    assert "licensed clinician" in meta["review_notice"]
    citations = {s["key"]: s["citation"] for s in meta["sources"]}
    assert "https://medlineplus.gov/ency/article/003188.htm" in citations["medlineplus-003188"]
    assert all(e.get("source") in citations for e in EXERCISES)


def _library_texts():
    for exercise in EXERCISES:
        slug = exercise["slug"]
        for key in ("name", "summary", "precautions", "equipment_note", "progress_rule"):
            yield slug, exercise.get(key) or ""
        yield slug, " ".join(exercise["steps"])  # runs may cross from one step to the next
        for value in (exercise.get("device") or {}).values():
            if isinstance(value, str):
                yield slug, value
    for condition in CONDITIONS.values():
        yield condition["slug"], f"{condition['name']}. {condition['explanation']}"
    yield "meta", DATA["meta"]["review_notice"]


def test_no_text_shares_an_8_word_run_with_the_article():
    article = copycheck.load_fingerprint()
    copied = [
        (slug, run)
        for slug, text in _library_texts()
        for run in copycheck.shared_runs(text, article)
    ]
    assert copied == []


def test_the_copy_check_catches_a_shared_run():
    fingerprint = copycheck.fingerprint(["one two three four five six seven eight nine"])
    text = "Then ONE two three, four five six seven eight! and more"
    assert copycheck.shared_runs(text, fingerprint) == ["one two three four five six seven eight"]
    assert copycheck.shared_runs("one two three four five six seven nine", fingerprint) == []


@pytest.mark.skipif(
    not SEED_DIR.is_dir(), reason="the shared seed article is not beside the checkout"
)
def test_the_stored_fingerprint_matches_the_article():
    texts = [
        p.read_text(encoding="utf-8", errors="replace") for p in sorted(SEED_DIR.glob("*.txt"))
    ]
    assert copycheck.fingerprint(texts) == copycheck.load_fingerprint()


@pytest.mark.django_db
def test_the_loaded_library_matches_the_file():
    load_library()
    assert Exercise.objects.count() == len(EXERCISES)
    assert Condition.objects.count() == len(CONDITIONS)
    assert Exercise.objects.filter(category=Category.POOL).count() >= 15
    for kind in AtrophyKind.values:
        assert Exercise.objects.filter(atrophy_types__code=kind).count() >= 15
    water_walking = Exercise.objects.get(slug="water-walking")
    assert set(water_walking.contraindications.values_list("slug", flat=True)) >= AQUATIC_HARD_STOPS
