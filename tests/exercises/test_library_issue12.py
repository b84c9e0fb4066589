"""Issue 12 in the library file (exercises/data/library.yaml): each exercise's load, easier and
harder versions with the rule for moving on, conditions keyed to a body region and to the overwork
rules, and the screening points a clinical review raised (shared/CLINICAL.md, "Points a clinical
review raised"). Read straight from the file: no database needed."""

from pathlib import Path

import pytest
import textstat
import yaml

from exercises import copycheck
from planner import screening

LIBRARY = Path(__file__).resolve().parents[2] / "exercises" / "data" / "library.yaml"
DATA = yaml.safe_load(LIBRARY.read_text(encoding="utf-8"))
EXERCISES = {e["slug"]: e for e in DATA["exercises"]}
CONDITIONS = {c["slug"]: c for c in DATA["conditions"]}

LOADS = {"none", "body_weight", "resisted"}
RESISTANCE_EQUIPMENT = {"band", "weight", "putty"}
REGION_PARTS = {
    "arm": {"shoulder_upper_arm", "elbow_forearm", "hand_wrist"},
    "leg": {"hip_thigh", "knee_calf", "ankle_foot"},
    "trunk": {"trunk"},
}
POOL_SKIN_AND_SCI = {"diabetic-neuropathy", "reduced-skin-sensation", "autonomic-dysreflexia-risk"}
OVERWORK = {
    "als",
    "post-polio",
    "guillain-barre",
    "charcot-marie-tooth",
    "muscular-dystrophy",
    "inflammatory-myopathy",
}
MUSCLE_DISEASES = {"muscular-dystrophy", "inflammatory-myopathy"}
MAX_GRADE = 6.0
MAX_PROGRESS_RULE = 400


def listed(exercise: dict) -> list[str]:
    return (exercise.get("contraindications") or []) + (exercise.get("cautions") or [])


def region_of(body_region: str) -> str:
    return next(region for region, parts in REGION_PARTS.items() if body_region in parts)


def patient_texts():
    """Every text a patient may read, with where it comes from."""
    for slug, exercise in EXERCISES.items():
        for key in ("name", "summary", "precautions", "equipment_note", "progress_rule"):
            if exercise.get(key):
                yield f"exercise/{slug}/{key}", exercise[key]
        for number, step in enumerate(exercise["steps"], start=1):
            yield f"exercise/{slug}/step-{number}", step
        for key, value in (exercise.get("device") or {}).items():
            if isinstance(value, str):
                yield f"exercise/{slug}/device-{key}", value
    for slug, condition in CONDITIONS.items():
        yield f"condition/{slug}/name", condition["name"]
        yield f"condition/{slug}/explanation", condition["explanation"]


# Load


@pytest.mark.parametrize("slug", EXERCISES)
def test_every_exercise_names_a_known_load(slug):
    assert EXERCISES[slug].get("load") in LOADS


def test_strengthening_and_band_weight_putty_work_is_never_unloaded():
    unloaded = [
        slug
        for slug, e in EXERCISES.items()
        if e["load"] == "none"
        and (e["category"] == "strength" or e["equipment"] in RESISTANCE_EQUIPMENT)
    ]
    assert unloaded == []


def test_band_weight_and_putty_work_is_resisted():
    wrong = {
        slug: e["load"]
        for slug, e in EXERCISES.items()
        if e["equipment"] in RESISTANCE_EQUIPMENT and e["load"] != "resisted"
    }
    assert wrong == {}


def test_the_loads_follow_the_examples_a_therapist_gave():
    # Walking in water is not strengthening; pool squats and pool heel raises are.
    assert EXERCISES["water-walking"]["load"] == "none"
    assert EXERCISES["pool-mini-squats"]["load"] == "body_weight"
    assert EXERCISES["pool-heel-raises"]["load"] == "body_weight"
    assert EXERCISES["sit-to-stand"]["load"] == "body_weight"
    # A float pushed under water is added resistance.
    assert EXERCISES["pool-noodle-press-down"]["load"] == "resisted"
    # Passive and positioning work carries no load.
    passive = [
        s for s, e in EXERCISES.items() if e["assistance"] == "passive" and e["load"] != "none"
    ]
    assert passive == []


def test_loaded_defaults_leave_a_day_off_between_sessions():
    # At least 48 hours between loaded sessions for the same muscles: 3 days a week at most.
    too_often = {
        slug: e["dosage"]["days_per_week"]
        for slug, e in EXERCISES.items()
        if e["load"] != "none" and (e["dosage"].get("days_per_week") or 0) > 3
    }
    assert too_often == {}


# Pool and positioning cautions


def test_every_pool_exercise_cautions_for_feeling_and_high_spinal_cord_injury():
    missing = {
        slug: sorted(POOL_SKIN_AND_SCI - set(e["cautions"]))
        for slug, e in EXERCISES.items()
        if e["category"] == "pool" and not set(e["cautions"]) >= POOL_SKIN_AND_SCI
    }
    assert missing == {}


def test_every_positioning_exercise_cautions_for_autonomic_dysreflexia():
    missing = [
        slug
        for slug, e in EXERCISES.items()
        if (e["category"] == "brace_splint" or e["assistance"] == "passive")
        and "autonomic-dysreflexia-risk" not in e["cautions"]
    ]
    assert missing == []


def test_pool_skin_advice_is_on_every_pool_exercise():
    # The feeling conditions print on splint and standing exercises too, so the pool advice lives
    # on the pool exercises themselves.
    for slug, e in EXERCISES.items():
        if e["category"] == "pool":
            text = e["precautions"].lower()
            for words in (
                "water shoes",
                "scrapes",
                "after each pool session",
                "hand that can feel",
            ):
                assert words in text, (slug, words)


def test_the_feeling_conditions_read_right_on_any_exercise():
    for slug in ("diabetic-neuropathy", "reduced-skin-sensation"):
        assert "pool" not in CONDITIONS[slug]["explanation"].lower(), slug
    assert "pain will not warn you" in CONDITIONS["reduced-skin-sensation"]["explanation"].lower()
    assert "wear shoes" in CONDITIONS["diabetic-neuropathy"]["explanation"].lower()


def test_autonomic_dysreflexia_says_what_it_looks_like_what_to_do_and_what_sets_it_off():
    text = CONDITIONS["autonomic-dysreflexia-risk"]["explanation"].lower()
    for words in ("pounding headache", "sweating", "sit up", "loosen", "bladder", "get help"):
        assert words in text, words
    for trigger in ("cold water", "full bladder", "full bowel", "tight strap or brace"):
        assert trigger in text, trigger
    assert "lower your legs" in text
    assert "if it does not settle within a few minutes, call an ambulance" in text


# Nerve and muscle disease


def test_muscular_dystrophy_is_a_muscle_disease_with_both_risks():
    dystrophy = CONDITIONS["muscular-dystrophy"]
    assert dystrophy["group"] == "pathologic"
    assert dystrophy.get("overwork_risk") is True
    assert dystrophy.get("eccentric_risk") is True
    assert "lowering heavy loads slowly until the muscle gives out" in dystrophy["explanation"]


def test_myositis_is_listed_as_a_muscle_disease_with_both_risks():
    myositis = CONDITIONS["inflammatory-myopathy"]
    assert myositis["group"] == "pathologic"
    assert myositis.get("overwork_risk") is True
    assert myositis.get("eccentric_risk") is True
    assert "myositis" in myositis["name"].lower()


def test_the_nerve_and_muscle_diseases_carry_the_overwork_risk():
    assert {slug for slug, c in CONDITIONS.items() if c.get("overwork_risk")} == OVERWORK
    assert {slug for slug, c in CONDITIONS.items() if c.get("eccentric_risk")} == MUSCLE_DISEASES
    nerve = OVERWORK - MUSCLE_DISEASES
    assert {CONDITIONS[slug]["group"] for slug in nerve} == {"neurogenic"}
    assert {CONDITIONS[slug]["group"] for slug in MUSCLE_DISEASES} == {"pathologic"}


def test_only_the_overwork_diseases_are_filed_as_neurogenic():
    neurogenic = {slug for slug, c in CONDITIONS.items() if c["group"] == "neurogenic"}
    assert neurogenic == OVERWORK - MUSCLE_DISEASES


def test_myositis_is_cautioned_wherever_muscular_dystrophy_is():
    missing = [
        slug
        for slug, e in EXERCISES.items()
        if "muscular-dystrophy" in e["cautions"] and "inflammatory-myopathy" not in e["cautions"]
    ]
    assert missing == []


def test_condition_flags_are_true_or_left_out():
    for slug, condition in CONDITIONS.items():
        for flag in ("overwork_risk", "eccentric_risk"):
            assert condition.get(flag, True) is True, (slug, flag)
        assert condition.get("region") in (None, *REGION_PARTS), slug


# Regions: fractures and clots


def test_regional_conditions_are_listed_only_on_exercises_of_their_region():
    wrong = [
        (slug, condition)
        for slug, e in EXERCISES.items()
        for condition in listed(e)
        if CONDITIONS[condition].get("region")
        and e["body_region"] not in REGION_PARTS[CONDITIONS[condition]["region"]]
    ]
    assert wrong == []


def test_the_regional_fracture_conditions_cover_arm_leg_and_trunk():
    assert "recent-fracture-or-surgery" in CONDITIONS
    assert not CONDITIONS["recent-fracture-or-surgery"].get("region")
    assert (
        "several places or place not recorded" in CONDITIONS["recent-fracture-or-surgery"]["name"]
    )
    for region in REGION_PARTS:
        assert CONDITIONS[f"recent-fracture-or-surgery-{region}"]["region"] == region


@pytest.mark.parametrize("key", ["contraindications", "cautions"])
def test_every_fracture_listing_also_names_the_exercises_own_region(key):
    missing = [
        slug
        for slug, e in EXERCISES.items()
        if "recent-fracture-or-surgery" in (e.get(key) or [])
        and f"recent-fracture-or-surgery-{region_of(e['body_region'])}" not in e[key]
    ]
    assert missing == []


def test_the_clot_condition_is_a_general_leg_condition_with_the_signs():
    clot = CONDITIONS["clot-risk"]
    assert (clot["group"], clot["region"]) == ("general", "leg")
    text = clot["explanation"].lower()
    signs = ("swollen", "warm", "red", "same day", "chest pain", "short of breath", "ambulance")
    for sign in signs:
        assert sign in text, sign


def test_every_active_or_loaded_leg_exercise_cautions_for_a_clot():
    missing = [
        slug
        for slug, e in EXERCISES.items()
        if e["body_region"] in REGION_PARTS["leg"]
        and (e["assistance"] != "passive" or e["load"] != "none")
        and "clot-risk" not in e["cautions"]
    ]
    assert missing == []


# Harder versions


def harder(slug: str) -> list[str]:
    return EXERCISES[slug].get("harder") or []


def test_harder_versions_are_exercises_in_the_file():
    unknown = [(slug, h) for slug in EXERCISES for h in harder(slug) if h not in EXERCISES]
    assert unknown == []


def test_no_exercise_is_harder_than_itself():
    for start in EXERCISES:
        seen, todo = set(), list(harder(start))
        while todo:
            slug = todo.pop()
            assert slug != start, f"{start} leads back to itself"
            if slug not in seen:
                seen.add(slug)
                todo.extend(harder(slug))


def test_harder_versions_stay_in_the_same_part_of_the_body():
    wrong = [
        (slug, h)
        for slug, e in EXERCISES.items()
        for h in harder(slug)
        if region_of(e["body_region"]) != region_of(EXERCISES[h]["body_region"])
    ]
    assert wrong == []


def test_every_exercise_with_a_harder_version_says_when_to_move_on():
    missing = [
        slug
        for slug in EXERCISES
        if harder(slug) and not EXERCISES[slug].get("progress_rule", "").strip()
    ]
    assert missing == []


def test_at_least_30_exercises_have_a_harder_version():
    assert sum(1 for slug in EXERCISES if harder(slug)) >= 30


def test_sit_to_stand_leads_on_to_standing_up_without_the_armrests():
    assert harder("sit-to-stand")
    assert any("arms crossed" in EXERCISES[h]["name"] for h in harder("sit-to-stand"))


@pytest.mark.parametrize("slug", [s for s in EXERCISES if EXERCISES[s].get("progress_rule")])
def test_each_rule_for_moving_on_is_short_plain_and_leaves_out_the_numbers(slug):
    rule = EXERCISES[slug]["progress_rule"]
    assert len(rule) <= MAX_PROGRESS_RULE
    grade = textstat.flesch_kincaid_grade(rule)
    assert grade <= MAX_GRADE, f"grade {grade:.1f}: {rule!r}"
    assert "ask your therapist" in rule.lower() or "tell your therapist" in rule.lower()
    # The therapist's sets and repetitions may differ from the default; the app names the step.
    for word in ("repetition", "reps", " times", "sets of"):
        assert word not in rule.lower(), word
    for h in harder(slug):
        assert EXERCISES[h]["name"].lower() not in rule.lower(), h


def test_the_loaded_rules_for_moving_on_ask_for_an_easy_effort_over_a_week():
    for slug in EXERCISES:
        rule = EXERCISES[slug].get("progress_rule", "")
        if rule and EXERCISES[slug]["assistance"] != "passive":
            assert "3 out of 10 or less" in rule, slug
            assert "1 week" in rule, slug


# One rest rule and no push toward a maximal effort


def test_no_text_gives_another_rest_rule_or_asks_for_a_near_maximal_effort():
    for where, text in patient_texts():
        for banned in ("Rest at least 1 day", "Rest 2 days", "2 or 3 more times"):
            assert banned not in text, (where, banned)


def test_post_polio_gives_the_one_rest_rule():
    # The first sentence of the app's rest rule, word for word.
    rule = screening.REST_RULE.split(". ")[0] + "."
    assert rule.startswith("Leave at least 48 hours, a full day off,")
    assert rule in CONDITIONS["post-polio"]["explanation"]


def test_condition_explanations_fit_the_field():
    for slug, condition in CONDITIONS.items():
        assert len(condition["explanation"]) <= 600, slug
        assert len(condition["name"]) <= 120, slug


def test_no_rule_for_moving_on_shares_an_8_word_run_with_the_article():
    article = copycheck.load_fingerprint()
    copied = [
        (slug, run)
        for slug, e in EXERCISES.items()
        for run in copycheck.shared_runs(e.get("progress_rule") or "", article)
    ]
    assert copied == []


# A senior physical therapist's review of the library (M1 to M8, N1 to N10)

FRACTURE = "recent-fracture-or-surgery"
PUSH_UPS = {"pool-wall-push-ups", "wall-push-up", "counter-push-up", "seated-push-ups"}


def text_of(exercise: dict) -> str:
    return " ".join([exercise["summary"], *exercise["steps"], exercise["precautions"]]).lower()


def test_pool_work_sold_as_strengthening_against_the_water_is_loaded():
    for slug in (
        "pool-hand-open-close",
        "pool-wrist-circles",
        "pool-arm-sweeps",
        "pool-elbow-bends",
    ):
        assert EXERCISES[slug]["load"] == "resisted", slug
    assert EXERCISES["kickboard-flutter-kick"]["load"] == "body_weight"
    sold = [
        slug
        for slug, e in EXERCISES.items()
        if e["category"] == "pool"
        and e["load"] == "none"
        and any(w in text_of(e) for w in ("strength", "resist", "against the water"))
    ]
    assert sold == []


def test_the_flexion_splint_assists_and_does_not_ask_for_an_all_out_effort():
    splint = EXERCISES["dynamic-finger-flexion-splint"]
    assert splint["load"] == "none"
    assert "as far as you can" not in text_of(splint)
    assert "against the bands" not in text_of(splint)
    assert "Straighten your fingers gently. Stop before they tire." in splint["steps"]


@pytest.mark.parametrize(
    "slug",
    [
        "sit-to-stand-no-hands",
        "sit-to-stand-low-seat",
        "one-leg-stand-counter",
        "step-ups",
        "heel-to-toe-stand",
    ],
)
def test_a_recent_leg_fracture_stops_the_harder_standing_work(slug):
    assert {FRACTURE, f"{FRACTURE}-leg"} <= set(EXERCISES[slug]["contraindications"])


def test_standing_up_with_armrests_stays_open_after_leg_surgery_with_a_warning():
    # The first step of the chain is how the patient gets out of a chair anyway; the leg
    # condition prints "put weight on that leg only as your surgeon allows" beside it.
    entry = EXERCISES["sit-to-stand"]
    assert {FRACTURE, f"{FRACTURE}-leg"} <= set(entry["cautions"])
    assert "surgeon allows" in CONDITIONS[f"{FRACTURE}-leg"]["explanation"]


def test_the_low_seat_guards_a_new_hip_and_thin_bones():
    entry = EXERCISES["sit-to-stand-low-seat"]
    assert (
        "If you have had a hip replacement, use a low seat only if your surgeon says so."
        in entry["precautions"]
    )
    assert "osteoporosis" in entry["cautions"]
    assert "Lean forward from your hips and keep your back straight." in entry["steps"]


@pytest.mark.parametrize("slug", ["seated-push-ups", "towel-wringing"])
def test_a_recent_arm_fracture_stops_pushing_up_and_wringing(slug):
    assert {FRACTURE, f"{FRACTURE}-arm"} <= set(EXERCISES[slug]["contraindications"])


@pytest.mark.parametrize(
    "slug", ["pool-trunk-turns", "knee-rocks", "seated-side-bend", "pool-noodle-press-down"]
)
def test_twisting_bending_and_bracing_stop_after_a_fracture_of_their_own_region(slug):
    entry = EXERCISES[slug]
    own = f"{FRACTURE}-{region_of(entry['body_region'])}"
    assert {FRACTURE, own} <= set(entry["contraindications"])


def test_the_trunk_fracture_says_what_not_to_do():
    text = CONDITIONS[f"{FRACTURE}-trunk"]["explanation"]
    assert "Do not bend forward, twist or lift anything heavy" in text
    assert "After chest or heart surgery, do not push up with your arms." in text


def test_chest_surgery_is_a_whole_body_condition_that_stops_every_push_up():
    chest = CONDITIONS["recent-chest-surgery"]
    assert chest["group"] == "general"
    assert not chest.get("region")
    assert "breastbone" in chest["explanation"]
    push_ups = {
        slug for slug, e in EXERCISES.items() if "push-up" in slug or "push-up" in e["name"].lower()
    }
    assert push_ups == PUSH_UPS
    missing = [
        s for s in push_ups if "recent-chest-surgery" not in EXERCISES[s]["contraindications"]
    ]
    assert missing == []


def test_no_passive_or_splint_exercise_has_pain_as_its_only_limit():
    # Where feeling is reduced pain does not warn: the text also gives a limit the helper can see.
    wrong = []
    for slug, e in EXERCISES.items():
        if e["assistance"] != "passive" and e["category"] != "brace_splint":
            continue
        text = " ".join([*e["steps"], e["precautions"]]).lower()
        if "pain" not in text and "hurt" not in text:
            continue
        says_where = any(
            words in text for words in ("where to stop", "therapist showed", "brace limit")
        )
        if not (says_where and "pain will not warn you" in text):
            wrong.append(slug)
    assert wrong == []


@pytest.mark.parametrize(
    ("slug", "limb"),
    [
        ("resting-hand-splint-passive-wrist", "hand"),
        ("caregiver-ankle-range", "foot"),
        ("caregiver-elbow-forearm-range", "arm"),
        ("night-splint-ankle-stretch", "foot"),
    ],
)
def test_helper_moved_exercises_use_the_caregiver_wording(slug, limb):
    text = EXERCISES[slug]["precautions"].lower()
    assert "therapist shows your helper where to stop" in text
    assert f"if you cannot feel your {limb} well, pain will not warn you" in text
    assert "your helper always stops at that spot, even if you feel fine" in text
    assert "range that does not hurt" not in text


def test_every_harder_version_suits_everyone_its_easier_version_suits():
    missing = {
        (slug, h): sorted(set(e["atrophy_types"]) - set(EXERCISES[h]["atrophy_types"]))
        for slug, e in EXERCISES.items()
        for h in harder(slug)
        if not set(e["atrophy_types"]) <= set(EXERCISES[h]["atrophy_types"])
    }
    assert missing == {}


def test_noodle_cycling_no_longer_leads_to_the_flutter_kick():
    assert "kickboard-flutter-kick" not in harder("pool-noodle-cycling")


def test_loaded_work_for_nerve_or_muscle_disease_carries_the_overwork_cautions():
    # The harder versions newly open to neurogenic atrophy, and the kickboard now loaded, too.
    missing = {
        slug: sorted(OVERWORK - set(e["cautions"]))
        for slug, e in EXERCISES.items()
        if e["load"] != "none"
        and {"pathologic", "neurogenic"} & set(e["atrophy_types"])
        and not set(e["cautions"]) >= OVERWORK
    }
    assert missing == {}


def test_the_one_leg_heel_raise_sets_up_one_foot_and_lowers_with_control():
    steps = EXERCISES["heel-raises-one-leg"]["steps"]
    assert "Do all your raises on 1 foot." in steps
    assert "Lower your heel to the floor with control." in steps
    assert not any("slowly" in step for step in steps)


def test_the_push_up_and_sit_to_stand_steps_up_start_gently():
    counter = EXERCISES["counter-push-up"]
    assert "Step back only a short way at first." in counter["steps"]
    assert "Stop before your arms shake." in counter["precautions"]
    assert (
        "Have someone beside you the first few times."
        in EXERCISES["sit-to-stand-no-hands"]["precautions"]
    )


def test_the_muscle_diseases_say_how_hard_and_when_to_call():
    myositis = CONDITIONS["inflammatory-myopathy"]["explanation"]
    assert "weak and sometimes sore" in myositis
    assert (
        "If you get new weakness, more muscle pain, or trouble swallowing or breathing, stop the "
        "harder exercises and call your care team." in myositis
    )
    dystrophy = CONDITIONS["muscular-dystrophy"]["explanation"]
    assert "Keep the effort light to medium" in dystrophy
    assert "Work below your limit" not in dystrophy


def test_the_clot_warning_names_big_operations_and_starts_with_stopping():
    text = CONDITIONS["clot-risk"]["explanation"]
    assert "a big operation (especially hip, knee or belly)" in text
    assert "Stop exercising if your calf or leg" in text


def test_the_regional_fractures_share_one_time_frame_and_their_own_rules():
    for region in ("", "-arm", "-leg", "-trunk"):
        text = CONDITIONS[f"{FRACTURE}{region}"]["explanation"]
        assert "in the last few months" in text, region
        assert "not long ago" not in text, region
    assert "Do not push up or lean on that arm." in CONDITIONS[f"{FRACTURE}-arm"]["explanation"]
    assert (
        "After a hip replacement, follow your surgeon's rules on how far to bend the hip."
        in CONDITIONS[f"{FRACTURE}-leg"]["explanation"]
    )


@pytest.mark.parametrize("slug", ["water-walking", "pool-noodle-cycling"])
def test_the_pool_rules_for_moving_on_give_the_next_day_check(slug):
    assert "heavier or weaker the next day" in EXERCISES[slug]["progress_rule"]
