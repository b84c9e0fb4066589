"""Records of what happened: session logs, limb measurements, safety notes, the audit trail,
sign-in codes and failed activations. Mostly read-only lists."""

from django.contrib import admin

from planner.admin.base import ReadOnlyAdmin, ScopedAdmin
from planner.models import (
    ActivationFailure,
    AuditEvent,
    Invite,
    LimbMeasurement,
    SafetyNote,
    SessionLog,
)


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
