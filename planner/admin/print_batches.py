"""Handout batches printed in the background: a read-only record of who printed what and when
(README "Printing many handouts"). The front page offers the download; this list keeps them."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from planner.admin.base import ReadOnlyAdmin, ScopedAdmin
from planner.models import BatchStatus, HandoutBatch


@admin.register(HandoutBatch)
class HandoutBatchAdmin(ReadOnlyAdmin, ScopedAdmin):
    list_display = ["requested_at", "requested_by", "plans", "status", "pages", "download"]
    list_filter = ["status"]
    list_select_related = ["requested_by"]
    fields = [
        "requested_by",
        "requested_at",
        "status",
        "large_print",
        "assignment_ids",
        "printed_ids",
        "skipped",
        "pages",
        "started_at",
        "finished_at",
        "failure",
        "downloaded_at",
        "expired_at",
        "download",
    ]
    readonly_fields = fields

    @admin.display(description="Plans")
    def plans(self, obj):
        return obj.count

    @admin.display(description="PDF")
    def download(self, obj):
        if obj.status != BatchStatus.READY:
            return "—"
        return format_html(
            '<a href="{}">Download (PDF)</a>', reverse("handout_batch_download", args=[obj.pk])
        )
