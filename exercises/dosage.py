"""Dosage in plain words, as a patient reads it on the portal and the handout, and its limits."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, gettext_noop, ngettext

# Every phrase below is a whole msgid with its numbers as placeholders, so a language can put the
# words in its own order and number ("3 series de 10"), never word by word. The English msgids are
# exactly what the portal and the handout printed before translation (tests/i18n checks them
# against a table captured then); the Spanish is in locale/es/LC_MESSAGES/django.po.


def _minutes(count: int) -> str:
    return ngettext("%(count)d minute", "%(count)d minutes", count) % {"count": count}


def _seconds(value: int) -> str:
    if value >= 60 and value % 60 == 0:
        return _minutes(value // 60)
    return ngettext("%(count)d second", "%(count)d seconds", value) % {"count": value}


def _times_a_day(count: int) -> str:
    if count == 1:
        return gettext("once a day")
    if count == 2:
        return gettext("twice a day")
    return ngettext("%(count)d time a day", "%(count)d times a day", count) % {"count": count}


# Loaded work on 2 or 3 days a week keeps 48 hours between sessions for the same muscles only if
# the days are not next to each other: the sentence says how (CLINICAL.md, dosage; the overwork
# guard in planner.screening).
def _days_a_week(days: int, *, loaded: bool) -> str:
    if days == 7:
        return gettext("every day")
    if days in (2, 3) and loaded:
        return ngettext(
            "%(count)d day a week, with a day off between",
            "%(count)d days a week, with a day off between",
            days,
        ) % {"count": days}
    # Translators: days a week, 1 to 6.
    return ngettext("%(count)d day a week", "%(count)d days a week", days) % {"count": days}


# What a side means for each body region, so the dosage can say "your left leg" and the steps
# never need "switch legs" (the handout printed both and they disagreed). Each side of each limb
# is a whole phrase: Spanish puts the side after the limb and agrees it with the limb's gender
# ("pierna izquierda", "brazo izquierdo").
_LIMB = {
    "shoulder_upper_arm": "arm",
    "elbow_forearm": "arm",
    "hand_wrist": "hand",
    "hip_thigh": "leg",
    "knee_calf": "leg",
    "ankle_foot": "foot",
}
_SIDE_WORDS = {
    None: {
        "left": gettext_noop("your left side"),
        "right": gettext_noop("your right side"),
        "both": gettext_noop("both sides"),
    },
    "arm": {
        "left": gettext_noop("your left arm"),
        "right": gettext_noop("your right arm"),
        "both": gettext_noop("each arm"),
    },
    "hand": {
        "left": gettext_noop("your left hand"),
        "right": gettext_noop("your right hand"),
        "both": gettext_noop("each hand"),
    },
    "leg": {
        "left": gettext_noop("your left leg"),
        "right": gettext_noop("your right leg"),
        "both": gettext_noop("each leg"),
    },
    "foot": {
        "left": gettext_noop("your left foot"),
        "right": gettext_noop("your right foot"),
        "both": gettext_noop("each foot"),
    },
}


def side_words(side: str, body_region: str = "") -> str:
    """The side in a patient's words: "your left leg", "each arm", "both sides" ("" for none)."""
    if not side:
        return ""
    return gettext(_SIDE_WORDS[_LIMB.get(body_region)][side])


def _body_region(item) -> str:
    """The region a prescription's side refers to: the row's frozen copy, else its exercise."""
    region = getattr(item, "body_region", "")
    if not region and getattr(item, "exercise_id", None):
        region = item.exercise.body_region
    return region or ""


# Borg CR10 in words a patient can check against while moving: the "talk test".
_EFFORT_WORDS = {
    0: gettext_noop("you should feel almost no effort"),
    1: gettext_noop("it should feel very easy"),
    2: gettext_noop("it should feel easy, and you could sing"),
    3: gettext_noop("you could talk easily"),
    4: gettext_noop("you could still talk, but it feels like work"),
    5: gettext_noop("it feels hard, and you can talk in short sentences"),
    6: gettext_noop("it feels hard, and you can talk in short sentences"),
    7: gettext_noop("it feels very hard, and you can say only a few words"),
    8: gettext_noop("it feels very hard, and you can say only a few words"),
    9: gettext_noop("it is almost as hard as you can go, and you cannot talk"),
    10: gettext_noop("it is as hard as you can go"),
}


def effort_sentence(target_effort: int | None) -> str:
    """E.g. "Work at about 3 out of 10: you could talk easily." ("" when no target is set)."""
    if target_effort is None:
        return ""
    # Translators: the effort on the Borg CR10 scale (0-10), then how it feels (talk test).
    return gettext("Work at about %(effort)d out of 10: %(feeling)s.") % {
        "effort": target_effort,
        "feeling": gettext(_EFFORT_WORDS[target_effort]),
    }


def _loaded(item) -> bool:
    """Whether the prescription works against a load: its own ``load``, else its exercise's."""
    load = getattr(item, "load", None)
    if load is None and getattr(item, "exercise_id", None):
        load = item.exercise.load
    return bool(load) and load != "none"


def _amount(item) -> list[str]:
    """How much one session is: sets of repetitions and/or minutes, holds and rests."""
    parts = []
    if item.repetitions:
        parts.append(
            ngettext("%(sets)d set of %(reps)d", "%(sets)d sets of %(reps)d", item.sets)
            % {"sets": item.sets, "reps": item.repetitions}
        )
    if item.duration_minutes:
        minutes = _minutes(item.duration_minutes)
        if item.repetitions or item.sets == 1:
            parts.append(minutes)
        else:
            parts.append(
                ngettext(
                    "%(rounds)d round of %(duration)s",
                    "%(rounds)d rounds of %(duration)s",
                    item.sets,
                )
                % {"rounds": item.sets, "duration": minutes}
            )
    if item.hold_seconds:
        parts.append(
            gettext("hold each for %(duration)s") % {"duration": _seconds(item.hold_seconds)}
        )
    if item.rest_seconds and item.sets > 1:
        # A timed dosage is counted in rounds ("2 rounds of 5 minutes"): rest between those.
        rest = {"duration": _seconds(item.rest_seconds)}
        if item.repetitions:
            parts.append(gettext("rest %(duration)s between sets") % rest)
        else:
            parts.append(gettext("rest %(duration)s between rounds") % rest)
    return parts


def dosage_sentence(item) -> str:
    """E.g. "3 sets of 10, hold each for 5 seconds, twice a day, 5 days a week, your left leg",
    in the active language ("3 series de 10, mantener 5 segundos, 2 veces al día, ...").

    ``item`` is anything with the ProgramExercise dosage fields and ``side``; the side is named
    by the limb of its ``body_region`` (or its exercise's) when it has one.
    """
    parts = _amount(item)
    parts.append(_times_a_day(item.times_per_day))
    parts.append(_days_a_week(item.days_per_week, loaded=_loaded(item)))
    if item.side:
        parts.append(side_words(item.side, _body_region(item)))
    return ", ".join(parts)


def schedule_sentence(item) -> str:
    """How often, in the dosage sentence's words: "twice a day, 3 days a week, with a day off
    between" (the FHIR export's timing says it so)."""
    return ", ".join(
        [_times_a_day(item.times_per_day), _days_a_week(item.days_per_week, loaded=_loaded(item))]
    )


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
