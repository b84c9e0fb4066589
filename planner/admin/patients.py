"""Patients: the list a therapist works from, and each patient's page."""

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.views.decorators.http import require_GET

from core.revisions import EditConflictAdmin
from planner import invites, services
from planner.admin.actions import ActionReport
from planner.admin.base import ArchivedFilter, ScopedAdmin
from planner.admin.charts import ProgressChartsMixin
from planner.admin.fhir import fhir_response
from planner.admin.measure_inlines import FunctionTestInline, LimbGirthInline
from planner.admin.patient_columns import FollowUpColumns
from planner.admin.widgets import GroupedCheckboxes, grouped_condition_choices
from planner.models import Assignment, AssignmentStatus, AuditAction, Patient
from planner.selectors import patients as selectors
from planner.services.audit import record_event
from planner.services.exporting import patient_filename


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

    def get_queryset(self, request):
        # Voided plans: the plan list's filter. Each row names its program, and its change
        # link names the plan ("<program> for <patient> (v2)"): read with the rows.
        return super().get_queryset(request).in_force().select_related("program", "patient")


def _is_autocomplete(request) -> bool:
    return request.resolver_match is not None and request.resolver_match.url_name == "autocomplete"


@admin.register(Patient)
class PatientAdmin(FollowUpColumns, ProgressChartsMixin, EditConflictAdmin, ScopedAdmin):
    list_display = [
        "display_name",
        "atrophy_type",
        "affected",
        "active_plans",
        "adherence_recent",
        "last_log",
        "highest_pain",
        "alerts",
        "therapist",
        "assign_link",
    ]
    list_filter = [ArchivedFilter, "atrophy_type", "large_print", "preferred_language"]
    list_select_related = ["therapist"]
    # Each row carries its follow-up columns and alerts, read for the page's rows: 50 a page
    # keeps a clinic admin's list of thousands quick, and a therapist's caseload (about 40)
    # still fits on one.
    list_per_page = 50
    search_fields = ["display_name", "notes"]
    # Conditions are ticked in their screening groups (one click each), with a search box.
    readonly_fields = ["user", "archived_at", "sign_in", "heaviness_alerts"]
    inlines = [AssignmentInline, LimbGirthInline, FunctionTestInline]
    actions = ["archive", "restore"]
    change_form_template = "admin/planner/patient/change_form.html"

    class Media:
        css = {"all": ["css/admin-tools.css"]}
        js = ["js/admin-a11y.js", "js/condition-search.js"]

    # The patient's account and, for a clinic admin, the therapist are picked by searching (one
    # of tens of thousands of users; a clinic group's hundreds of therapists, which as a list took
    # most of the page's time); a therapist picks neither (read-only or left out for them).
    autocomplete_fields = ["user", "therapist"]

    def get_queryset(self, request):
        if not self.is_list_request(request):
            return super().get_queryset(request)
        # A subquery per row, not a join grouped over every patient: PostgreSQL works it out
        # for the page's rows only (unless the list is sorted by it) and the count leaves it out.
        active_plans = (
            Assignment.objects.filter(
                patient=OuterRef("pk"), status=AssignmentStatus.ACTIVE, voided_at__isnull=True
            )
            .order_by()
            .values("patient")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return (
            super()
            .get_queryset(request)
            .annotate(
                active_plan_count=Coalesce(Subquery(active_plans), 0, output_field=IntegerField())
            )
        )

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if _is_autocomplete(request):
            # Picking a patient for a record (ScopedAdmin.formfield_for_foreignkey's choices):
            # in scope (get_queryset) and not archived.
            queryset = queryset.active()
        return queryset, may_have_duplicates

    def get_list_display(self, request):
        # A therapist's list holds only their own patients: no "Therapist" column to read past.
        shown = super().get_list_display(request)
        if request.user.is_superuser:
            return shown
        return [name for name in shown if name != "therapist"]

    @admin.display(description="Affected", ordering="affected_region")
    def affected(self, obj):
        parts = [obj.get_affected_side_display(), obj.get_affected_region_display()]
        return ", ".join(p for p in parts if p) or "—"

    @admin.display(description="Active plans", ordering="active_plan_count")
    def active_plans(self, obj):
        return obj.active_plan_count

    @admin.display(description="Plan")
    def assign_link(self, obj):
        """Straight to assigning a program to this patient (the review follows)."""
        if obj.is_archived:
            return "—"
        url = reverse("admin:planner_assignment_add") + f"?patient={obj.pk}"
        return format_html(
            '<a class="button assign-row" href="{}">Assign a program<span class="visually-hidden">'
            " to {}</span></a>",
            url,
            obj.display_name,
        )

    @admin.display(description="Sign-in")
    def sign_in(self, obj):
        if obj.pk is None:
            return "A sign-in code is made when you save the patient."
        current = invites.usable_code(obj)
        if obj.user_id:
            username = obj.user.get_username()
            if current is None:
                return format_html(
                    "Has an account: <strong>{}</strong>. If they forget their password, use "
                    "“New sign-in code” above: the code lets them choose a new one.",
                    username,
                )
            code, invite = current
            return format_html(
                "Has an account: <strong>{}</strong>. New-password code "
                "<strong class='sign-in-code'>{}</strong> (valid until {}): "
                "the patient enters it at {}/accounts/activate/ to choose a new password; their "
                "username stays and their old password works until then. It is not printed on "
                "the handout.",
                username,
                code,
                timezone.localtime(invite.expires_at).strftime("%d %b %Y"),
                settings.SITE_URL,
            )
        if current is None:
            return "No account yet and no valid code. Use “New sign-in code” above."
        code, invite = current
        return format_html(
            "No account yet. Sign-in code <strong class='sign-in-code'>"
            "{}</strong> (valid until {}): the patient enters it at {}/accounts/activate/ to "
            "choose a username and password. It is printed on the handout.",
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
            "<strong class='heaviness-alert'>Felt heavier or weaker the day after exercising "
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
        if obj is None:
            # Nothing to show yet: the account, the code and the check-ins come after saving.
            fields = [f for f in fields if f not in {"sign_in", "heaviness_alerts", "user"}]
            fields.remove("archived_at")
        return fields

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []  # no plans before the patient exists

    def response_add(self, request, obj, post_url_continue=None):
        if "_assign" in request.POST:
            return self._to_assigning(request, obj, "Saved")
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if "_assign" in request.POST:
            return self._to_assigning(request, obj, "Saved the changes to")
        return super().response_change(request, obj)

    def _to_assigning(self, request, patient, done):
        """ "Save and choose a program": on to assigning, with the sign-in code in the message so
        the therapist can pass it on (it is also printed on the handout)."""
        current = invites.usable_code(patient) if patient.user_id is None else None
        code = ""
        if current:
            code = f" Their sign-in code is {current[0]} (also printed on the handout)."
        self.message_user(request, f"{done} {patient}.{code}", messages.SUCCESS)
        return HttpResponseRedirect(
            reverse("admin:planner_assignment_add") + f"?patient={patient.pk}"
        )

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return ["archived_at", "sign_in", "heaviness_alerts"]
        return self.readonly_fields

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "conditions":
            kwargs["widget"] = GroupedCheckboxes(attrs={"class": "grouped-conditions"})
            field = super().formfield_for_manytomany(db_field, request, **kwargs)
            field.queryset = field.queryset.filter(is_active=True).order_by("group", "name")
            field.choices = grouped_condition_choices(field.queryset)
            field.help_text = "Tick each that applies; type in the box to find one."
            return field
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "user":  # the search box's name (static/js/admin-a11y.js)
            getattr(field.widget, "widget", field.widget).attrs["aria-label"] = "Patient's account"
        return field

    def save_model(self, request, obj, form, change):
        if not change and not request.user.is_superuser:
            obj.therapist = request.user
        super().save_model(request, obj, form, change)
        if not change and obj.user_id is None:
            services.create_invite(patient=obj, by=request.user)
        if change:
            record_event(request.user, AuditAction.CHANGED, obj, fields=form.changed_data)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            # The "Recent activity" box: read after this view is recorded (ScopedAdmin), so it
            # shows it too.
            context["recent_activity"] = selectors.recent_activity(obj)
            context["activity_url"] = (
                reverse("admin:planner_auditevent_changelist") + f"?patient__id__exact={obj.pk}"
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self):
        return [
            path(
                "<int:object_id>/invite/",
                self.admin_site.admin_view(self.invite_view),
                name="planner_patient_invite",
            ),
            path(
                "<int:object_id>/fhir/",
                self.admin_site.admin_view(self.fhir_view),
                name="planner_patient_fhir",
            ),
            *super().get_urls(),
        ]

    @method_decorator(require_GET)
    def fhir_view(self, request, object_id):
        """GET: every plan of the patient, with everything recorded, as a FHIR Bundle."""
        patient = self.get_scoped_object_or_404(request, object_id)
        if not self.has_view_permission(request, patient):
            raise PermissionDenied  # staff, but not allowed to read plans in the admin
        plans = Assignment.objects.for_therapist(request.user).filter(patient=patient)
        return fhir_response(
            request, plans, patient=patient, filename=patient_filename(patient), via="admin"
        )

    def invite_view(self, request, object_id):
        """POST: a new sign-in code (old codes stop working): to set up an account, or for a
        patient who has one, to choose a new password."""
        url = reverse("admin:planner_patient_change", args=[object_id])
        if request.method != "POST":
            return HttpResponseRedirect(url)
        patient = self.get_scoped_object_or_404(request, object_id)
        if not self.has_change_permission(request, patient):
            raise PermissionDenied
        try:
            _, code = services.create_invite(patient=patient, by=request.user)
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
        else:
            purpose = (
                "They enter it at /accounts/activate/ to choose a new password; their username "
                "stays."
                if patient.user_id
                else "They enter it at /accounts/activate/ to set up their account."
            )
            self.message_user(
                request, f"New sign-in code for {patient}: {code}. {purpose}", messages.SUCCESS
            )
        return HttpResponseRedirect(url)

    @admin.action(description="Archive selected patients (records are kept)")
    def archive(self, request, queryset):
        self._set_archived(request, queryset, archived=True)

    @admin.action(description="Restore selected patients")
    def restore(self, request, queryset):
        self._set_archived(request, queryset, archived=False)

    def _set_archived(self, request, queryset, *, archived):
        report = ActionReport(self, request, queryset)
        for patient in queryset:
            if patient.is_archived == archived:
                state = "Already archived" if archived else "Not archived"
                report.skip(patient, f"{state}, so left as they were")
                continue
            try:
                services.set_patient_archived(patient=patient, by=request.user, archived=archived)
            except PermissionDenied as exc:
                report.skip(patient, f"{exc} Left as they were")
            else:
                report.done(patient)
        if archived:
            report.send("Archived", then=" Their plans, logs and measurements are kept.")
        else:
            report.send("Restored")
