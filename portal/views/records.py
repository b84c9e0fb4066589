"""What the patient did and measured: the history, progress charts, and measuring at home."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from core.dates import patient_date
from planner import charts
from planner.models import AuditAction
from planner.responses import svg_response
from planner.selectors import portal_history
from planner.selectors import progress as progress_selectors
from planner.selectors.measures import usual_landmarks
from planner.services.audit import record_event
from planner.services.measures import record_home_girth
from portal import measure_guide
from portal.access import patient_view
from portal.forms import HomeGirthForm

# Weeks on one page of the history: about a screen's worth on a phone, and a page that costs the
# same however long the history grows.
HISTORY_WEEKS_PER_PAGE = 4


@require_GET
@patient_view
def history(request, patient):
    """What I have done, a few weeks a page, newest first. A page number that is not one of the
    pages (a typo, an old bookmark) opens the first page: a patient is better served by their
    latest weeks than by "not found"."""
    requested = request.GET.get("page", "")
    page = portal_history.history_weeks(
        patient,
        timezone.localdate(),
        # Digits only, and few of them (int() of thousands of digits raises).
        page=int(requested)
        if requested.isascii() and requested.isdigit() and len(requested) < 6
        else 1,
        per_page=HISTORY_WEEKS_PER_PAGE,
    )
    record_event(request.user, AuditAction.VIEWED, patient, page="history")
    context = {"patient": patient, "page": page, "weeks": page.weeks, "since": page.first_day}
    return render(request, "portal/history.html", context)


@require_GET
@patient_view
def progress(request, patient):
    """My progress: how often, pain and effort, and girth, as charts with their words."""
    found = progress_selectors.patient_progress(
        patient, today=timezone.localdate(), function_tests=False
    )
    record_event(request.user, AuditAction.VIEWED, patient, page="progress")
    shown = charts.progress_charts(found, for_patient=True)
    return render(request, "portal/progress.html", {"patient": patient, "charts": shown})


@require_GET
@patient_view
def progress_chart(request, patient, chart):
    found = progress_selectors.patient_progress(
        patient, today=timezone.localdate(), function_tests=False
    )
    shown = charts.chart_named(charts.progress_charts(found, for_patient=True), chart)
    if shown is None:
        raise Http404("No such chart.")
    # Patient data leaving the server is on the trail, an image as much as a page.
    record_event(request.user, AuditAction.VIEWED, patient, page=f"progress chart {chart}")
    return svg_response(charts.render_svg(shown, charts.size_asked(request.GET)))


@require_http_methods(["GET", "POST"])
@patient_view
def measure(request, patient):
    """The patient measures an arm or leg at home, both sides, with a short guide on where the
    tape goes (the landmark their therapist used, when one was written down)."""
    today = timezone.localdate()
    form = HomeGirthForm(
        request.POST or None, patient=patient, today=today, initial={"measured_on": today}
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                saved = record_home_girth(patient=patient, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                day = saved.measured_on
                said = gettext("Saved: %(site)s on %(day)s, left %(left)s cm, right %(right)s cm.")
                site = gettext(measure_guide.SITE_NAMES[saved.site]).lower()
                messages.success(
                    request,
                    said
                    % {
                        "site": site,
                        "day": patient_date(day),
                        "left": saved.left_cm,
                        "right": saved.right_cm,
                    },
                )
                return redirect("portal:home")
    else:
        record_event(request.user, AuditAction.VIEWED, patient, page="measure")
    landmarks = usual_landmarks(patient)
    places = [
        (
            gettext(name),
            gettext(measure_guide.PLACES[site]),
            gettext(measure_guide.THERAPIST_PLACE).format(landmark=landmarks[site])
            if site in landmarks
            else "",
        )
        for site, name in measure_guide.SITE_NAMES.items()
    ]
    context = {
        "patient": patient,
        "form": form,
        "steps": [gettext(step) for step in measure_guide.STEPS],
        "places": places,
        "when_to_call": gettext(measure_guide.WHEN_TO_CALL),
    }
    return render(request, "portal/measure.html", context)
