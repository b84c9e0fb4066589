"""The patient list's follow-up columns: adherence over 14 days, the last log and the highest pain
of the last 7 days, each sortable because each is computed in the list's one query."""

import datetime

from django.contrib import admin
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone
from django.utils.html import format_html_join

from planner.admin.base import RowLinksChangeList
from planner.models import SessionLog
from planner.selectors.adherence import with_adherence
from planner.selectors.worklist import ADHERENCE_DAYS, items_by_patient

PAIN_DAYS = 7


class FollowUpChangeList(RowLinksChangeList):
    """The page's patients with their open worklist items, read for the whole page at once (from
    the rows' adherence, which the alerts and the column share: ADHERENCE_DAYS)."""

    def get_results(self, request):
        super().get_results(request)
        found = items_by_patient(self.result_list, today=timezone.localdate())
        for patient in self.result_list:
            patient.open_items = found.get(patient.pk, [])


class FollowUpColumns:
    """ModelAdmin mixin for patients (a ScopedAdmin); the columns are computed on the list only.
    An empty value sorts as the lowest (never logged, no pain reported, nothing prescribed), so
    it comes first going up and last going down on both databases."""

    def get_queryset(self, request):
        if not self.is_list_request(request):
            return super().get_queryset(request)
        today = timezone.localdate()
        # In-force logs of in-force plans, newest first (a log not done still reports pain).
        logs = (
            SessionLog.objects.in_force()
            .filter(
                assignment__patient=OuterRef("pk"),
                assignment__voided_at__isnull=True,
                performed_on__lte=today,
            )
            .order_by("-performed_on")
        )
        recent_pain = logs.filter(
            performed_on__gt=today - datetime.timedelta(days=PAIN_DAYS), pain__isnull=False
        ).order_by("-pain")
        queryset = (
            super()
            .get_queryset(request)
            .annotate(
                last_log_on=Subquery(logs.values("performed_on")[:1]),
                pain_max_recent=Subquery(recent_pain.values("pain")[:1]),
            )
        )
        return with_adherence(queryset, today=today, days=ADHERENCE_DAYS)

    @admin.display(
        description=f"Adherence ({ADHERENCE_DAYS} days)",
        ordering=F("adherence_rate").asc(nulls_first=True),
    )
    def adherence_recent(self, obj):
        if obj.adherence_rate is None:
            return "—"
        return f"{round(obj.adherence_rate * 100)} %"

    @admin.display(
        description="Last log", ordering=F("last_log_on").asc(nulls_first=True), empty_value="—"
    )
    def last_log(self, obj):
        return obj.last_log_on

    @admin.display(
        description=f"Highest pain ({PAIN_DAYS} days)",
        ordering=F("pain_max_recent").asc(nulls_first=True),
        empty_value="—",
    )
    def highest_pain(self, obj):
        return obj.pain_max_recent

    def get_changelist(self, request, **kwargs):
        return FollowUpChangeList

    # Not sortable: an alert is a rule over several tables, not a column the list's query has.
    @admin.display(description="Alerts")
    def alerts(self, obj):
        items = getattr(obj, "open_items", None)
        if not items:
            return "—"
        return format_html_join(
            ", ", '<strong class="patient-alert">{}</strong>', ((i.label,) for i in items)
        )
