"""The patient portal. Every view is wrapped in ``patient_view`` and reaches data only from the
signed-in patient, through ``planner.selectors.portal``; any other id is a 404. Changes are POSTs
(CSRF-protected) through planner's services; no GET changes anything."""

import datetime

from django.contrib import messages
from django.contrib.auth import login
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.roles import is_therapist
from core.client import client_ip
from planner import services
from planner.models import AuditAction
from planner.responses import pdf_response
from planner.selectors import portal as selectors
from planner.services.audit import record_event
from planner.services.sessions import answer_heaviness
from planner.services.sessions import log_session as save_session_log
from portal.access import patient_view
from portal.forms import ActivateForm, HeavinessForm, SessionLogForm

HISTORY_WEEKS = 12


@require_GET
@patient_view
def home(request, patient):
    today = timezone.localdate()
    plans = selectors.current_plans(patient, today)
    record_event(request.user, AuditAction.VIEWED, patient)
    context = {
        "patient": patient,
        "plans": plans,
        "today": today,
        "heaviness_form": (
            HeavinessForm() if selectors.needs_heaviness_check(patient, today) else None
        ),
    }
    return render(request, "portal/home.html", context)


@require_http_methods(["GET", "POST"])
@patient_view
def log_session(request, patient, item_id):
    today = timezone.localdate()
    found = selectors.current_item(patient, item_id, today)
    if found is None:
        raise Http404("No such exercise in your current plans.")
    item, assignment = found
    if request.method == "POST":
        form = SessionLogForm(request.POST, assignment=assignment, today=today)
        if form.is_valid():
            values = {k: v for k, v in form.cleaned_data.items() if k != "performed_on"}
            day = form.cleaned_data["performed_on"]
            save_session_log(item=item, assignment=assignment, performed_on=day, values=values)
            messages.success(request, f"Saved: {item.exercise.name} on {day.day} {day:%B}.")
            return redirect("portal:home")
    else:
        day = _day_from(request.GET.get("date"), today)
        form = SessionLogForm(
            instance=selectors.logged_session(assignment, item, day),
            initial={"performed_on": day, "sets_done": item.sets},
            assignment=assignment,
            today=today,
        )
    return render(
        request,
        "portal/log_form.html",
        {"patient": patient, "item": item, "assignment": assignment, "form": form},
    )


def _day_from(value, today):
    try:
        return datetime.date.fromisoformat(value) if value else today
    except ValueError:
        return today


@require_POST
@patient_view
def heaviness_check(request, patient):
    form = HeavinessForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Please choose yes or no.")
        return redirect("portal:home")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    answer_heaviness(patient=patient, day=yesterday, heavier=form.cleaned_data["heavier"])
    if form.cleaned_data["heavier"]:
        messages.warning(
            request,
            "Thank you. Do not add more exercise for now; your therapist will see your answer.",
        )
    else:
        messages.success(request, "Thank you.")
    return redirect("portal:home")


@require_GET
@patient_view
def history(request, patient):
    weeks, since = selectors.history_weeks(patient, timezone.localdate(), weeks=HISTORY_WEEKS)
    return render(
        request, "portal/history.html", {"patient": patient, "weeks": weeks, "since": since}
    )


@require_GET
@patient_view
def handout(request, patient, assignment_id):
    assignment = selectors.own_assignment(patient, assignment_id)
    if assignment is None:
        raise Http404("No such plan.")
    pdf = services.print_handout(assignment=assignment, by=request.user, via="portal")
    name = slugify(patient.display_name) or "my"
    return pdf_response(pdf, f"{name}-exercises-v{assignment.version}.pdf")


@require_http_methods(["GET", "POST"])
def activate(request):
    """A patient creates their own sign-in with the code from their therapist."""
    if request.user.is_authenticated:
        return redirect("admin:index" if is_therapist(request.user) else "portal:home")
    form = ActivateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.activate_account(
                code=form.cleaned_data["code"],
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password1"],
                ip_address=client_ip(request),
            )
        except services.ActivationError as error:
            form.add_error(None, str(error))
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, "Your account is ready. These are your exercises.")
            return redirect("portal:home")
    return render(request, "registration/activate.html", {"form": form})
