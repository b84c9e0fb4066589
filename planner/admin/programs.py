"""Programs: templates and patients' own plans, edited with their rows inline."""

from adminsortable2.admin import SortableAdminBase, SortableInlineAdminMixin
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponseRedirect
from django.urls import reverse

from core.revisions import EditConflictAdmin
from exercises.dosage import DOSAGE_FIELDS
from exercises.models import Category
from exercises.templatetags.drawings import exercise_drawing
from planner import services
from planner.admin.actions import ActionReport
from planner.admin.base import ArchivedFilter, OnePassChoices, ReadOnlyAdmin, ScopedAdmin
from planner.admin.builder import ProgramBuilderAdmin
from planner.admin.forms import ProgramAdminForm, ProgramExerciseInlineForm, ProgramRowsFormSet
from planner.admin.swap import VERSION_PREFETCHES, RowSwapAdmin, version_links
from planner.models import AuditAction, Program, ProgramExercise
from planner.models.programs import MAX_PROGRAM_ROWS
from planner.selectors import plans as selectors
from planner.services import programs as program_services
from planner.services.audit import record_event


def is_editable(request, program: Program) -> bool:
    """``Program.objects.is_editable_by`` for the signed-in user, asked once per program and
    request: the page asks it for the program and again for its rows' forms, each row."""
    answers = request.__dict__.setdefault("_editable_programs", {})
    if program.pk not in answers:
        answers[program.pk] = Program.objects.is_editable_by(request.user, program)
    return answers[program.pk]


class RowExerciseSelect(AutocompleteSelect):
    """A row's exercise picker. Django's looks up the chosen exercise's name with a query per
    row; a row loaded with its exercise (the inline's queryset) hands the name over instead."""

    chosen: tuple[str, str] | None = None  # (id, name) of the row's saved exercise

    def optgroups(self, name, value, attr=None):
        if self.chosen is None or list(value) != [self.chosen[0]]:
            return super().optgroups(name, value, attr)
        # What Django's optgroups builds for one chosen option.
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        options.append(self.create_option(name, *self.chosen, True, len(options)))
        return [(None, options, 0)]


class ProgramRowForm(ProgramExerciseInlineForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A table row's fields have only the column heading; each gets a name of its own
        # ("Sets for Sit to stand"), which screen readers say and axe-core asks for.
        # Short column headings keep a row within a 1,280 px window.
        if "repetitions" in self.fields:
            self.fields["repetitions"].label = "Reps"
        row = str(self.instance.exercise) if self.instance.exercise_id else "the new row"
        for field in self.fields.values():
            widget = getattr(field.widget, "widget", field.widget)
            widget.attrs.setdefault("aria-label", f"{field.label} for {row}")
        picker = getattr(self.fields["exercise"].widget, "widget", None)  # in the "+" wrapper
        if isinstance(picker, RowExerciseSelect) and self.instance.exercise_id:
            picker.chosen = (str(self.instance.exercise_id), str(self.instance.exercise))


class ProgramExerciseInline(SortableInlineAdminMixin, OnePassChoices, admin.TabularInline):
    """A program's rows, ordered by dragging a row's handle or with its arrow keys and buttons
    (``position`` is hidden; the scripts number the rows in page order)."""

    model = ProgramExercise
    ordering = ["position"]  # also sortable2's order field (else the model's first: "program")
    form = ProgramRowForm
    formset = ProgramRowsFormSet
    extra = 1
    max_num = MAX_PROGRAM_ROWS
    autocomplete_fields = ["exercise"]
    fields = [
        "position",
        "exercise",
        *DOSAGE_FIELDS,
        "side",
        "target_effort",
        "resistance_note",
        "notes",
    ]

    readonly_fields = ["versions", "drawing"]
    # A row shows what most plans set; the rest opens under "More" (the template says how).
    template = "admin/planner/program/rows_inline.html"
    more_fields = frozenset(
        {
            "hold_seconds",
            "rest_seconds",
            "duration_minutes",
            "target_effort",
            "resistance_note",
            "notes",
        }
    )

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.more_fields = self.more_fields
        return formset

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("exercise")
            .prefetch_related(*VERSION_PREFETCHES)
        )

    def get_fields(self, request, obj=None):
        fields = [f for f in super().get_fields(request, obj) if f not in {"versions", "drawing"}]
        at = fields.index("exercise") + 1
        if obj is None or not self.has_change_permission(request, obj):
            # A row is swapped only where it could be changed by hand.
            return [*fields[:at], "drawing", *fields[at:]]
        return [*fields[:at], "drawing", "versions", *fields[at:]]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "exercise":
            kwargs["widget"] = RowExerciseSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description="Drawing")
    def drawing(self, row):
        if row.pk is None or row.exercise_id is None:
            return "—"
        # As given for a plan handed over, the library's for a template or a draft.
        pose = row.pose if row.frozen_at else row.exercise.pose
        name = row.name if row.frozen_at else row.exercise.name
        return exercise_drawing(pose, name, row.side, "thumb") or "—"

    @admin.display(description="Easier / harder")
    def versions(self, row):
        return version_links(row)

    def _editable(self, request, obj):
        return obj is None or is_editable(request, obj)

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
class ProgramAdmin(
    SortableAdminBase, ProgramBuilderAdmin, RowSwapAdmin, EditConflictAdmin, ScopedAdmin
):
    form = ProgramAdminForm
    list_display = ["title", "kind", "atrophy_type_list", "exercise_count", "owner", "updated_at"]
    list_filter = [
        ArchivedFilter,
        "atrophy_types",
        CategoryInProgramFilter,
        "is_template",
        "is_shared",
    ]
    list_select_related = ["owner", "patient"]
    search_fields = [
        "title",
        "description",
        "atrophy_types__code",
        "items__exercise__category",
        "items__exercise__name",
    ]
    fields = ["title", "description", "atrophy_types", "is_template", "is_shared", "patient"]
    inlines = [ProgramExerciseInline]
    actions = ["duplicate", "assign_to_patient", "archive", "restore"]
    change_form_template = "admin/planner/program/change_form.html"

    class Media:
        js = ["js/admin-a11y.js", "js/program-builder.js"]

    def get_queryset(self, request):
        rows = (
            ProgramExercise.objects.filter(program=OuterRef("pk"))
            .order_by()
            .values("program")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return (
            super()
            .get_queryset(request)
            # A subquery per row rather than a join grouped over every program: worked out for
            # the page's rows only, and left out of the list's count.
            .annotate(item_count=Coalesce(Subquery(rows), 0, output_field=IntegerField()))
            .prefetch_related("atrophy_types")
        )

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
        # Others' shared templates and plans already handed to a patient are read-only.
        return super().has_change_permission(request, obj) and (
            obj is None or is_editable(request, obj)
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or is_editable(request, obj)
        )

    def save_model(self, request, obj, form, change):
        # The form has checked the revision and holds the row lock (RevisionedForm.clean).
        program_services.save_program(
            program=obj, by=request.user, expected_revision=form.cleaned_data["expected_revision"]
        )

    def save_formset(self, request, form, formset, change):
        program_services.make_room_for_moved_rows(
            row_ids=[
                f.instance.pk
                for f in formset.forms
                # Rows being deleted too: another row may be moving into their place.
                if f.instance.pk and ("position" in f.changed_data or f in formset.deleted_forms)
            ]
        )
        super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        program = form.instance
        record_event(
            request.user,
            AuditAction.CHANGED,
            program,
            revision=program.revision,
            fields=form.changed_data,
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        program = self.get_object(request, object_id)
        if program is not None:
            extra_context["assign_url"] = _assign_url(program)
            extra_context["frozen_in"] = selectors.frozen_in(program)
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.action(description="Duplicate program (as my own template)")
    def duplicate(self, request, queryset):
        report = ActionReport(self, request, queryset)
        for program in queryset:
            try:
                copy = services.duplicate_program(program=program, by=request.user)
            except ValidationError as exc:
                report.skip(program, " ".join([*exc.messages, "Not copied"]))
            else:
                report.done(copy)
        report.send("Made")

    @admin.action(description="Assign to a patient…")
    def assign_to_patient(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Choose exactly one program to assign.", messages.WARNING)
            return None
        return HttpResponseRedirect(_assign_url(queryset.get()))

    @admin.action(description="Archive selected templates (hidden from assigning; plans are kept)")
    def archive(self, request, queryset):
        self._set_archived(request, queryset, archived=True)

    @admin.action(description="Restore selected templates")
    def restore(self, request, queryset):
        self._set_archived(request, queryset, archived=False)

    def _set_archived(self, request, queryset, *, archived):
        report = ActionReport(self, request, queryset)
        for program in queryset:
            if program.is_archived == archived:
                state = "Already archived" if archived else "Not archived"
                report.skip(program, f"{state}, so left as they were")
                continue
            try:
                program_services.set_template_archived(
                    program=program, by=request.user, archived=archived
                )
            except PermissionDenied:
                report.skip(
                    program,
                    "Only your own templates can be archived or restored; left as they were",
                )
            else:
                report.done(program)
        report.send("Archived" if archived else "Restored")


def _assign_url(program: Program) -> str:
    url = reverse("admin:planner_assignment_add") + f"?program={program.pk}"
    if program.patient_id:
        url += f"&patient={program.patient_id}"
    return url


@admin.register(ProgramExercise)
class ProgramExerciseAdmin(ReadOnlyAdmin, ScopedAdmin):
    """Read-only list of program rows, to see where an exercise is used; edit them on the
    program."""

    list_display = ["program", "position", "exercise", "dosage_sentence"]
    # The model's ordering ("program") sorts by the program's title across a join, every row
    # in scope; by its id it reads program_exercise_unique_position in order.
    ordering = ["program_id", "position"]
    list_filter = ["exercise__category", "exercise__body_region"]
    list_select_related = ["program__patient", "exercise"]  # the patient, for the audit trail
    search_fields = ["program__title", "exercise__name"]
