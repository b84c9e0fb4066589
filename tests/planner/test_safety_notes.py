"""The safety notes seeded for the handout: the article's points in our words, each cited, and
rewritten in plain language by migration 0008 without overwriting a clinic's own wording."""

import importlib

import pytest
from django.apps import apps as django_apps

from exercises import copycheck
from planner import screening
from planner.models import SafetyNote

pytestmark = pytest.mark.django_db
ARTICLE = (
    "MedlinePlus Medical Encyclopedia: Muscle atrophy, "
    "https://medlineplus.gov/ency/article/003188.htm, reviewed 11/22/2017"
)


def test_the_articles_four_points_are_seeded_and_cited():
    notes = {n.slug: n for n in SafetyNote.objects.filter(source="article", language="en")}
    assert set(notes) == {
        "see-a-provider",
        "compare-both-sides",
        "not-for-emergencies",
        "ask-about-your-program",
    }
    assert {n.citation for n in notes.values()} == {ARTICLE}
    assert {n.scope for n in notes.values()} == {"all"}
    assert "emergency number" in notes["not-for-emergencies"].text
    assert "one hand, arm or leg" in notes["compare-both-sides"].text


def test_program_specific_notes_exist_and_cite_the_clinic():
    for scope in ("pool", "brace_splint", "neurogenic", "spinal_cord"):
        note = SafetyNote.objects.get(scope=scope, language="en")
        assert note.source == "clinic"
        assert note.citation


def test_no_note_copies_the_article():
    article = copycheck.load_fingerprint()
    copied = {
        note.slug: copycheck.shared_runs(note.text, article)
        for note in SafetyNote.objects.filter(language="en")
    }
    assert {slug: runs for slug, runs in copied.items() if runs} == {}


def _notes_migration():
    return importlib.import_module("planner.migrations.0008_plain_language_safety_notes")


def test_the_pool_note_holds_for_a_patient_allowed_the_pool_with_a_covered_wound():
    # A therapist may override the open-wound stop ("your wound is covered with a waterproof
    # dressing"); the note must not then tell the same patient to stay out of the pool.
    text = SafetyNote.objects.get(slug="pool-safety", language="en").text
    assert "Stay out of the pool" not in text
    assert text.startswith(
        "Skip the pool and call the clinic first if you get a new wound, a fever or an "
        "infection after you got this plan."
    )


def test_the_clinical_points_survive_the_plain_wording():
    text = {n.slug: n.text for n in SafetyNote.objects.filter(language="en")}
    assert "48 hours" in text["neurogenic-overwork"]
    assert "heavier or weaker the next day" in text["neurogenic-overwork"]
    spinal = text["spinal-cord-safety"]
    for point in (
        "Empty your bladder",
        "pounding headache",
        "sweating above your injury",
        "sit up",
        "Loosen anything tight",
        "check skin you cannot feel",
        "1 to 2 minutes every 20 to 30 minutes",
    ):
        assert point in spinal
    assert "red mark is still there after 30 minutes" in text["brace-skin-check"]
    assert "do not know why" in text["see-a-provider"]
    assert "change it if something does not feel right" in text["ask-about-your-program"]


def test_the_rewrite_keeps_a_clinics_own_wording_and_restores_a_missing_note():
    notes = _notes_migration().NOTES
    own_words = "Our pool rules: ask at the front desk."
    SafetyNote.objects.filter(slug="pool-safety", language="en").update(text=own_words)
    SafetyNote.objects.filter(slug="see-a-provider", language="en").update(
        text=notes["see-a-provider"][4]
    )
    SafetyNote.objects.filter(slug="spinal-cord-safety", language="en").delete()

    _notes_migration().plain_language(django_apps, None)

    text = {n.slug: n.text for n in SafetyNote.objects.filter(language="en")}
    assert text["pool-safety"] == own_words
    assert text["see-a-provider"] == notes["see-a-provider"][5]
    restored = SafetyNote.objects.get(slug="spinal-cord-safety", language="en")
    assert (restored.text, restored.scope, restored.source) == (
        notes["spinal-cord-safety"][5],
        "spinal_cord",
        "clinic",
    )


def test_going_back_restores_the_seeded_wording_but_not_over_a_clinics_edit():
    notes = _notes_migration().NOTES
    SafetyNote.objects.filter(slug="pool-safety", language="en").update(text="Our own pool rules.")

    _notes_migration().seeded_wording(django_apps, None)

    text = {n.slug: n.text for n in SafetyNote.objects.filter(language="en")}
    assert text["pool-safety"] == "Our own pool rules."
    assert text["compare-both-sides"] == notes["compare-both-sides"][4]


def test_the_stop_box_opens_with_the_reasons_to_stop_and_the_clot_signs():
    ordered = [n.slug for n in SafetyNote.objects.filter(scope="all", language="en")]
    assert ordered[:2] == ["stop-signs", "clot-signs"]
    stop = SafetyNote.objects.get(slug="stop-signs", language="en").text
    for sign in ("dizzy", "new or sharp pain", "weaker the next day"):
        assert sign in stop
    clot = SafetyNote.objects.get(slug="clot-signs", language="en")
    assert "swollen, warm, red or sore" in clot.text
    assert "medlineplus.gov/ency/article/000156.htm" in clot.citation


def test_no_note_names_an_emergency_number_the_clinic_profile_may_not_use():
    # The stop box prints the profile's number (112, 999 …); a note saying 911 would contradict it.
    assert not SafetyNote.objects.filter(text__contains="911").exists()


def test_going_back_removes_the_added_notes_unless_a_clinic_edited_them():
    SafetyNote.objects.filter(slug="clot-signs", language="en").update(
        text="Our own words on clots."
    )

    _notes_migration().seeded_wording(django_apps, None)

    assert not SafetyNote.objects.filter(slug="stop-signs", language="en").exists()
    assert (
        SafetyNote.objects.get(slug="clot-signs", language="en").text == "Our own words on clots."
    )


def test_the_overwork_note_says_the_rest_rule_the_guard_says():
    """One rest rule everywhere (issue 12): the note, the screening guard and its card note."""
    note = SafetyNote.objects.get(slug="neurogenic-overwork", language="en")
    assert screening.REST_RULE in note.text
    assert screening.REST_RULE in screening.OVERWORK_GUARD
    for text in (note.text, screening.OVERWORK_GUARD, screening.OVERWORK_CARD_NOTE):
        assert "2 days" not in text
        assert "1 day " not in text


def test_no_screening_sentence_copies_the_article():
    article = copycheck.load_fingerprint()
    texts = {name: getattr(screening, name) for name in dir(screening) if name.isupper()}
    copied = {
        name: copycheck.shared_runs(text, article)
        for name, text in texts.items()
        if isinstance(text, str)
    }
    assert {name: runs for name, runs in copied.items() if runs} == {}
