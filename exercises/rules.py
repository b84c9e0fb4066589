"""Rules every exercise follows, whoever writes it: the library loader and the admin form both
call these, each wording the refusal for its own reader."""

import re

from exercises.models import RESISTANCE_EQUIPMENT, Category, Load

MIN_STEPS = 3
MAX_STEPS = 8
MAX_STEP_LENGTH = 300  # characters: one instruction, read aloud in a breath or two

DEVICE_REQUIRED = "Brace and splint exercises must name their device."


def step_count_allowed(steps: list) -> bool:
    """Short enough to follow at home, long enough to do safely."""
    return MIN_STEPS <= len(steps) <= MAX_STEPS


def overlong_steps(steps: list[str]) -> list[int]:
    """The 1-based numbers of the steps longer than ``MAX_STEP_LENGTH``."""
    return [n for n, step in enumerate(steps, start=1) if len(step) > MAX_STEP_LENGTH]


def device_missing(*, category: str, device: str) -> bool:
    """A brace or splint exercise cannot be done without knowing which device it is."""
    return category == Category.BRACE_SPLINT and not device


def load_problem(*, category: str, equipment: str, load: str) -> str:
    """Why an exercise's load contradicts its kind or equipment ("" when it does not): the
    overwork guard and the day off between sessions rely on it."""
    if equipment in RESISTANCE_EQUIPMENT and load != Load.RESISTED:
        return "An exercise with a band, a weight or putty has added resistance as its load."
    if category == Category.STRENGTH and load == Load.NONE:
        return "A strengthening exercise works against body weight or added resistance."
    return ""


MAX_PROGRESS_RULE = 400
PROGRESS_RULE_NEEDED = (
    "An exercise with a harder version says when the patient may move on to it (the rule for "
    "moving on)."
)


# Steps say what to do; the dosage sentence printed beside them says how many, how long and which
# side. A step that states its own count or side contradicts the dosage as soon as a therapist
# changes it ("Hold for 2 seconds" beside "hold each for 5 seconds").
DOSAGE_IN_STEP = (
    "%(steps)s: a step must not give a count, a time or a side switch, because the dosage says "
    "how many, how long and which side. Write it without them: “Hold.” instead of “Hold for 5 "
    "seconds.”, and leave out “Switch legs.”"
)
_NUMBER_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|hundred"
)
_UNITS = (
    r"secs?|seconds?|mins?|minutes?|hours?|times|reps?|repetitions?|sets?|rounds?|breaths?|"
    r"counts?|steps|lifts|bends|squeezes|circles|turns|kicks|pumps|raises|curls|slides|rolls|"
    r"squats|presses"
)
_AMOUNT = rf"(?:\d+|\b(?:{_NUMBER_WORDS}))"
_COUNT = re.compile(
    # "5 seconds", "ten reps", "5 to 10 times", "3 slow breaths", "30-second hold", "5s", "10 x"
    rf"{_AMOUNT}(?:\s*(?:-|to|or)\s*{_AMOUNT})?[\s-]*(?:[a-z]+\s+)?(?:{_UNITS})\b"
    rf"|\d+\s*(?:s|x|time)\b"
    rf"|\bcount\s+(?:to|of)\s+{_AMOUNT}"
    rf"|\b(?:once|twice)\s+(?:a|per|each|every)\s+(?:day|week)\b",
    re.IGNORECASE,
)
_LIMB = r"(?:legs?|sides?|arms?|hands?|feet|foot|knees?|hips?|shoulders?|elbows?|wrists?|ankles?)"
_SIDE_SWITCH = re.compile(
    # "switch legs", "change to the other arm", "the other side", "repeat on the left"
    rf"\b(?:switch|swap|change|trade)\s+(?:to\s+)?(?:the\s+|your\s+|which\s+)?(?:other\s+)?{_LIMB}"
    # "the other leg" is the other side's turn; "hold the rail with your other arm" is not.
    r"|\b(?:the|then)\s+other\s+(?:leg|side|arm)s?\b"
    r"|\brepeat\b[^.;]*?\b(?:on|with|for|using)\s+(?:the|your)\s+(?:other|left|right)\b",
    re.IGNORECASE,
)
# The same in the library's Spanish: "5 segundos", "diez repeticiones", "cuente hasta 5",
# "2 veces al día"; "cambie de pierna", "la otra pierna", "repita con el lado izquierdo".
_NUMBER_WORDS_ES = (
    r"uno|una|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|quince|veinte|treinta|"
    r"cuarenta|cincuenta|sesenta|cien"
)
_UNITS_ES = (
    r"seg|segundos?|min|minutos?|horas?|veces|repeticiones|repetición|series?|rondas?|"
    r"respiraciones|pasos|levantamientos|flexiones|apretones|círculos|vueltas|patadas|"
    r"sentadillas"
)
_AMOUNT_ES = rf"(?:\d+|\b(?:{_NUMBER_WORDS_ES})\b)"
_COUNT_ES = re.compile(
    rf"{_AMOUNT_ES}(?:\s*(?:-|a|o)\s*{_AMOUNT_ES})?[\s-]*(?:\w+\s+)?(?:{_UNITS_ES})\b"
    rf"|\bcuente\s+hasta\s+{_AMOUNT_ES}"
    r"|\b(?:una\s+vez|dos\s+veces)\s+(?:al|por|cada)\s+(?:día|semana)\b",
    re.IGNORECASE,
)
_LIMB_ES = (
    r"(?:piernas?|lados?|brazos?|manos?|pies?|rodillas?|caderas?|hombros?|codos?|muñecas?|"
    r"tobillos?)"
)
_SIDE_SWITCH_ES = re.compile(
    rf"\bcambie\s+(?:de\s+|a\s+)?(?:la\s+|el\s+|su\s+)?(?:otr[ao]\s+)?{_LIMB_ES}"
    r"|\b(?:la|el|luego)\s+otr[ao]\s+(?:pierna|lado|brazo)s?\b"
    rf"|\brepita\b[^.;]*?\b(?:con|en|del|de)\s+(?:la|el|su)\s+(?:{_LIMB_ES}\s+)?"
    r"(?:otr[ao]|izquierd[ao]|derech[ao])\b",
    re.IGNORECASE,
)
_STEP_PATTERNS = (_COUNT, _SIDE_SWITCH, _COUNT_ES, _SIDE_SWITCH_ES)


def dosage_in_steps(steps: list[str]) -> list[int]:
    """The 1-based numbers of the steps that state a count, a time or a side switch (in English
    or in the library's Spanish)."""
    return [
        n
        for n, step in enumerate(steps, start=1)
        if any(pattern.search(step) for pattern in _STEP_PATTERNS)
    ]


def quote_steps(steps: list[str], numbers: list[int]) -> str:
    """E.g. ``Step 4 (“Hold for 5 seconds.”)``, for a message that names the steps to change."""
    return ", ".join(f"Step {n} (“{steps[n - 1]}”)" for n in numbers)
