"""The portal's other pages in Spanish (issue 18): with Spanish chosen (the switch) the
history, the log form, measuring, progress, reminders, the password change and the sign-in
pages read in Spanish, with none of their English words left; a refused form says why in
Spanish; the reminder email is written in the patient's language. The English pages are checked
byte for byte by tests/portal."""

import contextlib
import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import timezone, translation

from planner.handout.data import ExerciseCard
from planner.models import LimbMeasurement, Reminder
from planner.screening import ECCENTRIC_CARD_NOTE, OVERWORK_CARD_NOTE
from planner.services.reminders import send_due_reminders
from tests.factories import make_exercise, make_patient, make_plan, make_session_log, make_user
from tests.i18n.test_portal_home_spanish import assert_spanish

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)

HISTORY = [
    ("<title>What I have done", "<title>Lo que he hecho"),
    ('<h1 class="h2">What I have done</h1>', '<h1 class="h2">Lo que he hecho</h1>'),
    (">My exercises</a>", ">Mis ejercicios</a>"),
    ('aria-current="page">History<', 'aria-current="page">Historial<'),
    ("to today, newest first.", "a hoy, lo más reciente primero."),
    ("Week of ", "Semana del "),
    (" done</span>", " hecho</span>"),
    (
        ":</strong> done, 2 sets, pain 3 of 10, effort 5 of 10.",
        ":</strong> hecho, 2 series, dolor 3 de 10, esfuerzo 5 de 10.",
    ),
    ("Note: Felt fine", "Nota: Felt fine"),
]

LOG_FORM = [
    ("<title>Log Sit to stand", "<title>Anotar Sit to stand"),
    ('aria-current="page">Done, with details<', 'aria-current="page">Hecho, con detalles<'),
    (">How to do it<", ">Cómo hacerlo<"),
    (">How it went<", ">Cómo le fue<"),
    ("Did you do this exercise?", "¿Hizo este ejercicio?"),
    ("Yes, I did it", "Sí, lo hice"),
    ("No, not this time", "No, esta vez no"),
    ("How many sets did you finish?", "¿Cuántas series terminó?"),
    ("Pain during the exercise", "Dolor durante el ejercicio"),
    ("0 No pain", "0 Sin dolor"),
    ("5 Moderate", "5 Moderado"),
    ("10 Worst pain", "10 Peor dolor"),
    ("How hard was it?", "¿Qué tan duro fue?"),
    ("Anything to tell your therapist?", "¿Algo que decirle a su terapeuta?"),
    ('value="Save"', 'value="Guardar"'),
]

MEASURE = [
    ("<title>Measure my arms or legs", "<title>Medir mis brazos o piernas"),
    (">How to measure<", ">Cómo medir<"),
    ("Use a soft tape that shows cm.", "Use una cinta métrica blanda que marque cm."),
    (">Where the tape goes<", ">Dónde va la cinta<"),
    ("<dt>Thigh</dt>", "<dt>Muslo</dt>"),
    ("<dt>Calf</dt>", "<dt>Pantorrilla</dt>"),
    ("Your therapist put the tape here: ", "Su terapeuta puso la cinta aquí: "),
    ("Call your clinic if one side", "Llame a su clínica si un lado"),
    ("Day you measured", "Día en que midió"),
    ("What did you measure?", "¿Qué midió?"),
    (">Choose one<", ">Elija uno<"),
    ("Left side (cm)", "Lado izquierdo (cm)"),
    ('value="Save my measurements"', 'value="Guardar mis medidas"'),
]

PROGRESS = [
    ("<title>My progress", "<title>Mi progreso"),
    ("The last 12 weeks.", "Las últimas 12 semanas."),
    ("How much you did each week", "Cuánto hizo cada semana"),
    ("You did most of it", "Hizo casi todo"),
    ('<th scope="col">Week of</th>', '<th scope="col">Semana del</th>'),
    ('<th scope="col">Planned</th>', '<th scope="col">Planeado</th>'),
    ("Your pain and effort", "Su dolor y su esfuerzo"),
    ("Your worst pain was 3, on ", "Su peor dolor fue 3, el "),
    ("The size of your thighs", "El tamaño de sus muslos"),
    (
        "left 44 cm, right 46 cm. That is 2 cm apart.",
        "izquierda 44 cm, derecha 46 cm. Hay 2 cm de diferencia.",
    ),
    ('<th scope="col">Apart (cm)</th>', '<th scope="col">Diferencia (cm)</th>'),
    (">Show the numbers<", ">Mostrar los números<"),
    (">Back to my exercises<", ">Volver a mis ejercicios<"),
]

REMINDERS = [
    ("<title>Email reminders", "<title>Recordatorios por correo"),
    ("We can send you a short email each day", "Podemos enviarle un correo corto cada día"),
    (
        "Do you want an email each day to remind you?",
        "¿Quiere un correo cada día para recordárselo?",
    ),
    ("Yes, email me each day", "Sí, envíenme un correo cada día"),
    ("Your email address", "Su dirección de correo"),
    ("What time of day?", "¿A qué hora del día?"),
    ("We send it then, or a little after.", "Lo enviamos a esa hora, o un poco después."),
]

PASSWORD = [
    ("<title>Change my password", "<title>Cambiar mi contraseña"),
    (
        "Type the password you use now, then the new one twice.",
        "Escriba la contraseña que usa ahora y luego la nueva dos veces.",
    ),
    ("Your username stays rosa.", "Su nombre de usuario sigue siendo rosa."),
    ("The password you use now", "La contraseña que usa ahora"),
    ("Choose a new password", "Elija una contraseña nueva"),
    ("Type the new password again", "Escriba la contraseña nueva otra vez"),
    ('value="Change my password"', 'value="Cambiar mi contraseña"'),
    ("Forgot the password you use now?", "¿Olvidó la contraseña que usa ahora?"),
]

LOGIN = [
    ("<title>Sign in", "<title>Entrar"),
    ('<h1 class="h2 mb-4">Sign in</h1>', '<h1 class="h2 mb-4">Entrar</h1>'),
    ("New patient with a sign-in code?", "¿Es paciente nuevo y tiene un código para entrar?"),
    (">Set up my account<", ">Preparar mi cuenta<"),
    (
        "Therapists: ask your clinic administrator",
        "Terapeutas: pidan una cuenta a quien maneja el sistema",
    ),
]

ACTIVATE = [
    ("<title>Set up my account", "<title>Preparar mi cuenta"),
    ("Your therapist gave you a sign-in code", "Su terapeuta le dio un código para entrar"),
    ("Sign-in code from your handout", "Código para entrar, de su hoja de ejercicios"),
    ("It looks like K7PM-3XWD.", "Se parece a esto: K7PM-3XWD."),
    ("Choose a username", "Elija un nombre de usuario"),
    ("Choose a password", "Elija una contraseña"),
    ("Type the password again", "Escriba la contraseña otra vez"),
    ('value="Continue"', 'value="Continuar"'),
    ("I already have an account: sign in", "Ya tengo una cuenta: entrar"),
]


@pytest.fixture
def rosa():
    patient = make_patient(user=make_user("rosa"), display_name="Rosa Diaz")
    patient.__class__.objects.filter(pk=patient.pk).update(created_at=timezone.now() - 30 * DAY)
    patient.refresh_from_db()
    return patient


@pytest.fixture
def plan(rosa):
    exercises = [make_exercise(name="Sit to stand"), make_exercise(name="Ankle pumps")]
    assignment = make_plan(rosa, exercises=exercises, starts_on=TODAY - 7 * DAY)
    make_session_log(
        assignment,
        performed_on=TODAY - DAY,
        done=True,
        sets_done=2,
        pain=3,
        effort=5,
        note="Felt fine",
    )
    LimbMeasurement.objects.create(
        patient=rosa,
        measured_on=TODAY - DAY,
        site="thigh",
        landmark="15 cm above the kneecap",
        left_cm=Decimal("44.0"),
        right_cm=Decimal("46.0"),
        measured_by=rosa.therapist,
    )
    return assignment


@pytest.fixture
def rosa_client(client, rosa):
    client.force_login(rosa.user)
    return client


@contextlib.contextmanager
def in_spanish(client):
    """The pages asked for inside, in Spanish: chosen with the switch, as a caregiver does."""
    client.post("/language/", {"language": "es"})
    try:
        yield
    finally:
        client.post("/language/", {"language": "en"})


def spanish_page(client, url, **kwargs) -> str:
    with in_spanish(client):
        response = client.get(url, **kwargs)
    assert response.status_code == 200
    return response.content.decode()


def first_item(assignment):
    return assignment.program.items.order_by("position").first()


@pytest.mark.parametrize(
    ("url", "pairs"),
    [
        ("/portal/history/", HISTORY),
        ("/portal/measure/", MEASURE),
        ("/portal/progress/", PROGRESS),
        ("/portal/reminders/", REMINDERS),
        ("/portal/password/", PASSWORD),
    ],
)
def test_a_portal_page_reads_in_spanish(rosa_client, plan, url, pairs):
    english = rosa_client.get(url).content.decode()
    assert_spanish(english, [(spanish, english) for english, spanish in pairs])
    page = spanish_page(rosa_client, url)
    assert '<html lang="es"' in page
    assert_spanish(page, pairs)


def test_the_log_form_reads_in_spanish(rosa_client, plan):
    url = f"/portal/log/{first_item(plan).pk}/"
    english = rosa_client.get(url).content.decode()
    assert_spanish(english, [(spanish, english) for english, spanish in LOG_FORM])
    assert_spanish(spanish_page(rosa_client, url), LOG_FORM)


def test_a_refused_pain_comes_back_in_spanish(rosa_client, plan):
    data = {"performed_on": TODAY.isoformat(), "done": "True", "pain": "11"}
    url = f"/portal/log/{first_item(plan).pk}/"
    with in_spanish(rosa_client):
        page = rosa_client.post(url, data).content.decode()
    assert "Elija un número del 0 al 10." in page
    assert "Choose a number from 0 to 10." not in page
    english = rosa_client.post(url, data).content.decode()
    assert "Choose a number from 0 to 10." in english


def test_a_day_before_the_plan_is_refused_in_spanish(rosa_client, plan):
    data = {"performed_on": (plan.starts_on - DAY).isoformat(), "done": "True"}
    with in_spanish(rosa_client):
        page = rosa_client.post(f"/portal/log/{first_item(plan).pk}/", data).content.decode()
    assert "Este plan empezó el " in page
    assert "Elija ese día o uno después." in page


def test_saving_a_log_says_so_in_spanish(rosa_client, plan):
    data = {"performed_on": TODAY.isoformat(), "done": "True", "pain": "8"}
    with in_spanish(rosa_client):
        response = rosa_client.post(f"/portal/log/{first_item(plan).pk}/", data, follow=True)
    page = response.content.decode()
    assert "Guardado: Sit to stand el " in page
    assert "Su dolor fue de 8 sobre 10. Deje este ejercicio por hoy" in page
    assert "Si es una emergencia, llame ahora al" in page
    assert "Your pain was" not in page


def test_a_refused_measurement_comes_back_in_spanish(rosa_client, plan):
    data = {"measured_on": TODAY.isoformat(), "site": "thigh", "left_cm": "2", "right_cm": "x"}
    with in_spanish(rosa_client):
        page = rosa_client.post("/portal/measure/", data).content.decode()
    assert "Escriba una medida de 5 a 150 cm." in page
    assert "Escriba la medida como un número de cm, como 41.5." in page
    assert "Type a size" not in page


@pytest.mark.parametrize(
    ("url", "pairs"), [("/accounts/login/", LOGIN), ("/accounts/activate/", ACTIVATE)]
)
def test_the_sign_in_pages_read_in_spanish(client, url, pairs):
    english = client.get(url).content.decode()
    assert_spanish(english, [(spanish, english) for english, spanish in pairs])
    assert_spanish(spanish_page(client, url), pairs)


def test_a_wrong_code_is_refused_in_spanish(client):
    data = {
        "code": "ZZZZ-0009",
        "username": "nuevo",
        "password1": "a long sentence to remember",
        "password2": "a long sentence to remember",
    }
    with in_spanish(client):
        page = client.post("/accounts/activate/", data).content.decode()
    assert "Ese código no funcionó." in page
    assert "That code did not work." not in page


def remind(patient, email):
    Reminder.objects.create(patient=patient, is_on=True, email=email, send_at=datetime.time(8))
    make_plan(patient, exercises=[make_exercise()])


def test_the_reminder_email_is_in_the_patients_language():
    remind(make_patient(user=make_user(), preferred_language="es"), "es@example.org")
    remind(make_patient(user=make_user(), preferred_language="en"), "en@example.org")
    now = datetime.datetime.combine(TODAY, datetime.time(9))
    send_due_reminders(now=now)
    sent = {message.to[0]: message for message in mail.outbox}
    spanish, english = sent["es@example.org"], sent["en@example.org"]
    assert spanish.subject == "Es hora de hacer sus ejercicios"
    assert spanish.body.startswith("Hola:\n\nEste es su aviso diario de ")
    assert "toque Recordatorios por correo." in spanish.body
    assert "exercises" not in spanish.body
    assert english.subject == "Time to do your exercises"
    assert english.body.startswith("Hello,\n\nThis is your daily note from ")
    assert "Recordatorios" not in english.body


def test_the_signed_out_page_reads_in_spanish():
    # Signing out goes to the sign-in page (LOGOUT_REDIRECT_URL); this page is Django's default.
    with translation.override("es"):
        page = render_to_string("registration/logged_out.html")
    assert_spanish(
        page,
        [
            ("<title>Signed out", "<title>Ha salido"),
            ("You are signed out", "Ha salido de su cuenta"),
            (">Sign in again<", ">Entrar otra vez<"),
        ],
    )


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "Please try again in 15 minutes, or ask your clinic to unlock it."),
        (
            "es",
            "Por favor, vuelva a intentarlo en 15 minutos, o pida a su clínica que la desbloquee.",
        ),
    ],
)
def test_the_paused_sign_in_page_is_in_the_pages_language(language, said):
    context = {"cooloff_timedelta": datetime.timedelta(minutes=15)}
    with translation.override(language):
        page = render_to_string("registration/locked_out.html", context)
    assert said in page
    assert ("Too many failed sign-ins" in page) == (language == "en")


def card_with_device(worn: bool | None) -> ExerciseCard:
    blank = dict.fromkeys(("name", "dosage", "equipment", "skin_check", "precautions"), "")
    return ExerciseCard(
        number=1,
        steps=[],
        device="Knee brace",
        device_worn_during=worn,
        wear_schedule="Wear it all day.",
        screening_notes=[],
        therapist_note="",
        resistance_note="",
        image_path="",
        category="strength",
        **blank,
    )


@pytest.mark.parametrize(
    ("worn", "english", "spanish"),
    [
        (
            True,
            "Knee brace. Wear it while you do this. Wear it all day.",
            "Lleve esto puesto mientras",
        ),
        (False, "Knee brace. Take it off to do this. Wear it all day.", "Quítese esto antes de"),
        (None, "Knee brace.  Wear it all day.", "Knee brace.  Wear it all day."),
    ],
)
def test_a_cards_brace_words_are_in_the_pages_language(worn, english, spanish):
    card = card_with_device(worn)
    assert card.wearing == english
    with translation.override("es"):
        assert spanish in card.wearing


@pytest.mark.parametrize("note", [OVERWORK_CARD_NOTE, ECCENTRIC_CARD_NOTE])
def test_a_cards_screening_note_is_in_the_pages_language(note):
    body = "{% load i18n %}{% for note in notes %}<dd>{% translate note %}</dd>{% endfor %}"
    template = Template(body)
    assert template.render(Context({"notes": [note]})) == f"<dd>{note}</dd>"
    with translation.override("es"):
        spanish = template.render(Context({"notes": [note]}))
    assert spanish.startswith(("<dd>No se esfuerce de más", "<dd>Enfermedad muscular"))


def post_in_spanish(client, url, data) -> str:
    with in_spanish(client):
        return client.post(url, data, follow=True).content.decode()


def test_the_saved_messages_are_in_spanish(rosa_client, plan):
    page = post_in_spanish(rosa_client, f"/portal/done/{first_item(plan).pk}/", {})
    assert "Guardado: Sit to stand hecho hoy." in page
    page = post_in_spanish(rosa_client, f"/portal/done/{first_item(plan).pk}/", {})
    assert "Sit to stand ya está hecho hoy. No se cambió nada." in page
    reminder = {"is_on": "True", "email": "rosa@example.org", "send_at": "08:30"}
    page = post_in_spanish(rosa_client, "/portal/reminders/", reminder)
    assert "Guardado. Le enviaremos un correo cada día a las 08:30." in page
    girth = {"measured_on": TODAY.isoformat(), "site": "calf", "left_cm": "35", "right_cm": "36"}
    page = post_in_spanish(rosa_client, "/portal/measure/", girth)
    assert "Guardado: pantorrilla el " in page
    assert ", izquierda 35 cm, derecha 36 cm." in page
    page = post_in_spanish(rosa_client, "/portal/check-in/", {"heavier": "True"})
    assert "Gracias. Su terapeuta verá su respuesta." in page
    for english in ("Saved", "Thank you", "already done"):
        assert english not in page


def test_a_date_field_keeps_its_iso_value_in_spanish(rosa_client, plan):
    # A browser's date input takes only 2026-11-28; Spanish's 28/11/2026 would leave it empty.
    url = f"/portal/log/{first_item(plan).pk}/"
    for page in (spanish_page(rosa_client, url), spanish_page(rosa_client, "/portal/measure/")):
        assert 'type="date" name="' in page
        assert f'value="{TODAY.isoformat()}"' in page


def test_the_log_form_says_when_an_exercise_is_in_english(rosa_client, plan):
    # The plan's exercises have no Spanish in the library (made here without it).
    url = f"/portal/log/{first_item(plan).pk}/"
    page = spanish_page(rosa_client, url)
    assert "Este ejercicio está escrito en inglés" in page
    assert '<ol class="exercise-steps" lang="en">' in page
    english = rosa_client.get(url).content.decode()
    assert "written in English" not in english
    assert '<ol class="exercise-steps">' in english
