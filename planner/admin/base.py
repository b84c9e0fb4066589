"""What every planner admin shares: the therapist's scope, the audit trail of who looked at what,
read-only record lists, and the list filters that open on the rows in use."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext

from core.text import NormalizedTextAdmin
from core.widgets import OnePassAutocompleteSelect, OnePassSelect
from exercises.admin import ExplainProtectedDeletes
from planner.models import AuditAction, Patient, Program
from planner.services.audit import patient_of, record_denied, record_event


class CappedCountPaginator(Paginator):
    """Counts at most ``CAP`` + 1 rows. Counting every row of a list of a million session logs
    or audit events reads them all (140 ms and growing); past ``CAP`` the list says "more than"
    (templates/admin/planner/pagination.html) and offers pages up to there. Search or a filter
    narrows it to rows that are all counted."""

    CAP = 10_000

    @cached_property
    def count(self):
        # Only the ids: a list's columns computed per row (the patient list's adherence, last
        # log and pain) would otherwise be compiled into the count too.
        return self.object_list.order_by().values("pk")[: self.CAP + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.CAP


class RowLinksChangeList(ChangeList):
    """Each row's link to its page from one ``reverse()`` for the page: reversing it for each of
    100 rows took 3 ms of a list. A row's id is a number, which ``reverse()`` writes as is."""

    PK = "__pk__"  # left as it is by reverse(); no change URL holds it otherwise

    @cached_property
    def _change_url(self) -> str:
        return reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
            args=[self.PK],
            current_app=self.model_admin.admin_site.name,
        )

    def url_for_result(self, result):
        pk = getattr(result, self.pk_attname)
        if not isinstance(pk, int):
            return super().url_for_result(result)
        return self._change_url.replace(self.PK, str(pk))


class OnePassChoices:
    """ModelAdmin or inline mixin: a field's fixed choices as a list written in one pass
    (core.widgets), unless the admin asks for radio buttons."""

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name not in self.radio_fields:
            kwargs.setdefault("widget", OnePassSelect)
        return super().formfield_for_choice_field(db_field, request, **kwargs)


class ScopedAdmin(OnePassChoices, NormalizedTextAdmin, ExplainProtectedDeletes, admin.ModelAdmin):
    """Lists, change pages and autocompletes show only the rows the user may see. Text typed
    into its forms and its search box is taken in NFC (core.text).

    Every page that shows patient data is written to the audit trail here: a list page once,
    naming the patients whose rows it shows; a change, history or delete page once, naming its
    record. Asking for a row that exists but is outside the user's scope gets Django's usual
    "doesn't exist" answer, and a "denied" event."""

    paginator = CappedCountPaginator
    # A filtered list says "Show all" rather than counting every row in scope a second time.
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).for_therapist(request.user)

    def get_changelist(self, request, **kwargs):
        return RowLinksChangeList

    def action_checkbox(self, obj):
        # Django's markup, written directly: its checkbox widget renders two templates per row,
        # 10 ms of a page of 100 rows.
        label = format_html(gettext("Select this object for an action - {}"), str(obj))
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            obj.pk,
            label,
        )

    def response_action(self, request, queryset):
        # A list past the cap offers no "Select all" across pages (actions.html); one posted
        # anyway is refused rather than voiding or printing tens of thousands of rows at once.
        if request.POST.get("select_across") == "1" and CappedCountPaginator(queryset, 1).capped:
            self.message_user(
                request,
                f"A list of more than {CappedCountPaginator.CAP:,} rows cannot be acted on all at "
                "once. Choose rows on a page, or narrow the list with a filter or search.",
                messages.WARNING,
            )
            return None
        return super().response_action(request, queryset)

    def is_list_request(self, request) -> bool:
        """Whether ``request`` is for this admin's list (or an action posted from it). Columns
        computed for each row are read there only: a change page or a search box reads none of
        them, and building their SQL alone took 30 ms of the patient page."""
        match = request.resolver_match
        name = f"{self.opts.app_label}_{self.opts.model_name}_changelist"
        return match is not None and match.url_name == name

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        # Redirects (after an action, for a bad filter) and action pages show no list.
        changelist = (getattr(response, "context_data", None) or {}).get("cl")
        if changelist is not None:
            # Evaluates the page's rows once; the template reuses them.
            shown = {p.pk: p for p in map(patient_of, changelist.result_list) if p is not None}
            if shown:
                record_event(
                    request.user,
                    AuditAction.VIEWED,
                    patient=next(iter(shown.values())) if len(shown) == 1 else None,
                    patients=sorted(shown),
                    list=self.opts.label,
                )
        return response

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if change and obj is not None and request.method == "GET":
            self.record_viewed(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def history_view(self, request, object_id, extra_context=None):
        return self._record_page(request, super().history_view(request, object_id, extra_context))

    def delete_view(self, request, object_id, extra_context=None):
        return self._record_page(request, super().delete_view(request, object_id, extra_context))

    def _record_page(self, request, response):
        obj = (getattr(response, "context_data", None) or {}).get("object")
        if obj is not None:
            self.record_viewed(request, obj)
        return response

    def record_viewed(self, request, obj) -> None:
        """One "viewed" event for a page showing ``obj``, when ``obj`` is about a patient (a
        template is not)."""
        patient = patient_of(obj)
        if patient is not None:
            record_event(request.user, AuditAction.VIEWED, obj, patient=patient)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Django's one answer when the change, delete or history page finds no row. A row outside
        # the user's scope gets the same answer (the page never says it exists), and is recorded.
        self.record_if_out_of_scope(request, unquote(object_id))
        return super()._get_obj_does_not_exist_redirect(request, opts, object_id)

    def get_scoped_object_or_404(self, request, object_id):
        """The row for our own admin views (revise, print, void...): 404 unless it is in scope,
        and a "denied" event when it exists outside it."""
        obj = self.get_object(request, object_id)
        if obj is None:
            self.record_if_out_of_scope(request, object_id)
            raise Http404(f"No {self.opts.verbose_name} with that id.")
        return obj

    def record_if_out_of_scope(self, request, object_id) -> None:
        try:
            exists = self.model._default_manager.filter(pk=object_id).exists()
        except (ValueError, ValidationError):
            return  # not an id at all
        if exists:
            record_denied(request.user, self.model, object_id, via="admin")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is Patient:
            kwargs["queryset"] = Patient.objects.for_therapist(request.user).active()
        elif db_field.related_model is Program:
            kwargs["queryset"] = Program.objects.for_therapist(request.user)
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            # Django's own widget, written in one pass (core.widgets).
            kwargs["widget"] = OnePassAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows that are records of what happened: listed and viewed, never edited here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class InUseFilter(admin.SimpleListFilter):
    """A list that opens on the rows in use and keeps the others one click away. Subclasses name
    the timestamp that is set when a row leaves use, and the two words for its states."""

    title = "status"
    field: str  # e.g. "archived_at": null while the row is in use
    in_use, out_of_use = "Active", "Archived"

    def lookups(self, request, model_admin):
        return [("no", self.in_use), ("yes", self.out_of_use), ("all", "All")]

    def choices(self, changelist):
        # The default (no parameter) is the rows in use, so "All" has its own value.
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
        return queryset.filter(**{f"{self.field}__isnull": value == "no"})


class ArchivedFilter(InUseFilter):
    """Patients being treated, templates being handed out."""

    parameter_name = "archived"
    field = "archived_at"


class VoidedFilter(InUseFilter):
    """Clinical records that stand; those voided as entered in error are one click away."""

    parameter_name = "voided"
    field = "voided_at"
    in_use, out_of_use = "In force", "Voided"
