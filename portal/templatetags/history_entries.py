"""``{{ log|history_entry }}``: one line of the patient's history, "Sit to stand: done, 2 sets,
pain 3 of 10, effort 5 of 10." with the patient's note below it. Built here rather than by the
template's own tags: a page shows up to a hundred lines, and the tags cost about 0.05 ms a line,
half of the page's rendering."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def history_entry(log):
    """The line for one log (with its ``exercise_name``, as ``history_weeks`` reads it); every
    value is escaped."""
    said = ["done" if log.done else "not done"]
    if log.sets_done is not None:
        said.append(f"{log.sets_done} set{'' if log.sets_done == 1 else 's'}")
    if log.pain is not None:
        said.append(f"pain {log.pain} of 10")
    if log.effort is not None:
        said.append(f"effort {log.effort} of 10")
    line = format_html("<strong>{}:</strong> {}.", log.exercise_name, ", ".join(said))
    if log.note:
        line += format_html(' <span class="d-block history-note">Note: {}</span>', log.note)
    return line
