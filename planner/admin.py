from django.contrib import admin

from planner.models import (
    Assignment,
    AuditEvent,
    LimbMeasurement,
    Patient,
    Program,
    ProgramExercise,
    SafetyNote,
    SessionLog,
)


@admin.register(Patient)
class PatientAdmin(admin.ModelAdmin):
    list_display = ["display_name", "therapist", "atrophy_type", "affected_side", "archived_at"]
    list_filter = ["atrophy_type", "large_print", "preferred_language"]
    list_select_related = ["therapist"]
    search_fields = ["display_name"]
    filter_horizontal = ["conditions"]
    raw_id_fields = ["user"]


class ProgramExerciseInline(admin.TabularInline):
    model = ProgramExercise
    extra = 0
    autocomplete_fields = ["exercise"]
    ordering = ["position"]


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["title", "owner", "is_template", "is_shared", "patient", "updated_at"]
    list_filter = ["is_template", "is_shared", "atrophy_types"]
    list_select_related = ["owner", "patient"]
    search_fields = ["title", "description"]
    filter_horizontal = ["atrophy_types"]
    inlines = [ProgramExerciseInline]
    readonly_fields = ["revision"]


@admin.register(ProgramExercise)
class ProgramExerciseAdmin(admin.ModelAdmin):
    """Mostly edited inline on the program; listed here to see where an exercise is used."""

    list_display = ["program", "position", "exercise", "dosage_sentence"]
    list_filter = ["exercise__category", "exercise__body_region"]
    list_select_related = ["program", "exercise"]
    search_fields = ["program__title", "exercise__name"]
    autocomplete_fields = ["exercise"]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["program", "patient", "version", "status", "starts_on", "ends_on"]
    list_filter = ["status"]
    list_select_related = ["program", "patient"]
    search_fields = ["patient__display_name", "program__title"]
    date_hierarchy = "starts_on"


@admin.register(SessionLog)
class SessionLogAdmin(admin.ModelAdmin):
    list_display = ["performed_on", "assignment", "program_exercise", "done", "pain", "effort"]
    list_filter = ["done", "performed_on"]
    list_select_related = [
        "assignment__patient",
        "assignment__program",
        "program_exercise__exercise",
    ]
    search_fields = ["assignment__patient__display_name"]


@admin.register(LimbMeasurement)
class LimbMeasurementAdmin(admin.ModelAdmin):
    list_display = ["patient", "measured_on", "site", "left_cm", "right_cm", "difference_cm"]
    list_filter = ["site"]
    list_select_related = ["patient"]
    search_fields = ["patient__display_name"]

    @admin.display(description="Right minus left (cm)")
    def difference_cm(self, obj):
        return obj.difference_cm


@admin.register(SafetyNote)
class SafetyNoteAdmin(admin.ModelAdmin):
    list_display = ["slug", "scope", "source", "language", "position", "is_active"]
    list_filter = ["scope", "source", "language", "is_active"]
    search_fields = ["slug", "text"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Audit rows are evidence: nobody adds, edits or deletes them through the admin."""

    list_display = ["created_at", "actor", "action", "outcome", "patient", "object_repr"]
    list_filter = ["action", "outcome"]
    list_select_related = ["actor", "patient"]
    search_fields = ["object_repr", "patient__display_name", "actor__username"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
