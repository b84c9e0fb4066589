"""The rule that steps leave counts, times and sides to the dosage (exercises.rules)."""

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from exercises import rules
from exercises.library import read_library


@pytest.mark.parametrize(
    "step",
    [
        "Hold for 5 seconds.",
        "Hold for 2 secs, then lower.",
        "Hold 5s.",
        "Hold for a 30-second stretch.",
        "Hold for five to ten seconds.",
        "Repeat 10 times.",
        "Do ten reps.",
        "Do 2 sets.",
        "Walk for 10 minutes.",
        "Take 3 slow breaths.",
        "Take 10 steps this way.",
        "Count to five, then relax.",
        "Do this twice a day.",
        "Switch legs.",
        "Do all the reps, then switch legs.",
        "Swap hands and walk back.",
        "Change to the other arm.",
        "Switch which foot is in front.",
        "Turn around and work the other leg.",
        "Roll to the other side.",
        "Repeat on the left side.",
        "Repeat the whole move with your right hand.",
    ],
)
def test_a_step_that_states_a_count_time_or_side_switch_is_named(step):
    assert rules.dosage_in_steps(["Sit tall.", step, "Relax."]) == [2]


@pytest.mark.parametrize(
    "step",
    [
        "Hold.",
        "Hold, then lower slowly.",
        "Hold the rail with 1 hand.",
        "Sit in a chair about knee height.",
        "Put 1 foot in front of the other.",
        "Bend your other knee and put that foot flat.",
        "Sit for a minute before you stand.",
        "Roll back, then roll the other way.",
        "Rest your arms by your sides.",
        "Give someone your hand.",
        "Take the ones you like.",
        "Lean on it with your left hand.",
        "Hold the rail with your other arm.",
        "Keep your other leg straight.",
    ],
)
def test_a_step_that_only_says_what_to_do_passes(step):
    assert rules.dosage_in_steps([step]) == []


def test_every_library_step_leaves_counts_and_sides_to_the_dosage():
    broken = {
        exercise["slug"]: [exercise["steps"][n - 1] for n in numbers]
        for exercise in read_library()["exercises"]
        if (numbers := rules.dosage_in_steps(exercise["steps"]))
    }
    assert broken == {}


# Everything the rule looks for: digits, and number words and side-switch words at a word's start.
_WATCHED = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|hundred|once|"
    r"twice|switch|swap|change|trade|other|repeat|count)",
    re.IGNORECASE,
)
# Words a step uses, units included: a unit with no number before it is harmless.
_VOCABULARY = (
    "sit stand hold lift lower slowly your the knee arm leg hand foot side rail chair bed and "
    "then gently bend straighten keep back tall relax helper breathe pool water band towel "
    "seconds minutes times reps sets breaths steps left right way"
)
_WORDS = st.sampled_from(_VOCABULARY.split(" "))
_SENTENCES = st.lists(_WORDS, min_size=1, max_size=25).map(lambda w: " ".join(w).capitalize())
_ANY_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Nd", "Cs")), max_size=300)
_HARMLESS = st.one_of(_SENTENCES, _ANY_TEXT.filter(lambda text: not _WATCHED.search(text)))


@given(steps=st.lists(_HARMLESS, min_size=1, max_size=8))
@example(steps=["Hold.", "Lower it slowly.", "Turn back the way you came."])
@example(steps=["Sit on the left side of the bed.", "Levántese despacio.", "Hold seconds"])
def test_harmless_text_without_numbers_or_side_words_is_accepted(steps):
    assert rules.dosage_in_steps(steps) == []
