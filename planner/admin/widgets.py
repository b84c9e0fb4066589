"""The patient form's conditions: checkboxes in the screening catalogue's groups (pool screening,
brace and skin, nerve disease …), one click each, instead of Django's two-box selector."""

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from exercises.models import ConditionGroup

CHECKED = mark_safe(" checked")


class GroupedCheckboxes(forms.CheckboxSelectMultiple):
    """Written in one pass (as core.widgets does for choice lists): through the template, a
    catalogue of about a hundred conditions took 8 ms of the patient page. The template stays
    the markup's reference, which tests/planner/admin/test_grouped_checkboxes.py holds this to."""

    # In the app (not templates/): widgets render through the form renderer, which reads apps.
    template_name = "planner/widgets/grouped_checkboxes.html"

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        box_id = widget["attrs"].get("id", "")
        groups = format_html_join(
            "",
            '<fieldset class="condition-group">{}{}</fieldset>',
            (
                (format_html("<legend>{}</legend>", group) if group else "", _choices(options))
                for group, options, _index in widget["optgroups"]
            ),
        )
        return format_html(
            '<div class="grouped-checkboxes"><label class="condition-search-label" for="{}_search">'
            'Find a condition</label><input type="search" id="{}_search" class="condition-search" '
            'data-target="{}" autocomplete="off"><div id="{}" class="{}">{}</div></div>',
            box_id,
            box_id,
            box_id,
            box_id,
            widget["attrs"].get("class", ""),
            groups,
        )


def _choices(options):
    return format_html_join(
        "",
        '<label class="condition-choice" for="{}"><input type="{}" name="{}" value="{}" id="{}"{}>'
        " {}</label>",
        (
            (
                option["attrs"].get("id", ""),
                option["type"],
                option["name"],
                str(option["value"]),
                option["attrs"].get("id", ""),
                CHECKED if option["selected"] else "",
                option["label"],
            )
            for option in options
        ),
    )


def grouped_condition_choices(conditions) -> list:
    """[(group label, [(pk, name), ...]), ...] in the catalogue's group order."""
    labels = dict(ConditionGroup.choices)
    groups: dict[str, list] = {}
    for condition in conditions:
        groups.setdefault(condition.group, []).append((condition.pk, condition.name))
    return [(labels.get(group, group), choices) for group, choices in groups.items()]
