"""The printed handout in Spanish (issue 18): its fixed words, the dosage, the calendar and the
dates read in Spanish, and no English fixed sentence is left; the patient's preferred language is
the default and another can be asked for; a language we have no text for is a clear error.

Only our own words are checked: the Spanish safety notes and library text (exercise names and
steps) are added separately, so nothing here depends on them.
"""

import dataclasses
import datetime
import importlib
import io
import re

import pytest
from django.core.management import base, call_command
from django.core.management.base import CommandError
from django.utils import translation
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from exercises.models import AtrophyKind, Category, Equipment
from exercises.text import localized_equipment, localized_progress
from planner.handout import (
    HandoutError,
    build_handout,
    load_handout,
    load_handouts,
    render_handout,
    wording,
)
from planner.models import Language, SafetyNote
from planner.screening import OVERWORK_CARD_NOTE
from tests.factories import make_exercise, make_patient, make_therapist, spanish_words
from tests.planner.handout.test_progress_page import history, pages
from tests.planner.handout.test_rendering import START, handout_plan, pdf_text
from tests.planner.handout.test_scripts_and_sizes import (
    CARD,
    HANDOUT,
    assert_valid_handout,
    cmaps,  # noqa: F401 (a fixture)
)

PRINTED = datetime.date(2026, 11, 28)
END = START + datetime.timedelta(weeks=6)

# The Spanish of fixed words a handout prints, read back from the PDF (line breaks folded).
SPANISH = [
    "SU PLAN DE EJERCICIOS EN CASA",
    "Empiece el 1 de diciembre de 2026. Revisión el 12 de enero de 2027.",
    "Su terapeuta es Jordan Rivera.",
    "PARE Y LLAME A SU CLÍNICA",
    "Si es una emergencia, llame ahora al 911.",
    "SU PLAN EN RESUMEN",
    "Qué hacer",
    "Cuánto y cuántas veces",
    "CUÁNTO",
    "NECESITA",
    "Silla: una silla firme sin ruedas",
    "Nada",
    "CUIDADO",
    "VEA SU PLAN EN INTERNET",
    "Apunte la cámara de su teléfono al cuadrado.",
    "MARQUE UNA CASILLA CADA VEZ QUE LO HAGA",
    "Una casilla es una vez.",
    "Semana 1 · del 1 de diciembre al 7 de diciembre",
    "Semana 6 · del 5 de enero al 11 de enero",
    "Dolor 0-10",
    "Mar Mié Jue Vie Sáb Dom Lun",  # the plan starts on a Tuesday
    "Meta: 3 días por semana",
    # The footer's print date is short, leaving room for the name in large print.
    "Impreso el 28 nov. 2026 · Página 1 de",
    "¿Tiene una pregunta? Pregunte a Jordan Rivera en",
]
# The dosage sentences (exercises.dosage, already translated) as the cards print them.
DOSAGES = [
    "3 series de 10, 1 vez al día, 3 días por semana, con un día de descanso entre uno y otro",
    "2 series de 10, 1 vez al día, 3 días por semana",
]
# English fixed words that must not be left on a Spanish handout.
ENGLISH = [
    "YOUR HOME EXERCISE PLAN",
    "Start on",
    "Check-up on",
    "Your therapist is",
    "STOP AND CALL",
    "If it is an emergency",
    "YOUR PLAN AT A GLANCE",
    "What to do",
    "How much and how often",
    "HOW MUCH",
    "YOU NEED",
    "TAKE CARE",
    "Nothing",
    "Chair:",
    "Do not overwork",
    "SEE YOUR PLAN ONLINE",
    "Point your phone camera",
    "Ask your therapist for a code",
    "TICK A BOX",
    "One box is one time",
    "Week 1",
    "Pain 0-10",
    "Goal:",
    "days a week",
    "sets of",
    "once a day",
    "Printed",
    "Page 1 of",
    "Got a question?",
    "YOUR PROGRESS",
    "There is nothing to show yet",
    " Mon ",
    " Tue ",
    " Wed ",
    "Dec",
    "Nov",
]


def spanish_plan(**patient_fields):
    """A six-week plan for a patient who reads Spanish: a resisted exercise with a chair (the
    overwork guard's note on its card) and a gentle one with no equipment."""
    therapist = make_therapist(first_name="Jordan", last_name="Rivera")
    patient = make_patient(
        therapist=therapist,
        preferred_language=Language.SPANISH,
        atrophy_type=AtrophyKind.NEUROGENIC,
        **patient_fields,
    )
    chair = make_exercise(
        name="Stand from a chair",
        equipment=Equipment.CHAIR,
        equipment_note="a firm chair without wheels",
        translations=spanish_words(
            "Levantarse de una silla", equipment_note="una silla firme sin ruedas"
        ),
    )
    gentle = make_exercise(
        name="Ankle circles",
        category=Category.RANGE_OF_MOTION,
        translations=spanish_words("Círculos con el tobillo"),
    )
    assignment = handout_plan(patient=patient, exercises=[chair, gentle], ends_on=END)
    first = assignment.program.items.order_by("position").first()
    first.sets = 3
    first.save(update_fields=["sets"])
    return assignment


def spanish_text(assignment, **options) -> str:
    data = load_handout(assignment, progress=True, **options)
    return pdf_text(build_handout(data, printed_on=PRINTED))


@pytest.mark.django_db
def test_a_spanish_handout_prints_its_fixed_words_dosage_calendar_and_dates_in_spanish():
    text = spanish_text(spanish_plan())
    missing = [words for words in SPANISH + DOSAGES if words not in text]
    assert missing == []
    with translation.override("es"):
        assert f"CUIDADO {translation.gettext(OVERWORK_CARD_NOTE)}" in text
    left = [words for words in ENGLISH if words in text]
    assert left == []
    # The plan's own words are the library's Spanish, frozen when it was given.
    assert "Levantarse de una silla" in text
    assert "Círculos con el tobillo" in text
    assert "Bájela despacio." in text
    assert "Stand from a chair" not in text
    assert "Lower it slowly." not in text
    assert "escrito en inglés" not in text


@pytest.mark.django_db
def test_an_exercise_without_spanish_prints_its_english_and_says_so():
    patient = make_patient(preferred_language=Language.SPANISH)
    english_only = make_exercise(name="Heel slides")
    text = spanish_text(handout_plan(patient=patient, exercises=[english_only], ends_on=END))
    assert "Heel slides" in text
    assert "Lower it slowly." in text
    with translation.override("es"):
        notice = translation.gettext(wording.NOT_IN_YOUR_LANGUAGE)
    assert notice.startswith("Este ejercicio está escrito en inglés")
    assert notice in text
    english = pdf_text(build_handout(load_handout(handout_plan(exercises=[english_only]))))
    assert "written in English" not in english


def _fixed_pieces(sentence: str) -> list[str]:
    """The words of a fixed sentence between its placeholders that are long enough to be
    told apart from a name or a number ("STOP AND CALL", " at ")."""
    return [p.strip() for p in re.split(r"\{[a-z_]+\}", sentence) if len(p.strip()) >= 8]


@pytest.mark.django_db
def test_no_english_sentence_of_the_handout_wording_is_left():
    """Every constant of ``wording`` translated differently, checked by its own words, so a
    sentence added later is covered too."""
    text = spanish_text(spanish_plan())
    with translation.override("es"):
        translated = {
            name: value
            for name, value in vars(wording).items()
            if name.isupper() and isinstance(value, str) and wording.say(value) != value
        }
    left = {
        name: piece
        for name, value in translated.items()
        for piece in _fixed_pieces(value)
        if piece in text
    }
    assert left == {}


@pytest.mark.django_db
def test_the_patients_preferred_language_is_the_default():
    spanish = spanish_plan()
    english = handout_plan()
    assert load_handout(spanish).language == "es"
    assert load_handout(english).language == "en"
    assert render_handout(spanish) == render_handout(spanish, language="es")
    assert "MARQUE UNA CASILLA" in pdf_text(render_handout(spanish))
    assert "TICK A BOX EACH TIME YOU DO IT" in pdf_text(render_handout(english))


@pytest.mark.django_db
def test_english_can_be_asked_for_a_patient_who_reads_spanish():
    assignment = spanish_plan()
    text = spanish_text(assignment, language="en")
    assert "TICK A BOX EACH TIME YOU DO IT" in text
    assert "Start on 1 Dec 2026. Check-up on 12 Jan 2027." in text
    assert "3 sets of 10, once a day, 3 days a week" in text
    assert "Chair: a firm chair without wheels" in text
    assert "Stand from a chair" in text
    assert "Levantarse de una silla" not in text
    assert "Week 1 · 1 Dec to 7 Dec" in text
    assert not [words for words in SPANISH + DOSAGES if words in text]


@pytest.mark.django_db
def test_a_batch_prints_each_handout_in_its_patients_language_unless_one_is_asked():
    spanish, english = spanish_plan(), handout_plan()
    assert [d.language for d in load_handouts([spanish, english])] == ["es", "en"]
    assert [d.language for d in load_handouts([spanish, english], language="en")] == ["en", "en"]
    assert [d.language for d in load_handouts([english, spanish], language="es")] == ["es", "es"]
    texts = [pdf_text(build_handout(d)) for d in load_handouts([spanish, english])]
    assert ("Semana 1" in texts[0], "Week 1" in texts[0]) == (True, False)
    assert ("Semana 1" in texts[1], "Week 1" in texts[1]) == (False, True)


@pytest.mark.django_db
def test_print_handouts_prints_each_in_its_patients_language_or_the_one_asked(tmp_path):
    spanish, english = spanish_plan(), handout_plan()
    call_command(
        "print_handouts", "-o", str(tmp_path / "own"), "--workers", "1", stderr=io.StringIO()
    )
    call_command(
        "print_handouts",
        "-o",
        str(tmp_path / "en"),
        "--workers",
        "1",
        "--lang",
        "en",
        stderr=io.StringIO(),
    )
    for folder, languages in (("own", ("Semana 1", "Week 1")), ("en", ("Week 1", "Week 1"))):
        for assignment, words in zip((spanish, english), languages, strict=True):
            (path,) = (tmp_path / folder).glob(f"*-{assignment.pk}-v*.pdf")
            assert words in pdf_text(path.read_bytes())


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "xx"])
def test_a_language_without_text_is_an_error_naming_the_ones_we_have(language):
    with pytest.raises(HandoutError) as raised:
        render_handout(spanish_plan(), language=language)
    assert str(raised.value) == (
        f"There is no handout text in '{language}' yet; handouts can be printed in: en, es."
    )


@pytest.mark.django_db
@pytest.mark.parametrize("command", ["handout", "print_handouts"])
def test_the_commands_say_which_languages_there_are_without_a_traceback(
    command, tmp_path, capsys, monkeypatch
):
    assignment = spanish_plan()
    args = [str(assignment.pk), "-o", str(tmp_path / "x.pdf")] if command == "handout" else []
    args = args or ["-o", str(tmp_path / "out")]
    with pytest.raises(CommandError, match=r"handouts can be printed in: en, es\.$"):
        call_command(command, *args, "--lang", "fr")
    # As from the shell: the message alone on stderr, exit status 1. (The command would close
    # the database connections when done; the test's transaction keeps them.)
    monkeypatch.setattr(base.connections, "close_all", lambda: None)
    module = importlib.import_module(f"planner.management.commands.{command}")
    with pytest.raises(SystemExit) as exited:
        module.Command().run_from_argv(["manage.py", command, *args, "--lang", "fr"])
    assert exited.value.code == 1
    assert capsys.readouterr().err == (
        "CommandError: There is no handout text in 'fr' yet; handouts can be printed in: en, es.\n"
    )
    assert not list(tmp_path.glob("**/*.pdf"))


# Spanish words with every accent and ñ, and punctuation Spanish opens with.
WORDS = [
    "rodilla",
    "músculo",
    "pantorrilla",
    "señora",
    "pequeño",
    "¿Cómo",
    "está?",
    "¡Ánimo!",
    "después",
    "según",
    "pingüino",
    "Ángel",
    "corazón",
    "Íñigo",
    "Úrsula",
    "Ñandú",
    "él",
    "año",
    "fisioterapéutico",
    "contraindicación",
]
NOTE_LIMIT = 1000


def spanish_notes(size: int) -> str:
    words, index = [], 0
    while len(" ".join(words)) < size:
        words.append(WORDS[index % len(WORDS)])
        index += 1
    return " ".join(words)[:size].rsplit(" ", 1)[0]


def spanish_handout(cards: int, note: str):
    """``cards`` cards in Spanish as ``load_handout`` gives them, every label a card can have
    on one card in three (the longest Spanish labels: CUÁNTO ESFUERZO, REVISE SU PIEL)."""
    with translation.override("es"):
        card_note = translation.gettext(OVERWORK_CARD_NOTE)
    return dataclasses.replace(
        HANDOUT,
        language="es",
        cards=[
            dataclasses.replace(
                CARD,
                number=n,
                therapist_note=note,
                precautions=note,
                dosage="3 series de 10, 1 vez al día, 3 días por semana",
                effort="Trabaje a un 3 de 10: podría hablar con facilidad." if n % 3 else "",
                equipment="Silla: una silla firme sin ruedas",
                device="Rodillera" if n % 3 == 1 else "",
                device_worn_during=True,
                wear_schedule="Úsela de día.",
                skin_check="Mire su piel cada noche." if n % 3 == 1 else "",
                resistance_note="Una pesa pequeña." if n % 3 == 2 else "",
                screening_notes=[card_note],
                times_per_day=2 if n % 3 == 0 else 1,
                days_per_week=3 if n % 2 else 7,
            )
            for n in range(1, cards + 1)
        ],
    )


@pytest.mark.parametrize("large_print", [False, True], ids=["regular", "large-print"])
def test_forty_exercises_with_the_longest_spanish_notes_print_whole(large_print, cmaps):  # noqa: F811
    data = spanish_handout(40, spanish_notes(NOTE_LIMIT))
    pdf = build_handout(data, large_print=large_print, printed_on=PRINTED)
    assert_valid_handout(pdf, data, cmaps)  # no box for a character, nothing off the paper
    text = pdf_text(pdf)
    assert "Semana 1 · del 1 de diciembre al 7 de diciembre" in text
    assert text.count("(sigue de la página anterior)") >= 1
    assert "Página 1 de" in text
    for label in ("CUÁNTO ESFUERZO", "CUÁNTO PESO", "LO QUE USA", "REVISE SU PIEL", "CUIDADO"):
        assert label in text
    assert "Rodillera. Lleve esto puesto mientras hace el ejercicio. Úsela de día." in text


@pytest.mark.parametrize("large_print", [False, True], ids=["regular", "large-print"])
def test_the_footer_keeps_a_short_name_whole_in_spanish(large_print):
    data = dataclasses.replace(spanish_handout(1, ""), patient="María López")
    text = pdf_text(build_handout(data, large_print=large_print, printed_on=PRINTED))
    assert text.count("María López · Plan v1 · Impreso el 28 nov. 2026 · Página ") >= 2


@example(words=[WORDS[0]] * 1, large_print=False)
@example(words=WORDS * 12, large_print=True)
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    words=st.lists(st.sampled_from(WORDS), min_size=1, max_size=160),
    large_print=st.booleans(),
)
def test_spanish_notes_up_to_their_limit_print_every_word(words, large_print):
    """A therapist's note in Spanish, up to the 1,000 characters a note may have, on three cards:
    no crash, and each of its words is read back from every card."""
    note = " ".join(words)
    if len(note) > NOTE_LIMIT:
        note = note[:NOTE_LIMIT].rsplit(" ", 1)[0]
    kept = note.split()
    data = spanish_handout(3, "")
    cards = [dataclasses.replace(card, therapist_note=note) for card in data.cards]
    data = dataclasses.replace(data, cards=cards)
    text = pdf_text(build_handout(data, large_print=large_print, printed_on=PRINTED))
    for word in set(kept):
        assert text.count(word) >= 3 * kept.count(word), word
    assert "DE SU TERAPEUTA" in text


@pytest.mark.django_db
def test_the_progress_page_is_in_spanish_too():
    plan = history(make_therapist())
    plan.patient.preferred_language = Language.SPANISH
    plan.patient.save(update_fields=["preferred_language"])
    last = pages(render_handout(plan, progress=True))[-1]
    for words in (
        "SU PROGRESO",
        "Cuánto hizo cada semana",
        "Su dolor y su esfuerzo cada semana, de 0 a 10",
        "Su peor dolor fue 7, en la semana del",
        "Peor dolor",
        "Su esfuerzo",
        "Sus brazos y piernas, en cm",
        "muslos 45 y 42,5 cm",
        "Izquierda",
        "Derecha",
    ):
        assert words in last
    for words in ("YOUR PROGRESS", "Worst pain", "Your effort", "thigh", "Left", "Right"):
        assert words not in last


def test_a_frozen_plans_fixed_words_are_put_in_the_language_printed():
    """A plan freezes its equipment line and its "Next step" in English; the handout puts their
    fixed words in its own language and leaves the library's words as frozen."""
    labels = [str(label) for label in Equipment.labels]
    frozen = "Do 3 sets with ease. Next step: Stand up or Step up or Walk."
    with translation.override("es"):
        assert localized_progress(frozen) == (
            "Do 3 sets with ease. Siguiente paso: Stand up o Step up o Walk."
        )
        assert localized_progress("Do 3 sets with ease.") == "Do 3 sets with ease."
        assert localized_equipment("Chair: a firm chair", labels) == "Silla: a firm chair"
        assert localized_equipment("Resistance band", labels) == "Banda elástica"
        assert localized_equipment("Nothing", labels) == "Nada"
        assert localized_equipment("A firm chair", labels) == "A firm chair"
    with translation.override("en"):
        assert localized_progress(frozen) == frozen
        assert localized_equipment("Chair: a firm chair", labels) == "Chair: a firm chair"
        assert localized_equipment("Nothing", labels) == "Nothing"


@pytest.mark.django_db
def test_a_spanish_handout_carries_the_spanish_safety_notes_citing_the_spanish_article():
    text = " ".join(spanish_text(spanish_plan()).split())
    spanish = SafetyNote.objects.filter(language="es", scope__in=["all", "neurogenic"])
    english = SafetyNote.objects.filter(language="en", scope__in=["all", "neurogenic"])
    assert spanish.count() == english.count() == 7
    assert [n.slug for n in spanish if " ".join(n.text.split()) not in text] == []
    assert [n.slug for n in english if n.text[:60] in text] == []
    assert "medlineplus.gov/spanish/ency/article/003188.htm" in text
    assert "medlineplus.gov/ency/article/003188.htm" not in text
