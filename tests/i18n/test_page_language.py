"""Which language a page is in (portal/language.py, issue 18): a patient's pages in the language
their therapist recorded, the switch on every page for this session only (nothing stored changes),
the browser's languages before sign-in, and the therapist's admin always in the site's language."""

import datetime

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session

from planner.models import Patient
from tests.factories import (
    make_exercise,
    make_patient,
    make_plan,
    make_session_log,
    make_user,
    spanish_words,
)

pytestmark = pytest.mark.django_db

SPANISH = {"name": "Levantarse de la silla", "summary": "Párese y siéntese con control."}
STEPS_ES = ["Siéntese al borde de la silla.", "Párese despacio.", "Siéntese con control."]


@pytest.fixture
def plan():
    exercise = make_exercise(
        name="Sit to stand",
        translations=spanish_words(SPANISH["name"], STEPS_ES, summary=SPANISH["summary"]),
    )
    patient = make_patient(user=make_user(), display_name="Rosa Díaz")
    return make_plan(patient, exercises=[exercise], starts_on=datetime.date.today())


def prefer(patient, language):
    Patient.objects.filter(pk=patient.pk).update(preferred_language=language)


def page(client, url="/portal/", **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == 200
    return response, response.content.decode()


def test_a_spanish_reader_gets_the_portal_and_the_plan_in_spanish(client, plan):
    prefer(plan.patient, "es")
    client.force_login(plan.patient.user)
    response, html = page(client)
    assert response.headers["Content-Language"] == "es"
    assert '<html lang="es"' in html
    assert "Descargar mi hoja de ejercicios (PDF)" in html
    assert "1. Levantarse de la silla" in html
    assert all(step in html for step in STEPS_ES)
    assert "Sit to stand" not in html
    assert "Download my handout (PDF)" not in html


def test_an_english_reader_gets_it_in_english_with_the_same_plan(client, plan):
    client.force_login(plan.patient.user)
    response, html = page(client)
    assert response.headers["Content-Language"] == "en"
    assert '<html lang="en"' in html
    assert "1. Sit to stand" in html
    assert "Download my handout (PDF)" in html
    assert "Levantarse de la silla" not in html


def _stored() -> dict:
    """Every row of every table but the sessions, as values: what the switch must not change."""
    return {
        model._meta.label: sorted(map(repr, model._default_manager.values()))
        for model in apps.get_models()
        if model is not Session
    }


def test_the_switch_changes_the_pages_of_this_session_and_nothing_stored(client, plan):
    client.force_login(plan.patient.user)
    before = _stored()
    response = client.post("/language/", {"language": "es", "next": "/portal/history/"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/portal/history/"
    assert _stored() == before
    for url in ("/portal/", "/portal/history/", "/portal/progress/"):
        assert '<html lang="es"' in page(client, url)[1]
    assert Patient.objects.get(pk=plan.patient.pk).preferred_language == "en"
    before = _stored()  # the visits' own audit events are in it
    client.post("/language/", {"language": "en", "next": "/portal/"})
    assert _stored() == before
    assert "1. Sit to stand" in page(client)[1]


def test_the_switch_lasts_until_sign_out(client, plan):
    prefer(plan.patient, "es")
    client.force_login(plan.patient.user)
    client.post("/language/", {"language": "en", "next": "/portal/"})
    assert '<html lang="en"' in page(client)[1]
    client.post("/accounts/logout/")
    client.force_login(plan.patient.user)
    assert '<html lang="es"' in page(client)[1]  # the patient's own again


def test_a_language_chosen_before_sign_in_is_kept_after_it(client, plan):
    client.post("/language/", {"language": "es", "next": "/accounts/login/"})
    assert '<html lang="es"' in page(client, "/accounts/login/")[1]
    signed_in = client.post(
        "/accounts/login/",
        {"username": plan.patient.user.username, "password": "patient-pass-1234"},
    )
    assert signed_in.status_code == 302
    assert '<html lang="es"' in page(client)[1]


def test_an_unknown_language_is_refused_with_a_message_and_changes_nothing(client, plan):
    client.force_login(plan.patient.user)
    response = client.post("/language/", {"language": "fr", "next": "/portal/"})
    assert response.status_code == 400
    assert response.content.decode() == "Choose one of: en, es."
    assert '<html lang="en"' in page(client)[1]


def test_the_switch_only_answers_a_post_and_only_goes_back_to_this_site(client):
    assert client.get("/language/?language=es").status_code == 405
    response = client.post("/language/", {"language": "es", "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"
    response = client.post("/language/", {"language": "es", "next": "//evil.example/x"})
    assert response.headers["Location"] == "/"


def test_before_sign_in_the_browser_languages_decide(client):
    assert '<html lang="es"' in page(client, "/accounts/login/", accept_language="es-MX,es")[1]
    assert '<html lang="en"' in page(client, "/accounts/login/", accept_language="en-US")[1]
    assert '<html lang="en"' in page(client, "/accounts/login/", accept_language="fr")[1]


PORTAL_PAGES = [
    "/portal/",
    "/portal/history/",
    "/portal/progress/",
    "/portal/measure/",
    "/portal/reminders/",
    "/portal/password/",
]


@pytest.mark.parametrize("url", PORTAL_PAGES)
def test_every_portal_page_has_the_switch_showing_its_language(client, plan, url):
    prefer(plan.patient, "es")
    client.force_login(plan.patient.user)
    html = page(client, url)[1]
    assert 'action="/language/"' in html
    assert 'lang="en" class="btn btn-outline-primary" aria-pressed="false">English</button>' in html
    assert 'lang="es" class="btn btn-primary" aria-pressed="true">Español</button>' in html
    assert f'name="next" value="{url}"' in html


@pytest.mark.parametrize("url", ["/accounts/login/", "/accounts/activate/"])
def test_the_sign_in_pages_have_the_switch(client, url):
    assert 'action="/language/"' in page(client, url)[1]


def test_the_admin_stays_in_the_therapists_language(client, therapist):
    client.force_login(therapist)
    client.post("/language/", {"language": "es", "next": "/admin/"})
    response, html = page(client, "/admin/", accept_language="es")
    assert response.headers["Content-Language"] == "en-us"
    assert "Needs attention" in html
    assert "Cerrar sesión" not in html  # Django's own Spanish for the admin is not used
    library = page(client, "/exercises/", accept_language="es")[1]
    assert '<html lang="en"' in library
    assert 'action="/language/"' not in library  # therapists have no switch


def test_the_history_names_each_exercise_in_the_readers_language(client, plan):
    item = plan.program.items.get()
    make_session_log(plan, item=item, performed_on=datetime.date.today(), done=True)
    client.force_login(plan.patient.user)
    assert "Sit to stand" in page(client, "/portal/history/")[1]
    prefer(plan.patient, "es")
    history = page(client, "/portal/history/")[1]
    assert "Levantarse de la silla" in history
    assert "Sit to stand" not in history
