"""`manage.py demo --no-serve`: sets up the demo clinic, and running it twice changes nothing."""

import io

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command

from planner.demo import LOGINS
from planner.models import Assignment, ClinicProfile, Patient

pytestmark = pytest.mark.django_db


def run_demo() -> str:
    out = io.StringIO()
    call_command("demo", "--no-serve", stdout=out)
    return out.getvalue()


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
    assert Patient.objects.filter(therapist=therapist).count() == 3
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
    import datetime

    from django.utils import timezone

    from planner.models import FunctionTest, LimbMeasurement, SessionLog
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
    for log in SessionLog.objects.all():
        assert maria.registered_on <= log.performed_on < today or log.assignment.patient != maria
