"""`manage.py load_library`: idempotent, updates by slug, never duplicates or deletes."""

import io

import pytest
import yaml
from django.core.management import CommandError, call_command

from exercises.library import LIBRARY_PATH, read_library
from exercises.models import Condition, Exercise
from tests.factories import make_program

pytestmark = pytest.mark.django_db


def load(path=LIBRARY_PATH) -> str:
    out = io.StringIO()
    call_command("load_library", "--file", str(path), stdout=out)
    return out.getvalue()


def write_variant(tmp_path, change):
    data = yaml.safe_load(LIBRARY_PATH.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "library.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def snapshot():
    return {
        "exercises": dict(Exercise.objects.values_list("slug", "updated_at")),
        "conditions": Condition.objects.count(),
        "links": [
            sorted(e.contraindications.values_list("slug", flat=True))
            for e in Exercise.objects.order_by("slug")
        ],
    }


def test_loading_twice_changes_nothing():
    data = read_library()
    assert Exercise.objects.count() == Condition.objects.count() == 0  # migrations load none
    first = load()
    assert first.splitlines() == [
        f"Conditions: {len(data['conditions'])} created, 0 updated, 0 unchanged",
        f"Exercises: {len(data['exercises'])} created, 0 updated, 0 unchanged",
    ]
    assert Exercise.objects.count() == len(data["exercises"])
    assert Condition.objects.count() == len(data["conditions"])
    before = snapshot()
    second = load()
    assert snapshot() == before
    assert "Exercises: 0 created, 0 updated" in second
    assert "Conditions: 0 created, 0 updated" in second


def test_changing_a_field_in_the_file_updates_the_same_row(tmp_path):
    load()
    original = Exercise.objects.get(slug="sit-to-stand")

    def rename(data):
        entry = next(e for e in data["exercises"] if e["slug"] == "sit-to-stand")
        entry["name"] = "Standing up from a chair"
        entry["dosage"]["repetitions"] = 6

    output = load(write_variant(tmp_path, rename))
    assert "0 created, 1 updated" in output
    renamed = Exercise.objects.get(slug="sit-to-stand")
    assert renamed.pk == original.pk
    assert (renamed.name, renamed.default_repetitions) == ("Standing up from a chair", 6)
    assert Exercise.objects.filter(name=original.name).count() == 0


def test_reloading_brings_rewritten_steps_to_a_database_loaded_earlier():
    # A clinic that loaded the library before its steps were rewritten gets the new wording, on
    # the same row, the next time the command runs.
    load()
    row = Exercise.objects.get(slug="heel-raises-counter")
    rewritten = list(row.steps)
    Exercise.objects.filter(pk=row.pk).update(
        steps=[*rewritten[:3], "Hold for 2 seconds.", *rewritten[4:]]
    )
    output = load()
    assert "Exercises: 0 created, 1 updated" in output
    row.refresh_from_db()
    assert row.steps == rewritten
    assert "Hold." in row.steps


def test_changing_a_hard_stop_updates_the_link(tmp_path):
    load()

    def drop_fever(data):
        entry = next(e for e in data["exercises"] if e["slug"] == "water-walking")
        entry["contraindications"].remove("fever")

    load(write_variant(tmp_path, drop_fever))
    slugs = Exercise.objects.get(slug="water-walking").contraindications.values_list(
        "slug", flat=True
    )
    assert "fever" not in slugs


def test_an_exercise_removed_from_the_file_is_kept(tmp_path):
    load()
    used = Exercise.objects.get(slug="water-walking")
    program = make_program(exercises=0)
    program.items.create(exercise=used, position=1, duration_minutes=10)

    def remove(data):
        data["exercises"] = [e for e in data["exercises"] if e["slug"] != "water-walking"]

    output = load(write_variant(tmp_path, remove))
    assert "1 in the database but not in the file (left as is)" in output
    assert Exercise.objects.filter(pk=used.pk, is_active=True).exists()


def first(data, **wanted):
    return next(e for e in data["exercises"] if all(e.get(k) == v for k, v in wanted.items()))


def loop_a_chain(data):
    # sit-to-stand leads up to its harder versions; one of them now leads back down to it.
    start = first(data, slug="sit-to-stand")
    harder = first(data, slug=start["harder"][0])
    harder.setdefault("harder", []).append("sit-to-stand")
    harder.setdefault("progress_rule", "When it feels easy, ask your therapist.")


def arm_fracture_on_a_leg_exercise(data):
    first(data, slug="sit-to-stand")["contraindications"].append("recent-fracture-or-surgery-arm")


def drop_a_rule(data):
    del first(data, slug="sit-to-stand")["progress_rule"]


def narrow_a_harder_version(data):
    # sit-to-stand suits all three atrophy types; its harder version now suits only one.
    harder = first(data, slug=first(data, slug="sit-to-stand")["harder"][0])
    harder["atrophy_types"] = ["physiologic"]


def drop_a_brace_device(data):
    brace = next(e for e in data["exercises"] if e["category"] == "brace_splint")
    del brace["device"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["exercises"][3]["contraindications"].append("no-such-condition"),
            "unknown atrophy type or condition 'no-such-condition'",
        ),
        (lambda d: d["exercises"][3]["dosage"].update(sets=0), "default_sets"),
        (lambda d: d["exercises"][3].update(steps=["Only one step."]), "3 to 8 non-empty lines"),
        (
            lambda d: d["exercises"][3].update(
                steps=["Sit tall.", "Hold for 5 seconds.", "Relax."]
            ),
            "Step 2 (“Hold for 5 seconds.”): a step must not give a count, a time or a side switch",
        ),
        (
            lambda d: d["exercises"][3].update(steps=["Sit tall.", "Lift 1 leg.", "Switch legs."]),
            "Step 3 (“Switch legs.”): a step must not give",
        ),
        (drop_a_brace_device, "must name their device"),
        (lambda d: d["exercises"][3].pop("load"), "'load' must be one of none, body_weight"),
        (
            lambda d: first(d, category="strength", equipment="none").update(load="none"),
            "A strengthening exercise works against body weight or added resistance.",
        ),
        (
            lambda d: first(d, equipment="band").update(load="body_weight"),
            "has added resistance as its load",
        ),
        (drop_a_rule, "says when the patient may move on"),
        (
            lambda d: first(d, slug="sit-to-stand")["harder"].append("no-such-exercise"),
            "unknown harder version 'no-such-exercise'",
        ),
        (loop_a_chain, "its harder versions lead back to it"),
        (
            narrow_a_harder_version,
            "exercise 'sit-to-stand': its harder version 'sit-to-stand-no-hands' is not tagged "
            "for neurogenic, pathologic",
        ),
        (
            arm_fracture_on_a_leg_exercise,
            "'recent-fracture-or-surgery-arm' is about the arm and shoulder, not the hip and thigh",
        ),
        (
            lambda d: d["conditions"][0].update(overwork_risk="yes"),
            "'overwork_risk' is true or false",
        ),
        (lambda d: d["exercises"][3].update(category="yoga"), "category"),
        (lambda d: d["exercises"].append(dict(d["exercises"][0])), "appears twice"),
    ],
)
def test_a_bad_file_changes_nothing_and_says_why(tmp_path, change, message):
    load()
    before = snapshot()

    def change_and_rename_first(data):
        data["exercises"][0]["name"] = "Renamed in the same load"
        change(data)

    with pytest.raises(CommandError, match="Nothing was changed") as info:
        load(write_variant(tmp_path, change_and_rename_first))
    assert message in str(info.value)
    assert snapshot() == before
    assert not Exercise.objects.filter(name="Renamed in the same load").exists()


@pytest.mark.parametrize(
    ("entry", "field", "value", "message"),
    [
        ("exercises", "name", "N" * 121, "name: Ensure this value has at most 120 characters"),
        ("exercises", "summary", "S" * 201, "summary: Ensure this value has at most 200"),
        ("exercises", "precautions", "P" * 1001, "precautions: Ensure this value has at most 1000"),
        ("exercises", "steps", ["Sit.", "S" * 301, "Stand."], "step 2 is longer than 300"),
        ("conditions", "explanation", "E" * 601, "explanation: Ensure this value has at most 600"),
    ],
)
def test_over_long_text_is_refused_naming_the_entry(tmp_path, entry, field, value, message):
    # Text fields' limits are not checked by the database on SQLite; a 1 MB note would be stored.
    data = read_library()
    slug = data[entry][3]["slug"]
    noun = "exercise" if entry == "exercises" else "condition"
    with pytest.raises(CommandError, match="Nothing was changed") as info:
        load(write_variant(tmp_path, lambda d: d[entry][3].update({field: value})))
    assert f"{noun} {slug!r}: {message}" in str(info.value)
    assert not Exercise.objects.exists()


def test_a_missing_or_broken_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        load(tmp_path / "missing.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("exercises: [unclosed", encoding="utf-8")
    with pytest.raises(CommandError, match="not valid YAML"):
        load(broken)


# --- a condition's codes ------------------------------------------------------------------------


def condition(data, slug):
    return next(c for c in data["conditions"] if c["slug"] == slug)


def codes_snapshot():
    return list(Condition.objects.order_by("slug").values_list("slug", "icd10_code", "snomed_code"))


@pytest.mark.parametrize(
    ("slug", "codes", "message"),
    [
        (
            "fever",
            {"icd10": "R50.9", "loinc": "8310-5"},
            "condition 'fever': codes: unknown keys ['loinc']; give icd10, snomed.",
        ),
        (
            "orthostatic-hypotension",
            {"snomed": 28651003},
            "condition 'orthostatic-hypotension': codes: snomed 28651003 must be quoted "
            '("28651003")',
        ),
        (
            "osteoporosis",
            {"icd10": "m81.0"},
            "condition 'osteoporosis': codes: icd10 'm81.0': An ICD-10-CM code is a capital letter",
        ),
        (
            "als",
            {"snomed": "086044005"},
            "condition 'als': codes: snomed '086044005': A SNOMED CT concept id is 6 to 18 digits",
        ),
        (
            "malnutrition",
            "E46",
            "condition 'malnutrition': 'codes' is a block of icd10 and snomed.",
        ),
    ],
)
def test_a_bad_code_is_refused_naming_the_condition_and_nothing_loads(
    tmp_path, slug, codes, message
):
    load()
    before = codes_snapshot()

    def change(data):
        # An earlier condition's change in the same load must not be kept either.
        condition(data, "open-wound-or-burn")["codes"] = {"icd10": "T14.1"}
        condition(data, slug)["codes"] = codes

    with pytest.raises(CommandError, match="Nothing was changed") as info:
        load(write_variant(tmp_path, change))
    assert message in str(info.value)
    assert codes_snapshot() == before


def test_codes_in_the_spanish_block_are_refused(tmp_path):
    def translate_codes(data):
        fever = condition(data, "fever")
        fever["es"]["codes"] = fever.pop("codes")

    with pytest.raises(CommandError, match="Nothing was changed") as info:
        load(write_variant(tmp_path, translate_codes))
    assert (
        "condition 'fever': es: codes are the same in every language; give them once, beside "
        "the English." in str(info.value)
    )
    assert not Condition.objects.exists()


def test_codes_taken_out_of_the_file_are_cleared(tmp_path):
    load()
    assert Condition.objects.filter(slug="fever", icd10_code="R50.9").exists()

    output = load(write_variant(tmp_path, lambda d: condition(d, "fever").pop("codes")))

    assert "Conditions: 0 created, 1 updated" in output
    fever = Condition.objects.get(slug="fever")
    assert (fever.icd10_code, fever.snomed_code) == ("", "")
