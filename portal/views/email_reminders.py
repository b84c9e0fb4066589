"""The patient's daily email reminder."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from planner.models import AuditAction
from planner.selectors.reminders import reminder_of
from planner.services.audit import record_event
from planner.services.reminders import set_reminder
from portal.access import patient_view
from portal.forms import ReminderForm


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
        return gettext("Saved. We will email you each day at %(time)s.") % {
            "time": f"{reminder.send_at:%H:%M}"
        }
    return gettext("Saved. We will not email you reminders.")
