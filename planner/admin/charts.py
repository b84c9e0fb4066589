"""The patient page's "Progress" section (issue 15): its charts, each an SVG image served from a
URL under the patient, with the same access as the patient page."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path, reverse
from django.utils import timezone

from planner import charts
from planner.responses import svg_response
from planner.selectors import progress as selectors


class ProgressChartsMixin:
    """For PatientAdmin: the charts' URLs and view, and the charts' words in the change page's
    context (``progress_charts``)."""

    def get_urls(self):
        return [
            path(
                "<int:object_id>/progress/<slug:chart>.svg",
                self.admin_site.admin_view(self.chart_view),
                name="planner_patient_chart",
            ),
            *super().get_urls(),
        ]

    def chart_view(self, request, object_id, chart):
        patient = self.get_scoped_object_or_404(request, object_id)
        if not self.has_view_or_change_permission(request, patient):
            raise PermissionDenied
        progress = selectors.patient_progress(patient, today=timezone.localdate())
        found = charts.chart_named(charts.progress_charts(progress), chart)
        if found is None:
            raise Http404("No such chart.")
        return svg_response(charts.render_svg(found, charts.size_asked(request.GET)))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            progress = selectors.patient_progress(obj, today=timezone.localdate())
            context["progress"] = progress
            context["progress_charts"] = [
                (chart, reverse("admin:planner_patient_chart", args=[obj.pk, chart.slug]))
                for chart in charts.progress_charts(progress)
            ]
        return super().render_change_form(request, context, add, change, form_url, obj)
