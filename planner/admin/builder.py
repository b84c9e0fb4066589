"""The program builder on a program's page: the library picker above the rows, and the usual
dosage a new row takes when its exercise is chosen in the row itself. The rows are reordered by
django-admin-sortable2 and static/js/program-builder.js (ProgramAdmin, ProgramExerciseInline)."""

import json

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse

from exercises.dosage import usual_dosage
from exercises.selectors import first_library_matches, library_exercises
from planner.admin.forms import ExercisePickerForm

PICKER_URL = "planner_program_picker"
DOSAGE_URL = "planner_program_usual_dosage"
# The picker's own <form>, outside the program's (forms do not nest); its boxes point at it.
PICKER_FORM_ID = "exercise-picker-form"
# Enough to choose from at a glance; the picker says how many more matched.
PICKER_LIMIT = 30


class ProgramBuilderAdmin:
    """ProgramAdmin's picker (``picker/``: an HTML fragment of library exercises) and the usual
    dosage of one exercise (``usual-dosage/?exercise=<id>``: JSON), both for users who may add
    or change programs."""

    def get_urls(self):
        return [
            path("picker/", self.admin_site.admin_view(self.picker_view), name=PICKER_URL),
            path(
                "usual-dosage/",
                self.admin_site.admin_view(self.usual_dosage_view),
                name=DOSAGE_URL,
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # rows_inline.html shows the picker where rows may be added.
        context.update(
            picker_form=ExercisePickerForm(form_id=PICKER_FORM_ID),
            picker_form_id=PICKER_FORM_ID,
            picker_url=reverse(f"admin:{PICKER_URL}"),
            usual_dosage_url=reverse(f"admin:{DOSAGE_URL}"),
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _check_builder(self, request):
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied("Your account may not build programs.")
        return None

    def picker_view(self, request):
        refused = self._check_builder(request)
        if refused:
            return refused
        form = ExercisePickerForm(request.GET)
        # Filters that do not validate (a hand-edited address) are dropped, as on the library.
        filters = {k: v for k, v in form.cleaned_data.items() if v} if form.is_valid() else {}
        matches = first_library_matches(filters, limit=PICKER_LIMIT)
        # Each result carries its usual dosage for the script to fill a new row with.
        results = [(e, json.dumps(usual_dosage(e))) for e in matches.exercises]
        return TemplateResponse(
            request,
            "admin/planner/program/picker_results.html",
            {"matches": matches, "results": results, "filtered": bool(filters)},
        )

    def usual_dosage_view(self, request):
        refused = self._check_builder(request)
        if refused:
            return refused
        exercise_id = request.GET.get("exercise", "")
        if not exercise_id.isdigit():
            raise Http404("Choose an exercise.")
        exercise = get_object_or_404(library_exercises(), pk=int(exercise_id))
        return JsonResponse(usual_dosage(exercise))
