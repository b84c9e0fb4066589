"""The demo clinic: one therapist, two patients, a template program and one assignment.

Every step looks for what it would create first, so running the demo again changes nothing and
loses nothing (a password someone changed stays changed).
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from exercises.models import AtrophyKind, AtrophyType, Exercise
from planner.models import (
    Assignment,
    Patient,
    Program,
    ProgramExercise,
    Side,
)
from planner.roles import ensure_therapist_group


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str
    where: str


THERAPIST = DemoLogin("therapist", "therapist-demo-2026", "therapist", "/admin/")
PATIENT = DemoLogin("patient", "patient-demo-2026", "patient", "/portal/")
PATIENT2 = DemoLogin("patient2", "patient2-demo-2026", "patient", "/portal/")
LOGINS = [THERAPIST, PATIENT, PATIENT2]

TEMPLATE_TITLE = "Leg strength after bed rest"
# (exercise slug, dosage) in program order; slugs come from exercises/data/library.yaml.
TEMPLATE_ITEMS = [
    ("sit-to-stand", {"sets": 2, "repetitions": 8, "rest_seconds": 60, "days_per_week": 5}),
    (
        "seated-knee-straightening-weight",
        {"sets": 3, "repetitions": 10, "hold_seconds": 5, "side": Side.LEFT},
    ),
    ("water-walking", {"sets": 1, "duration_minutes": 15, "days_per_week": 3}),
    ("ankle-pumps", {"sets": 2, "repetitions": 15, "times_per_day": 2, "days_per_week": 7}),
]


def _user(login: DemoLogin, *, staff: bool):
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=login.username,
        defaults={"is_staff": staff, "first_name": login.username.capitalize()},
    )
    if created:
        user.set_password(login.password)
        user.save(update_fields=["password"])
    return user


def _copy_items(source: Program, target: Program) -> None:
    fields = [
        f.name for f in ProgramExercise._meta.concrete_fields if f.name not in {"id", "program"}
    ]
    ProgramExercise.objects.bulk_create(
        ProgramExercise(program=target, **{f: getattr(item, f) for f in fields})
        for item in source.items.all()
    )


@transaction.atomic
def build_demo_clinic(today: datetime.date | None = None) -> list[DemoLogin]:
    today = today or timezone.localdate()
    group = ensure_therapist_group()
    therapist = _user(THERAPIST, staff=True)
    therapist.groups.add(group)

    maria, _ = Patient.objects.get_or_create(
        display_name="Maria Lopez",
        therapist=therapist,
        defaults={
            "user": _user(PATIENT, staff=False),
            "atrophy_type": AtrophyKind.PHYSIOLOGIC,
            "affected_side": Side.LEFT,
            "affected_region": "hip_thigh",
            "notes": "Six weeks of bed rest after pneumonia; left thigh 2.5 cm smaller than right.",
        },
    )
    Patient.objects.get_or_create(
        display_name="Arthur Bennett",
        therapist=therapist,
        defaults={
            "user": _user(PATIENT2, staff=False),
            "atrophy_type": AtrophyKind.NEUROGENIC,
            "affected_side": Side.BOTH,
            "affected_region": "ankle_foot",
            "large_print": True,
            "notes": "Charcot-Marie-Tooth; wears ankle-foot orthoses.",
        },
    )

    template, created = Program.objects.get_or_create(
        title=TEMPLATE_TITLE,
        owner=therapist,
        is_template=True,
        defaults={
            "description": "Getting up, walking and standing again after a long time in bed.",
            "is_shared": True,
        },
    )
    if created:
        template.atrophy_types.set(AtrophyType.objects.filter(code=AtrophyKind.PHYSIOLOGIC))
        exercises = Exercise.objects.in_bulk(
            [slug for slug, _ in TEMPLATE_ITEMS], field_name="slug"
        )
        ProgramExercise.objects.bulk_create(
            ProgramExercise(program=template, exercise=exercises[slug], position=n, **dosage)
            for n, (slug, dosage) in enumerate(TEMPLATE_ITEMS, start=1)
        )

    if not Assignment.objects.filter(patient=maria).exists():
        # The patient's frozen copy of the template, as an assignment hands it over.
        own = Program.objects.create(
            title=template.title,
            description=template.description,
            owner=therapist,
            is_template=False,
            patient=maria,
        )
        own.atrophy_types.set(template.atrophy_types.all())
        _copy_items(template, own)
        Assignment.objects.create(
            patient=maria,
            program=own,
            assigned_by=therapist,
            starts_on=today,
            ends_on=today + datetime.timedelta(weeks=6),
        )
    return LOGINS


def login_lines(address: str) -> list[str]:
    base = address if address.startswith("http") else f"http://{address}"
    lines = [f"Rehab Planner demo clinic ({settings.CLINIC_NAME}) is ready. Sign in at {base}/"]
    for login in LOGINS:
        lines.append(
            f"  {login.role:<9} username {login.username:<10} password {login.password:<22}"
            f" then {base}{login.where}"
        )
    lines.append("Passwords are set when the account is first created and are never reset.")
    return lines
