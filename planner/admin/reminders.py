"""Patients' daily email reminders, read-only: the patient sets theirs in the portal and
``manage.py send_reminders`` writes the day it last went out."""

from django.contrib import admin

from planner.admin.base import ReadOnlyAdmin, ScopedAdmin
from planner.models import Reminder


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin, ScopedAdmin):
    list_display = ["patient", "is_on", "send_at", "email", "last_sent_on"]
    list_filter = ["is_on"]
    list_select_related = ["patient"]
    search_fields = ["patient__display_name"]
