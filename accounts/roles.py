"""Who is who: the Therapists and Clinic admins groups, what each may do in the admin, and who
counts as a therapist.

The groups are kept in code (and applied after every migrate) so a clinic's server and the demo
agree, and a new model's permissions reach therapists without anyone clicking through the admin.
Models are named by their labels, so this module sits below the apps it grants permissions on.
"""

from django.contrib.auth.models import Group, Permission

THERAPISTS_GROUP = "Therapists"
# Staff who keep the clinic's own details (whom patients call); superusers may do it too. A clinic
# admin is a staff account in this group, usually a therapist as well.
CLINIC_ADMINS_GROUP = "Clinic admins"

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
    "planner.functiontest": ["view", "add", "change"],
    "planner.worklistseen": ["view"],
    "planner.safetynote": ["view"],
    "planner.auditevent": ["view"],
    "planner.invite": ["view"],
    "planner.reminder": ["view"],
    "planner.handoutbatch": ["view"],
    "planner.clinicprofile": ["view"],
}

CLINIC_ADMIN_PERMISSIONS = {
    "planner.clinicprofile": ["view", "change"],
}


def is_therapist(user) -> bool:
    """Therapists and clinic admins work in the admin; they are staff accounts."""
    return user.is_authenticated and user.is_staff


def ensure_therapist_group() -> Group:
    return _ensure_group(THERAPISTS_GROUP, THERAPIST_PERMISSIONS)


def ensure_clinic_admin_group() -> Group:
    return _ensure_group(CLINIC_ADMINS_GROUP, CLINIC_ADMIN_PERMISSIONS)


def _ensure_group(name: str, permissions: dict[str, list[str]]) -> Group:
    """The group called ``name`` with exactly ``permissions`` (app_label.model -> actions)."""
    group, _ = Group.objects.get_or_create(name=name)
    wanted = []
    for label, actions in permissions.items():
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
        ensure_clinic_admin_group()
