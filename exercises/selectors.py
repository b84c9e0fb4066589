"""Reads of the exercise library: what the library page lists and what the program builder's
picker offers, through one filter (``ExerciseQuerySet.matching``) so the two never disagree."""

from dataclasses import dataclass

from exercises.models import Exercise


def library_exercises(**filters):
    """Active exercises matching the library's filters (``ExerciseQuerySet.matching``; an empty
    value means "any"), by name. Archived exercises are never offered."""
    return Exercise.objects.active().matching(**filters).order_by("name")


@dataclass(frozen=True)
class LibraryMatches:
    exercises: list[Exercise]
    total: int

    @property
    def more(self) -> int:
        """How many matched beyond those shown."""
        return self.total - len(self.exercises)


def first_library_matches(filters: dict, *, limit: int) -> LibraryMatches:
    """The first ``limit`` library exercises matching ``filters`` and how many matched in all:
    one query, and a count only when there are more than ``limit``."""
    matches = library_exercises(**filters)
    found = list(matches[: limit + 1])
    total = len(found) if len(found) <= limit else matches.count()
    return LibraryMatches(found[:limit], total)
