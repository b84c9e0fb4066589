"""The patient's plans: the home page (each exercise with today's state) and the handout."""

from django.contrib import messages
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from planner import services
from planner.models import Assignment, AuditAction
from planner.responses import pdf_response
from planner.selectors import portal as selectors
from planner.selectors import portal_home
from planner.services.audit import record_event
from portal import card_cache
from portal.access import not_found, patient_view
from portal.forms import HeavinessForm
from portal.templatetags.fixed_urls import reversed_once

# A message's tag naming the exercise card it belongs in ("card-12").
CARD_TAG = "card-"
# An id to reverse an exercise's URL with once a page, then swapped for each exercise's own.
_ANY_ID = 987654321


@require_GET
@patient_view
def home(request, patient):
    today = timezone.localdate()
    plans = card_cache.plan_sections(patient, portal_home.home_plans(patient, today))
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
    """``reverse(name, args=[pk])`` for every exercise on the page from one ``reverse`` (once per
    process): reversing each card's two links apart cost about a tenth of the page's rendering."""
    head, _, tail = reversed_once(name, _ANY_ID).rpartition(str(_ANY_ID))
    return lambda pk: f"{head}{int(pk)}{tail}"


@require_GET
@patient_view
def handout(request, patient, assignment_id):
    assignment = selectors.own_assignment(patient, assignment_id)
    if assignment is None:
        raise not_found(request, patient, Assignment, assignment_id, "No such plan.")
    pdf = services.print_handout(assignment=assignment, by=request.user, via="portal")
    name = slugify(patient.display_name) or "my"
    return pdf_response(pdf, f"{name}-exercises-v{assignment.version}.pdf")
