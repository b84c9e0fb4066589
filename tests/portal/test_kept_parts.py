"""The layout's parts kept per process (``{% kept %}``, portal/templatetags/kept_parts.py, issue
17) are rendered from the values they name and nothing else, so they can never show one person's
page to another or an old clinic phone: a change of a named value renders the part again."""

import pytest
from django.template import Context, Template
from django.urls import clear_script_prefix, set_script_prefix
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.models import ClinicProfile
from portal.templatetags import kept_parts
from tests.factories import make_patient, make_plan, make_user

KEPT = Template(
    '{% load kept_parts fixed_urls %}{% kept "test part" name=name %}'
    "<b>{{ name }}</b>{{ secret }}<a href=\"{% fixed_url 'portal:history' %}\">History</a>"
    "{% endkept %}"
)
PLAIN = Template('<b>{{ name }}</b><a href="/portal/history/">History</a>')


@pytest.fixture(autouse=True)
def _no_parts_kept_from_another_test():
    kept_parts._parts.clear()
    yield
    kept_parts._parts.clear()


@settings(max_examples=60, deadline=None)
@given(name=st.text(st.characters(codec="utf-8"), max_size=60))
def test_a_part_reads_only_its_values_escaped_as_the_template_does(name):
    context = {"name": name, "secret": "another patient's name"}
    page = KEPT.render(Context(context))
    assert page == PLAIN.render(Context(context))
    assert "another patient" not in page
    assert KEPT.render(Context({**context, "secret": "else"})) == page


def test_a_part_is_rendered_again_for_new_values_and_kept_for_the_same():
    assert KEPT.render(Context({"name": "Ana"})) == KEPT.render(Context({"name": "Ana"}))
    assert len(kept_parts._parts) == 1
    assert "<b>Rosa</b>" in KEPT.render(Context({"name": "Rosa"}))
    assert len(kept_parts._parts) == 2


def test_a_part_follows_the_prefix_the_site_is_served_under():
    assert 'href="/portal/history/"' in KEPT.render(Context({"name": "Ana"}))
    set_script_prefix("/clinic/")
    try:
        assert 'href="/clinic/portal/history/"' in KEPT.render(Context({"name": "Ana"}))
    finally:
        clear_script_prefix()


def test_a_process_keeps_a_bounded_number_of_parts(monkeypatch):
    monkeypatch.setattr(kept_parts, "MAX_PARTS", 3)
    for n in range(10):
        assert f"<b>{n}</b>" in KEPT.render(Context({"name": n}))
        assert len(kept_parts._parts) <= 3


@pytest.mark.django_db
def test_each_patient_sees_their_own_name_and_the_clinics_phone_as_it_is_now(client):
    ana, rosa = (
        make_patient(user=make_user(username), display_name=username.title())
        for username in ("ana", "rosa")
    )
    for patient in (ana, rosa):
        make_plan(patient)
    ClinicProfile.objects.filter(pk=1).update(phone="+1 555 0100")
    pages = {}
    for patient in (ana, rosa, ana):
        client.force_login(patient.user)
        pages[patient.user.username] = client.get("/portal/").content.decode()
    assert "Signed in as ana" in pages["ana"]
    assert "rosa" not in pages["ana"]
    assert "Signed in as rosa" in pages["rosa"]
    assert "Signed in as ana" not in pages["rosa"]
    assert pages["ana"].count("+1 555 0100") == 2  # the footer and the home's "Whom to call"
    ClinicProfile.objects.filter(pk=1).update(phone="+1 555 0199")
    page = client.get("/portal/history/").content.decode()
    assert "+1 555 0199" in page
    assert "+1 555 0100" not in page


def test_a_part_is_kept_apart_for_each_language():
    # The words of a part are translated when it is rendered, so one rendered in one language is
    # never given to a visit in another.
    part = Template(
        '{% load i18n kept_parts %}{% kept "lang" %}'
        "{% get_current_language as language %}{{ language }}{% endkept %}"
    )
    with translation.override("en"):
        english = part.render(Context())
    with translation.override("es"):
        spanish = part.render(Context())

    assert (english, spanish) == ("en", "es")
    assert len(kept_parts._parts) == 2
