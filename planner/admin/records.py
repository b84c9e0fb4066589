"""Records of what happened: session logs, limb measurements, function tests, safety notes, the
audit trail, sign-in codes and failed activations. Mostly read-only lists."""

from django.contrib import admin

from core.revisions import EditConflictAdmin
from planner.admin.base import ReadOnlyAdmin, ScopedAdmin
from planner.admin.measure_inlines import FunctionTestForm
from planner.admin.voiding import VoidableAdmin
from planner.models import (
    ActivationFailure,
    AuditAction,
    AuditEvent,
    FunctionTest,
    Invite,
    LimbMeasurement,
    SafetyNote,
    SessionLog,
)
from planner.services.audit import record_event


class PatientSearchAdmin(VoidableAdmin):
    """A record whose patient is searched for, not chosen from a list of every patient in scope
    (PatientAdmin.get_search_results); the search box is named for screen readers
    (static/js/admin-a11y.js)."""

    autocomplete_fields = ["patient"]

    class Media:
        js = ["js/admin-a11y.js"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "patient":
            getattr(field.widget, "widget", field.widget).attrs["aria-label"] = "Patient"
        return field


@admin.register(SessionLog)
class SessionLogAdmin(VoidableAdmin):
    """What patients reported is theirs: staff read it, and can only void an entry made in error."""

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
    # The exercise is read for the page's rows after the sort (prefetched below), not joined to
    # every log in scope before it: a therapist's 3,000 logs were joined to their plan rows and
    # exercises only to keep 100.
    list_select_related = ["assignment__patient"]
    search_fields = ["assignment__patient__display_name", "program_exercise__exercise__name"]
    # Newest day, then newest row: session_log_recent_idx in index order. The model's ordering
    # (by the exercise's position, across a join) made PostgreSQL sort every log of each day.
    ordering = ["-performed_on", "-pk"]
    # No date_hierarchy: its links list the distinct years, months or days among every log in
    # the list, which no index serves (a full scan, 250-350 ms at 1,000,000 logs on PostgreSQL).
    # The "performed on" filter above (past 7 days, this month...) reads session_log_recent_idx.

    def get_queryset(self, request):
        logs = super().get_queryset(request).select_related("assignment__patient")
        if self.is_list_request(request):
            return logs.prefetch_related("program_exercise__exercise")
        return logs.select_related("program_exercise__exercise")  # one log: one query

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(ordering="assignment__patient__display_name")
    def patient(self, obj):
        return obj.assignment.patient

    @admin.display(ordering="program_exercise__exercise__name")
    def exercise(self, obj):
        return obj.program_exercise.exercise


@admin.register(LimbMeasurement)
class LimbMeasurementAdmin(EditConflictAdmin, PatientSearchAdmin):
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
        record_event(
            request.user, AuditAction.CHANGED, obj, fields=form.changed_data, new=not change
        )


@admin.register(FunctionTest)
class FunctionTestAdmin(EditConflictAdmin, PatientSearchAdmin):
    """The quick strength tests, one row per patient and day. Out-of-range numbers and a row with
    no result are refused by the model's validators and constraints, with their messages."""

    form = FunctionTestForm
    list_display = [
        "patient",
        "tested_on",
        "chair_stands",
        "grip_left_kg",
        "grip_right_kg",
        "timed_up_and_go_s",
    ]
    # No date_hierarchy: its links list the distinct months among every test in scope (a scan
    # of every row); the "tested on" filter (past 7 days, this month...) reads none.
    list_filter = ["tested_on"]
    list_select_related = ["patient"]
    search_fields = ["patient__display_name"]
    exclude = ["measured_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.measured_by = request.user
        super().save_model(request, obj, form, change)
        record_event(
            request.user, AuditAction.CHANGED, obj, fields=form.changed_data, new=not change
        )


@admin.register(SafetyNote)
class SafetyNoteAdmin(admin.ModelAdmin):
    list_display = ["slug", "scope", "source", "language", "position", "is_active"]
    list_filter = ["scope", "source", "language", "is_active"]
    search_fields = ["slug", "text"]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin, ScopedAdmin):
    """Audit rows are evidence: nobody adds, edits or deletes them through the admin, a clinic
    admin included. One patient's trail is ``?patient__id__exact=<id>`` (the link under "Recent
    activity" on the patient's page)."""

    list_display = [
        "created_at",
        "actor",
        "action",
        "outcome",
        "patient",
        "object_repr",
        "ip_address",
    ]
    actions = None
    # No date_hierarchy: its links list the distinct months among every event in scope, a scan
    # of a trail that grows with each page view. The "created at" filter reads no rows.
    list_filter = ["action", "outcome", "created_at"]
    list_select_related = ["actor", "patient"]
    search_fields = ["object_repr", "patient__display_name", "actor__username"]


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
