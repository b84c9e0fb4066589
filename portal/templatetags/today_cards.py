"""``{% today_card item %}``: one exercise's card on the portal home, its kept parts
(``portal.card_cache.Row``: heading and body, rendered once a plan) around what today's logs
decide (done or due, "2 of 3 this week", the Done buttons) and the messages saved for it.

Built here rather than by template tags: the card's two dozen tags, for each exercise on every
visit, were a third of the home page's rendering once its words were kept."""

from html import escape

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

BADGES = {
    "done": '<span class="badge text-bg-success fs-6">Done today</span>',
    "not done": '<span class="badge text-bg-secondary fs-6">Not done today</span>',
    "due": '<span class="badge text-bg-warning fs-6">Due today</span>',
    "rest": '<span class="badge text-bg-light border fs-6">Rest day: nothing to do</span>',
}

REST_DAY = " · this week's days are done; today is a rest day"


@register.simple_tag(takes_context=True)
def today_card(context, item) -> SafeString:
    """The ``<li>`` of ``item`` (a ``card_cache.Row`` with its day state, links and messages);
    every value not already HTML is escaped (with ``html.escape``, which Django's ``escape``
    calls, without the checks around it: a third of the card's cost)."""
    messages = "".join(
        render_to_string(
            "message.html",
            {"message": message, "clinic_profile": context.get("clinic_profile")},
        )
        for message in item.messages
    )
    if item.done_today:
        badge = BADGES["done"]
    elif item.logged_today:
        badge = BADGES["not done"]
    elif item.due_today:
        badge = BADGES["due"]
    else:
        badge = BADGES["rest"]
    rest = not item.due_today and not item.done_today
    name, log_url = escape(str(item.name)), escape(str(item.log_url))
    if item.done_today:
        buttons = (
            f'<a class="btn btn-outline-primary btn-lg" href="{log_url}">Change today\'s entry'
            f'<span class="visually-hidden"> for {name}</span></a>'
        )
    else:
        buttons = (
            f'<form method="post" action="{escape(str(item.done_url))}">'
            f'{CsrfTokenNode().render(context)}<button type="submit" class="btn btn-success '
            f'btn-done px-4" aria-label="Done: {name}">Done</button></form>\n'
            f'<a class="btn btn-outline-primary btn-lg" href="{log_url}">Done, with details'
            f'<span class="visually-hidden"> for {name}</span></a>'
        )
    pk = int(item.pk)
    return mark_safe(  # noqa: S308 - every value escaped, or HTML we rendered (heading, body)
        f'<li class="card mb-3 portal-exercise" id="exercise-{pk}" tabindex="-1" '
        f'aria-labelledby="exercise-{pk}-name">\n<div class="card-body">\n{messages}'
        '<div class="d-flex flex-wrap justify-content-between align-items-start gap-2">\n'
        f"{item.heading}\n{badge}\n</div>\n"
        f'<p class="mb-2 week-count"><strong>{int(item.done_this_week)} of '
        f"{int(item.days_per_week)} this week</strong>{REST_DAY if rest else ''}</p>\n"
        f'{item.body}\n<div class="d-flex flex-wrap gap-2">\n{buttons}\n</div>\n</div>\n</li>\n'
    )
