"""Swapping a program row's exercise for an easier or harder version of it: the links in the
rows' "Easier / harder" column, and the page that confirms the swap
(planner.services.programs.swap_row_exercise does it)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from exercises.models import Exercise
from planner.services import programs as program_services

URL_NAME = "planner_program_swap"

# Each row's exercise with its active versions, read once for all the rows of a program page.
VERSION_PREFETCHES = [
    Prefetch(
        f"exercise__{relation}",
        queryset=Exercise.objects.active(),
        to_attr=f"active_{relation}",
    )
    for relation in ("easier_versions", "harder_versions")
]


def swap_url(row, version: Exercise) -> str:
    return reverse(f"admin:{URL_NAME}", args=[row.program_id, row.pk, version.pk])


def _active_versions(exercise: Exercise, relation: str) -> list[Exercise]:
    prefetched = getattr(exercise, f"active_{relation}", None)
    if prefetched is not None:
        return prefetched
    # A row the page did not load itself (a form sent back with errors): one query, rarely.
    return list(getattr(exercise, relation).active())


def version_links(row) -> str:
    """A link per active version of a saved row's exercise, "Easier: <name>" or
    "Harder: <name>", each to the page that confirms the swap; "—" when there is none."""
    if row.pk is None or row.exercise_id is None:
        return "—"
    links = [
        (swap_url(row, version), f"{label}: {version.name}")
        for label, relation in (("Easier", "easier_versions"), ("Harder", "harder_versions"))
        for version in _active_versions(row.exercise, relation)
    ]
    if not links:
        return "—"
    return format_html(
        '<ul class="swap-versions">{}</ul>',
        format_html_join("", '<li><a href="{}">{}</a></li>', links),
    )


class RowSwapAdmin:
    """ProgramAdmin's page at ``<program>/rows/<row>/swap/<exercise>/``: GET shows the row and
    the version it would become, POST swaps. A program outside the user's scope is a 404, as on
    the admin's other pages of our own; one they may see but not change (a plan handed to a
    patient, a colleague's shared template) sends them back to it with the reason."""

    def get_urls(self):
        return [
            path(
                "<int:program_id>/rows/<int:row_id>/swap/<int:exercise_id>/",
                self.admin_site.admin_view(self.swap_view),
                name=URL_NAME,
            ),
            *super().get_urls(),
        ]

    def swap_view(self, request, program_id, row_id, exercise_id):
        if request.method not in ("GET", "POST"):
            return HttpResponseNotAllowed(["GET", "POST"])
        program = self.get_scoped_object_or_404(request, program_id)
        row = get_object_or_404(program.items.select_related("exercise"), pk=row_id)
        to = get_object_or_404(Exercise, pk=exercise_id)
        change_url = reverse("admin:planner_program_change", args=[program.pk])
        try:
            program_services.check_program_editable(program=program, by=request.user)
            if not self.has_change_permission(request, program):
                raise PermissionDenied("Your account may look at programs but not change them.")
            direction = program_services.version_direction(current=row.exercise, to=to)
            if request.method == "POST":
                was = row.exercise
                row = program_services.swap_row_exercise(row=row, to=to, by=request.user)
        except (PermissionDenied, ValidationError) as exc:
            self.message_user(request, _reason(exc), messages.ERROR)
            return HttpResponseRedirect(change_url)
        if request.method == "POST":
            self.message_user(
                request,
                f"Row {row.position} is now “{to}” (was “{was}”). The dosage is kept: check it "
                f"suits “{to}”: {row.dosage_sentence}.",
                messages.SUCCESS,
            )
            return HttpResponseRedirect(change_url)
        self.record_viewed(request, program)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Swap for the {direction} version",
            "program": program,
            "row": row,
            "to": to,
            "direction": direction,
            # The rule for moving on belongs to the easier of the two.
            "easier": row.exercise if direction == "harder" else to,
            "also_at": list(program.items.filter(exercise=to).values_list("position", flat=True)),
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/planner/program/swap_confirmation.html", context)


def _reason(exc) -> str:
    return " ".join(getattr(exc, "messages", None) or [str(exc)])
