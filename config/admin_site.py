"""The admin site: Django's, opening on the therapist's worklist (issue 15)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST


class RehabAdminSite(admin.AdminSite):
    site_header = "Rehab Planner"
    site_title = "Rehab Planner"
    index_title = "Clinic administration"
    site_url = "/exercises/"  # "View site" takes a therapist to the library browser
    # The model list on every page took 280 px of a 1,280 px window from the patient list and
    # the program rows; the front page and the breadcrumbs lead everywhere it did.
    enable_nav_sidebar = False

    def index(self, request, extra_context=None):
        # The site loads before the apps' code.
        from planner.selectors.print_batches import front_page_batches
        from planner.selectors.worklist import worklist

        context = {
            "worklist": worklist(request.user, today=timezone.localdate()),
            "batches": front_page_batches(request.user),  # handouts printed in the background
        }
        return super().index(request, {**context, **(extra_context or {})})

    def get_urls(self):
        return [
            path("worklist/seen/", self.admin_view(self.seen_view), name="worklist_seen"),
            *super().get_urls(),
        ]

    @staticmethod
    @require_POST
    def seen_view(request):
        from planner.models import Patient
        from planner.services.worklist import mark_seen

        patient_id = request.POST.get("patient", "")
        patient = get_object_or_404(
            Patient.objects.for_therapist(request.user),
            pk=int(patient_id) if patient_id.isdigit() else 0,
        )
        try:
            mark_seen(
                patient=patient,
                rule=request.POST.get("rule", ""),
                evidence=request.POST.get("evidence", ""),
                by=request.user,
            )
        except (ValueError, PermissionDenied):
            messages.error(request, "That item could not be marked seen; the list is as it was.")
        else:
            messages.success(request, f"Marked seen for {patient}. It comes back with new data.")
        return HttpResponseRedirect(reverse("admin:index") + "#needs-attention")
