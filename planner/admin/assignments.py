"""Assignments: the assign wizard with its screening review, the plan page, revising and
printing."""

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_GET

from core.revisions import EditConflictAdmin
from exercises.models import Exercise
from planner import services
from planner.admin.actions import ActionReport
from planner.admin.fhir import fhir_response
from planner.admin.forms import AssignForm, ConfirmAssignForm
from planner.admin.voiding import VoidableAdmin
from planner.models import Assignment, AuditAction, ClinicProfile
from planner.responses import pdf_response
from planner.screening import screen_program, screening_gate, stored_screening
from planner.selectors import plans as selectors
from planner.selectors.choices import program_choices
from planner.selectors.swaps import swap_candidates
from planner.services.assignments import note_status_change
from planner.services.audit import record_event
from planner.services.exporting import plan_filename, plans_filename
from planner.services.print_batches import queue_handout_batch
from planner.services.printing import handout_filename

# The most plans the list's action exports in one request.
FHIR_ACTION_LIMIT = 50


def _change_url(assignment_or_pk) -> str:
    pk = getattr(assignment_or_pk, "pk", assignment_or_pk)
    return reverse("admin:planner_assignment_change", args=[pk])


@admin.register(Assignment)
class AssignmentAdmin(EditConflictAdmin, VoidableAdmin):
    list_display = ["program", "patient", "version", "status", "starts_on", "ends_on", "overridden"]
    # No date_hierarchy: its links list the distinct months among every plan in scope (a scan
    # of every row); the "starts on" filter (past 7 days, this month...) reads none.
    list_filter = ["status", "starts_on"]
    list_select_related = ["program", "patient"]
    search_fields = ["patient__display_name", "program__title"]
    fields = [
        "patient",
        "program",
        "version",
        "status",
        "starts_on",
        "ends_on",
        "assigned_by",
        "plan",
        "screening_summary",
        "override_reason",
        "override_instruction",
        "history",
    ]
    readonly_fields = [
        "patient",
        "program",
        "version",
        "starts_on",
        "assigned_by",
        "plan",
        "screening_summary",
        "override_reason",
        "override_instruction",
        "history",
    ]
    change_form_template = "admin/planner/assignment/change_form.html"
    actions = ["print_handouts", "export_fhir", "void_selected"]

    @admin.action(description="Print handouts for the selected plans (one PDF)")
    def print_handouts(self, request, queryset):
        report = ActionReport(self, request, queryset)
        assignments = []
        for assignment in queryset.order_by("patient__display_name", "pk"):
            if assignment.is_voided:
                report.skip(assignment, "Voided as entered in error, so not printed")
            else:
                assignments.append(assignment)
        # What was left out; with a PDF to download, the list shows it when next opened.
        report.send("Printed")
        if not assignments:
            self.message_user(request, "Nothing was printed.", messages.WARNING)
            return None
        large_print = request.POST.get("large_print") == "1"
        if len(assignments) >= settings.HANDOUT_BACKGROUND_FROM:
            # Seconds of work (about 0.1 s a plan): a job prints it, the front page offers it.
            queue_handout_batch(assignments=assignments, by=request.user, large_print=large_print)
            self.message_user(
                request,
                format_html(
                    'Printing {} handouts. You will see it on your <a href="{}">front page</a> '
                    "when the PDF is ready.",
                    len(assignments),
                    reverse("admin:index"),
                ),
                messages.SUCCESS,
            )
            return None
        pdf = services.print_handouts(
            assignments=assignments, by=request.user, large_print=large_print, via="admin action"
        )
        return pdf_response(pdf, f"handouts-{timezone.localdate():%Y-%m-%d}.pdf")

    @admin.action(description="Export the selected plans as FHIR (one JSON file)")
    def export_fhir(self, request, queryset):
        # Voided plans go too, as "entered in error", so a record system drops what it had.
        count = queryset.count()
        if count > FHIR_ACTION_LIMIT:
            # About 0.2 s a plan with its history: more would keep the page waiting too long.
            self.message_user(
                request,
                f"You ticked {count} plans; one export takes at most {FHIR_ACTION_LIMIT}. "
                "Tick fewer, or export a patient's plans from their page (or with "
                "manage.py export_fhir --patient ID). Nothing was exported.",
                messages.ERROR,
            )
            return None
        return fhir_response(
            request, queryset, filename=plans_filename(), via="admin action", download=True
        )

    @method_decorator(require_GET)
    def fhir_view(self, request, object_id):
        """GET: the plan as a FHIR Bundle (read-only JSON; ``?download=1`` saves it)."""
        assignment = self.get_scoped_object_or_404(request, object_id)
        if not self.has_view_permission(request, assignment):
            raise PermissionDenied  # staff, but not allowed to read plans in the admin
        plans = self.get_queryset(request).filter(pk=assignment.pk)
        return fhir_response(request, plans, filename=plan_filename(assignment), via="admin")

    def handout_view(self, request, object_id):
        assignment = self.get_scoped_object_or_404(request, object_id)
        pdf = services.print_handout(
            assignment=assignment,
            by=request.user,
            large_print=request.GET.get("large_print") == "1",
            progress=request.GET.get("progress") == "1",
            via="admin",
        )
        return pdf_response(pdf, handout_filename(assignment))

    @admin.display(boolean=True, description="Hard stop overridden")
    def overridden(self, obj):
        return bool(obj.override_reason)

    @admin.display(description="Exercises (as handed to the patient)")
    def plan(self, obj):
        items = selectors.plan_items(obj)
        return format_html(
            "<ol>{}</ol>",
            format_html_join(
                "",
                "<li><strong>{}</strong> — {}</li>",
                ((i.given.name, i.dosage_sentence) for i in items),
            ),
        )

    @admin.display(description="Screening")
    def screening_summary(self, obj):
        rows = stored_screening(obj).summary()
        if not rows:
            return "Nothing found."
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}: {}</li>", rows))

    @admin.display(description="Versions and changes")
    def history(self, obj):
        versions = selectors.plan_versions(obj)
        parts = []
        if versions["changes"]:
            parts.append(
                format_html(
                    "<p>Changes from version {}:</p><ul>{}</ul>",
                    versions["previous"].version,
                    format_html_join("", "<li>{}</li>", ((c,) for c in versions["changes"])),
                )
            )
        if versions["earlier"]:
            lines = [
                (_change_url(v), f"Version {v.version}", v.get_status_display())
                for v in versions["earlier"]
            ]
            parts.append(
                format_html(
                    "<p>Earlier versions:</p><ul>{}</ul>",
                    format_html_join("", '<li><a href="{}">{}</a> ({})</li>', lines),
                )
            )
        if versions["replaced_by"] is not None:
            parts.append(
                format_html(
                    '<p>Replaced by <a href="{}">version {}</a>.</p>',
                    _change_url(versions["replaced_by"]),
                    versions["replaced_by"].version,
                )
            )
        return format_html_join("", "{}", ((p,) for p in parts)) if parts else "First version."

    def get_urls(self):
        return [
            path(
                "<int:object_id>/revise/",
                self.admin_site.admin_view(self.revise_view),
                name="planner_assignment_revise",
            ),
            path(
                "<int:object_id>/handout/",
                self.admin_site.admin_view(self.handout_view),
                name="planner_assignment_handout",
            ),
            path(
                "<int:object_id>/fhir/",
                self.admin_site.admin_view(self.fhir_view),
                name="planner_assignment_fhir",
            ),
            *super().get_urls(),
        ]

    def revise_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseRedirect(_change_url(object_id))
        assignment = self.get_scoped_object_or_404(request, object_id)
        if not self.has_change_permission(request, assignment):
            raise PermissionDenied
        try:
            draft = services.start_revision(assignment=assignment, by=request.user)
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
            return HttpResponseRedirect(_change_url(object_id))
        self.message_user(
            request,
            f"This is a draft of version {assignment.version + 1}. Change the exercises, save, "
            "then use “Assign as the next version”. The patient keeps version "
            f"{assignment.version} until then.",
            messages.INFO,
        )
        return HttpResponseRedirect(reverse("admin:planner_program_change", args=[draft.pk]))

    def save_model(self, request, obj, form, change):
        if change and "status" in form.changed_data:
            note_status_change(obj, was=form.initial["status"], today=timezone.localdate())
        super().save_model(request, obj, form, change)
        record_event(request.user, AuditAction.CHANGED, obj, fields=form.changed_data)

    def add_view(self, request, form_url="", extra_context=None):
        """Assigning is a two-step form with a screening review in between, not a plain add."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        user = request.user
        step = request.POST.get("step", "")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Assign a program",
        }
        if request.method != "POST" or step == "edit":
            form = AssignForm(
                request.POST if step == "edit" else None, user=user, initial=request.GET.dict()
            )
            if step == "edit":
                form.errors.clear()  # going back is not a submission
            return self._choose_page(request, context, form)

        # The review step renders the confirmation fields, so it builds the confirming form too;
        # those fields are optional until the therapist confirms.
        form = ConfirmAssignForm(request.POST, user=user)
        if not form.is_valid():
            return self._choose_page(request, context, form)
        program, patient = form.cleaned_data["program"], form.cleaned_data["patient"]
        result = screen_program(program=program, patient=patient)
        blocked, leave_out, swaps = _hard_stop_choices(request.POST, result, program, patient)
        review = {**context, "form": form, "result": result, "program": program, "patient": patient}
        review["blocked"] = blocked
        review["title"] = "Check before assigning"
        review["clinic_phone"] = ClinicProfile.objects.current().phone
        review["not_in_language"] = selectors.not_in_patients_language(program, patient)
        if step not in ("confirm", "confirm_print"):
            return TemplateResponse(request, "admin/planner/assignment/assign_review.html", review)

        reason = form.cleaned_data["override_reason"]
        instruction = form.cleaned_data["override_instruction"]
        confirmed = form.cleaned_data["confirm_precautions"]
        # The plan as it will be handed over: hard stops left out or swapped need no override.
        handed_over = screen_program(
            program=program, patient=patient, leave_out=leave_out, swaps=swaps
        )
        missing = screening_gate(
            handed_over,
            override_reason=reason,
            override_instruction=instruction,
            precautions_confirmed=confirmed,
        )
        for field, message in missing.items():
            form.add_error(field, message)
        if missing:
            return TemplateResponse(request, "admin/planner/assignment/assign_review.html", review)
        try:
            assignment = services.assign_program(
                program=program,
                patient=patient,
                by=user,
                starts_on=form.cleaned_data["starts_on"],
                ends_on=form.cleaned_data["ends_on"],
                override_reason=reason,
                override_instruction=instruction,
                precautions_confirmed=confirmed,
                leave_out=leave_out,
                swaps=swaps,
            )
        except services.ScreeningError:
            # The library or the patient changed between the review and the confirmation.
            form.add_error(None, "Screening changed since you reviewed it; please check again.")
            return TemplateResponse(request, "admin/planner/assignment/assign_review.html", review)
        except ValidationError as exc:
            form.add_error(None, exc)
            return TemplateResponse(request, "admin/planner/assignment/assign_review.html", review)
        resolved = stored_screening(assignment).resolved
        done = "".join(f" {_resolved_sentence(r)}" for r in resolved)
        self.message_user(
            request,
            f"Assigned “{program.title}” to {patient} as version {assignment.version}.{done}",
            messages.SUCCESS,
        )
        if step == "confirm_print":
            # The plan's page downloads the handout as it opens (assignment/change_form.html).
            return HttpResponseRedirect(_change_url(assignment.pk) + "?print=1")
        return HttpResponseRedirect(_change_url(assignment.pk))

    def _choose_page(self, request, context, form):
        """Step one: the patient (fixed when the page was opened for one) and the programs, each
        a button that goes straight on to the screening review."""
        patient = _chosen(form, "patient")
        program = _chosen(form, "program")
        programs = form.fields["program"].queryset
        if patient is not None:  # other patients' drafts are not theirs to take
            programs = programs.filter(Q(patient__isnull=True) | Q(patient=patient))
        choices = program_choices(programs, patient)
        return TemplateResponse(
            request,
            "admin/planner/assignment/assign_form.html",
            {
                **context,
                "form": form,
                "patient": patient,
                "choices": choices,
                "chosen_program": program,
                "groups": _choice_groups(choices, patient),
            },
        )


def _chosen(form, name):
    """The patient or program the page was opened with or posted, if the therapist may use it."""
    value = form.data.get(name) if form.is_bound else form.initial.get(name)
    if not value:
        return None
    try:
        return form.fields[name].queryset.filter(pk=value).first()
    except (TypeError, ValueError, ValidationError):
        return None  # not a number: the form's own error says so


def _choice_groups(choices, patient):
    titles = {
        "own": f"Drafts for {patient}" if patient else "Drafts for a patient",
        "suits": f"Templates tagged for {patient.get_atrophy_type_display()}"
        if patient
        else "Templates",
        "other": "Other templates" if patient else "Templates",
    }
    groups: dict[str, dict] = {}
    for choice in choices:
        groups.setdefault(choice.group, {"title": titles[choice.group], "choices": []})
        groups[choice.group]["choices"].append(choice)
    return list(groups.values())


def _hard_stop_choices(post, result, program, patient):
    """Each hard-stopped exercise with what the review offers for it (keep and override, leave
    it out, or swap for a candidate) and what the therapist chose; and the choices as the
    service takes them (ids left out, and id -> id swapped)."""
    in_plan = set(program.items.values_list("exercise_id", flat=True))
    by_exercise: dict[int, list] = {}
    for finding in result.hard_stops:
        by_exercise.setdefault(finding.exercise_id, []).append(finding)
    exercises = Exercise.objects.in_bulk(list(by_exercise))
    blocked, leave_out, swaps = [], [], {}
    for exercise_id, findings in by_exercise.items():
        exercise = exercises[exercise_id]
        candidates = swap_candidates(patient=patient, exercise=exercise, exclude=in_plan)
        choice = post.get(f"resolve-{exercise_id}", "override")
        offered = {f"swap-{c.pk}": c.pk for c in candidates}
        if choice == "leave":
            leave_out.append(exercise_id)
        elif choice in offered:
            swaps[exercise_id] = offered[choice]
        else:
            choice = "override"
        blocked.append(
            {
                "exercise": exercise,
                "conditions": [f.condition for f in findings],
                "candidates": [{"value": f"swap-{c.pk}", "exercise": c} for c in candidates],
                "choice": choice,
                "field": f"resolve-{exercise_id}",
            }
        )
    return blocked, leave_out, swaps


def _resolved_sentence(resolved: dict) -> str:
    if resolved["action"] == "swapped":
        return f"{resolved['exercise']} was swapped for {resolved['swapped_for']}."
    return f"{resolved['exercise']} was left out."
