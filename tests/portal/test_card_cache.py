"""The home page keeps each plan's words in a cache (portal/card_cache.py) and never shows them
stale: after any change to what a card or the safety notes say, the next visit shows the change;
what today's logs decide is never kept. Each test loads the home page first, so the section is
in the cache when the change is made (tests/test_scale_out.py does the same across two servers).
"""

import datetime
import html
import re

import pytest
from django.core.cache import caches
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exercises.models import AtrophyKind, ConditionGroup
from planner.models import Assignment, ClinicProfile, NoteScope, Patient, SafetyNote
from planner.services import assign_program, start_revision
from portal.card_cache import CACHE
from tests.factories import make_condition, make_exercise, make_patient, make_plan, make_user

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
STARTED = TODAY - datetime.timedelta(days=3)


@pytest.fixture
def plan(therapist):
    patient = make_patient(therapist=therapist, user=make_user())
    exercises = [make_exercise(name="Sit to stand"), make_exercise(name="Heel raise")]
    return make_plan(patient, exercises=exercises, starts_on=STARTED)


@pytest.fixture
def home(client, plan):
    """The home page's words for ``plan``'s patient; the first call fills the cache."""
    client.force_login(plan.patient.user)

    def words():
        response = client.get("/portal/")
        assert response.status_code == 200
        page = html.unescape(response.content.decode())
        # Without the CSRF tokens, masked afresh on every response.
        page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)
        return re.sub(r"\s+", " ", page)

    return words


def cached_sections() -> int:
    return len(caches[CACHE]._cache)


def note(text: str, scope=NoteScope.ALL, **values) -> SafetyNote:
    return SafetyNote.objects.create(
        slug=f"note-{SafetyNote.objects.count()}", scope=scope, source="clinic", text=text, **values
    )


def test_the_section_is_kept_and_the_second_visit_says_the_same(home):
    assert cached_sections() == 0
    first = home()
    assert cached_sections() == 1
    assert home() == first
    assert "1. Sit to stand" in first
    assert "2. Heel raise" in first


def test_a_section_kept_in_one_language_is_never_served_in_another(home, plan):
    english = home()
    Patient.objects.filter(pk=plan.patient.pk).update(preferred_language="es")
    spanish = home()
    Patient.objects.filter(pk=plan.patient.pk).update(preferred_language="en")
    assert cached_sections() == 2
    # Words of the kept section itself (its heading's button), not of the per-visit parts.
    assert "Download my handout (PDF)" in english
    assert "Download my handout (PDF)" not in spanish
    assert "Descargar mi hoja de ejercicios (PDF)" in spanish
    assert home() == english


def test_a_changed_safety_note_shows_at_once(home):
    kept = note("Stop if your skin turns red.")
    assert "Stop if your skin turns red." in home()
    kept.text = "Stop if your skin turns red or white."
    kept.save()
    page = home()
    assert "Stop if your skin turns red or white." in page
    assert "Stop if your skin turns red." not in page


def test_a_safety_note_turned_off_or_added_shows_at_once(home):
    old = note("An old note.")
    assert "An old note." in home()
    SafetyNote.objects.filter(pk=old.pk).update(is_active=False)  # no save(): no timestamp moves
    note("A new note.", citation="MedlinePlus")
    page = home()
    assert "An old note." not in page
    assert "A new note." in page
    assert "(Source: MedlinePlus)" in page


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    text=st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=300).filter(
        str.strip
    )
)
def test_any_note_text_shows_exactly_as_written_after_a_change(home, text):
    SafetyNote.objects.filter(slug="typed").delete()
    typed = SafetyNote.objects.create(slug="typed", source="clinic", text="The words before.")
    assert "The words before." in home()
    typed.text = text
    typed.save()
    page = home()
    assert " ".join(text.split()) in page
    assert "The words before." not in page


def test_the_clinics_phone_and_hours_show_at_once(home):
    assert "Call +1 (555) 777-0000" not in home()
    ClinicProfile.objects.filter(pk=1).update(phone="+1 (555) 777-0000", hours="Mon-Sat 7-7")
    page = home()
    assert "Call +1 (555) 777-0000" in page
    assert "Open Mon-Sat 7-7." in page


def test_a_new_version_of_the_plan_shows_its_new_dosage_and_exercise(home, plan, therapist):
    page = home()
    assert "Version 1" in page
    draft = start_revision(assignment=plan, by=therapist)
    draft.items.filter(position=1).update(sets=5, repetitions=12)
    draft.items.filter(position=2).update(exercise=make_exercise(name="Wall push-up"))
    assign_program(program=draft, patient=plan.patient, by=therapist, starts_on=STARTED)
    page = home()
    assert "Version 2" in page
    assert "Version 1" not in page
    assert "5 sets of 12" in page
    assert "2. Wall push-up" in page
    assert "Heel raise" not in page


def test_the_plans_own_changes_show_at_once(home, plan):
    assert "to " + f"{TODAY:%B}" not in home().split("Version 1", 1)[1][:60]
    ends_on = TODAY + datetime.timedelta(days=30)
    plan.ends_on = ends_on
    plan.save()
    assert f"to {ends_on:%A} {ends_on.day} {ends_on:%B %Y}" in home()


def test_the_patients_conditions_change_the_notes_at_once(home, plan):
    spinal = note("Check your skin where you cannot feel it.", scope=NoteScope.SPINAL_CORD)
    assert spinal.text not in home()
    injury = make_condition(group=ConditionGroup.SPINAL_CORD)
    plan.patient.conditions.add(injury)  # no save of the patient: only the conditions change
    assert spinal.text in home()
    plan.patient.conditions.remove(injury)
    assert spinal.text not in home()


def test_the_patients_atrophy_type_changes_the_notes_at_once(home, plan):
    guard = note("Stop before you are tired.", scope=NoteScope.NEUROGENIC)
    assert guard.text not in home()
    Patient.objects.filter(pk=plan.patient_id).update(atrophy_type=AtrophyKind.NEUROGENIC)
    assert guard.text in home()


def test_large_print_shows_at_once(home, plan):
    assert '<html lang="en" class="">' in home()
    Patient.objects.filter(pk=plan.patient_id).update(large_print=True)
    assert '<html lang="en" class="large-print">' in home()


def test_a_plan_that_stops_leaves_the_page_at_once(home, plan):
    assert "1. Sit to stand" in home()
    Assignment.objects.filter(pk=plan.pk).update(status="paused")
    page = home()
    assert "Sit to stand" not in page
    assert "You have no exercise plan right now." in page


def test_done_shows_at_once_and_every_card_keeps_its_own_state(client, home, plan):
    first, second = plan.program.items.order_by("position")
    page = home()
    assert page.count("Due today") == 2
    client.post(f"/portal/done/{first.pk}/")
    page = home()
    split = page.index(f'id="exercise-{second.pk}"')
    card_one, card_two = page[page.index(f'id="exercise-{first.pk}"') : split], page[split:]
    assert "Done today" in card_one
    assert f"1 of {first.days_per_week} this week" in card_one
    assert "Change today's entry" in card_one
    assert 'aria-label="Done: Sit to stand"' not in card_one
    assert "Due today" in card_two
    assert 'aria-label="Done: Heel raise"' in card_two
    assert cached_sections() == 1  # logging changed no section


def test_a_library_rename_changes_no_words_but_is_read_again(home, plan):
    """A given plan keeps its frozen words; the library's name is in the key only because
    screening findings that kept no id are matched by it."""
    first = home()
    exercise = plan.program.items.get(position=1).exercise
    exercise.name = "Chair stand"
    exercise.save()
    assert home() == first
    assert cached_sections() == 2


def test_each_patient_sees_only_their_own_sections(client, home, plan, therapist):
    other = make_patient(therapist=therapist, user=make_user())
    make_plan(other, exercises=[make_exercise(name="Wall push-up")], starts_on=STARTED)
    assert "1. Sit to stand" in home()
    client.force_login(other.user)
    for _ in range(2):  # built, then from the cache
        page = client.get("/portal/").content.decode()
        assert "1. Wall push-up" in page
        assert "Sit to stand" not in page
    assert cached_sections() == 2
