"""Clinical records in the admin: never deleted, voided with a reason when entered in error."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from planner import services
from planner.admin.base import ScopedAdmin, VoidedFilter
from planner.services.audit import patient_of
from planner.services.records import REASON_MAX_LENGTH, REASON_REQUIRED

VOID_FIELDS = ["voided_at", "voided_by", "void_reason"]


class VoidForm(forms.Form):
    reason = forms.CharField(
        label="Why was this entered in error?",
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        help_text="Kept with the record and written to the audit trail.",
        error_messages={"required": REASON_REQUIRED},
    )


class VoidableAdmin(ScopedAdmin):
    """Plans, session logs and limb measurements. Nobody deletes them, a clinic admin included. A
    record entered in error is voided with a reason: it is kept, the list hides it unless its
    "Voided" or "All" filter is chosen, it is shown struck through with the reason, and the voiding
    is audited. A voided record can no longer be changed.

    Subclasses that set ``actions`` list "void_selected" among them."""

    actions = ["void_selected"]
    change_form_template = "admin/planner/voidable_change_form.html"

    class Media:
        css = {"all": ["css/admin-tools.css"]}  # the struck-through rows

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj and obj.is_voided)

    def has_void_permission(self, request, obj=None):
        # Voiding changes the patient's chart, not what the record says: whoever may change
        # patients may void their records (their own patients', through the scoped queryset).
        return request.user.has_perm("planner.change_patient") and not (obj and obj.is_voided)

    def get_list_filter(self, request):
        return [VoidedFilter, *super().get_list_filter(request)]

    def get_list_display(self, request):
        return [*super().get_list_display(request), "void_status"]

    def get_exclude(self, request, obj=None):
        # Voiding is done by void_record only, never typed into a form.
        return [*(super().get_exclude(request, obj) or []), *VOID_FIELDS]

    @admin.display(description="Entered in error")
    def void_status(self, obj):
        if not obj.is_voided:
            return ""
        # The class strikes the row's other cells through (static/css/admin-tools.css); the word
        # says it to people who cannot see the line.
        return format_html('<strong class="voided-row">Voided</strong>: {}', obj.void_reason)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and self.has_void_permission(request, obj):
            context["void_url"] = reverse(self._void_url_name, args=[obj.pk])
        return super().render_change_form(request, context, add, change, form_url, obj)

    @property
    def _void_url_name(self):
        return f"admin:{self.opts.app_label}_{self.opts.model_name}_void"

    def get_urls(self):
        return [
            path(
                "<path:object_id>/void/",
                self.admin_site.admin_view(self.void_view),
                name=self._void_url_name.removeprefix("admin:"),
            ),
            *super().get_urls(),
        ]

    def void_view(self, request, object_id):
        """The "Void" button on a record's page: asks for the reason, then voids it."""
        record = self.get_scoped_object_or_404(request, object_id)
        if not self.has_void_permission(request, record):
            raise PermissionDenied
        form = VoidForm(request.POST if request.method == "POST" else None)
        if form.is_valid() and self._void(request, [record], form.cleaned_data["reason"]):
            change_url = f"admin:{self.opts.app_label}_{self.opts.model_name}_change"
            return HttpResponseRedirect(reverse(change_url, args=[record.pk]))
        return self._confirmation(request, [record], form, from_list=False)

    @admin.action(
        description="Void selected %(verbose_name_plural)s (entered in error)",
        permissions=["void"],
    )
    def void_selected(self, request, queryset):
        form = VoidForm(request.POST if request.POST.get("post") == "yes" else None)
        if form.is_valid():
            self._void(request, list(queryset), form.cleaned_data["reason"])
            return None  # back to the list
        return self._confirmation(request, list(queryset), form, from_list=True)

    def _void(self, request, records, reason) -> list:
        voided, refused = [], []
        for record in records:
            try:
                voided.append(services.void_record(record=record, by=request.user, reason=reason))
            except (ValidationError, PermissionDenied) as exc:
                refused.append(" ".join(getattr(exc, "messages", [str(exc)])))
        if voided:
            names = ", ".join(str(r) for r in voided)
            self.message_user(
                request, f"Voided (kept, entered in error): {names}.", messages.SUCCESS
            )
        for message in refused:
            self.message_user(request, f"Not voided: {message}", messages.ERROR)
        return voided

    def _confirmation(self, request, records, form, *, from_list):
        opts = self.opts
        context = {
            **self.admin_site.each_context(request),
            "opts": opts,
            "title": f"Void {opts.verbose_name_plural if from_list else opts.verbose_name}",
            "records": records,
            "rows": [(record, patient_of(record)) for record in records],
            "form": form,
            "from_list": from_list,
        }
        return TemplateResponse(request, "admin/planner/void_confirmation.html", context)
