"""The library in Spanish (issue 18): every exercise and condition of ``library.yaml`` carries
its Spanish beside its English, complete (a gap fails the load, never falls back silently), in our
own words (no 8-word run of the Spanish article) and plain (Fernández-Huerta 70 or more,
"bastante fácil"); the safety notes' Spanish likewise."""

import importlib

import pytest
import textstat
import yaml

from exercises import copycheck
from exercises.library import LIBRARY_PATH, LibraryError, load_library, read_library
from exercises.models import Condition, Exercise
from exercises.translations import EXERCISE_TEXT_FIELDS
from planner.models import SafetyNote

DATA = read_library()
SPANISH_NOTES = importlib.import_module("planner.migrations.0019_spanish_safety_notes").NOTES
# "Bastante fácil" on the Fernández-Huerta scale starts at 70 (INFLESZ calls 65 and up the same).
MIN_EASE = 70.0
_DEVICE = {"device": "name", "wear_schedule": "wear_schedule", "skin_check": "skin_check"}


def fernandez_huerta(text: str) -> float:
    # textstat's language is global: put English back for the English reading-grade tests.
    textstat.set_lang("es")
    try:
        return textstat.fernandez_huerta(text)
    finally:
        textstat.set_lang("en_US")


def _spanish_texts():
    for entry in DATA["exercises"]:
        slug, spanish = entry["slug"], entry["es"]
        yield f"exercise/{slug}/steps", " ".join(spanish["steps"])
        for key in ("summary", "precautions", "equipment_note", "progress_rule"):
            if spanish.get(key):
                yield f"exercise/{slug}/{key}", spanish[key]
        for key, text in (spanish.get("device") or {}).items():
            yield f"exercise/{slug}/device-{key}", text
    for condition in DATA["conditions"]:
        yield f"condition/{condition['slug']}/explanation", condition["es"]["explanation"]
    for note in SPANISH_NOTES:
        yield f"safety-note/{note['slug']}", note["text"]


SPANISH_TEXTS = dict(_spanish_texts())


def _english_of(entry: dict, field: str):
    if field in _DEVICE:
        return (entry.get("device") or {}).get(_DEVICE[field])
    return entry.get(field)


def _spanish_of(entry: dict, field: str):
    if field in _DEVICE:
        return (entry["es"].get("device") or {}).get(_DEVICE[field])
    return entry["es"].get(field)


@pytest.mark.parametrize("entry", DATA["exercises"], ids=lambda e: e["slug"])
def test_every_exercise_gives_each_english_text_in_spanish(entry):
    for field in EXERCISE_TEXT_FIELDS:
        english, spanish = _english_of(entry, field), _spanish_of(entry, field)
        assert bool(english) == bool(spanish), f"{field}: English {english!r}, Spanish {spanish!r}"
    assert len(entry["es"]["steps"]) == len(entry["steps"])
    assert entry["es"]["name"] != entry["name"]


def test_every_condition_explains_itself_in_spanish():
    for condition in DATA["conditions"]:
        assert condition["es"]["name"].strip()
        assert condition["es"]["explanation"].strip()
        assert condition["es"]["explanation"] != condition["explanation"]


def test_spanish_names_are_unique_as_english_ones_are():
    for entries in (DATA["exercises"], DATA["conditions"]):
        names = [e["es"]["name"].casefold() for e in entries]
        assert len(names) == len(set(names))


@pytest.mark.parametrize("where", SPANISH_TEXTS)
def test_spanish_text_is_plain(where):
    ease = fernandez_huerta(SPANISH_TEXTS[where])
    assert ease >= MIN_EASE, f"Fernández-Huerta {ease:.1f} (at least {MIN_EASE})"


def test_the_reading_measure_tells_plain_spanish_from_dense_spanish():
    plain = "Siéntese en una silla firme. Levante la pierna despacio. Bájela con cuidado."
    dense = (
        "La rehabilitación neuromuscular progresiva requiere consideraciones fisiopatológicas "
        "individualizadas, particularmente en enfermedades desmielinizantes inflamatorias."
    )
    assert fernandez_huerta(plain) >= MIN_EASE > fernandez_huerta(dense)
    assert textstat.flesch_kincaid_grade("The cat sat.") < 2  # English scoring is back


def test_no_spanish_text_shares_an_8_word_run_with_the_spanish_article():
    article = copycheck.load_fingerprint(copycheck.SPANISH_FINGERPRINT_PATH)
    assert len(article) > 500  # the fingerprint is there and is the article's
    copied = [
        (where, run)
        for where, text in SPANISH_TEXTS.items()
        for run in copycheck.shared_runs(text, article)
    ]
    assert copied == []


def test_the_copy_check_reads_spanish_words_whole():
    fingerprint = copycheck.fingerprint(["la pérdida de tejido muscular es más común así"])
    text = "Dice: LA pérdida de tejido muscular, es más común así."
    assert copycheck.shared_runs(text, fingerprint) == [
        "la pérdida de tejido muscular es más común",
        "pérdida de tejido muscular es más común así",
    ]


@pytest.mark.django_db
def test_each_english_safety_note_has_its_spanish_citing_the_spanish_article():
    def notes(language):
        rows = SafetyNote.objects.filter(language=language).order_by("position", "slug")
        return list(rows.values_list("slug", "scope", "source", "position"))

    assert notes("es") == notes("en")
    assert len(notes("es")) == len(SPANISH_NOTES) == 10
    for note in SafetyNote.objects.filter(language="es"):
        if note.source == "article":
            assert "medlineplus.gov/spanish/ency/article/003188.htm" in note.citation
        assert "medlineplus.gov/ency/" not in note.citation  # the English edition


# Loading: the file's Spanish reaches the rows; a gap is refused, naming where.


def write_variant(tmp_path, change):
    data = yaml.safe_load(LIBRARY_PATH.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "library.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.django_db
def test_loading_keeps_the_spanish_beside_the_english():
    load_library()
    walking = Exercise.objects.get(slug="water-walking")
    entry = next(e for e in DATA["exercises"] if e["slug"] == "water-walking")
    assert walking.translations["es"]["name"] == entry["es"]["name"]
    assert walking.translations["es"]["steps"] == entry["es"]["steps"]
    fever = Condition.objects.get(slug="fever")
    assert (
        fever.words("es")["explanation"]
        == next(c for c in DATA["conditions"] if c["slug"] == "fever")["es"]["explanation"]
    )
    assert fever.words("en")["explanation"] == fever.explanation


def _exercise(data, slug):
    return next(e for e in data["exercises"] if e["slug"] == slug)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: _exercise(d, "water-walking").pop("es"), "no 'es' block"),
        (
            lambda d: _exercise(d, "water-walking")["es"].pop("precautions"),
            "'precautions': missing",
        ),
        (
            lambda d: _exercise(d, "water-walking")["es"]["steps"].pop(),
            "5 steps for the English's 6",
        ),
        (
            lambda d: _exercise(d, "water-walking")["es"].update(skin_check="Mire la piel."),
            "unknown keys ['skin_check']",
        ),
        (
            lambda d: _exercise(d, "water-walking")["es"].update(device={"name": "Férula"}),
            "'device': the English has none; leave it out",
        ),
        (
            lambda d: _exercise(d, "water-walking")["es"]["steps"].__setitem__(
                2, "Camine durante 10 minutos."
            ),
            "Step 3 (“Camine durante 10 minutos.”)",
        ),
        (
            lambda d: _exercise(d, "water-walking")["es"].update(summary="x" * 201),
            "'summary' is 201 characters; at most 200",
        ),
        (
            lambda d: _exercise(d, "water-walking")["es"].update(
                name=_exercise(d, "water-walking-sideways")["es"]["name"]
            ),
            "its es name",
        ),
        (lambda d: d["conditions"][0]["es"].pop("explanation"), "'explanation': missing"),
    ],
    ids=[
        "no block",
        "a text",
        "a step",
        "a misplaced key",
        "a text the English lacks",
        "a dose",
        "too long",
        "a name twice",
        "a condition",
    ],
)
def test_a_gap_in_the_spanish_is_refused_and_nothing_is_loaded(tmp_path, change, message):
    with pytest.raises(LibraryError) as refused:
        load_library(write_variant(tmp_path, change))
    assert message in str(refused.value)
    assert Exercise.objects.count() == Condition.objects.count() == 0


@pytest.mark.django_db
def test_the_library_page_shows_the_therapist_what_a_spanish_reader_is_given(therapist_client):
    load_library()
    entry = next(e for e in DATA["exercises"] if e["slug"] == "water-walking")
    html = therapist_client.get("/exercises/water-walking/").content.decode()
    assert "What a patient reading Spanish is given" in html
    assert entry["es"]["name"] in html
    assert all(step in html for step in entry["es"]["steps"])
    Exercise.objects.filter(slug="water-walking").update(translations={})
    html = therapist_client.get("/exercises/water-walking/").content.decode()
    assert "has no Spanish text yet: a patient who reads Spanish is given it in English" in html
    assert entry["es"]["name"] not in html
