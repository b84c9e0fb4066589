"""Who is who: the Therapists group, what it may do in the admin, and who counts as a therapist.

The group is kept in code (and applied after every migrate) so a clinic's server and the demo agree,
and a new model's permissions reach therapists without anyone clicking through the admin. Models
are named by their labels, so this module sits below the apps it grants permissions on.
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


def is_therapist(user) -> bool:
    """Therapists and clinic admins work in the admin; they are staff accounts."""
    return user.is_authenticated and user.is_staff


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
    # post_migrate fires once per app; the permissions above all exist once planner, the last app
    # they name, has migrated.
    if sender.label == "planner":
        ensure_therapist_group()
