"""The patient portal. Every view is wrapped in ``patient_view`` and reaches data only from the
signed-in patient, through ``planner.selectors.portal``; any other id is a 404. Changes are POSTs
(CSRF-protected) through planner's services; no GET changes anything."""

import datetime

from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.roles import is_therapist
from core.client import client_ip
from core.dates import patient_date
from planner import charts, services
from planner.handout import wording
from planner.models import Assignment, AuditAction, ClinicProfile, ProgramExercise
from planner.responses import pdf_response, svg_response
from planner.selectors import portal as selectors
from planner.selectors import progress as progress_selectors
from planner.selectors.measures import usual_landmarks
from planner.selectors.reminders import reminder_of
from planner.services.audit import record_event
from planner.services.measures import record_home_girth
from planner.services.reminders import set_reminder
from planner.services.sessions import AlreadyDone, answer_heaviness, log_prescribed_dose
from planner.services.sessions import log_session as save_session_log
from portal import card_cache, measure_guide
from portal.access import not_found, patient_view
from portal.forms import (
    ActivateForm,
    HeavinessForm,
    HomeGirthForm,
    PortalPasswordChangeForm,
    ReminderForm,
    SessionLogForm,
)

# Weeks on one page of the history: about a screen's worth on a phone, and a page that costs the
# same however long the history grows.
HISTORY_WEEKS_PER_PAGE = 4
# A pain this high, logged, answers with the handout's "stop and call" words and the phone.
PAIN_TO_CALL_ABOUT = 7
# A message's tag naming the exercise card it belongs in ("card-12").
CARD_TAG = "card-"
# An id to reverse an exercise's URL with once a page, then swapped for each exercise's own.
_ANY_ID = 987654321


@require_GET
@patient_view
def home(request, patient):
    today = timezone.localdate()
    plans = card_cache.plan_sections(patient, selectors.home_plans(patient, today))
    record_event(request.user, AuditAction.VIEWED, patient)
    # What was just saved shows in the card the page opens at (``_home_at_next``).
    in_cards, at_top = {}, []
    for message in messages.get_messages(request):
        if message.extra_tags.startswith(CARD_TAG):
            in_cards.setdefault(int(message.extra_tags.removeprefix(CARD_TAG)), []).append(message)
        else:
            at_top.append(message)
    done_url, log_url = _url_for_each("portal:done"), _url_for_each("portal:log")
    for plan in plans:
        for item in plan.rows:
            item.messages = in_cards.pop(item.pk, [])
            item.done_url, item.log_url = done_url(item.pk), log_url(item.pk)
    context = {
        "patient": patient,
        "plans": plans,
        # A message whose card has gone (the plan changed meanwhile) shows at the top.
        "top_messages": at_top + [m for left in in_cards.values() for m in left],
        "today": today,
        "heaviness_form": (
            HeavinessForm() if selectors.needs_heaviness_check(patient, today) else None
        ),
    }
    return render(request, "portal/home.html", context)


def _url_for_each(name: str):
    """``reverse(name, args=[pk])`` for every exercise on the page from one ``reverse``: reversing
    each card's two links apart cost about a tenth of the page's rendering."""
    head, _, tail = reverse(name, args=[_ANY_ID]).rpartition(str(_ANY_ID))
    return lambda pk: f"{head}{int(pk)}{tail}"


@require_http_methods(["GET", "POST"])
@patient_view
def log_session(request, patient, item_id):
    today = timezone.localdate()
    item, assignment = _current_item(request, patient, item_id, today)
    if request.method == "POST":
        form = SessionLogForm(request.POST, assignment=assignment, today=today)
        if form.is_valid():
            values = {k: v for k, v in form.cleaned_data.items() if k != "performed_on"}
            day = form.cleaned_data["performed_on"]
            try:
                save_session_log(
                    item=item,
                    assignment=assignment,
                    performed_on=day,
                    values=values,
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                saved = f"Saved: {item.given.name} on {patient_date(day)}."
                if (values.get("pain") or 0) >= PAIN_TO_CALL_ABOUT:
                    # The advice must be seen: the page opens at its top, not further down.
                    messages.success(request, saved)
                    _advise_to_call(request, values["pain"])
                    return redirect("portal:home")
                return _home_at_next(request, patient, item, today, saved)
    else:
        day = _day_from(request.GET.get("date"), today)
        record_event(request.user, AuditAction.VIEWED, item, patient=patient, day=day.isoformat())
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


@require_POST
@patient_view
def log_done(request, patient, item_id):
    """One tap on "Done": today's entry with the prescribed dose, then back to the list at the
    next exercise not done yet."""
    today = timezone.localdate()
    item, assignment = _current_item(request, patient, item_id, today)
    try:
        log_prescribed_dose(item=item, assignment=assignment, performed_on=today, by=request.user)
    except AlreadyDone:
        said = f"{item.given.name} is already done today. Nothing was changed."
        return _home_at_next(request, patient, item, today, said, level=messages.INFO)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("portal:home")
    return _home_at_next(request, patient, item, today, f"Saved: {item.given.name} done today.")


def _current_item(request, patient, item_id, today):
    """(exercise row, plan) of one of the patient's current plans, or the recorded 404."""
    found = selectors.current_item(patient, item_id, today)
    if found is None:
        raise not_found(
            request, patient, ProgramExercise, item_id, "No such exercise in your current plans."
        )
    return found


def _home_at_next(request, patient, item, today, said, *, level=messages.SUCCESS):
    """The portal home, scrolled to the next exercise not done today (the top when all are),
    with what was saved shown in that exercise's card: a message at the top of the page would
    be out of sight."""
    following = selectors.next_undone(selectors.current_plans(patient, today), item)
    url = reverse("portal:home")
    if following is None:
        messages.add_message(request, level, said)
        return redirect(url)
    messages.add_message(request, level, said, extra_tags=f"{CARD_TAG}{following.pk}")
    return redirect(f"{url}#exercise-{following.pk}")


def _advise_to_call(request, pain: int) -> None:
    # The base template adds the clinic's phone as a tel: link to a message tagged "call".
    # In sentence case: on a screen, capitals read as shouting (the handout's box is bolder).
    clinic = ClinicProfile.objects.current()
    words = [f"Your pain was {pain} out of 10. Stop this exercise for today"]
    if clinic.phone:
        words.append(f" and call {clinic.name} at {clinic.phone}.")
    else:
        words.append(f" and call {clinic.name}.")
    if clinic.hours:
        words.append(f" {wording.CLINIC_HOURS.format(hours=clinic.hours)}.")
    words.append(" If the clinic is closed, rest and call when it opens. ")
    words.append(wording.EMERGENCY.format(emergency=clinic.emergency_number or "911"))
    messages.warning(request, "".join(words), extra_tags="call")


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
    answer_heaviness(
        patient=patient, day=yesterday, heavier=form.cleaned_data["heavier"], by=request.user
    )
    if form.cleaned_data["heavier"]:
        messages.warning(
            request,
            # CLINICAL.md, neurogenic overwork guard: heavier the next day, do not progress.
            "Thank you. Your therapist will see your answer. Today, do the same amount or "
            "less, never more, and do not move on to a harder version. Stop if the arm or leg "
            "feels heavy.",
        )
    else:
        messages.success(request, "Thank you.")
    return redirect("portal:home")


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
                messages.success(
                    request,
                    f"Saved: {measure_guide.SITE_NAMES[saved.site].lower()} on "
                    f"{patient_date(day)}, left {saved.left_cm} cm, right {saved.right_cm} cm.",
                )
                return redirect("portal:home")
    else:
        record_event(request.user, AuditAction.VIEWED, patient, page="measure")
    landmarks = usual_landmarks(patient)
    places = [
        (
            name,
            measure_guide.PLACES[site],
            measure_guide.THERAPIST_PLACE.format(landmark=landmarks[site])
            if site in landmarks
            else "",
        )
        for site, name in measure_guide.SITE_NAMES.items()
    ]
    context = {"patient": patient, "form": form, "guide": measure_guide, "places": places}
    return render(request, "portal/measure.html", context)


@require_GET
@patient_view
def history(request, patient):
    """What I have done, a few weeks a page, newest first. A page number that is not one of the
    pages (a typo, an old bookmark) opens the first page: a patient is better served by their
    latest weeks than by "not found"."""
    requested = request.GET.get("page", "")
    page = selectors.history_weeks(
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


@require_GET
@patient_view
def handout(request, patient, assignment_id):
    assignment = selectors.own_assignment(patient, assignment_id)
    if assignment is None:
        raise not_found(request, patient, Assignment, assignment_id, "No such plan.")
    pdf = services.print_handout(assignment=assignment, by=request.user, via="portal")
    name = slugify(patient.display_name) or "my"
    return pdf_response(pdf, f"{name}-exercises-v{assignment.version}.pdf")


@sensitive_post_parameters("old_password", "new_password1", "new_password2")
@require_http_methods(["GET", "POST"])
@patient_view
def change_password(request, patient):
    """Django's password change, for a signed-in patient; this session stays signed in, others
    end. A patient who forgot their password asks their therapist for a new sign-in code."""
    form = PortalPasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        update_session_auth_hash(request, form.user)
        record_event(request.user, AuditAction.CHANGED, patient, password="changed")  # noqa: S106
        messages.success(request, "Your password is changed. Use the new one next time.")
        return redirect("portal:home")
    return render(request, "portal/password_change.html", {"patient": patient, "form": form})


@sensitive_post_parameters("password1", "password2")
@require_http_methods(["GET", "POST"])
@never_cache
def activate(request):
    """A patient creates their own sign-in with the code from their therapist, or, with a new
    code, chooses a new password for the account they have. A wrong or expired code gives back
    what was typed except the code (never_cache: that page holds the password)."""
    if request.user.is_authenticated:
        return redirect("admin:index" if is_therapist(request.user) else "portal:home")
    form = ActivateForm(request.POST or None)
    if request.method == "POST":
        try:
            done = _activate(form, client_ip(request))
        except services.ActivationError as error:
            # The passwords go back into the page only when the rules accepted them.
            if form.is_valid() and str(error) == services.WRONG_CODE:
                form.refuse_code(str(error))
            else:
                form.add_error(None, str(error))
        else:
            if done is not None:
                login(request, done.user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(request, _activated_message(done))
                return redirect("portal:home")
    return render(request, "registration/activate.html", {"form": form})


def _activate(form, ip_address):
    """Use the code the form carries, or None when the form itself is refused. Every refused try
    counts towards the throttle except a password the rules refused
    (``ActivateForm.counts_toward_throttle`` says why)."""
    if services.activation_throttled(ip_address):
        raise services.ActivationError(services.TOO_MANY_TRIES)
    if not form.is_valid():
        if form.counts_toward_throttle():
            services.count_refused_activation(ip_address=ip_address)
        return None
    return services.activate_account(
        code=form.cleaned_data["code"],
        username=form.cleaned_data["username"],
        password=form.cleaned_data["password1"],
        ip_address=ip_address,
    )


def _activated_message(done) -> str:
    if done.password_reset:
        return (
            f"Your new password is set. Your username is still {done.user.get_username()}: "
            "sign in with it and your new password from now on."
        )
    return "Your account is ready. These are your exercises."


@require_http_methods(["GET", "POST"])
@patient_view
def reminders(request, patient):
    """The patient turns a daily email reminder on or off, with the address and the time."""
    saved = reminder_of(patient)
    initial = (
        {"is_on": saved.is_on, "email": saved.email, "send_at": saved.send_at}
        if saved
        else {"is_on": False}
    )
    form = ReminderForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                reminder = set_reminder(patient=patient, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(request, _reminder_message(reminder))
                return redirect("portal:home")
    else:
        record_event(request.user, AuditAction.VIEWED, patient, page="reminders")
    return render(request, "portal/reminders.html", {"patient": patient, "form": form})


def _reminder_message(reminder) -> str:
    if reminder.is_on:
        return f"Saved. We will email you each day at {reminder.send_at:%H:%M}."
    return "Saved. We will not email you reminders."
