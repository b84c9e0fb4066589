"""The clinic profile: one row, changed (never added twice, never deleted) by superusers and the
Clinic admins group; therapists may look at it."""

from django.contrib import admin

from core.text import NormalizedTextAdmin
from planner.admin.forms import ClinicProfileForm
from planner.models import ClinicProfile
from planner.services.clinic import save_clinic_profile


@admin.register(ClinicProfile)
class ClinicProfileAdmin(NormalizedTextAdmin, admin.ModelAdmin):
    form = ClinicProfileForm
    fields = ["name", "phone", "hours", "emergency_number", "address", "updated_at"]
    readonly_fields = ["updated_at"]
    list_display = ["name", "phone", "hours", "emergency_number", "updated_at"]

    def has_add_permission(self, request):
        # A migration makes the row; adding is only for a database where it went missing.
        return super().has_add_permission(request) and not ClinicProfile.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        save_clinic_profile(profile=obj, by=request.user, changed=form.changed_data)
