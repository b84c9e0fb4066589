"""The library as a sheet a clinical lead can read and sign off outside the code: every exercise
with its atrophy types, kind, region, load, hard stops, cautions and easier and harder versions,
and every screening condition with its group, region, overwork rules, standard codes and
patient-facing explanation, as the database holds them now.

``review_rows`` is the one source of the sheet's rows, read in a fixed number of queries;
``write_review_csv`` writes them as CSV and ``review_pdf.build_review_pdf`` lays them out as a
PDF, so the two formats cannot disagree. Both leave "Reviewed by" and "Comments" for the reviewer.
"""

import csv
from collections import Counter
from collections.abc import Iterator

from exercises.models import AtrophyKind, Condition, Exercise

COLUMNS = [
    "Record",
    "Slug",
    "Name",
    "Active",
    "Atrophy types",
    "Kind",
    "Assistance",
    "Body region",
    "Equipment",
    "Load",
    "Usual dosage",
    "Hard stops",
    "Cautions",
    "Easier versions",
    "Harder versions",
    "Rule for moving on",
    "Condition group",
    "Region (condition)",
    "Overwork rules",
    "Used in screening",
    "Codes",
    "Explanation or summary",
    "Steps",
    "Precautions",
    "Source",
    "Reviewed by",
    "Comments",
]

EXERCISE = "Exercise"
CONDITION = "Condition"


def _names(items, inactive: str) -> str:
    """Names in alphabetical order; one no longer in use is marked with ``inactive``, since a
    reviewer should ask why it is still linked."""
    return "; ".join(
        sorted(item.name if item.is_active else f"{item.name} ({inactive})" for item in items)
    )


def _count(number: int) -> str:
    return f"{number} exercise" if number == 1 else f"{number} exercises"


def _used_in_screening(hard_stops: int, cautions: int) -> str:
    """ "hard stop for 3 exercises; caution for 1 exercise", or that no exercise names it."""
    uses = []
    if hard_stops:
        uses.append(f"hard stop for {_count(hard_stops)}")
    if cautions:
        uses.append(f"caution for {_count(cautions)}")
    return "; ".join(uses) or "not used by any exercise"


def _overwork_rules(condition: Condition) -> str:
    rules = []
    if condition.overwork_risk:
        rules.append("overwork guard")
    if condition.eccentric_risk:
        rules.append("no heavy slow lowering")
    return "; ".join(rules)


def _codes(condition: Condition) -> str:
    """ "ICD-10-CM I95.1; SNOMED CT 28651003", the codes a FHIR export sends; "" for none."""
    codes = [("ICD-10-CM", condition.icd10_code), ("SNOMED CT", condition.snomed_code)]
    return "; ".join(f"{system} {code}" for system, code in codes if code)


def _atrophy_type(condition: Condition) -> str:
    """The atrophy type a condition group stands for (neurogenic, pathologic), in the words the
    exercises' "Atrophy types" use; "" for groups that are not an atrophy type (pool, skin)."""
    return AtrophyKind(condition.group).label if condition.group in AtrophyKind.values else ""


def review_rows() -> Iterator[dict[str, str]]:
    """One row per exercise (active first, by name), then one per condition (by group, name)."""
    exercises = list(
        Exercise.objects.prefetch_related(
            "atrophy_types",
            "contraindications",
            "cautions",
            "easier_versions",
            "harder_versions",
        ).order_by("-is_active", "name")
    )
    hard_stop_for, caution_for = Counter(), Counter()
    for exercise in exercises:
        hard_stop_for.update(c.pk for c in exercise.contraindications.all())
        caution_for.update(c.pk for c in exercise.cautions.all())
        yield {
            "Record": EXERCISE,
            "Slug": exercise.slug,
            "Name": exercise.name,
            "Active": "yes" if exercise.is_active else "archived",
            "Atrophy types": "; ".join(
                sorted(t.get_code_display() for t in exercise.atrophy_types.all())
            ),
            "Kind": exercise.get_category_display(),
            "Assistance": exercise.get_assistance_display(),
            "Body region": exercise.get_body_region_display(),
            "Equipment": exercise.text().equipment,
            "Load": exercise.get_load_display(),
            "Usual dosage": exercise.default_dosage_sentence,
            "Hard stops": _names(exercise.contraindications.all(), "not screened for"),
            "Cautions": _names(exercise.cautions.all(), "not screened for"),
            "Easier versions": _names(exercise.easier_versions.all(), "archived"),
            "Harder versions": _names(exercise.harder_versions.all(), "archived"),
            "Rule for moving on": exercise.progress_rule,
            "Explanation or summary": exercise.summary,
            "Steps": "\n".join(f"{n}. {step}" for n, step in enumerate(exercise.steps, 1)),
            "Precautions": exercise.precautions,
            "Source": exercise.source,
        }
    for condition in Condition.objects.order_by("group", "name"):
        yield {
            "Record": CONDITION,
            "Slug": condition.slug,
            "Name": condition.name,
            "Active": "yes" if condition.is_active else "no",
            "Atrophy types": _atrophy_type(condition),
            "Condition group": condition.get_group_display(),
            "Region (condition)": condition.get_region_display(),
            "Overwork rules": _overwork_rules(condition),
            "Used in screening": _used_in_screening(
                hard_stop_for[condition.pk], caution_for[condition.pk]
            ),
            "Codes": _codes(condition),
            "Explanation or summary": condition.explanation,
        }


def write_review_csv(stream) -> int:
    """Write the sheet to a text ``stream``; the number of rows written (header not counted)."""
    writer = csv.DictWriter(stream, fieldnames=COLUMNS, restval="")
    writer.writeheader()
    count = 0
    for row in review_rows():
        writer.writerow(row)
        count += 1
    return count
