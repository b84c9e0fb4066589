"""The patient portal. Every view is wrapped in ``patient_view`` and reaches data only from the
signed-in patient; any other id is a 404. Changes are POSTs (CSRF-protected); no GET changes
anything."""

import datetime

from django.contrib import messages
from django.contrib.auth import login
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from planner import services
from planner.access import is_therapist, patient_view
from planner.models import Assignment, AuditAction, ProgramExercise, SessionLog
from planner.portal_forms import ActivateForm, HeavinessForm, SessionLogForm

HISTORY_WEEKS = 12


def _current_plans(patient, today):
    items = ProgramExercise.objects.select_related("exercise").order_by("position")
    return list(
        Assignment.objects.for_patient(patient)
        .current(today)
        .select_related("program")
        .prefetch_related(Prefetch("program__items", queryset=items))
        .order_by("starts_on", "pk")
    )


def _needs_heaviness_check(patient, today) -> bool:
    """Neurogenic patients are asked, the day after, whether the limb feels heavier or weaker."""
    if patient.atrophy_type != "neurogenic":
        return False
    yesterday = today - datetime.timedelta(days=1)
    return SessionLog.objects.filter(
        assignment__patient=patient, performed_on=yesterday, done=True, heavier_next_day=None
    ).exists()


@require_GET
@patient_view
def home(request, patient):
    today = timezone.localdate()
    plans = _current_plans(patient, today)
    logged = {
        log.program_exercise_id: log
        for log in SessionLog.objects.filter(assignment__in=plans, performed_on=today)
    }
    for plan in plans:
        for item in plan.program.items.all():
            item.today_log = logged.get(item.pk)
    services.record_event(
        actor=request.user, patient=patient, action=AuditAction.VIEWED, obj=patient
    )
    context = {
        "patient": patient,
        "plans": plans,
        "today": today,
        "heaviness_form": HeavinessForm() if _needs_heaviness_check(patient, today) else None,
    }
    return render(request, "portal/home.html", context)


def _own_item(patient, item_id, today):
    """An exercise of one of the patient's current plans, with that plan; 404 otherwise."""
    item = get_object_or_404(
        ProgramExercise.objects.select_related("exercise", "program"),
        pk=item_id,
        program__assignments__in=Assignment.objects.for_patient(patient).current(today),
    )
    assignment = Assignment.objects.for_patient(patient).current(today).get(program=item.program)
    return item, assignment


@require_http_methods(["GET", "POST"])
@patient_view
def log_session(request, patient, item_id):
    today = timezone.localdate()
    item, assignment = _own_item(patient, item_id, today)
    if request.method == "POST":
        form = SessionLogForm(request.POST, assignment=assignment, today=today)
        if form.is_valid():
            values = {k: v for k, v in form.cleaned_data.items() if k != "performed_on"}
            day = form.cleaned_data["performed_on"]
            services.log_session(item=item, assignment=assignment, performed_on=day, values=values)
            messages.success(request, f"Saved: {item.exercise.name} on {day.day} {day:%B}.")
            return redirect("portal:home")
    else:
        day = _day_from(request.GET.get("date"), today)
        existing = SessionLog.objects.filter(
            assignment=assignment, program_exercise=item, performed_on=day
        ).first()
        form = SessionLogForm(
            instance=existing,
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
    services.answer_heaviness(patient=patient, day=yesterday, heavier=form.cleaned_data["heavier"])
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
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    first_day = monday - datetime.timedelta(weeks=HISTORY_WEEKS - 1)
    logs = (
        SessionLog.objects.filter(assignment__patient=patient, performed_on__gte=first_day)
        .select_related("program_exercise__exercise")
        .order_by("-performed_on", "program_exercise__position")
    )
    weeks = {}
    for log in logs:
        start = log.performed_on - datetime.timedelta(days=log.performed_on.weekday())
        weeks.setdefault(start, []).append(log)
    week_list = [
        {
            "start": start,
            "end": start + datetime.timedelta(days=6),
            "logs": entries,
            "done": sum(1 for e in entries if e.done),
        }
        for start, entries in sorted(weeks.items(), reverse=True)
    ]
    return render(
        request,
        "portal/history.html",
        {"patient": patient, "weeks": week_list, "since": first_day},
    )


@require_GET
@patient_view
def handout(request, patient, assignment_id):
    assignment = get_object_or_404(Assignment.objects.for_patient(patient), pk=assignment_id)
    pdf = services.print_handout(assignment=assignment, by=request.user, via="portal")
    response = HttpResponse(pdf, content_type="application/pdf")
    name = slugify(patient.display_name) or "my"
    response["Content-Disposition"] = (
        f'attachment; filename="{name}-exercises-v{assignment.version}.pdf"'
    )
    return response


def _client_ip(request) -> str:
    # REMOTE_ADDR only: a header such as X-Forwarded-For can be set by anyone, and the throttle
    # must not be that easy to step around. Behind a proxy, configure it to set REMOTE_ADDR.
    return request.META.get("REMOTE_ADDR") or "0.0.0.0"  # noqa: S104 - a key, not a bind


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
                ip_address=_client_ip(request),
            )
        except services.ActivationError as error:
            form.add_error(None, str(error))
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, "Your account is ready. These are your exercises.")
            return redirect("portal:home")
    return render(request, "registration/activate.html", {"form": form})
