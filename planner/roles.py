"""The Therapists group and what it may do in the admin.

Kept in code (and applied after every migrate) so a clinic's server and the demo agree, and a new
model's permissions reach therapists without anyone clicking through the admin.
"""

from django.contrib.auth.models import Group, Permission

THERAPISTS_GROUP = "Therapists"

# app_label.model -> actions. No "delete" on clinical records: they are archived instead.
THERAPIST_PERMISSIONS = {
    "exercises.atrophytype": ["view"],
    "exercises.condition": ["view", "add", "change"],
    "exercises.exercise": ["view", "add", "change"],
    "planner.patient": ["view", "add", "change"],
    "planner.program": ["view", "add", "change", "delete"],
    "planner.programexercise": ["view", "add", "change", "delete"],
    "planner.assignment": ["view", "add", "change"],
    "planner.sessionlog": ["view"],
    "planner.limbmeasurement": ["view", "add", "change"],
    "planner.safetynote": ["view"],
    "planner.auditevent": ["view"],
    "planner.invite": ["view"],
}


def ensure_therapist_group() -> Group:
    group, _ = Group.objects.get_or_create(name=THERAPISTS_GROUP)
    wanted = []
    for label, actions in THERAPIST_PERMISSIONS.items():
        app_label, model = label.split(".")
        wanted += [
            Permission.objects.get(content_type__app_label=app_label, codename=f"{action}_{model}")
            for action in actions
        ]
    group.permissions.set(wanted)
    return group


def ensure_roles_after_migrate(sender, **kwargs):
    # post_migrate fires once per app; permissions for every app exist after the last one.
    if sender.name == "planner":
        ensure_therapist_group()
