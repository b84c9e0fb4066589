"""The safety notes seeded for the handout: the article's points in our words, each cited."""

import pytest

from exercises import copycheck
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
        note.slug: copycheck.shared_runs(note.text, article) for note in SafetyNote.objects.all()
    }
    assert {slug: runs for slug, runs in copied.items() if runs} == {}
