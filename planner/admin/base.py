"""What every planner admin shares: the therapist's scope, and read-only record lists."""

from django.contrib import admin

from exercises.admin import ExplainProtectedDeletes
from planner.models import Patient, Program


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
        # "Active" is the default, so the list opens on what is in use: the patients being
        # treated, the templates being handed out.
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
