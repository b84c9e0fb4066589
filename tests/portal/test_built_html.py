"""The parts of the portal's busiest pages built in Python rather than by template tags (issue 17:
a home card's day state, a history day's card, the layout's links, the days in words) read as the
templates that built them before, for any text a patient or therapist may have typed."""

import datetime
import html
import re
from types import SimpleNamespace

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.template import Context, Template
from django.test import override_settings
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix
from django.utils import translation
from django.utils.safestring import mark_safe
from hypothesis import example, given, settings
from hypothesis import strategies as st

from core.dates import patient_date
from portal.templatetags.fixed_urls import reversed_once
from portal.templatetags.patient_dates import day_id
from portal.templatetags.patient_dates import patient_date as patient_date_filter
from portal.templatetags.today_cards import today_card

# templates/portal/home.html's exercise card before issue 17, as it was.
CARD_BEFORE = Template("""{% load patient_dates %}
        <li class="card mb-3 portal-exercise" id="exercise-{{ item.pk }}" tabindex="-1" aria-labelledby="exercise-{{ item.pk }}-name">
          <div class="card-body">
            {% for message in item.messages %}{% include "message.html" %}{% endfor %}
            <div class="d-flex flex-wrap justify-content-between align-items-start gap-2">
              {{ item.heading }}
              {% if item.done_today %}
                <span class="badge text-bg-success fs-6">Done today</span>
              {% elif item.logged_today %}
                <span class="badge text-bg-secondary fs-6">Not done today</span>
              {% elif item.due_today %}
                <span class="badge text-bg-warning fs-6">Due today</span>
              {% else %}
                <span class="badge text-bg-light border fs-6">Rest day: nothing to do</span>
              {% endif %}
            </div>
            <p class="mb-2 week-count"><strong>{{ item.done_this_week }} of {{ item.days_per_week }} this week</strong>{% if not item.due_today and not item.done_today %} · this week's days are done; today is a rest day{% endif %}</p>
            {{ item.body }}
            <div class="d-flex flex-wrap gap-2">
              {% if not item.done_today %}
                <form method="post" action="{{ item.done_url }}">
                  {% csrf_token %}
                  <button type="submit" class="btn btn-success btn-done px-4" aria-label="Done: {{ item.name }}">Done</button>
                </form>
                <a class="btn btn-outline-primary btn-lg" href="{{ item.log_url }}">Done, with details<span class="visually-hidden"> for {{ item.name }}</span></a>
              {% else %}
                <a class="btn btn-outline-primary btn-lg" href="{{ item.log_url }}">Change today's entry<span class="visually-hidden"> for {{ item.name }}</span></a>
              {% endif %}
            </div>
          </div>
        </li>""")  # noqa: E501
# templates/portal/history.html's day card before issue 17.
DAY_BEFORE = Template("""{% load history_entries patient_dates %}
        <li class="card mb-2 history-day">
          <div class="card-body py-2">
            <h3 class="h5 mb-2">{{ day|patient_date }}</h3>
            <ul class="list-unstyled mb-0">
              {% for log in logs %}
                <li class="history-entry">{{ log|history_entry }}</li>
              {% endfor %}
            </ul>
          </div>
        </li>""")
DAY_NOW = Template("{% load history_entries %}{% history_day day logs %}")
CLINIC = SimpleNamespace(phone="+1 555 0100", tel_uri="tel:+15550100")
TOKEN = "token-of-this-request"


def same_markup(page: str) -> str:
    """The markup with the white space between tags and runs of spaces made one."""
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", page)).strip()


def row(name, *, done=False, logged=False, due=True, count=0, days=3, messages=()):
    return SimpleNamespace(
        pk=41,
        name=name,
        days_per_week=days,
        heading=mark_safe(f'<h3 id="exercise-41-name">1. {html.escape(name)}</h3>'),  # noqa: S308
        body=mark_safe("<p>Sit tall.</p>"),
        done_today=done,
        logged_today=logged or done,
        due_today=due,
        done_this_week=count,
        messages=list(messages),
        done_url="/portal/done/41/",
        log_url="/portal/log/41/",
    )


def both_cards(item) -> tuple[str, str]:
    context = {"item": item, "csrf_token": TOKEN, "clinic_profile": CLINIC}
    before = CARD_BEFORE.render(Context(context))
    return same_markup(before), same_markup(today_card(Context(context), item))


@pytest.mark.parametrize(
    ("state", "badge"),
    [
        ({"done": True, "due": False, "count": 3}, "Done today"),
        ({"logged": True, "due": True}, "Not done today"),
        ({"logged": True, "due": False, "count": 3}, "Not done today"),
        ({"due": True, "count": 1}, "Due today"),
        ({"due": False, "count": 3}, "Rest day: nothing to do"),
    ],
)
def test_a_card_reads_as_the_template_wrote_it_in_every_state(state, badge):
    before, now = both_cards(row("Sit to stand", **state))
    assert now == before
    assert badge in now
    assert ("Change today's entry" in now) == bool(state.get("done"))
    assert (f'value="{TOKEN}"' in now) == (not state.get("done"))


def test_a_card_shows_its_messages_and_the_call_button_as_before():
    saved = Message(constants.SUCCESS, "Saved: Sit to stand <done> today.")
    call = Message(constants.WARNING, "Your pain was 8 out of 10.", extra_tags="call")
    before, now = both_cards(row("Sit to stand", messages=[saved, call]))
    assert now == before
    assert "Saved: Sit to stand &lt;done&gt; today." in now
    assert f'href="{CLINIC.tel_uri}">Call {CLINIC.phone}</a>' in now


@settings(max_examples=80, deadline=None)
@given(
    name=st.text(st.characters(codec="utf-8"), min_size=1, max_size=80),
    done=st.booleans(),
    due=st.booleans(),
    count=st.integers(0, 7),
    days=st.integers(1, 7),
)
@example(name="<img src=x onerror=\"alert(1)\"> & 'Stretch'", done=False, due=True, count=0, days=3)
def test_a_card_escapes_any_name_as_the_template_did(name, done, due, count, days):
    before, now = both_cards(row(name, done=done, due=due, count=count, days=days))
    assert now == before
    assert "<img" not in now


def log_of(**values):
    """What ``history_day`` reads of a log (``portal_history.HistoryLog``)."""
    return SimpleNamespace(**{"sets_done": None, "pain": None, "effort": None, "note": ""} | values)


log_values = st.builds(
    log_of,
    exercise_name=st.text(st.characters(codec="utf-8"), min_size=1, max_size=60),
    done=st.booleans(),
    sets_done=st.none() | st.integers(0, 20),
    pain=st.none() | st.integers(0, 10),
    effort=st.none() | st.integers(0, 10),
    note=st.text(st.characters(codec="utf-8"), max_size=200),
)


@settings(max_examples=60, deadline=None)
@given(logs=st.lists(log_values, min_size=1, max_size=6), offset=st.integers(0, 3000))
@example(
    logs=[log_of(exercise_name="<b>Heel</b> & up", done=True, sets_done=1, note='"ok" <3')],
    offset=0,
)
def test_a_history_day_reads_as_the_template_wrote_it(logs, offset):
    context = Context(
        {"day": datetime.date(2026, 1, 1) + datetime.timedelta(days=offset), "logs": logs}
    )
    now = same_markup(DAY_NOW.render(context))
    assert now == same_markup(DAY_BEFORE.render(context))
    assert now.count('class="history-entry"') == len(logs)
    assert "<b>" not in now


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_day_in_words_is_the_same_remembered_in_each_language(language):
    days = [datetime.date(2026, 11, 28), datetime.date(2024, 2, 29)]
    with translation.override(language):
        expected = [patient_date(day) for day in days]
        assert [patient_date_filter(day) for day in days] * 2 == expected * 2
    with translation.override("es" if language == "en" else "en"):
        assert [patient_date_filter(day) for day in days] != expected
    assert patient_date_filter(None) == ""


@pytest.mark.parametrize("name", ["home", "logout", "portal:home", "portal:history"])
def test_a_fixed_url_is_the_reversed_one_under_any_prefix(name):
    assert reversed_once(name) == reverse(name)
    assert reversed_once("portal:done", 12) == reverse("portal:done", args=[12])
    set_script_prefix("/clinic/")
    try:
        assert reversed_once(name) == reverse(name)
        assert reversed_once(name).startswith("/clinic/")
    finally:
        clear_script_prefix()
    assert not reversed_once(name).startswith("/clinic/")


urlpatterns = []  # a URLconf without the portal, for the test below


def test_a_fixed_url_follows_the_urlconf():
    assert reversed_once("portal:history") == "/portal/history/"  # remembered
    with override_settings(ROOT_URLCONF=__name__), pytest.raises(NoReverseMatch):
        reversed_once("portal:history")


@settings(max_examples=50, deadline=None)
@given(day=st.dates(min_value=datetime.date(1900, 1, 1)))
def test_a_day_id_is_the_date_filters(day):
    assert day_id(day) == Template("{{ day|date:'Ymd' }}").render(Context({"day": day}))
