"""Dosage in plain words, as a patient reads it on the portal and the handout, and its limits."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

_TIMES = {1: "once a day", 2: "twice a day"}


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _seconds(value: int) -> str:
    if value >= 60 and value % 60 == 0:
        return _plural(value // 60, "minute")
    return _plural(value, "second")


# What a side means for each body region, so the dosage can say "your left leg" and the steps
# never need "switch legs" (the handout printed both and they disagreed).
_LIMB = {
    "shoulder_upper_arm": "arm",
    "elbow_forearm": "arm",
    "hand_wrist": "hand",
    "hip_thigh": "leg",
    "knee_calf": "leg",
    "ankle_foot": "foot",
}


def side_words(side: str, body_region: str = "") -> str:
    """The side in a patient's words: "your left leg", "each arm", "both sides" ("" for none)."""
    if not side:
        return ""
    limb = _LIMB.get(body_region)
    if limb is None:
        return {"left": "your left side", "right": "your right side", "both": "both sides"}[side]
    return {"left": f"your left {limb}", "right": f"your right {limb}", "both": f"each {limb}"}[
        side
    ]


def _body_region(item) -> str:
    """The region a prescription's side refers to: the row's frozen copy, else its exercise."""
    region = getattr(item, "body_region", "")
    if not region and getattr(item, "exercise_id", None):
        region = item.exercise.body_region
    return region or ""


# Borg CR10 in words a patient can check against while moving: the "talk test".
_EFFORT_WORDS = {
    0: "you should feel almost no effort",
    1: "it should feel very easy",
    2: "it should feel easy, and you could sing",
    3: "you could talk easily",
    4: "you could still talk, but it feels like work",
    5: "it feels hard, and you can talk in short sentences",
    6: "it feels hard, and you can talk in short sentences",
    7: "it feels very hard, and you can say only a few words",
    8: "it feels very hard, and you can say only a few words",
    9: "it is almost as hard as you can go, and you cannot talk",
    10: "it is as hard as you can go",
}


def effort_sentence(target_effort: int | None) -> str:
    """E.g. "Work at about 3 out of 10: you could talk easily." ("" when no target is set)."""
    if target_effort is None:
        return ""
    return f"Work at about {target_effort} out of 10: {_EFFORT_WORDS[target_effort]}."


def _loaded(item) -> bool:
    """Whether the prescription works against a load: its own ``load``, else its exercise's."""
    load = getattr(item, "load", None)
    if load is None and getattr(item, "exercise_id", None):
        load = item.exercise.load
    return bool(load) and load != "none"


# Loaded work on 2 or 3 days a week keeps 48 hours between sessions for the same muscles only if
# the days are not next to each other: the sentence says how (CLINICAL.md, dosage; the overwork
# guard in planner.screening).
DAY_OFF_BETWEEN = "{days} days a week, with a day off between"


def dosage_sentence(item) -> str:
    """E.g. "3 sets of 10, hold each for 5 seconds, twice a day, 5 days a week, your left leg".

    ``item`` is anything with the ProgramExercise dosage fields and ``side``; the side is named
    by the limb of its ``body_region`` (or its exercise's) when it has one.
    """
    parts = []
    if item.repetitions:
        parts.append(f"{_plural(item.sets, 'set')} of {item.repetitions}")
    if item.duration_minutes:
        minutes = _plural(item.duration_minutes, "minute")
        if item.repetitions or item.sets == 1:
            parts.append(minutes)
        else:
            parts.append(f"{_plural(item.sets, 'round')} of {minutes}")
    if item.hold_seconds:
        parts.append(f"hold each for {_seconds(item.hold_seconds)}")
    if item.rest_seconds and item.sets > 1:
        # A timed dosage is counted in rounds ("2 rounds of 5 minutes"): rest between those.
        unit = "sets" if item.repetitions else "rounds"
        parts.append(f"rest {_seconds(item.rest_seconds)} between {unit}")
    parts.append(_TIMES.get(item.times_per_day, f"{item.times_per_day} times a day"))
    if item.days_per_week == 7:
        parts.append("every day")
    elif item.days_per_week in (2, 3) and _loaded(item):
        parts.append(DAY_OFF_BETWEEN.format(days=item.days_per_week))
    else:
        parts.append(f"{item.days_per_week} days a week")
    if item.side:
        parts.append(side_words(item.side, _body_region(item)))
    return ", ".join(parts)


# One table of dosage limits, used for the database constraints, the form validators and the
# messages a therapist reads. (low, high, what the number is, unit)
DOSAGE_LIMITS = {
    "sets": (1, 10, "Sets", ""),
    "repetitions": (1, 100, "Repetitions", ""),
    "hold_seconds": (0, 300, "Hold", " seconds"),
    "rest_seconds": (0, 600, "Rest", " seconds"),
    "duration_minutes": (1, 120, "Duration", " minutes"),
    "times_per_day": (1, 6, "Times per day", ""),
    "days_per_week": (1, 7, "Days per week", ""),
    "target_effort": (0, 10, "Target effort (Borg CR10)", ""),
}


def limit_message(dosage_field: str) -> str:
    low, high, label, unit = DOSAGE_LIMITS[dosage_field]
    return f"{label} must be between {low} and {high}{unit}."


def range_validators(dosage_field: str) -> list:
    low, high, _, _ = DOSAGE_LIMITS[dosage_field]
    message = limit_message(dosage_field)
    return [MinValueValidator(low, message=message), MaxValueValidator(high, message=message)]


def range_constraint(name: str, model_field: str, dosage_field: str, *, nullable: bool):
    low, high, _, _ = DOSAGE_LIMITS[dosage_field]
    condition = Q(**{f"{model_field}__range": (low, high)})
    if nullable:
        condition = Q(**{f"{model_field}__isnull": True}) | condition
    return models.CheckConstraint(
        name=name, condition=condition, violation_error_message=limit_message(dosage_field)
    )


# The dosage every exercise suggests and every program row prescribes, in this order.
DOSAGE_FIELDS = (
    "sets",
    "repetitions",
    "hold_seconds",
    "rest_seconds",
    "duration_minutes",
    "times_per_day",
    "days_per_week",
)
# Counts every dosage has; the others may be left empty.
_REQUIRED_DEFAULTS = {"sets": 1, "times_per_day": 1, "days_per_week": 3}


def _dosage_field(name: str) -> models.PositiveSmallIntegerField:
    if name in _REQUIRED_DEFAULTS:
        return models.PositiveSmallIntegerField(
            default=_REQUIRED_DEFAULTS[name], validators=range_validators(name)
        )
    return models.PositiveSmallIntegerField(
        null=True, blank=True, validators=range_validators(name)
    )


def dosage_model(class_name: str, *, field_prefix: str = "") -> type[models.Model]:
    """An abstract model declaring the seven dosage fields, each named ``field_prefix + name``.

    Exercise defaults (``default_sets`` ...) and program rows (``sets`` ...) inherit one of these,
    so a limit or a default is declared once for both."""
    attrs = {
        "__module__": __name__,
        "__qualname__": class_name,
        "Meta": type("Meta", (), {"abstract": True}),
        **{f"{field_prefix}{name}": _dosage_field(name) for name in DOSAGE_FIELDS},
    }
    return type(class_name, (models.Model,), attrs)


# Constraint name suffixes, kept as the migrations first named them.
_CONSTRAINT_SUFFIX = {
    "sets": "sets_1_10",
    "repetitions": "reps_1_100",
    "hold_seconds": "hold_0_300",
    "rest_seconds": "rest_0_600",
    "duration_minutes": "duration_1_120",
    "times_per_day": "times_per_day_1_6",
    "days_per_week": "days_per_week_1_7",
    "target_effort": "effort_0_10",
}


def dosage_constraints(name_prefix: str, field_prefix: str = "", *, fields=DOSAGE_FIELDS) -> list:
    """The database checks for a set of dosage fields: each within its limits, and repetitions
    or a duration given. Exercise defaults and program rows share them."""
    checks = [
        range_constraint(
            f"{name_prefix}_{_CONSTRAINT_SUFFIX[name]}",
            f"{field_prefix}{name}",
            name,
            nullable=name not in _REQUIRED_DEFAULTS,
        )
        for name in fields
    ]
    reps, duration = f"{field_prefix}repetitions", f"{field_prefix}duration_minutes"
    checks.append(
        models.CheckConstraint(
            name=f"{name_prefix}_reps_or_duration",
            condition=Q(**{f"{reps}__isnull": False}) | Q(**{f"{duration}__isnull": False}),
            violation_error_message="Give a number of repetitions or a duration in minutes.",
        )
    )
    return checks


def usual_dosage(exercise) -> dict[str, int | None]:
    """An exercise's usual dosage by row field name (``sets`` ...): what a new program row takes."""
    return {name: getattr(exercise, f"default_{name}") for name in DOSAGE_FIELDS}
