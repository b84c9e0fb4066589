"""Logging a session: the form, the one-tap Done, and the next-day question."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from core.dates import patient_date
from planner.models import AuditAction, ClinicProfile, ProgramExercise
from planner.selectors import portal as selectors
from planner.services.audit import record_event
from planner.services.sessions import AlreadyDone, answer_heaviness, log_prescribed_dose
from planner.services.sessions import log_session as save_session_log
from portal.access import not_found, patient_view
from portal.forms import HeavinessForm, SessionLogForm
from portal.views.plans import CARD_TAG

# A pain this high, logged, answers with the handout's "stop and call" words and the phone.
PAIN_TO_CALL_ABOUT = 7


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
                form.add_error(None, [gettext(message) for message in error.messages])
            else:
                saved = gettext("Saved: %(name)s on %(day)s.") % {
                    "name": item.given.name,
                    "day": patient_date(day),
                }
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
        said = gettext("%(name)s is already done today. Nothing was changed.") % {
            "name": item.given.name
        }
        return _home_at_next(request, patient, item, today, said, level=messages.INFO)
    except ValidationError as error:
        messages.error(request, " ".join(gettext(message) for message in error.messages))
        return redirect("portal:home")
    said = gettext("Saved: %(name)s done today.") % {"name": item.given.name}
    return _home_at_next(request, patient, item, today, said)


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
    # Whole sentences, one for each case (Spanish orders the words its own way); the English
    # ones are the handout's (planner.handout.wording: CLINIC_HOURS, EMERGENCY).
    values = {"pain": pain, "clinic": clinic.name, "phone": clinic.phone}
    if clinic.phone:
        stop = gettext(
            "Your pain was %(pain)d out of 10. Stop this exercise for today and call "
            "%(clinic)s at %(phone)s."
        )
    else:
        stop = gettext(
            "Your pain was %(pain)d out of 10. Stop this exercise for today and call %(clinic)s."
        )
    words = [stop % values]
    if clinic.hours:
        words.append(gettext("We answer the phone: %(hours)s.") % {"hours": clinic.hours})
    words.append(gettext("If the clinic is closed, rest and call when it opens."))
    words.append(
        gettext("If it is an emergency, call %(emergency)s now.")
        % {"emergency": clinic.emergency_number or "911"}
    )
    messages.warning(request, " ".join(words), extra_tags="call")


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
        messages.error(request, gettext("Please choose yes or no."))
        return redirect("portal:home")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    answer_heaviness(
        patient=patient, day=yesterday, heavier=form.cleaned_data["heavier"], by=request.user
    )
    if form.cleaned_data["heavier"]:
        messages.warning(
            request,
            # CLINICAL.md, neurogenic overwork guard: heavier the next day, do not progress.
            gettext(
                "Thank you. Your therapist will see your answer. Today, do the same amount or "
                "less, never more, and do not move on to a harder version. Stop if the arm or "
                "leg feels heavy."
            ),
        )
    else:
        messages.success(request, gettext("Thank you."))
    return redirect("portal:home")
