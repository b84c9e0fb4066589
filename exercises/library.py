"""Load the exercise library from its reviewable data file into the database.

The file (``exercises/data/library.yaml``) is the source of truth for the library's wording. Loading
is idempotent and safe on a live database: rows are matched by slug and updated in place, nothing is
duplicated, and nothing is deleted (programs may use an exercise that left the file; a therapist
archives it in the admin instead).
"""

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import IntegrityError, models, transaction

from exercises import rules
from exercises.dosage import DOSAGE_FIELDS
from exercises.drawing import validate_pose
from exercises.models import (
    AtrophyType,
    Condition,
    Exercise,
    Load,
    validate_icd10_cm,
    validate_snomed_ct,
)
from exercises.translations import (
    CONDITION_TEXT_FIELDS,
    EXERCISE_TEXT_FIELDS,
    translated_languages,
)

LIBRARY_PATH = Path(__file__).resolve().parent / "data" / "library.yaml"

# The file's dosage keys and the Exercise fields they fill.
_DOSAGE_FIELDS = {name: f"default_{name}" for name in DOSAGE_FIELDS}
_EXERCISE_TEXT_FIELDS = [
    "name",
    "summary",
    "category",
    "assistance",
    "body_region",
    "equipment",
    "equipment_note",
    "precautions",
    "progress_rule",
]


class LibraryError(Exception):
    """The data file cannot be loaded; the message says where and why."""


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    not_in_file: list[str] = field(default_factory=list)

    def summary(self, noun: str) -> str:
        text = (
            f"{noun}: {len(self.created)} created, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged"
        )
        if self.not_in_file:
            text += f", {len(self.not_in_file)} in the database but not in the file (left as is)"
        return text


def read_library(path: Path = LIBRARY_PATH) -> dict:
    try:
        # The C loader, when PyYAML was built with libyaml, is several times faster.
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        data = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=loader)  # noqa: S506
    except OSError as exc:
        raise LibraryError(f"Cannot read {path}: {exc.strerror}.") from exc
    except yaml.YAMLError as exc:
        raise LibraryError(f"{path} is not valid YAML: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("exercises"), list):
        raise LibraryError(f"{path} must have a top-level 'exercises' list.")
    data.setdefault("conditions", [])
    data.setdefault("meta", {})
    return data


@lru_cache(maxsize=1)
def review_notice() -> str:
    """The library's own statement of what it is and who must review it (shown when browsing)."""
    return read_library()["meta"].get("review_notice", "")


def source_citations(data: dict) -> dict[str, str]:
    return {s["key"]: s["citation"] for s in data["meta"].get("sources", [])}


def _exercise_values(entry: dict, citations: dict[str, str]) -> dict:
    where = f"exercise {entry.get('slug', '?')!r}"
    steps = entry.get("steps")
    if (
        not isinstance(steps, list)
        or not rules.step_count_allowed(steps)
        or not all(isinstance(s, str) and s.strip() for s in steps)
    ):
        raise LibraryError(
            f"{where}: 'steps' must be {rules.MIN_STEPS} to {rules.MAX_STEPS} non-empty lines."
        )
    steps = [s.strip() for s in steps]
    too_long = rules.overlong_steps(steps)
    if too_long:
        numbers = ", ".join(map(str, too_long))
        raise LibraryError(
            f"{where}: step {numbers} is longer than {rules.MAX_STEP_LENGTH} characters; "
            "shorten it."
        )
    in_steps = rules.dosage_in_steps(steps)
    if in_steps:
        named = rules.quote_steps(steps, in_steps)
        raise LibraryError(f"{where}: {rules.DOSAGE_IN_STEP % {'steps': named}}")
    dosage = entry.get("dosage") or {}
    unknown = set(dosage) - set(_DOSAGE_FIELDS)
    if unknown:
        raise LibraryError(f"{where}: unknown dosage fields {sorted(unknown)}.")
    values = {name: entry.get(name) or "" for name in _EXERCISE_TEXT_FIELDS}
    values["steps"] = steps
    values["pose"] = entry.get("pose") or {}
    if values["pose"]:
        problem = validate_pose(values["pose"])
        if problem:
            raise LibraryError(f"{where}: pose: {problem}")
    values["load"] = entry.get("load")
    if values["load"] not in Load.values:
        raise LibraryError(f"{where}: 'load' must be one of {', '.join(Load.values)}.")
    load = rules.load_problem(
        category=entry.get("category"), equipment=entry.get("equipment"), load=values["load"]
    )
    if load:
        raise LibraryError(f"{where}: {load}")
    if entry.get("harder") and not values["progress_rule"].strip():
        raise LibraryError(f"{where}: {rules.PROGRESS_RULE_NEEDED}")
    for key, model_field in _DOSAGE_FIELDS.items():
        if dosage.get(key) is not None:
            values[model_field] = dosage[key]
        else:  # left out of the file: the model's default, or empty where a dosage may be
            values[model_field] = Exercise._meta.get_field(model_field).get_default()
    device = entry.get("device") or {}
    if rules.device_missing(category=entry.get("category"), device=device.get("name")):
        raise LibraryError(f"{where}: {rules.DEVICE_REQUIRED}")
    values["device"] = device.get("name", "")
    values["device_worn_during"] = device.get("worn_during")
    values["wear_schedule"] = device.get("wear_schedule", "")
    values["skin_check"] = device.get("skin_check", "")
    source = entry.get("source", "")
    if source and source not in citations:
        raise LibraryError(f"{where}: source {source!r} is not listed under meta.sources.")
    values["source"] = citations.get(source, "")
    values["translations"] = {
        language: _exercise_translation(entry, values, language, where)
        for language in translated_languages()
    }
    return values


# Where each translated Exercise field sits in an entry's language block.
_DEVICE_KEYS = {"device": "name", "wear_schedule": "wear_schedule", "skin_check": "skin_check"}


def _exercise_translation(entry: dict, english: dict, language: str, where: str) -> dict:
    """The ``language`` block of an exercise entry as the Exercise's translation: it must give
    every text the English gives, and nothing the English lacks, under the English's rules."""
    block = entry.get(language)
    if not isinstance(block, dict):
        raise LibraryError(f"{where}: no {language!r} block; every text needs its translation.")
    device = block.get("device") or {}
    if not isinstance(device, dict):
        raise LibraryError(f"{where}: {language}: 'device' is a block of name, wear_schedule, …")
    top_level = {*EXERCISE_TEXT_FIELDS} - _DEVICE_KEYS.keys() | {"device"}
    unknown = (set(block) - top_level) | (set(device) - set(_DEVICE_KEYS.values()))
    if unknown:
        raise LibraryError(f"{where}: {language}: unknown keys {sorted(unknown)}.")
    words = {}
    for name in EXERCISE_TEXT_FIELDS:
        value = device.get(_DEVICE_KEYS[name]) if name in _DEVICE_KEYS else block.get(name)
        words[name] = _translated_text(value, english[name], f"{where}: {language}: {name!r}")
    steps = words["steps"]
    if len(steps) != len(english["steps"]):
        raise LibraryError(
            f"{where}: {language}: {len(steps)} steps for the English's {len(english['steps'])}; "
            "a translation gives each step once, in the same order."
        )
    too_long = rules.overlong_steps(steps)
    if too_long:
        raise LibraryError(
            f"{where}: {language}: step {', '.join(map(str, too_long))} is longer than "
            f"{rules.MAX_STEP_LENGTH} characters; shorten it."
        )
    in_steps = rules.dosage_in_steps(steps)
    if in_steps:
        named = rules.quote_steps(steps, in_steps)
        raise LibraryError(f"{where}: {language}: {rules.DOSAGE_IN_STEP % {'steps': named}}")
    _check_translated_lengths(Exercise, words, f"{where}: {language}")
    return words


def _translated_text(value, english, where: str):
    """A translated text (or list of steps), present exactly when the English is."""
    if isinstance(english, list):
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise LibraryError(f"{where}: a list of non-empty lines, as the English has.")
        return [v.strip() for v in value]
    if not english:
        if value:
            raise LibraryError(f"{where}: the English has none; leave it out.")
        return ""
    if not isinstance(value, str) or not value.strip():
        raise LibraryError(f"{where}: missing; every text the English gives needs its translation.")
    return value.strip()


def _check_translated_lengths(model, words: dict, where: str) -> None:
    """A translation keeps to the English field's length limit (the handout and the portal are
    laid out for it)."""
    for name, value in words.items():
        limit = model._meta.get_field(name).max_length
        if isinstance(value, str) and limit and len(value) > limit:
            raise LibraryError(f"{where}: {name!r} is {len(value)} characters; at most {limit}.")


# A condition's ``codes`` keys, the field each fills and the check it passes.
_CODES = {
    "icd10": ("icd10_code", validate_icd10_cm),
    "snomed": ("snomed_code", validate_snomed_ct),
}


def _condition_codes(entry: dict, where: str) -> dict:
    """The ``codes`` block as the Condition's code fields; both empty when it is left out, so
    codes taken out of the file are taken out of the database too."""
    codes = entry.get("codes") or {}
    if not isinstance(codes, dict):
        raise LibraryError(f"{where}: 'codes' is a block of icd10 and snomed.")
    unknown = set(codes) - set(_CODES)
    if unknown:
        raise LibraryError(f"{where}: codes: unknown keys {sorted(unknown)}; give icd10, snomed.")
    values = {}
    for key, (name, validate) in _CODES.items():
        code = "" if codes.get(key) is None else codes[key]  # "icd10:" with nothing: no code
        # Refused rather than converted: YAML reads an unquoted code as a number, and 0123456
        # as the octal 42798, so a number may have lost its digits by the time it gets here.
        if not isinstance(code, str):
            raise LibraryError(
                f'{where}: codes: {key} {code!r} must be quoted ("{code}"), so YAML keeps it as '
                "written."
            )
        if code:
            try:
                validate(code)
            except ValidationError as exc:
                raise LibraryError(f"{where}: codes: {key} {code!r}: {exc.messages[0]}") from exc
        values[name] = code
    return values


def _condition_translations(entry: dict, english: dict, where: str) -> dict:
    translations = {}
    for language in translated_languages():
        block = entry.get(language)
        if not isinstance(block, dict):
            raise LibraryError(f"{where}: no {language!r} block; every text needs its translation.")
        if "codes" in block:
            raise LibraryError(
                f"{where}: {language}: codes are the same in every language; give them once, "
                "beside the English."
            )
        unknown = set(block) - set(CONDITION_TEXT_FIELDS)
        if unknown:
            raise LibraryError(f"{where}: {language}: unknown keys {sorted(unknown)}.")
        words = {
            name: _translated_text(block.get(name), english[name], f"{where}: {language}: {name!r}")
            for name in CONDITION_TEXT_FIELDS
        }
        _check_translated_lengths(Condition, words, f"{where}: {language}")
        translations[language] = words
    return translations


def _check_unique_translated_names(rows, noun: str) -> None:
    """Names are unique in every language, as the English ones are (a patient tells two
    exercises apart by name)."""
    for language in translated_languages():
        seen = {}
        for row in rows:
            name = row.translations[language]["name"]
            if name.casefold() in seen:
                raise LibraryError(
                    f"{noun} {row.slug!r}: its {language} name {name!r} is also "
                    f"{seen[name.casefold()]!r}'s."
                )
            seen[name.casefold()] = row.slug


def _save_if_changed(model, existing: dict, slug: str, values: dict, report: LoadReport):
    obj = existing.get(slug)
    if obj is None:
        obj = model(slug=slug, **values)
        action = report.created
    else:
        changed = {k: v for k, v in values.items() if getattr(obj, k) != v}
        if not changed:
            report.unchanged.append(slug)
            return obj
        for key, value in changed.items():
            setattr(obj, key, value)
        # A new revision, as an editor's save makes: what keeps a copy of its words (the
        # portal's kept plan sections) knows them changed.
        obj.revision += 1
        action = report.updated
    where = f"{model._meta.verbose_name} {slug!r}"
    try:
        # Choices and lengths are checked here; ranges and uniqueness by the database's own
        # constraints just below (checking them here too would cost a query each).
        obj.full_clean(exclude=["image"], validate_unique=False, validate_constraints=False)
        _check_text_lengths(obj)
    except ValidationError as exc:
        details = "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
        raise LibraryError(f"{where}: {details}") from exc
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as exc:
        raise LibraryError(f"{where}: the database refused it ({exc}).") from exc
    action.append(slug)
    return obj


def _check_text_lengths(obj) -> None:
    """``full_clean`` checks a CharField's length; a TextField's ``max_length`` only forms do."""
    errors = {}
    for model_field in obj._meta.concrete_fields:
        if isinstance(model_field, models.TextField) and model_field.max_length:
            try:
                MaxLengthValidator(model_field.max_length)(getattr(obj, model_field.attname) or "")
            except ValidationError as exc:
                errors[model_field.name] = exc.messages
    if errors:
        raise ValidationError(errors)


def _sync_m2m(obj, name: str, wanted, report: LoadReport, *, new: bool) -> None:
    manager = getattr(obj, name)
    wanted_ids = {o.pk for o in wanted}
    if new:
        manager.add(*wanted_ids)
        return
    if {o.pk for o in manager.all()} != wanted_ids:  # read from the prefetch cache
        manager.set(wanted_ids)
        if obj.slug in report.unchanged:
            report.unchanged.remove(obj.slug)
            report.updated.append(obj.slug)


@transaction.atomic
def load_library(path: Path = LIBRARY_PATH) -> tuple[LoadReport, LoadReport]:
    """Create or update every condition and exercise in the file. All or nothing."""
    data = read_library(path)
    citations = source_citations(data)
    conditions_report, exercises_report = LoadReport(), LoadReport()

    existing_conditions = Condition.objects.in_bulk(field_name="slug")
    conditions = {}
    for entry in data["conditions"]:
        slug = entry.get("slug")
        if not slug:
            raise LibraryError("Every condition needs a slug.")
        values = {k: entry.get(k) or "" for k in ("name", "group", "explanation", "region")}
        for flag in ("overwork_risk", "eccentric_risk"):
            if not isinstance(entry.get(flag, False), bool):
                raise LibraryError(f"condition {slug!r}: '{flag}' is true or false.")
            values[flag] = entry.get(flag, False)
        values.update(_condition_codes(entry, f"condition {slug!r}"))
        values["translations"] = _condition_translations(entry, values, f"condition {slug!r}")
        conditions[slug] = _save_if_changed(
            Condition, existing_conditions, slug, values, conditions_report
        )
    _check_unique_translated_names(conditions.values(), "condition")
    conditions_report.not_in_file = list(
        Condition.objects.exclude(slug__in=conditions).values_list("slug", flat=True)
    )

    types = {t.code: t for t in AtrophyType.objects.all()}
    existing = Exercise.objects.prefetch_related(
        "atrophy_types", "contraindications", "cautions", "harder_versions"
    ).in_bulk(field_name="slug")
    seen, loaded = set(), {}
    for entry in data["exercises"]:
        slug = entry.get("slug")
        if not slug:
            raise LibraryError("Every exercise needs a slug.")
        if slug in seen:
            raise LibraryError(f"exercise {slug!r} appears twice in the file.")
        seen.add(slug)
        exercise = _save_if_changed(
            Exercise, existing, slug, _exercise_values(entry, citations), exercises_report
        )
        new = slug not in existing
        try:
            wanted_types = [types[code] for code in entry.get("atrophy_types", [])]
            hard_stops = [conditions[s] for s in entry.get("contraindications", [])]
            cautions = [conditions[s] for s in entry.get("cautions", [])]
        except KeyError as exc:
            raise LibraryError(
                f"exercise {slug!r}: unknown atrophy type or condition {exc}."
            ) from None
        if not wanted_types:
            raise LibraryError(f"exercise {slug!r}: list at least one atrophy type.")
        _check_regions(exercise, hard_stops + cautions)
        _sync_m2m(exercise, "atrophy_types", wanted_types, exercises_report, new=new)
        _sync_m2m(exercise, "contraindications", hard_stops, exercises_report, new=new)
        _sync_m2m(exercise, "cautions", cautions, exercises_report, new=new)
        loaded[slug] = (exercise, new)
    _check_unique_translated_names([e for e, _ in loaded.values()], "exercise")
    _link_versions(data["exercises"], loaded, exercises_report)
    exercises_report.not_in_file = list(
        Exercise.objects.exclude(slug__in=seen).values_list("slug", flat=True)
    )
    return conditions_report, exercises_report


def _check_regions(exercise: Exercise, conditions: list[Condition]) -> None:
    """A condition of one part of the body listed on an exercise of another would never apply:
    screening skips it there (``Condition.concerns``), so the file must not pretend otherwise."""
    for condition in conditions:
        if not condition.concerns(exercise.body_region):
            raise LibraryError(
                f"exercise {exercise.slug!r}: {condition.slug!r} is about the "
                f"{condition.get_region_display().lower()}, not the "
                f"{exercise.get_body_region_display().lower()}."
            )


def _link_versions(entries: list[dict], loaded: dict, report: LoadReport) -> None:
    """Each exercise's harder versions, once every exercise exists; a chain may not loop, and a
    harder version suits everyone its easier version suits (the handout offers it to them)."""
    harder = {entry["slug"]: list(entry.get("harder") or []) for entry in entries}
    types = {entry["slug"]: set(entry.get("atrophy_types") or []) for entry in entries}
    for slug, steps_up in harder.items():
        unknown = [s for s in steps_up if s not in loaded]
        if unknown:
            raise LibraryError(f"exercise {slug!r}: unknown harder version {unknown[0]!r}.")
        if slug in _reachable(slug, harder):
            raise LibraryError(
                f"exercise {slug!r}: its harder versions lead back to it; a chain must go one way."
            )
        for step_up in steps_up:
            missing = sorted(types[slug] - types[step_up])
            if missing:
                raise LibraryError(
                    f"exercise {slug!r}: its harder version {step_up!r} is not tagged for "
                    f"{', '.join(missing)}; a harder version must suit every atrophy type its "
                    "easier version suits."
                )
    for slug, (exercise, new) in loaded.items():
        wanted = [loaded[s][0] for s in harder[slug]]
        _sync_m2m(exercise, "harder_versions", wanted, report, new=new)


def _reachable(start: str, harder: dict[str, list[str]]) -> set[str]:
    seen, todo = set(), list(harder[start])
    while todo:
        slug = todo.pop()
        if slug not in seen:
            seen.add(slug)
            todo.extend(harder.get(slug, []))
    return seen
