"""`manage.py demo --no-serve`: sets up the demo clinic, and running it twice changes nothing.
Every demo patient has a plan and some history, and what the handouts print follows the address
the demo serves on unless SITE_URL in the environment says otherwise."""

import datetime
import io

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.utils import timezone
from pypdf import PdfReader

from planner.demo import LOGINS, handout_site_url, local_url
from planner.handout import layout, render_handout
from planner.handout.flowables import QrCode
from planner.models import (
    Assignment,
    AssignmentStatus,
    ClinicProfile,
    FunctionTest,
    LimbMeasurement,
    Patient,
    SessionLog,
)

pytestmark = pytest.mark.django_db

DEMO_PATIENTS = ["Maria Lopez", "Arthur Bennett", "Rosa Diaz"]


@pytest.fixture(autouse=True)
def demo_environment(monkeypatch):
    """No SITE_URL in the environment unless a test sets one; and the demo command sets
    settings.SITE_URL itself, so it does so here inside an override that is undone after."""
    monkeypatch.delenv("SITE_URL", raising=False)
    with override_settings():
        yield


def run_demo(*args) -> str:
    out = io.StringIO()
    call_command("demo", *args, "--no-serve", stdout=out)
    return out.getvalue()


def handout_text(assignment) -> str:
    pdf = render_handout(assignment)
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())


def row_counts() -> dict[str, int]:
    labels = ["exercises", "planner", "auth"]
    return {
        model._meta.label: model.objects.count()
        for label in labels
        for model in apps.get_app_config(label).get_models()
    }


def test_demo_creates_the_clinic_and_prints_the_logins():
    output = run_demo()
    for login in LOGINS:
        assert f"username {login.username}" in output
        assert login.password in output
    assert "http://127.0.0.1:8000/" in output

    users = get_user_model().objects
    therapist = users.get(username="therapist")
    assert therapist.is_staff
    assert therapist.groups.filter(name="Therapists").exists()
    assert therapist.check_password("therapist-demo-2026")
    assert sorted(
        Patient.objects.filter(therapist=therapist).values_list("display_name", flat=True)
    ) == sorted(DEMO_PATIENTS)
    maria = Patient.objects.get(user__username="patient")
    assignment = Assignment.objects.get(patient=maria)
    assert assignment.program.items.count() == 4
    assert not assignment.program.is_template  # the patient's own frozen copy


def test_running_the_demo_twice_changes_nothing():
    run_demo()
    before = row_counts()
    passwords = dict(get_user_model().objects.values_list("username", "password"))
    run_demo()
    assert row_counts() == before
    assert dict(get_user_model().objects.values_list("username", "password")) == passwords


def test_demo_keeps_a_changed_password():
    run_demo()
    therapist = get_user_model().objects.get(username="therapist")
    therapist.set_password("a-new-password-chosen-later")
    therapist.save()
    run_demo()
    therapist.refresh_from_db()
    assert therapist.check_password("a-new-password-chosen-later")


def test_demo_patient_can_sign_in_and_see_the_plan(client):
    run_demo()
    response = client.post(
        "/accounts/login/", {"username": "patient", "password": "patient-demo-2026"}, follow=True
    )
    html = response.content.decode()
    assert "Hello, Maria Lopez" in html
    assert "Leg strength after bed rest" in html


def test_demo_therapist_can_open_the_admin(client):
    run_demo()
    client.post("/accounts/login/", {"username": "therapist", "password": "therapist-demo-2026"})
    response = client.get("/admin/planner/patient/")
    assert response.status_code == 200
    assert "Maria Lopez" in response.content.decode()


def test_the_demo_newcomer_can_activate_with_the_printed_code(client):
    import re

    output = run_demo()
    code = re.search(r"sign-in code ([A-Z2-9]{4}-[A-Z2-9]{4})", output)[1]
    assert code in run_demo()  # a second run prints the same, still valid code
    response = client.post(
        "/accounts/activate/",
        {
            "code": code,
            "username": "rosa",
            "password1": "a long enough passphrase",
            "password2": "a long enough passphrase",
        },
    )
    assert response["Location"] == "/portal/"
    assert Patient.objects.get(display_name="Rosa Diaz").user.username == "rosa"
    # Signed in at once: her plan and the sessions entered at her visits are there.
    assert "Hip strength on long-term steroid medicine" in client.get("/portal/").content.decode()
    history = client.get("/portal/history/").content.decode()
    assert "Bridge lift" in history
    assert "Side-lying leg lift" in history


def test_rosa_has_a_plan_for_steroid_hip_weakness_with_three_weeks_of_history():
    from planner.selectors.worklist import worklist

    run_demo()
    today = timezone.localdate()
    rosa = Patient.objects.get(display_name="Rosa Diaz")
    assert rosa.user is None  # still no account: she signs in with her code
    plan = Assignment.objects.get(patient=rosa)
    assert plan.status == AssignmentStatus.ACTIVE
    assert plan.starts_on == today - datetime.timedelta(weeks=3)
    assert plan in Assignment.objects.current(today)
    assert [i.exercise.slug for i in plan.program.items.order_by("position")] == [
        "sit-to-stand",
        "bridge-lift",
        "side-lying-leg-lift",
    ]
    # Screened as any plan is: no hard stop, a steroid precaution on each exercise.
    assert plan.screening["hard_stops"] == []
    precautions = [(f["exercise"], f["condition"]) for f in plan.screening["precautions"]]
    assert precautions == [
        ("Sit-to-stand from a chair", "Long-term steroid medicine"),
        ("Bridge lift", "Long-term steroid medicine"),
        ("Side-lying leg lift", "Long-term steroid medicine"),
    ]
    logs = SessionLog.objects.filter(assignment=plan)
    assert logs.count() >= 15
    assert all(plan.starts_on <= log.performed_on < today for log in logs)
    assert rosa.registered_on <= plan.starts_on
    assert LimbMeasurement.objects.filter(patient=rosa, site="thigh").exists()
    stands = FunctionTest.objects.filter(patient=rosa).order_by("tested_on")
    assert [t.chair_stands for t in stands] == [6, 8]
    # She does her sessions and her hips are getting stronger: nothing for the worklist.
    therapist = get_user_model().objects.get(username="therapist")
    assert not [i for i in worklist(therapist, today=today) if i.patient == rosa]


def test_every_demo_patient_has_a_plan_and_history():
    run_demo()
    today = timezone.localdate()
    for name in DEMO_PATIENTS:
        patient = Patient.objects.get(display_name=name)
        plans = Assignment.objects.filter(patient=patient).current(today)
        assert plans.count() == 1, name
        logs = SessionLog.objects.filter(assignment__patient=patient)
        assert logs.exists(), name
        assert logs.earliest("performed_on").performed_on >= patient.registered_on, name
        assert LimbMeasurement.objects.filter(patient=patient).exists(), name
        assert FunctionTest.objects.filter(patient=patient).count() >= 2, name


def test_handouts_follow_the_address_the_demo_serves_on(monkeypatch):
    encoded = []

    class RecordingQrCode(QrCode):
        def __init__(self, value, size):
            encoded.append(value)
            super().__init__(value, size)

    monkeypatch.setattr(layout, "QrCode", RecordingQrCode)
    output = run_demo("127.0.0.1:8765")
    assert settings.SITE_URL == "http://127.0.0.1:8765"
    assert (
        "Handouts and their QR codes point at http://127.0.0.1:8765/portal/ "
        "(set SITE_URL to change this)." in output
    )
    assert "Sign in at http://127.0.0.1:8765/" in output
    maria = Assignment.objects.get(patient__display_name="Maria Lopez")
    text = handout_text(maria)
    assert "http://127.0.0.1:8765/portal/" in text
    assert ":8000" not in text
    assert encoded == ["http://127.0.0.1:8765/portal/"]
    # Rosa's handout sends her to the same server to use her sign-in code.
    rosa = Assignment.objects.get(patient__display_name="Rosa Diaz")
    assert "http://127.0.0.1:8765/accounts/activate/" in handout_text(rosa)


def test_site_url_in_the_environment_wins(monkeypatch):
    monkeypatch.setenv("SITE_URL", "https://rehab.example.org/")
    output = run_demo("127.0.0.1:8765")
    assert settings.SITE_URL == "https://rehab.example.org"
    assert (
        "Handouts and their QR codes point at https://rehab.example.org/portal/ "
        "(SITE_URL is set in the environment)." in output
    )
    text = handout_text(Assignment.objects.get(patient__display_name="Maria Lopez"))
    assert "https://rehab.example.org/portal/" in text
    assert "127.0.0.1" not in text
    # The logins still name the address the demo serves on.
    assert "Sign in at http://127.0.0.1:8765/" in output


@pytest.mark.parametrize(
    ("addrport", "url"),
    [("0.0.0.0:8080", "http://127.0.0.1:8080"), ("[::]:8080", "http://[::1]:8080")],
)
def test_an_address_a_phone_cannot_open_is_said_so(addrport, url):
    site_url, lines = handout_site_url(addrport, {})
    assert site_url == url
    assert lines[0] == (
        f"Handouts and their QR codes point at {url}/portal/ (set SITE_URL to change this)."
    )
    assert "a phone cannot open" in lines[1]
    example = "SITE_URL=http://192.168.1.20:8080 ALLOWED_HOSTS=192.168.1.20,127.0.0.1 manage.py"
    assert f"{example} demo {addrport}" in lines[1]


def test_a_plain_address_needs_no_warning():
    assert handout_site_url("localhost:9000", {}) == (
        "http://localhost:9000",
        [
            "Handouts and their QR codes point at http://localhost:9000/portal/ "
            "(set SITE_URL to change this)."
        ],
    )
    assert local_url("8765") == "http://127.0.0.1:8765"  # a port alone is runserver's 127.0.0.1


def test_the_demo_refuses_an_address_runserver_would_refuse():
    with pytest.raises(CommandError, match="not a port number or an address:port pair"):
        run_demo("127.0.0.1:http")


def test_the_demo_clinic_has_a_phone_hours_and_an_emergency_number(client):
    output = run_demo()
    profile = ClinicProfile.objects.get()
    assert (profile.phone, profile.emergency_number) == ("555-0100", "911")
    assert profile.hours == "Mon-Fri 8 am-5 pm"
    assert f"({profile.name}, phone 555-0100)" in output
    client.post("/accounts/login/", {"username": "patient", "password": "patient-demo-2026"})
    html = client.get("/portal/").content.decode()
    assert 'href="tel:5550100">Call 555-0100</a>' in html
    assert "In an emergency call 911" in html


def test_the_demo_keeps_a_clinic_phone_someone_set():
    run_demo()
    ClinicProfile.objects.filter(pk=1).update(phone="+1 555 0142", hours="Weekdays 9-5")
    run_demo()
    profile = ClinicProfile.objects.get()
    assert (profile.phone, profile.hours) == ("+1 555 0142", "Weekdays 9-5")


def test_the_demo_has_twelve_weeks_of_history_for_the_worklist_and_charts():
    from planner.selectors.adherence import adherence_by_patient
    from planner.selectors.worklist import Rule, worklist

    run_demo()
    today = timezone.localdate()
    therapist = get_user_model().objects.get(username="therapist")
    maria = Patient.objects.get(display_name="Maria Lopez")
    arthur = Patient.objects.get(display_name="Arthur Bennett")
    first_log = SessionLog.objects.filter(assignment__patient=maria).earliest("performed_on")
    assert first_log.performed_on <= today - datetime.timedelta(weeks=11)
    assert SessionLog.objects.filter(assignment__patient=maria).count() > 150
    assert LimbMeasurement.objects.filter(patient=maria, site="thigh").count() >= 4
    stands = FunctionTest.objects.filter(patient=maria).order_by("tested_on")
    assert [t.chair_stands for t in stands][-1] > next(t.chair_stands for t in stands)
    # Maria does most of her sessions; Arthur is on the worklist with this week's pain.
    rates = adherence_by_patient([maria.pk, arthur.pk], today=today)
    assert rates[maria.pk].rate > 0.7
    items = {(i.patient.display_name, i.rule) for i in worklist(therapist, today=today)}
    assert ("Arthur Bennett", Rule.PAIN) in items
    assert ("Arthur Bennett", Rule.HEAVIER) in items
    assert not any(name == "Maria Lopez" for name, _ in items)
    # Nothing dated before the patient was registered, or in the future.
    for log in SessionLog.objects.select_related("assignment__patient"):
        assert log.assignment.patient.registered_on <= log.performed_on < today
