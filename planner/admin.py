"""The therapist's workplace. Every admin here shows only what ``for_therapist`` allows."""

import datetime

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F, Q
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import slugify

from exercises.admin import ExplainProtectedDeletes
from exercises.models import Category
from planner import invites, services
from planner.forms import (
    AssignForm,
    ConfirmAssignForm,
    ProgramAdminForm,
    ProgramExerciseInlineForm,
)
from planner.models import (
    ActivationFailure,
    Assignment,
    AssignmentStatus,
    AuditAction,
    AuditEvent,
    Invite,
    LimbMeasurement,
    Patient,
    Program,
    ProgramExercise,
    SafetyNote,
    SessionLog,
)
from planner.screening import screen_program

# Position values are unique per program; rows being reordered move out of the way first.
_REORDER_OFFSET = 10000


class ScopedAdmin(ExplainProtectedDeletes, admin.ModelAdmin):
    """Lists, change pages and autocompletes show only the rows the user may see."""

    def get_queryset(self, request):
        return super().get_queryset(request).for_therapist(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is Patient:
            kwargs["queryset"] = Patient.objects.for_therapist(request.user).active()
        elif db_field.related_model is Program:
            kwargs["queryset"] = Program.objects.for_therapist(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows that are records of what happened: listed and viewed, never edited here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ArchivedFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "archived"

    def lookups(self, request, model_admin):
        return [("no", "Active"), ("yes", "Archived"), ("all", "All")]

    def choices(self, changelist):
        # "Active" is the default, so the list opens on the patients being treated.
        value = self.value() or "no"
        for lookup, title in self.lookup_choices:
            yield {
                "selected": value == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value() or "no"
        if value == "all":
            return queryset
        return queryset.filter(archived_at__isnull=(value == "no"))


class AssignmentInline(admin.TabularInline):
    model = Assignment
    fk_name = "patient"
    extra = 0
    can_delete = False
    show_change_link = True
    fields = ["program", "version", "status", "starts_on", "ends_on"]
    readonly_fields = fields
    verbose_name_plural = "Plans (assign a new one with “Assign a program” above)"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Patient)
class PatientAdmin(ScopedAdmin):
    list_display = [
        "display_name",
        "atrophy_type",
        "affected_side",
        "affected_region",
        "active_plans",
        "therapist",
        "archived_at",
    ]
    list_filter = [ArchivedFilter, "atrophy_type", "large_print", "preferred_language"]
    list_select_related = ["therapist"]
    search_fields = ["display_name", "notes"]
    filter_horizontal = ["conditions"]
    readonly_fields = ["user", "archived_at", "sign_in", "heaviness_alerts"]
    inlines = [AssignmentInline]
    actions = ["archive", "restore"]
    change_form_template = "admin/planner/patient/change_form.html"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                active_plan_count=Count(
                    "assignments", filter=Q(assignments__status=AssignmentStatus.ACTIVE)
                )
            )
        )

    @admin.display(description="Active plans", ordering="active_plan_count")
    def active_plans(self, obj):
        return obj.active_plan_count

    @admin.display(description="Sign-in")
    def sign_in(self, obj):
        if obj.pk is None:
            return "A sign-in code is made when you save the patient."
        if obj.user_id:
            return format_html("Has an account: <strong>{}</strong>", obj.user.get_username())
        current = invites.current_code(obj)
        if current is None:
            return "No account yet and no valid code. Use “New sign-in code” above."
        code, invite = current
        return format_html(
            "No account yet. Sign-in code <strong style='font-size:1.3em;letter-spacing:.1em'>"
            "{}</strong> (valid until {}). It is printed on the handout; the patient enters it at "
            "{}/accounts/activate/.",
            code,
            timezone.localtime(invite.expires_at).strftime("%d %b %Y"),
            settings.SITE_URL,
        )

    @admin.display(description="Next-day check-ins (last 14 days)")
    def heaviness_alerts(self, obj):
        if obj.pk is None:
            return "—"
        since = timezone.localdate() - datetime.timedelta(days=14)
        days = (
            SessionLog.objects.filter(
                assignment__patient=obj, performed_on__gte=since, heavier_next_day=True
            )
            .values_list("performed_on", flat=True)
            .distinct()
            .order_by("-performed_on")
        )
        if not days:
            return "No reports of heavier or weaker limbs."
        listed = ", ".join(f"{d.day} {d:%b}" for d in days)
        return format_html(
            "<strong style='color:#a00'>Felt heavier or weaker the day after exercising "
            "on: {}</strong>. Consider lowering the load.",
            listed,
        )

    def get_fields(self, request, obj=None):
        fields = [
            "display_name",
            "therapist",
            "sign_in",
            "heaviness_alerts",
            "user",
            "atrophy_type",
            "affected_side",
            "affected_region",
            "conditions",
            "preferred_language",
            "large_print",
            "notes",
            "archived_at",
        ]
        if not request.user.is_superuser:
            fields.remove("therapist")  # a therapist's new patient is their own
        return fields

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return ["archived_at", "sign_in", "heaviness_alerts"]
        return self.readonly_fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "therapist":
            kwargs["queryset"] = get_user_model().objects.filter(is_staff=True, is_active=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change and not request.user.is_superuser:
            obj.therapist = request.user
        super().save_model(request, obj, form, change)
        if not change and obj.user_id is None:
            services.create_invite(patient=obj, by=request.user)
        if change:
            services.record_event(
                actor=request.user,
                action=AuditAction.CHANGED,
                patient=obj,
                obj=obj,
                detail={"fields": form.changed_data},
            )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        patient = self.get_object(request, object_id)
        if patient is not None and request.method == "GET":
            services.record_event(
                actor=request.user, action=AuditAction.VIEWED, patient=patient, obj=patient
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        return [
            path(
                "<int:object_id>/invite/",
                self.admin_site.admin_view(self.invite_view),
                name="planner_patient_invite",
            ),
            *super().get_urls(),
        ]

    def invite_view(self, request, object_id):
        """POST: a new sign-in code for a patient without an account (old codes stop working)."""
        url = reverse("admin:planner_patient_change", args=[object_id])
        if request.method != "POST":
            return HttpResponseRedirect(url)
        patient = get_object_or_404(self.get_queryset(request), pk=object_id)
        if not self.has_change_permission(request, patient):
            raise PermissionDenied
        try:
            _, code = services.create_invite(patient=patient, by=request.user)
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
        else:
            self.message_user(request, f"New sign-in code for {patient}: {code}", messages.SUCCESS)
        return HttpResponseRedirect(url)

    @admin.action(description="Archive selected patients (records are kept)")
    def archive(self, request, queryset):
        for patient in queryset.filter(archived_at__isnull=True):
            services.set_patient_archived(patient=patient, by=request.user, archived=True)
        self.message_user(request, "Archived. Their plans, logs and measurements are kept.")

    @admin.action(description="Restore selected patients")
    def restore(self, request, queryset):
        for patient in queryset.filter(archived_at__isnull=False):
            services.set_patient_archived(patient=patient, by=request.user, archived=False)
        self.message_user(request, "Restored.", messages.SUCCESS)


class ProgramExerciseInline(admin.TabularInline):
    model = ProgramExercise
    form = ProgramExerciseInlineForm
    extra = 1
    autocomplete_fields = ["exercise"]
    fields = [
        "position",
        "exercise",
        "sets",
        "repetitions",
        "hold_seconds",
        "rest_seconds",
        "duration_minutes",
        "times_per_day",
        "days_per_week",
        "side",
        "target_effort",
        "resistance_note",
        "notes",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("exercise")

    def _editable(self, request, obj):
        return obj is None or Program.objects.editable_by(request.user).filter(pk=obj.pk).exists()

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._editable(request, obj)


class CategoryInProgramFilter(admin.SimpleListFilter):
    title = "exercise kind"
    parameter_name = "has_category"

    def lookups(self, request, model_admin):
        return Category.choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(items__exercise__category=self.value()).distinct()
        return queryset


@admin.register(Program)
class ProgramAdmin(ScopedAdmin):
    form = ProgramAdminForm
    list_display = ["title", "kind", "atrophy_type_list", "exercise_count", "owner", "updated_at"]
    list_filter = ["atrophy_types", CategoryInProgramFilter, "is_template", "is_shared"]
    list_select_related = ["owner", "patient"]
    search_fields = [
        "title",
        "description",
        "atrophy_types__code",
        "items__exercise__category",
        "items__exercise__name",
    ]
    inlines = [ProgramExerciseInline]
    actions = ["duplicate", "assign_to_patient"]
    change_form_template = "admin/planner/program/change_form.html"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(item_count=Count("items", distinct=True))
            .prefetch_related("atrophy_types")
        )

    def get_fields(self, request, obj=None):
        fields = [
            "title",
            "description",
            "atrophy_types",
            "is_template",
            "is_shared",
            "patient",
            "expected_revision",
        ]
        if obj is not None and not self.has_change_permission(request, obj):
            fields.remove("expected_revision")
        return fields

    @admin.display(description="Kind")
    def kind(self, obj):
        if not obj.is_template:
            return f"Plan for {obj.patient}"
        return "Shared template" if obj.is_shared else "Template"

    @admin.display(description="Atrophy types")
    def atrophy_type_list(self, obj):
        return ", ".join(t.code for t in obj.atrophy_types.all()) or "—"

    @admin.display(description="Exercises", ordering="item_count")
    def exercise_count(self, obj):
        return obj.item_count

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        # Others' shared templates and plans already handed to a patient are read-only.
        return obj is None or Program.objects.editable_by(request.user).filter(pk=obj.pk).exists()

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        return obj is None or Program.objects.editable_by(request.user).filter(pk=obj.pk).exists()

    def save_model(self, request, obj, form, change):
        if not change:
            obj.owner = request.user
        else:
            obj.revision = form.cleaned_data["expected_revision"] + 1
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        moved = [
            f.instance.pk
            for f in formset.forms
            if f.instance.pk and "position" in f.changed_data and f not in formset.deleted_forms
        ]
        if moved:
            ProgramExercise.objects.filter(pk__in=moved).update(
                position=F("position") + _REORDER_OFFSET
            )
        super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        program = form.instance
        services.record_event(
            actor=request.user,
            action=AuditAction.CHANGED,
            patient=program.patient,
            obj=program,
            detail={"revision": program.revision, "fields": form.changed_data},
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        program = self.get_object(request, object_id)
        if program is not None:
            extra_context["assign_url"] = _assign_url(program)
            extra_context["frozen_in"] = program.assignments.select_related("patient").first()
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.action(description="Duplicate program (as my own template)")
    def duplicate(self, request, queryset):
        for program in queryset:
            copy = services.duplicate_program(program=program, by=request.user)
            self.message_user(request, f"Made “{copy.title}”.", messages.SUCCESS)

    @admin.action(description="Assign to a patient…")
    def assign_to_patient(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Choose exactly one program to assign.", messages.WARNING)
            return None
        return HttpResponseRedirect(_assign_url(queryset.get()))


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _assign_url(program: Program) -> str:
    url = reverse("admin:planner_assignment_add") + f"?program={program.pk}"
    if program.patient_id:
        url += f"&patient={program.patient_id}"
    return url


@admin.register(Assignment)
class AssignmentAdmin(ScopedAdmin):
    list_display = ["program", "patient", "version", "status", "starts_on", "ends_on", "overridden"]
    list_filter = ["status"]
    list_select_related = ["program", "patient"]
    search_fields = ["patient__display_name", "program__title"]
    date_hierarchy = "starts_on"
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
        "history",
    ]
    change_form_template = "admin/planner/assignment/change_form.html"
    actions = ["print_handouts"]

    @admin.action(description="Print handouts for the selected plans (one PDF)")
    def print_handouts(self, request, queryset):
        assignments = list(queryset.order_by("patient__display_name", "pk"))
        pdf = services.print_handouts(
            assignments=assignments,
            by=request.user,
            large_print=request.POST.get("large_print") == "1",
            via="admin action",
        )
        return _pdf_response(pdf, f"handouts-{timezone.localdate():%Y-%m-%d}.pdf")

    def handout_view(self, request, object_id):
        assignment = get_object_or_404(self.get_queryset(request), pk=object_id)
        pdf = services.print_handout(
            assignment=assignment,
            by=request.user,
            large_print=request.GET.get("large_print") == "1",
            via="admin",
        )
        name = slugify(assignment.patient.display_name) or "patient"
        return _pdf_response(pdf, f"handout-{name}-v{assignment.version}.pdf")

    @admin.display(boolean=True, description="Hard stop overridden")
    def overridden(self, obj):
        return bool(obj.override_reason)

    @admin.display(description="Exercises (as handed to the patient)")
    def plan(self, obj):
        items = obj.program.items.select_related("exercise").order_by("position")
        return format_html(
            "<ol>{}</ol>",
            format_html_join(
                "",
                "<li><strong>{}</strong> — {}</li>",
                ((i.exercise.name, i.dosage_sentence) for i in items),
            ),
        )

    @admin.display(description="Screening")
    def screening_summary(self, obj):
        screening = obj.screening or {}
        rows = []
        for key, label in [
            ("hard_stops", "Hard stop (overridden)"),
            ("precautions", "Precaution"),
            ("type_mismatches", "Atrophy type"),
        ]:
            for finding in screening.get(key, []):
                rows.append((label, f"{finding['exercise']}: {finding['condition']}"))
        guard = screening.get("overwork_guard")
        if guard:
            rows.append(("Overwork guard", guard["text"]))
        if not rows:
            return "Nothing found."
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}: {}</li>", rows))

    @admin.display(description="Versions and changes")
    def history(self, obj):
        versions = []
        current = obj
        while current.previous_id:
            current = current.previous
            versions.append(current)
        lines = [
            (
                reverse("admin:planner_assignment_change", args=[v.pk]),
                f"Version {v.version}",
                v.get_status_display(),
            )
            for v in versions
        ]
        changes = services.diff_programs(obj.previous.program, obj.program) if obj.previous else []
        parts = []
        if changes:
            parts.append(
                format_html(
                    "<p>Changes from version {}:</p><ul>{}</ul>",
                    obj.previous.version,
                    format_html_join("", "<li>{}</li>", ((c,) for c in changes)),
                )
            )
        if lines:
            parts.append(
                format_html(
                    "<p>Earlier versions:</p><ul>{}</ul>",
                    format_html_join("", '<li><a href="{}">{}</a> ({})</li>', lines),
                )
            )
        if hasattr(obj, "next_version"):
            nxt = obj.next_version
            parts.append(
                format_html(
                    '<p>Replaced by <a href="{}">version {}</a>.</p>',
                    reverse("admin:planner_assignment_change", args=[nxt.pk]),
                    nxt.version,
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
            *super().get_urls(),
        ]

    def revise_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseRedirect(
                reverse("admin:planner_assignment_change", args=[object_id])
            )
        assignment = get_object_or_404(self.get_queryset(request), pk=object_id)
        if not self.has_change_permission(request, assignment):
            raise PermissionDenied
        try:
            draft = services.start_revision(assignment=assignment, by=request.user)
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
            return HttpResponseRedirect(
                reverse("admin:planner_assignment_change", args=[object_id])
            )
        self.message_user(
            request,
            f"This is a draft of version {assignment.version + 1}. Change the exercises, save, "
            "then use “Assign as the next version”. The patient keeps version "
            f"{assignment.version} until then.",
            messages.INFO,
        )
        return HttpResponseRedirect(reverse("admin:planner_program_change", args=[draft.pk]))

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.record_event(
            actor=request.user,
            action=AuditAction.CHANGED,
            patient=obj.patient,
            obj=obj,
            detail={"fields": form.changed_data},
        )

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
            return TemplateResponse(
                request, "admin/planner/assignment/assign_form.html", {**context, "form": form}
            )

        # The review step renders the confirmation fields, so it builds the confirming form too;
        # those fields are optional until the therapist confirms.
        form = ConfirmAssignForm(request.POST, user=user)
        if not form.is_valid():
            return TemplateResponse(
                request, "admin/planner/assignment/assign_form.html", {**context, "form": form}
            )
        program, patient = form.cleaned_data["program"], form.cleaned_data["patient"]
        result = screen_program(program=program, patient=patient)
        review = {**context, "form": form, "result": result, "program": program, "patient": patient}
        review["title"] = "Check before assigning"
        if step != "confirm":
            return TemplateResponse(request, "admin/planner/assignment/assign_review.html", review)

        reason = form.cleaned_data["override_reason"].strip()
        if result.hard_stops and not reason:
            form.add_error("override_reason", "Give a reason to assign despite the hard stops.")
        if result.needs_confirmation and not form.cleaned_data["confirm_precautions"]:
            form.add_error("confirm_precautions", "Tick this box to confirm you have read them.")
        if form.errors:
            return TemplateResponse(request, "admin/planner/assignment/assign_review.html", review)
        try:
            assignment = services.assign_program(
                program=program,
                patient=patient,
                by=user,
                starts_on=form.cleaned_data["starts_on"],
                ends_on=form.cleaned_data["ends_on"],
                override_reason=reason,
            )
        except services.ScreeningError:
            # The library or the patient changed between the review and the confirmation.
            form.add_error(None, "Screening changed since you reviewed it; please check again.")
            return TemplateResponse(request, "admin/planner/assignment/assign_review.html", review)
        except ValidationError as exc:
            form.add_error(None, exc)
            return TemplateResponse(request, "admin/planner/assignment/assign_review.html", review)
        self.message_user(
            request,
            f"Assigned “{program.title}” to {patient} as version {assignment.version}.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(
            reverse("admin:planner_assignment_change", args=[assignment.pk])
        )


@admin.register(ProgramExercise)
class ProgramExerciseAdmin(ReadOnlyAdmin, ScopedAdmin):
    """Read-only list of program rows, to see where an exercise is used; edit them on the
    program."""

    list_display = ["program", "position", "exercise", "dosage_sentence"]
    list_filter = ["exercise__category", "exercise__body_region"]
    list_select_related = ["program", "exercise"]
    search_fields = ["program__title", "exercise__name"]


@admin.register(SessionLog)
class SessionLogAdmin(ScopedAdmin):
    list_display = [
        "performed_on",
        "patient",
        "exercise",
        "done",
        "sets_done",
        "pain",
        "effort",
        "heavier_next_day",
    ]
    list_filter = ["done", "heavier_next_day", "performed_on"]
    list_select_related = ["assignment__patient", "program_exercise__exercise"]
    search_fields = ["assignment__patient__display_name", "program_exercise__exercise__name"]
    date_hierarchy = "performed_on"

    @admin.display(ordering="assignment__patient__display_name")
    def patient(self, obj):
        return obj.assignment.patient

    @admin.display(ordering="program_exercise__exercise__name")
    def exercise(self, obj):
        return obj.program_exercise.exercise


@admin.register(LimbMeasurement)
class LimbMeasurementAdmin(ScopedAdmin):
    list_display = ["patient", "measured_on", "site", "left_cm", "right_cm", "difference_cm"]
    list_filter = ["site"]
    list_select_related = ["patient"]
    search_fields = ["patient__display_name"]
    exclude = ["measured_by"]

    @admin.display(description="Right minus left (cm)")
    def difference_cm(self, obj):
        return obj.difference_cm

    def save_model(self, request, obj, form, change):
        if not change:
            obj.measured_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(SafetyNote)
class SafetyNoteAdmin(admin.ModelAdmin):
    list_display = ["slug", "scope", "source", "language", "position", "is_active"]
    list_filter = ["scope", "source", "language", "is_active"]
    search_fields = ["slug", "text"]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin, ScopedAdmin):
    """Audit rows are evidence: nobody adds, edits or deletes them through the admin."""

    list_display = ["created_at", "actor", "action", "outcome", "patient", "object_repr"]
    list_filter = ["action", "outcome"]
    list_select_related = ["actor", "patient"]
    search_fields = ["object_repr", "patient__display_name", "actor__username"]
    date_hierarchy = "created_at"


@admin.register(Invite)
class InviteAdmin(ReadOnlyAdmin, ScopedAdmin):
    """Codes are made from the patient's page; this list shows when and whether they were used.
    The codes themselves are never stored, so they are not listed here."""

    list_display = ["patient", "created_by", "created_at", "expires_at", "used_at", "revoked_at"]
    list_select_related = ["patient", "created_by"]
    fields = list_display


@admin.register(ActivationFailure)
class ActivationFailureAdmin(ReadOnlyAdmin):
    """Wrong codes tried at /accounts/activate/ (clinic admins only)."""

    list_display = ["created_at", "ip_address"]
    date_hierarchy = "created_at"
