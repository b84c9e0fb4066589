"""The portal home in Spanish (issue 18): under ``translation.override("es")`` the layout, the home
page, a plan's kept sections and the cards built in Python read in Spanish, and none of the
English words marked for translation is left. Nothing switches the portal to Spanish yet; the
English page is checked by tests/portal (tests/portal/test_built_html.py byte for byte)."""

import datetime
from types import SimpleNamespace

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.template import Context
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from planner.models import Patient
from portal.templatetags.today_cards import today_card
from tests.factories import make_exercise, make_patient, make_plan, make_user

# (English, Spanish) of what a signed-in patient's home with one plan shows.
HOME = [
    ("Skip to main content", "Ir al contenido principal"),
    ('aria-label="Main"', 'aria-label="Principal"'),
    ("</span> Menu", "</span> Menú"),
    (">My exercises<", ">Mis ejercicios<"),
    (">History<", ">Historial<"),
    (">Progress<", ">Progreso<"),
    (">Measure<", ">Medir<"),
    (">Reminders<", ">Recordatorios<"),
    (">Password<", ">Contraseña<"),
    ("Signed in as ", "Entró como "),
    (">Sign out<", ">Salir<"),
    ("Questions about your exercises?", "¿Tiene preguntas sobre sus ejercicios?"),
    ("This site is not for emergencies.", "Este sitio no es para emergencias."),
    ("In an emergency call ", "En una emergencia, llame al "),
    (
        "home exercise programs for muscle atrophy.",
        "planes de ejercicio en casa para la atrofia muscular.",
    ),
    ("<title>My exercises", "<title>Mis ejercicios"),
    ("Hello, Rosa Diaz", "Hola, Rosa Diaz"),
    ("Today is ", "Hoy es "),
    ("See what I have done", "Ver lo que he hecho"),
    ("Measure my arms or legs", "Medir mis brazos o piernas"),
    (">My progress<", ">Mi progreso<"),
    (">Email reminders<", ">Recordatorios por correo<"),
    ("Whom to call", "A quién llamar"),
    ("if an exercise causes sharp pain", "si un ejercicio le causa un dolor fuerte"),
    ("This page is not for emergencies.", "Esta página no es para emergencias."),
    ("Download my handout (PDF)", "Descargar mi hoja de ejercicios (PDF)"),
    ("· from ", "· desde el "),
    (">Due today<", ">Toca hoy<"),
    ("0 of ", "0 de "),
    (" this week<", " esta semana<"),
    (">Done<", ">Hecho<"),
    ('aria-label="Done: ', 'aria-label="Hecho: '),
    ("Done, with details", "Hecho, con detalles"),
    ('"visually-hidden"> for ', '"visually-hidden"> para '),
]


def assert_spanish(page: str, pairs) -> None:
    missing = [spanish for _, spanish in pairs if spanish not in page]
    left = [english for english, _ in pairs if english in page]
    assert not missing, f"Spanish words missing: {missing}"
    assert not left, f"English words left: {left}"


@pytest.fixture
def home_plan():
    patient = make_patient(user=make_user(), display_name="Rosa Diaz")
    exercises = [make_exercise(name="Sit to stand"), make_exercise(name="Ankle pumps")]
    return make_plan(patient, exercises=exercises, starts_on=datetime.date.today())


@pytest.mark.django_db
def test_the_home_page_reads_in_spanish_and_in_english_as_before(client, home_plan):
    client.force_login(home_plan.patient.user)
    english = client.get("/portal/").content.decode()
    assert_spanish(english, [(spanish, english) for english, spanish in HOME])
    # The English sections stay in the cache: they are kept apart by language.
    Patient.objects.filter(pk=home_plan.patient.pk).update(preferred_language="es")
    spanish = client.get("/portal/").content.decode()
    assert "Sit to stand" in spanish
    assert '<html lang="es"' in spanish
    assert '<html lang="en"' in english
    assert_spanish(spanish, HOME)


def card(**state):
    values = {"done_today": False, "logged_today": False, "due_today": True}
    return SimpleNamespace(
        pk=7,
        name="Heel raises",
        days_per_week=3,
        done_this_week=3,
        heading=mark_safe('<h3 id="exercise-7-name">1. Heel raises</h3>'),
        body=mark_safe("<p>Stand tall.</p>"),
        messages=[],
        done_url="/portal/done/7/",
        log_url="/portal/log/7/",
        **(values | state),
    )


@pytest.mark.parametrize(
    ("state", "pairs"),
    [
        (
            {"done_today": True, "logged_today": True, "due_today": False},
            [
                (">Done today<", ">Hecho hoy<"),
                ("Change today's entry", "Cambiar lo anotado hoy"),
                ("> for Heel raises<", "> para Heel raises<"),
                ("3 of 3 this week", "3 de 3 esta semana"),
            ],
        ),
        ({"logged_today": True}, [(">Not done today<", ">No hecho hoy<")]),
        (
            {"due_today": False},
            [
                (">Rest day: nothing to do<", ">Día de descanso: no hay nada que hacer<"),
                (
                    "this week's days are done; today is a rest day",
                    "ya hizo los días de esta semana; hoy descansa",
                ),
            ],
        ),
    ],
)
def test_each_day_state_of_a_card_reads_in_spanish(state, pairs):
    context = Context({"csrf_token": "token", "clinic_profile": None})
    with translation.override("es"):
        html = today_card(context, card(**state))
    assert_spanish(html, pairs)


def test_a_plans_sections_read_in_spanish_in_all_their_parts():
    """The kept sections' parts a plan may not have: the end date, the safety box, the
    therapist's words, the picture, the safety notes."""
    given = SimpleNamespace(
        summary="",
        image_url="/media/heel.png",
        name="Heel raises",
        steps=["Stand tall."],
        progress="Add a second set.",
    )
    item = SimpleNamespace(
        given=given,
        card=SimpleNamespace(
            device="brace",
            wearing="Wear the brace.",
            skin_check="Look for red marks.",
            therapist_says="Go slowly.",
            precautions="Hold a chair.",
            screening_notes=[],
            conditions=["Diabetes"],
        ),
        dosage_sentence="3 sets of 10",
        effort_sentence="",
        notes="Twice a day is fine.",
        side="",
    )
    plan = SimpleNamespace(
        pk=3,
        program=SimpleNamespace(title="Knee plan"),
        version=2,
        starts_on=datetime.date(2026, 11, 2),
        ends_on=datetime.date(2026, 12, 14),
        safety_notes=[SimpleNamespace(text="Stop if it hurts.", citation="MedlinePlus")],
    )
    pairs = [
        ("Stay safe with this one", "Cuídese con este ejercicio"),
        ("What you wear", "Lo que usa"),
        ("Skin check", "Revise su piel"),
        ("Your therapist says", "Su terapeuta dice"),
        ("<dt>Take care</dt>", "<dt>Tenga cuidado</dt>"),
        ("Your health: Diabetes.", "Su salud: Diabetes."),
        ("Ask your therapist what to watch for.", "Pregunte a su terapeuta qué debe vigilar."),
        ('alt="Picture of Heel raises"', 'alt="Imagen de Heel raises"'),
        ("Moving on:", "Para avanzar:"),
        ("From your therapist:", "De su terapeuta:"),
        ("Safety notes", "Notas de seguridad"),
        ("(Source: MedlinePlus)", "(Fuente: MedlinePlus)"),
        ("Version 2 · from ", "Versión 2 · desde el "),
        (" to ", " hasta el "),
        ("Download my handout (PDF)", "Descargar mi hoja de ejercicios (PDF)"),
    ]
    parts = [
        ("portal/plan/head.html", {"plan": plan}),
        ("portal/plan/card_body.html", {"item": item}),
        ("portal/plan/foot.html", {"plan": plan}),
    ]
    with translation.override("es"):
        spanish = "".join(render_to_string(name, context) for name, context in parts)
    with translation.override("en"):
        english = "".join(render_to_string(name, context) for name, context in parts)
    assert_spanish(spanish, pairs)
    assert_spanish(english, [(spanish, english) for english, spanish in pairs])


def test_the_layout_and_home_read_in_spanish_with_a_phone_an_empty_home_and_a_visitor():
    """What the signed-in patient with a plan above does not see: the clinic's phone and hours,
    the check-in question, no plan yet, the therapist's navigation and footer, signing in."""
    clinic = SimpleNamespace(
        name="Northside Clinic",
        phone="+1 555 0100",
        tel_uri="tel:+15550100",
        hours="Mon-Fri 8-5",
        emergency_number="911",
        emergency_tel_uri="tel:911",
    )
    home = {
        "patient": SimpleNamespace(display_name="Rosa Diaz", large_print=False),
        "today": datetime.date(2026, 11, 28),
        "plans": [],
        "heaviness_form": forms.Form(),
        "clinic_profile": clinic,
        "user": AnonymousUser(),
    }
    therapist = {"nav_therapist": True, "user": AnonymousUser(), "clinic_profile": clinic}
    pairs = [
        ("Call <strong>Northside Clinic</strong>", "Llame a <strong>Northside Clinic</strong>"),
        (">Call +1 555 0100<", ">Llamar al +1 555 0100<"),
        ("Open Mon-Fri 8-5.", "Horario: Mon-Fri 8-5."),
        ("A quick question about yesterday", "Una pregunta corta sobre ayer"),
        ("Send my answer", "Enviar mi respuesta"),
        ("You have no exercise plan right now.", "Ahora no tiene un plan de ejercicios."),
        ("Your therapist will add one.", "Su terapeuta le pondrá uno."),
        ("Today is Saturday 28 November 2026.", "Hoy es sábado, 28 de noviembre de 2026."),
        (">Sign in<", ">Entrar<"),
        (">Exercise library<", ">Biblioteca de ejercicios<"),
        (">Clinic admin<", ">Administración de la clínica<"),
        (
            "Not for emergencies: call your local emergency number.",
            "No es para emergencias: llame al número de emergencias de su zona.",
        ),
    ]

    def pages() -> str:
        return render_to_string("portal/home.html", home) + render_to_string("base.html", therapist)

    with translation.override("es"):
        spanish = pages()
    with translation.override("en"):
        english = pages()
    assert_spanish(spanish, pairs)
    assert_spanish(english, [(spanish, english) for english, spanish in pairs])
    asked = {**home, "clinic_profile": SimpleNamespace(**{**vars(clinic), "phone": ""})}
    with translation.override("es"):
        assert "Pregunte a <strong>Northside Clinic</strong>" in render_to_string(
            "portal/home.html", asked
        )
