"""Patients: the list a therapist works from, and each patient's page."""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from planner import invites, services
from planner.admin.base import ArchivedFilter, ScopedAdmin
from planner.models import Assignment, AssignmentStatus, AuditAction, Patient
from planner.selectors import patients as selectors
from planner.services.audit import record_event


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
        days = selectors.heaviness_days(obj, timezone.localdate(), days=14)
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
            record_event(request.user, AuditAction.CHANGED, obj, fields=form.changed_data)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        patient = self.get_object(request, object_id)
        if patient is not None and request.method == "GET":
            record_event(request.user, AuditAction.VIEWED, patient)
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
