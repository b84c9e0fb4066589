"""The demo clinic: its profile (whom to call), one therapist, three patients, template programs
and a plan for each patient with its history (twelve weeks for Maria and Arthur, three for Rosa).

Every step looks for what it would create first, so running the demo again changes nothing and
loses nothing (a password someone changed stays changed).
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.management.commands.runserver import naiveip_re
from django.db import transaction
from django.utils import timezone

from accounts.roles import ensure_therapist_group
from exercises.models import AtrophyKind, AtrophyType, BodyRegion, Condition, Exercise
from planner import demo_history as history
from planner.invites import current_code
from planner.models import Assignment, ClinicProfile, Patient, Program, ProgramExercise, Side
from planner.services import assign_program, create_invite


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str
    where: str
    first_name: str = ""
    last_name: str = ""


THERAPIST = DemoLogin(
    "therapist", "therapist-demo-2026", "therapist", "/admin/", "Jordan", "Rivera"
)
PATIENT = DemoLogin("patient", "patient-demo-2026", "patient", "/portal/", "Maria", "Lopez")
PATIENT2 = DemoLogin("patient2", "patient2-demo-2026", "patient", "/portal/", "Arthur", "Bennett")
LOGINS = [THERAPIST, PATIENT, PATIENT2]

# (title, atrophy type tags, [(exercise slug, dosage)]) in program order; slugs come from
# exercises/data/library.yaml.
TEMPLATES = [
    (
        "Leg strength after bed rest",
        [AtrophyKind.PHYSIOLOGIC, AtrophyKind.PATHOLOGIC],
        [
            ("sit-to-stand", {"sets": 2, "repetitions": 8, "rest_seconds": 60, "days_per_week": 3}),
            (
                "seated-knee-straightening-weight",
                {"sets": 3, "repetitions": 10, "hold_seconds": 5, "side": Side.LEFT},
            ),
            ("water-walking", {"sets": 1, "duration_minutes": 15, "days_per_week": 3}),
            ("ankle-pumps", {"sets": 2, "repetitions": 15, "times_per_day": 2, "days_per_week": 7}),
        ],
    ),
    (
        "Gentle pool program for nerve-related weakness",
        [AtrophyKind.NEUROGENIC],
        [
            ("water-walking", {"sets": 1, "duration_minutes": 10, "days_per_week": 3}),
            ("pool-heel-raises", {"sets": 1, "repetitions": 8, "rest_seconds": 60}),
            ("pool-ankle-pumps-step", {"sets": 2, "repetitions": 10}),
        ],
    ),
    # Steroid medicine weakens the hip muscles first (library: long-term-corticosteroids); every
    # exercise here is a precaution for it, none a hard stop, and all on 3 days a week.
    (
        "Hip strength on long-term steroid medicine",
        [AtrophyKind.PATHOLOGIC],
        [
            ("sit-to-stand", {"sets": 2, "repetitions": 8, "rest_seconds": 60, "days_per_week": 3}),
            (
                "bridge-lift",
                {
                    "sets": 2,
                    "repetitions": 8,
                    "hold_seconds": 3,
                    "rest_seconds": 60,
                    "days_per_week": 3,
                },
            ),
            (
                "side-lying-leg-lift",
                {"sets": 2, "repetitions": 8, "side": Side.BOTH, "days_per_week": 3},
            ),
        ],
    ),
]
# Rosa's plan started three weeks ago, a week after she was registered.
ROSA_WEEKS = 3


def _user(login: DemoLogin, *, staff: bool):
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=login.username,
        defaults={"is_staff": staff, "first_name": login.first_name, "last_name": login.last_name},
    )
    if created:
        user.set_password(login.password)
        user.save(update_fields=["password"])
    return user


def _template(therapist, title, kinds, items) -> Program:
    template, created = Program.objects.get_or_create(
        title=title,
        owner=therapist,
        is_template=True,
        defaults={"is_shared": True},
    )
    if created:
        template.atrophy_types.set(AtrophyType.objects.filter(code__in=kinds))
        exercises = Exercise.objects.in_bulk([slug for slug, _ in items], field_name="slug")
        ProgramExercise.objects.bulk_create(
            ProgramExercise(program=template, exercise=exercises[slug], position=n, **dosage)
            for n, (slug, dosage) in enumerate(items, start=1)
        )
    return template


def _patient(therapist, name, login: DemoLogin | None, *, conditions=(), **details) -> Patient:
    """The demo patient called ``name``, made once with ``details`` and, when ``login`` is
    given, their own account; an existing one is left as it is."""
    if login is not None:
        details["user"] = _user(login, staff=False)
    patient, created = Patient.objects.get_or_create(
        display_name=name, therapist=therapist, defaults=details
    )
    if created and conditions:
        patient.conditions.set(Condition.objects.filter(slug__in=conditions))
    return patient


# What the demo clinic's profile says, until someone changes it (555-01xx numbers are fictional).
CLINIC_PHONE = "555-0100"
CLINIC_HOURS = "Mon-Fri 8 am-5 pm"


def _clinic_profile() -> ClinicProfile:
    """The clinic profile with the demo's phone and hours; a profile that has a phone is left as
    someone set it."""
    profile = ClinicProfile.objects.current()
    if not profile.phone:
        profile.phone, profile.hours, profile.emergency_number = CLINIC_PHONE, CLINIC_HOURS, "911"
        profile.full_clean()
        profile.save()
    return profile


@transaction.atomic
def build_demo_clinic(today: datetime.date | None = None) -> list[DemoLogin]:
    today = today or timezone.localdate()
    _clinic_profile()
    group = ensure_therapist_group()
    therapist = _user(THERAPIST, staff=True)
    therapist.groups.add(group)

    maria = _patient(
        therapist,
        "Maria Lopez",
        PATIENT,
        atrophy_type=AtrophyKind.PHYSIOLOGIC,
        affected_side=Side.LEFT,
        affected_region=BodyRegion.HIP_THIGH,
        notes="Six weeks of bed rest after pneumonia; left thigh 2.5 cm smaller than right.",
    )
    arthur = _patient(
        therapist,
        "Arthur Bennett",
        PATIENT2,
        conditions=["charcot-marie-tooth", "falls-risk"],
        atrophy_type=AtrophyKind.NEUROGENIC,
        affected_side=Side.BOTH,
        affected_region=BodyRegion.ANKLE_FOOT,
        large_print=True,
        notes="Charcot-Marie-Tooth; wears ankle-foot orthoses.",
    )
    rosa = _patient(
        therapist,
        "Rosa Diaz",
        None,
        conditions=["long-term-corticosteroids"],
        atrophy_type=AtrophyKind.PATHOLOGIC,
        affected_side=Side.BOTH,
        affected_region=BodyRegion.HIP_THIGH,
        notes="Two years of prednisone; weak hips, no account yet.",
    )
    if current_code(rosa) is None:
        create_invite(patient=rosa, by=therapist)

    templates = [_template(therapist, *spec) for spec in TEMPLATES]
    # History (planner/demo_history.py): plans that started weeks ago, sessions, limb girths and
    # chair stands, so the worklist, the charts and each patient's portal have something to show.
    for patient, weeks in (
        (maria, history.WEEKS + 1),
        (arthur, history.WEEKS + 1),
        (rosa, ROSA_WEEKS + 1),
    ):
        history.backdate(patient, weeks=weeks, today=today)
    if not Assignment.objects.filter(patient=maria).exists():
        assign_program(
            program=templates[0],
            patient=maria,
            by=therapist,
            starts_on=today - datetime.timedelta(weeks=history.WEEKS),
            ends_on=today + datetime.timedelta(weeks=6),
            precautions_confirmed=True,
        )
    if not Assignment.objects.filter(patient=arthur).exists():
        assign_program(
            program=templates[1],
            patient=arthur,
            by=therapist,
            starts_on=today - datetime.timedelta(weeks=10),
            precautions_confirmed=True,
        )
        history.logs_for(Assignment.objects.get(patient=arthur), today=today, keep=0.6, seed=2)
        history.arthur_this_week(Assignment.objects.get(patient=arthur), today=today)
    if not Assignment.objects.filter(patient=rosa).exists():
        assign_program(
            program=templates[2],
            patient=rosa,
            by=therapist,
            starts_on=today - datetime.timedelta(weeks=ROSA_WEEKS),
            ends_on=today + datetime.timedelta(weeks=9),
            precautions_confirmed=True,
        )
    history.logs_for(Assignment.objects.get(patient=maria), today=today, keep=0.85, seed=1)
    # Rosa has no account yet: her sessions are the diary sheets entered at her clinic visits.
    history.logs_for(Assignment.objects.get(patient=rosa), today=today, keep=0.9, seed=3)
    history.girth_for(
        maria, therapist, today=today, site="thigh", start=(41.5, 44.0), end=(43.2, 44.3)
    )
    history.girth_for(
        arthur, therapist, today=today, site="calf", start=(31.0, 31.4), end=(30.6, 31.2)
    )
    history.girth_for(
        rosa,
        therapist,
        today=today,
        site="thigh",
        start=(42.0, 42.4),
        end=(42.3, 42.6),
        weeks=ROSA_WEEKS,
    )
    history.chair_stands_for(maria, therapist, today=today, counts=[7, 8, 10, 11, 13])
    history.chair_stands_for(arthur, therapist, today=today, counts=[9, 9, 10, 9])
    history.chair_stands_for(rosa, therapist, today=today, counts=[6, 8], weeks=ROSA_WEEKS)
    return LOGINS


def login_lines(address: str) -> list[str]:
    base = address if address.startswith("http") else f"http://{address}"
    clinic = ClinicProfile.objects.current()
    lines = [
        f"Rehab Planner demo clinic ({clinic.name}, phone {clinic.phone or 'not set'}) is ready. "
        f"Sign in at {base}/"
    ]
    for login in LOGINS:
        lines.append(
            f"  {login.role:<9} username {login.username:<10} password {login.password:<22}"
            f" then {base}{login.where}"
        )
    lines.append("Passwords are set when the account is first created and are never reset.")
    newcomer = Patient.objects.filter(display_name="Rosa Diaz", user__isnull=True).first()
    current = current_code(newcomer) if newcomer else None
    if current:
        lines.append(
            f"A patient without an account yet, Rosa Diaz, has the sign-in code {current[0]}: "
            f"try it at {base}/accounts/activate/"
        )
    return lines


# runserver's addresses that listen on every network interface: no use as a link (a phone
# cannot open them), so the demo's links use this computer's own address of the same family.
EVERY_INTERFACE = {"0": "127.0.0.1", "0.0.0.0": "127.0.0.1", "[::]": "[::1]"}  # noqa: S104


def _host_and_port(addrport: str) -> tuple[str, str]:
    """runserver's ``addrport`` ("8000", "0.0.0.0:8000", "[::1]:8000") read as runserver reads
    it; ValueError for what runserver would refuse."""
    match = naiveip_re.match(addrport)
    if match is None:
        raise ValueError(f"{addrport!r} is not a port number or an address:port pair.")
    return match["addr"] or "127.0.0.1", match["port"]


def local_url(addrport: str) -> str:
    """The address a browser on this computer opens for the demo served on ``addrport``."""
    host, port = _host_and_port(addrport)
    return f"http://{EVERY_INTERFACE.get(host, host)}:{port}"


def handout_site_url(addrport: str, environ: Mapping[str, str]) -> tuple[str, list[str]]:
    """The SITE_URL for the demo served on ``addrport`` (what handouts, their QR codes, the
    patient page's sign-in instructions and reminder emails point at) and the lines that say so.

    SITE_URL in the environment wins; the settings have read it already, but whether it was set
    at all only the environment knows. Without it, the address the demo serves on."""
    from_environment = environ.get("SITE_URL", "").rstrip("/")
    if from_environment:
        return from_environment, [
            f"Handouts and their QR codes point at {from_environment}/portal/ "
            "(SITE_URL is set in the environment)."
        ]
    url = local_url(addrport)
    lines = [f"Handouts and their QR codes point at {url}/portal/ (set SITE_URL to change this)."]
    host, port = _host_and_port(addrport)
    if host in EVERY_INTERFACE:
        every = "0.0.0.0" if host == "0" else host  # noqa: S104 -- runserver's shorthand, in full
        lines.append(
            f"The demo listens on every address of this computer ({every}), which a phone cannot "
            f"open: the printed link and QR code work on this computer only. For a phone, run it "
            f"with SITE_URL set to this computer's address on your network and that address "
            f"allowed, for example SITE_URL=http://192.168.1.20:{port} "
            f"ALLOWED_HOSTS=192.168.1.20,127.0.0.1 manage.py demo {addrport}"
        )
    return url, lines
