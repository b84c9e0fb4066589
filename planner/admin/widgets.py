"""The patient form's conditions: checkboxes in the screening catalogue's groups (pool screening,
brace and skin, nerve disease …), one click each, instead of Django's two-box selector."""

from django import forms

from exercises.models import ConditionGroup


class GroupedCheckboxes(forms.CheckboxSelectMultiple):
    # In the app (not templates/): widgets render through the form renderer, which reads apps.
    template_name = "planner/widgets/grouped_checkboxes.html"


def grouped_condition_choices(conditions) -> list:
    """[(group label, [(pk, name), ...]), ...] in the catalogue's group order."""
    labels = dict(ConditionGroup.choices)
    groups: dict[str, list] = {}
    for condition in conditions:
        groups.setdefault(condition.group, []).append((condition.pk, condition.name))
    return [(labels.get(group, group), choices) for group, choices in groups.items()]
