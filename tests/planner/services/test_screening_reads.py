"""What a stored screening says for the handout: the therapist's instruction for overridden hard
stops, the overridden exercises, and precautions grouped by condition (each printed once)."""

from planner.screening import (
    OVERRIDE_INSTRUCTION_NEEDED,
    OVERRIDE_REASON_NEEDED,
    Finding,
    ScreeningResult,
    screening_gate,
)

WOUND = "Open wound or unhealed burn"
CHLORINE = "Chlorine sensitivity"
FALLS = "Falls risk"


def stored(**fields) -> ScreeningResult:
    """A result as an assignment stores it and reads it back."""
    instruction = fields.pop("override_instruction", "")
    result = ScreeningResult(**fields)
    data = result.as_json(override_reason="Agreed.", override_instruction=instruction)
    return ScreeningResult.from_json(data)


def test_the_instruction_round_trips_and_old_rows_have_none():
    result = stored(
        hard_stops=[Finding("Water walking", WOUND, "Keep wounds dry.")],
        override_instruction="Your wound is covered; you may use the pool.",
    )
    assert result.override_instruction == "Your wound is covered; you may use the pool."
    old_row = {"hard_stops": [{"exercise": "Water walking", "condition": WOUND}]}
    assert ScreeningResult.from_json(old_row).override_instruction == ""
    assert "override_instruction" not in ScreeningResult().as_json()


def test_overridden_exercises_are_named_once_in_order():
    result = stored(
        hard_stops=[
            Finding("Water walking", WOUND),
            Finding("Pool squats", WOUND),
            Finding("Water walking", "Uncontrolled seizures"),
        ]
    )
    assert result.overridden_exercises() == ["Water walking", "Pool squats"]


def test_precautions_are_grouped_by_condition_each_once_in_first_seen_order():
    result = stored(
        precautions=[
            Finding("Water walking", CHLORINE, "Rinse after the pool."),
            Finding("Sit to stand", FALLS, "Keep a chair behind you."),
            Finding("Pool squats", CHLORINE, "Rinse after the pool."),
            Finding("Water walking", FALLS, "Keep a chair behind you."),
            Finding("Pool squats", CHLORINE, "Rinse after the pool."),
        ],
        hard_stops=[Finding("Deep water jog", WOUND, "Keep wounds dry.")],
    )
    groups = [
        (condition, detail, [f.exercise for f in found])
        for condition, detail, found in result.precaution_groups()
    ]
    assert groups == [
        (CHLORINE, "Rinse after the pool.", ["Water walking", "Pool squats", "Pool squats"]),
        (FALLS, "Keep a chair behind you.", ["Sit to stand", "Water walking"]),
    ]


def test_no_precautions_no_groups():
    assert ScreeningResult().precaution_groups() == []


def test_findings_match_rows_by_exercise_id_and_old_records_by_name():
    # A library rename after screening leaves the stored name behind; the id still matches.
    kept = Finding("Old name", CHLORINE, exercise_id=7)
    assert kept.concerns(7, {"New name"})
    assert not kept.concerns(8, {"Old name"})
    older = Finding.from_json({"exercise": "Old name", "condition": CHLORINE})
    assert older.exercise_id is None
    assert older.concerns(99, {"Old name", "New name"})
    assert not older.concerns(99, {"New name"})


def test_the_overwork_guard_covers_rows_by_id_and_old_records_by_name():
    guard = {"overwork_guard": {"exercises": ["Band row"], "exercise_ids": [3]}}
    assert ScreeningResult.from_json(guard).covers_overwork(3, {"Renamed band row"})
    assert not ScreeningResult.from_json(guard).covers_overwork(4, {"Band row"})
    older = ScreeningResult.from_json({"overwork_guard": {"exercises": ["Band row"]}})
    assert older.covers_overwork(4, {"Band row"})


def test_the_gate_asks_for_a_reason_and_an_instruction_for_hard_stops_only():
    risky = ScreeningResult(hard_stops=[Finding("Water walking", WOUND)])
    assert screening_gate(risky, override_reason="", precautions_confirmed=True) == {
        "override_reason": OVERRIDE_REASON_NEEDED,
        "override_instruction": OVERRIDE_INSTRUCTION_NEEDED,
    }
    assert screening_gate(
        risky, override_reason="Agreed.", override_instruction=" \n", precautions_confirmed=True
    ) == {"override_instruction": OVERRIDE_INSTRUCTION_NEEDED}
    assert (
        screening_gate(
            risky,
            override_reason="Agreed.",
            override_instruction="You may use the pool.",
            precautions_confirmed=True,
        )
        == {}
    )
    assert screening_gate(ScreeningResult(), override_reason="", precautions_confirmed=True) == {}
