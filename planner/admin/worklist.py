"""Worklist items marked seen: a read-only record of who looked at what (issue 15); items are
marked seen from the admin's front page (config/admin_site.py)."""

from django.contrib import admin

from planner.admin.base import ReadOnlyAdmin, ScopedAdmin
from planner.models import WorklistSeen


@admin.register(WorklistSeen)
class WorklistSeenAdmin(ReadOnlyAdmin, ScopedAdmin):
    list_display = ["patient", "rule", "evidence", "seen_by", "seen_at"]
    list_filter = ["rule"]
    list_select_related = ["patient", "seen_by"]
    search_fields = ["patient__display_name"]
    date_hierarchy = "seen_at"
