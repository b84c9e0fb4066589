"""The portal's reminder page: the patient turns a daily email on or off, with the address and
the time; bad input keeps what was typed and says what is allowed."""

import datetime

import pytest
import textstat

from planner.models import AuditAction, AuditEvent, Reminder
from portal.forms import ReminderForm
from tests.factories import make_patient, make_user
from tests.html_forms import form_data

pytestmark = pytest.mark.django_db
URL = "/portal/reminders/"


@pytest.fixture
def patient():
    return make_patient(user=make_user())


@pytest.fixture
def patient_client(client, patient):
    client.force_login(patient.user)
    return client


def test_it_shows_the_owner_the_form_and_is_audited(patient_client, patient):
    response = patient_client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'type="time"' in body
    assert 'type="email"' in body
    assert AuditEvent.objects.filter(
        patient=patient, action=AuditAction.VIEWED, detail__page="reminders"
    ).exists()


def test_it_sends_anonymous_people_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={URL}"


def test_it_sends_therapists_to_the_admin(client, patient):
    client.force_login(patient.therapist)
    response = client.post(URL, {"is_on": "True", "email": "x@example.org", "send_at": "09:00"})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert not Reminder.objects.exists()


def test_it_is_404_for_an_account_without_a_patient(client):
    client.force_login(make_user())
    assert client.get(URL).status_code == 404


def test_the_home_page_links_to_it(patient_client, patient):
    assert URL in patient_client.get("/portal/").content.decode()


def test_turning_it_on_saves_and_audits(patient_client, patient):
    data = {"is_on": "True", "email": "maria@example.org", "send_at": "18:30"}
    response = patient_client.post(URL, data, follow=True)
    assert response.redirect_chain == [("/portal/", 302)]
    assert "We will email you each day at 18:30." in response.content.decode()
    reminder = Reminder.objects.get(patient=patient)
    assert (reminder.is_on, reminder.email, reminder.send_at) == (
        True,
        "maria@example.org",
        datetime.time(18, 30),
    )
    event = AuditEvent.objects.filter(patient=patient, action=AuditAction.CHANGED).get()
    assert event.detail == {"reminders": "on", "at": "18:30"}


def test_the_page_shows_what_was_saved_and_turning_it_off_keeps_the_address(
    patient_client, patient
):
    Reminder.objects.create(
        patient=patient, is_on=True, email="maria@example.org", send_at=datetime.time(7, 15)
    )
    data = form_data(patient_client.get(URL).content.decode())
    assert (data["is_on"], data["email"], data["send_at"]) == ("True", "maria@example.org", "07:15")
    data["is_on"] = "False"
    response = patient_client.post(URL, data, follow=True)
    assert "We will not email you reminders." in response.content.decode()
    reminder = Reminder.objects.get(patient=patient)
    assert (reminder.is_on, reminder.email) == (False, "maria@example.org")


def test_saving_the_same_choice_again_changes_nothing(patient_client, patient):
    data = {"is_on": "True", "email": "maria@example.org", "send_at": "18:30"}
    patient_client.post(URL, data)
    patient_client.post(URL, data)
    assert AuditEvent.objects.filter(patient=patient, action=AuditAction.CHANGED).count() == 1


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"is_on": "True", "email": "maria at example", "send_at": "18:30"},
            "email",
            "That is not an email address. It looks like name@example.com.",
        ),
        (
            {"is_on": "True", "email": "maria@example.org", "send_at": "25:99"},
            "send_at",
            "That is not a time. Choose a time from 00:00 to 23:59, like 09:30.",
        ),
        (
            {"is_on": "True", "email": "", "send_at": "18:30"},
            "email",
            "Type the email address we should send it to.",
        ),
        (
            {"is_on": "True", "email": "maria@example.org", "send_at": ""},
            "send_at",
            "Choose the time of day you want it.",
        ),
        ({"email": "maria@example.org", "send_at": "18:30"}, "is_on", "Choose yes or no."),
        (
            {"is_on": "maybe", "email": "maria@example.org", "send_at": "18:30"},
            "is_on",
            "Choose yes or no.",
        ),
    ],
)
def test_bad_input_keeps_what_was_typed_and_says_what_is_allowed(
    patient_client, patient, data, field, message
):
    response = patient_client.post(URL, data)
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    body = response.content.decode()
    for value in data.values():
        if value and value != "maybe":
            assert f'value="{value}"' in body
    assert not Reminder.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.CHANGED).exists()


def test_a_bad_address_while_turning_it_off_saves_nothing(patient_client, patient):
    Reminder.objects.create(
        patient=patient, is_on=True, email="maria@example.org", send_at=datetime.time(7, 15)
    )
    data = {"is_on": "False", "email": "not an address", "send_at": "07:15"}
    assert patient_client.post(URL, data).status_code == 200
    reminder = Reminder.objects.get(patient=patient)
    assert (reminder.is_on, reminder.email) == (True, "maria@example.org")


def reminder_page_texts() -> list[str]:
    form = ReminderForm()
    texts = [INTRO]
    for field in form.fields.values():
        texts += [field.label, field.help_text, *field.error_messages.values()]
        texts += [label for _, label in getattr(field, "choices", [])]
    texts += ["Type the email address we should send it to.", "Choose the time of day you want it."]
    return [str(t) for t in texts if t and "%(" not in str(t)]


INTRO = (
    "We can send you a short email each day to remind you to do your exercises. It does not say "
    "what your exercises are. You can stop it here at any time."
)


def test_the_page_reads_at_grade_6_or_below(patient_client):
    assert INTRO in patient_client.get(URL).content.decode()
    hard = {
        text: grade
        for text in reminder_page_texts()
        if (grade := textstat.flesch_kincaid_grade(text)) > 6.0
    }
    assert hard == {}
