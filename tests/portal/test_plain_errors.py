"""Every portal form refuses tampered or out-of-range input in plain words that say what is
allowed (issue 16), never in Django's stock wording, and saves nothing. Each field is posted
through its real page; a property test types anything at all into the log form's numbers."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from hypothesis import given
from hypothesis import strategies as st

from planner.models import Invite, LimbMeasurement, Reminder, SessionLog
from planner.models.records import GIRTH_RANGE_CM
from planner.services import create_invite
from portal.forms import (
    ActivateForm,
    HeavinessForm,
    HomeGirthForm,
    PortalPasswordChangeForm,
    ReminderForm,
    SessionLogForm,
)
from tests.factories import make_session_log
from tests.planner.admin.measure_input import JUNK, PROPERTY
from tests.portal.plain_words import stock_phrases_in
from tests.portal.test_views import log, portal_plan
from tests.test_reading_grade import assert_plain

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
FAR_FUTURE = "9999-12-31"

NUMBER = "Choose a number from 0 to 10."
YES_NO = "Choose yes or no."
DATE = "Type a date like 28 November 2026."
NOT_YET = "That day has not happened yet. Choose today or an earlier day."
NUL = "Something you typed cannot be saved. Please type it again."
GIRTH_RANGE = f"Type a size from {GIRTH_RANGE_CM[0]} to {GIRTH_RANGE_CM[1]} cm."
GIRTH_NUMBER = "Type the size as a number of cm, like 41.5."
TIME = "That is not a time. Choose a time from 00:00 to 23:59, like 09:30."


@pytest.fixture
def mine():
    return portal_plan()


@pytest.fixture
def my_client(client, mine):
    client.force_login(mine.patient.user)
    return client


def refused_in_plain_words(response, field, message):
    """The page again, the field refused with exactly ``message``, shown, and no stock words."""
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    html = response.content.decode()
    assert escape(message) in html
    assert stock_phrases_in(html) == []


# --- the log form: /portal/log/<id>/ -------------------------------------------------------------

LOG_REFUSED = [
    ("performed_on", "", "Choose the day you did it."),
    ("performed_on", "2026-02-30", DATE),
    ("performed_on", "28/11/2026", DATE),  # day first: the English formats read month first
    ("performed_on", "10000-01-01", DATE),
    ("performed_on", "yesterday", DATE),
    ("performed_on", FAR_FUTURE, NOT_YET),
    ("done", "", YES_NO),
    ("done", "maybe", YES_NO),
    ("sets_done", "11", NUMBER),
    ("sets_done", "-1", NUMBER),
    ("sets_done", "abc", NUMBER),
    ("pain", "11", NUMBER),
    ("pain", "-1", NUMBER),
    ("pain", "abc", NUMBER),
    ("pain", "2.5", NUMBER),
    ("effort", "11", NUMBER),
    ("effort", "1e9", NUMBER),
    ("note", "x" * 1001, "This is too long. Use 1000 letters or fewer. You used 1001."),
    ("note", "fine\x00then", NUL),
]


@pytest.mark.parametrize(("field", "value", "message"), LOG_REFUSED)
def test_the_log_form(my_client, mine, field, value, message):
    response = log(my_client, mine.program.items.first(), **{field: value})
    refused_in_plain_words(response, field, message)
    assert SessionLog.objects.count() == 0


# --- the next-day check on /portal/ ------------------------------------------------------------


@pytest.mark.parametrize("value", ["", "maybe", "1"])
def test_the_next_day_check(client, value):
    plan = portal_plan(atrophy_type="neurogenic")
    entry = make_session_log(plan, performed_on=TODAY - DAY, done=True)
    client.force_login(plan.patient.user)
    response = client.post("/portal/check-in/", {"heavier": value}, follow=True)
    html = response.content.decode()
    assert "Please choose yes or no." in html  # the view's message, back on the home page
    assert stock_phrases_in(html) == []
    entry.refresh_from_db()
    assert entry.heavier_next_day is None
    # The form itself says the same, should a page ever show its errors.
    assert HeavinessForm({"heavier": value}).errors == {"heavier": [YES_NO]}


# --- measuring at home: /portal/measure/ -------------------------------------------------------

GIRTH_DATA = {
    "measured_on": TODAY.isoformat(),
    "site": "thigh",
    "left_cm": "44.5",
    "right_cm": "47.0",
    "note": "",
}
GIRTH_REFUSED = [
    ("measured_on", "", "Choose the day you measured."),
    ("measured_on", "abc", DATE),
    ("measured_on", "2026-13-01", DATE),
    ("measured_on", FAR_FUTURE, NOT_YET),
    ("site", "", "Choose what you measured."),
    ("site", "ear", "Choose what you measured."),
    ("left_cm", "0", GIRTH_RANGE),
    ("left_cm", "1e9", GIRTH_RANGE),
    ("left_cm", "-44.5", GIRTH_RANGE),
    ("right_cm", "abc", GIRTH_NUMBER),
    ("right_cm", "Infinity", GIRTH_NUMBER),
    ("right_cm", "44.55", "Use at most one number after the dot, like 41.5."),
    ("note", "x" * 201, "This is too long. Use 200 letters or fewer. You used 201."),
    ("note", "\x00", NUL),
]


@pytest.mark.parametrize(("field", "value", "message"), GIRTH_REFUSED)
def test_the_measure_form(my_client, field, value, message):
    response = my_client.post("/portal/measure/", {**GIRTH_DATA, field: value})
    refused_in_plain_words(response, field, message)
    assert LimbMeasurement.objects.count() == 0


def test_the_girth_message_names_the_range_the_database_keeps():
    assert GIRTH_RANGE == "Type a size from 5 to 150 cm."


# --- reminders: /portal/reminders/ -------------------------------------------------------------

REMINDER_DATA = {"is_on": "True", "email": "maria@example.org", "send_at": "18:30"}
REMINDER_REFUSED = [
    ("is_on", "", YES_NO),
    ("is_on", "1", YES_NO),
    ("email", "maria at example", "That is not an email address. It looks like name@example.com."),
    (
        "email",
        "m" * 250 + "@example.org",
        "That email address is too long. Use one of 254 letters or fewer.",
    ),
    ("send_at", "25:00", TIME),
    ("send_at", "12:60", TIME),
    ("send_at", "half past six", TIME),
]


@pytest.mark.parametrize(("field", "value", "message"), REMINDER_REFUSED)
def test_the_reminder_form(my_client, field, value, message):
    response = my_client.post("/portal/reminders/", {**REMINDER_DATA, field: value})
    refused_in_plain_words(response, field, message)
    assert Reminder.objects.count() == 0


# --- changing a password: /portal/password/ ----------------------------------------------------

OLD = "patient-pass-1234"  # make_user's
NEW = "a brand new passphrase"
PASSWORD_DATA = {"old_password": OLD, "new_password1": NEW, "new_password2": NEW}
PASSWORD_REFUSED = [
    ("old_password", "", "Type the password you use now."),
    (
        "old_password",
        "not my password",
        "That is not the password you use now. Please type it again.",
    ),
    ("new_password1", "", "Choose a new password."),
    ("new_password1", "a brand\x00new passphrase", NUL),
    ("new_password2", "", "Type the new password again."),
    ("new_password2", "a different passphrase", "The two new passwords are not the same."),
]


@pytest.mark.parametrize(("field", "value", "message"), PASSWORD_REFUSED)
def test_the_password_form(my_client, mine, field, value, message):
    user = mine.patient.user
    response = my_client.post("/portal/password/", {**PASSWORD_DATA, field: value})
    refused_in_plain_words(response, field, message)
    user.refresh_from_db()
    assert user.check_password(OLD)


# --- activating an account: /accounts/activate/ ------------------------------------------------

ACTIVATE_DATA = {
    "username": "maria",
    "password1": "a long enough passphrase",
    "password2": "a long enough passphrase",
}
ACTIVATE_REFUSED = [
    ("code", "", "Type the sign-in code from your handout."),
    ("code", "K7PM-3XWD" * 3, "That code is too long. It looks like K7PM-3XWD."),
    ("code", "K7PM\x003XWD", NUL),
    ("username", "🙂🙂🙂", "Use only letters, digits and @ . + - _ in your username."),
    ("username", "maria lopez", "Use only letters, digits and @ . + - _ in your username."),
    ("username", "u" * 151, "Use 150 letters or fewer for your username."),
    ("password1", "", "Choose a password."),
    ("password2", "", "Type the password again."),
    ("password1", "a long enough\x00passphrase", NUL),
]


@pytest.mark.parametrize(("field", "value", "message"), ACTIVATE_REFUSED)
def test_the_activation_form(client, patient, field, value, message):
    code = create_invite(patient=patient, by=patient.therapist)[1]
    users = get_user_model().objects.count()
    response = client.post("/accounts/activate/", {**ACTIVATE_DATA, "code": code, field: value})
    refused_in_plain_words(response, field, message)
    assert get_user_model().objects.count() == users
    assert Invite.objects.get().used_at is None


# --- every message each form can give ----------------------------------------------------------

PORTAL_FORMS = [
    ActivateForm(),
    PortalPasswordChangeForm(None),
    SessionLogForm(assignment=None, today=TODAY),
    HeavinessForm(),
    HomeGirthForm(patient=None, today=TODAY),
    ReminderForm(),
]


def messages_of(form) -> dict[str, str]:
    """Every message a form's fields can refuse with (its own, else its validators'), and the
    form's own, with the numbers a length message fills in."""
    own_words = getattr(form, "error_messages", {})
    said = {f"form {code}": message for code, message in own_words.items()}
    for name, field in form.fields.items():
        by_code = dict(field.error_messages)
        for validator in field.validators:
            own = getattr(validator, "messages", None) or {validator.code: validator.message}
            for code, message in own.items():
                by_code.setdefault(code, message)
        said.update({f"{name} {code}": message for code, message in by_code.items()})
    return {
        where: str(message) % {"limit_value": 20, "show_value": 21}
        if "%(" in str(message)
        else str(message)
        for where, message in said.items()
    }


@pytest.mark.parametrize("form", PORTAL_FORMS, ids=lambda form: type(form).__name__)
def test_no_field_can_answer_in_stock_words_and_every_message_is_plain(form):
    messages = messages_of(form)
    assert {where: text for where, text in messages.items() if stock_phrases_in(text)} == {}
    for text in set(messages.values()):
        assert_plain(text)


def test_the_date_the_message_shows_is_one_the_field_reads():
    field = SessionLogForm.base_fields["performed_on"]
    assert field.clean("28 November 2026") == datetime.date(2026, 11, 28)
    assert field.clean("2026-11-28") == datetime.date(2026, 11, 28)  # what a date box sends


# --- anything typed into the log form's numbers ------------------------------------------------

ANYTHING = st.one_of(
    st.integers(-2, 12).map(str),
    st.integers(-(10**12), 10**12).map(str),
    st.sampled_from(JUNK),
    st.text(max_size=8),
)
ALLOWED = {str(n): n for n in range(11)} | {"": None}  # the choices offered, or left empty


@PROPERTY
@given(field=st.sampled_from(["pain", "sets_done", "effort"]), typed=ANYTHING)
def test_any_number_typed_into_the_log_form_is_saved_exactly_or_refused(
    my_client, mine, field, typed
):
    with transaction.atomic():
        response = log(my_client, mine.program.items.first(), **{field: typed})
        if typed in ALLOWED:
            assert response.status_code == 302
            assert getattr(SessionLog.objects.get(), field) == ALLOWED[typed]
        else:
            refused_in_plain_words(response, field, NUMBER)
            assert SessionLog.objects.count() == 0
        transaction.set_rollback(True)
