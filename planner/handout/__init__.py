"""The printed home exercise handout. Every handout is made here.

``render_handout(assignment)`` is the entry point: it loads everything through the handout
selectors into plain data (``data.load_handout``), then lays the PDF out (``layout.build_handout``).
The second half touches no database, no request and no settings, so ``print_handouts`` can run it
in worker processes. Nothing here writes: callers record the audit event.

The rooms: ``data`` (what a handout shows), ``styles`` (its paragraph styles), ``flowables``
(what we draw ourselves), ``layout`` (the sections and pages) and ``progress_page`` (the optional
last page of charts). Fonts, and escaping every
string a person typed before it reaches reportlab markup, are in ``core.fonts``, shared with the
library review sheet.
"""

from planner.handout.data import (
    LANGUAGES,
    HandoutData,
    HandoutError,
    check_language,
    handout_language,
    load_handout,
    load_handouts,
    load_handouts_by_pk,
)
from planner.handout.layout import build_handout
from planner.models import Assignment

__all__ = [
    "LANGUAGES",
    "HandoutData",
    "HandoutError",
    "build_handout",
    "check_language",
    "handout_language",
    "load_handout",
    "load_handouts",
    "load_handouts_by_pk",
    "render_handout",
    "render_handouts",
]


def render_handout(
    assignment: Assignment, *, large_print=False, language=None, progress=False
) -> bytes:
    """The PDF handout for one assignment; ``progress`` adds the "Your progress" page."""
    data = load_handout(assignment, language=language, progress=progress)
    return build_handout(data, large_print=large_print or data.large_print)


def render_handouts(
    assignments: list[Assignment], *, large_print=False, language=None, progress=False
) -> list[bytes]:
    """``render_handout`` for each of ``assignments``, read together (``load_handouts``)."""
    loaded = load_handouts(assignments, language=language, progress=progress)
    return [build_handout(data, large_print=large_print or data.large_print) for data in loaded]
