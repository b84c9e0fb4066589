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
from django.utils.translation import gettext

register = template.Library()

BADGE_CLASSES = {
    "done": "text-bg-success",
    "not done": "text-bg-secondary",
    "due": "text-bg-warning",
    "rest": "text-bg-light border",
}


def badge_words(state: str) -> str:
    """The badge's words in the active language (looked up on each card, not at import)."""
    return {
        "done": gettext("Done today"),
        "not done": gettext("Not done today"),
        "due": gettext("Due today"),
        "rest": gettext("Rest day: nothing to do"),
    }[state]


def badge(state: str) -> str:
    return f'<span class="badge {BADGE_CLASSES[state]} fs-6">{badge_words(state)}</span>'


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
        state = "done"
    elif item.logged_today:
        state = "not done"
    elif item.due_today:
        state = "due"
    else:
        state = "rest"
    rest = not item.due_today and not item.done_today
    name, log_url = escape(str(item.name)), escape(str(item.log_url))
    if item.done_today:
        change = gettext(
            # Translators: the words after the span are read aloud only, by screen readers.
            'Change today\'s entry<span class="visually-hidden"> for %(name)s</span>'
        ) % {"name": name}
        buttons = f'<a class="btn btn-outline-primary btn-lg" href="{log_url}">{change}</a>'
    else:
        # Translators: the Done button, marking today's exercise as done.
        done = gettext("Done")
        # Translators: read aloud by screen readers on the Done button.
        label = gettext("Done: %(name)s") % {"name": name}
        details = gettext(
            # Translators: the words after the span are read aloud only, by screen readers.
            'Done, with details<span class="visually-hidden"> for %(name)s</span>'
        ) % {"name": name}
        buttons = (
            f'<form method="post" action="{escape(str(item.done_url))}">'
            f'{CsrfTokenNode().render(context)}<button type="submit" class="btn btn-success '
            f'btn-done px-4" aria-label="{label}">{done}</button></form>\n'
            f'<a class="btn btn-outline-primary btn-lg" href="{log_url}">{details}</a>'
        )
    pk = int(item.pk)
    # Translators: exercise days done this week out of the days the plan asks for.
    week = gettext("%(done)d of %(days)d this week") % {
        "done": int(item.done_this_week),
        "days": int(item.days_per_week),
    }
    rest_day = " · " + gettext("this week's days are done; today is a rest day") if rest else ""
    return mark_safe(  # noqa: S308 - every value escaped, or HTML we (or the catalogue) wrote
        f'<li class="card mb-3 portal-exercise" id="exercise-{pk}" tabindex="-1" '
        f'aria-labelledby="exercise-{pk}-name">\n<div class="card-body">\n{messages}'
        '<div class="d-flex flex-wrap justify-content-between align-items-start gap-2">\n'
        f"{item.heading}\n{badge(state)}\n</div>\n"
        f'<p class="mb-2 week-count"><strong>{week}</strong>{rest_day}</p>\n'
        f'{item.body}\n<div class="d-flex flex-wrap gap-2">\n{buttons}\n</div>\n</div>\n</li>\n'
    )
