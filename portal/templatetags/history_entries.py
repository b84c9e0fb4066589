"""``{% history_day day logs %}``: one day's card of the patient's history, a line for each log,
"Sit to stand: done, 2 sets, pain 3 of 10, effort 5 of 10." with the patient's note below it
(``history_entry``). Built here rather than by the template's own tags: a page shows up to a
hundred lines, and the tags cost about 0.05 ms a line, half of the page's rendering; the day's
card and its loop, a third of what was left. The patient's words are escaped with the standard
library's ``html.escape``, which is what Django's ``escape`` calls, without the checks for lazy
and already-safe values around it (about half of these lines' cost)."""

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from portal.templatetags.patient_dates import patient_date

register = template.Library()


@register.filter
def history_entry(log) -> SafeString:
    """The line for one log (with its ``exercise_name``, as ``history_weeks`` reads it); every
    value is escaped."""
    return mark_safe(_entry(log))  # noqa: S308 - every value escaped in _entry


def _entry(log) -> str:
    # Translators: a history line, "Sit to stand: done, 2 sets, pain 3 of 10." (one exercise).
    said = [gettext("done") if log.done else gettext("not done")]
    if log.sets_done is not None:
        sets = int(log.sets_done)
        said.append(ngettext("%(count)d set", "%(count)d sets", sets) % {"count": sets})
    if log.pain is not None:
        said.append(gettext("pain %(pain)d of 10") % {"pain": int(log.pain)})
    if log.effort is not None:
        said.append(gettext("effort %(effort)d of 10") % {"effort": int(log.effort)})
    line = f"<strong>{escape(str(log.exercise_name))}:</strong> {', '.join(said)}."
    if log.note:
        note = gettext("Note: %(note)s") % {"note": escape(str(log.note))}
        line += f' <span class="d-block history-note">{note}</span>'
    return line


@register.simple_tag
def history_day(day, logs) -> SafeString:
    """The ``<li>`` card of ``day`` with a line for each of its ``logs``."""
    lines = "".join(f'<li class="history-entry">{_entry(log)}</li>\n' for log in logs)
    return mark_safe(  # noqa: S308 - the day's words and every log's values escaped
        '<li class="card mb-2 history-day">\n<div class="card-body py-2">\n'
        f'<h3 class="h5 mb-2">{escape(patient_date(day))}</h3>\n'
        f'<ul class="list-unstyled mb-0">\n{lines}</ul>\n</div>\n</li>\n'
    )
