"""The library as a sheet a clinical lead can read and sign off outside the code: every exercise
with its atrophy types, kind, region, equipment, hard stops and cautions, and every screening
condition with its group and patient-facing explanation, as the database holds them now.

``review_rows`` reads them in a fixed number of queries; ``write_review_csv`` writes them with
empty "Reviewed by" and "Comments" columns for the reviewer.
"""

import csv
from collections.abc import Iterator

from exercises.models import Condition, Exercise

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
    "Usual dosage",
    "Hard stops",
    "Cautions",
    "Condition group",
    "Explanation or summary",
    "Steps",
    "Precautions",
    "Source",
    "Reviewed by",
    "Comments",
]


def _names(items) -> str:
    return "; ".join(sorted(item.name for item in items))


def review_rows() -> Iterator[dict[str, str]]:
    """One row per exercise (active first, by name), then one per condition (by group, name)."""
    exercises = Exercise.objects.prefetch_related(
        "atrophy_types", "contraindications", "cautions"
    ).order_by("-is_active", "name")
    for exercise in exercises:
        yield {
            "Record": "Exercise",
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
            "Usual dosage": exercise.default_dosage_sentence,
            "Hard stops": _names(exercise.contraindications.all()),
            "Cautions": _names(exercise.cautions.all()),
            "Explanation or summary": exercise.summary,
            "Steps": "\n".join(f"{n}. {step}" for n, step in enumerate(exercise.steps, 1)),
            "Precautions": exercise.precautions,
            "Source": exercise.source,
        }
    for condition in Condition.objects.order_by("group", "name"):
        yield {
            "Record": "Condition",
            "Slug": condition.slug,
            "Name": condition.name,
            "Active": "yes" if condition.is_active else "no",
            "Condition group": condition.get_group_display(),
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
