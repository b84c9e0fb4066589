"""/exercises/: the therapists' library browser."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from exercises.models import AtrophyType, Category
from tests.factories import make_condition, make_exercise, make_patient, make_therapist, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def therapist_client(client):
    client.force_login(make_therapist())
    return client


def make_many(count, **overrides):
    types = list(AtrophyType.objects.all())
    made = []
    for _ in range(count):
        exercise = make_exercise(**overrides)
        exercise.atrophy_types.set(types)
        made.append(exercise)
    return made


def names(response):
    return [e.name for e in response.context["page"]]


# --- access: anonymous, patient, therapist -----------------------------------------------------


@pytest.mark.parametrize("path", ["/exercises/", "/exercises/{slug}/"])
def test_anonymous_is_sent_to_login(client, path):
    exercise = make_exercise()
    url = path.format(slug=exercise.slug)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


@pytest.mark.parametrize("path", ["/exercises/", "/exercises/{slug}/"])
def test_patients_do_not_browse_the_library(client, path):
    user = make_user()
    make_patient(user=user)
    exercise = make_exercise()
    client.force_login(user)
    response = client.get(path.format(slug=exercise.slug))
    assert response.status_code == 403
    html = response.content.decode()
    assert "The exercise library is for therapists" in html
    assert exercise.name not in html
    assert 'href="/portal/"' in html


@pytest.mark.parametrize("path", ["/exercises/", "/exercises/{slug}/"])
def test_therapists_browse_the_library(therapist_client, path):
    exercise = make_exercise(name="Sit to stand")
    response = therapist_client.get(path.format(slug=exercise.slug))
    assert response.status_code == 200
    assert "Sit to stand" in response.content.decode()


def test_it_rejects_post(therapist_client):
    assert therapist_client.post("/exercises/").status_code == 405


def test_unknown_exercise_is_404(therapist_client):
    assert therapist_client.get("/exercises/no-such-exercise/").status_code == 404


# --- filters and search ------------------------------------------------------------------------


def test_filters_by_each_attribute(therapist_client):
    pool = make_exercise(name="Water walking", category=Category.POOL, equipment="pool")
    brace = make_exercise(
        name="Passive elbow bend",
        category=Category.BRACE_SPLINT,
        assistance="passive",
        body_region="elbow_forearm",
        equipment="brace",
    )
    neuro = AtrophyType.objects.get(code="neurogenic")
    brace.atrophy_types.add(neuro)
    pool.atrophy_types.add(AtrophyType.objects.get(code="physiologic"))

    def filtered(**params):
        return names(therapist_client.get("/exercises/", params))

    assert filtered(category="pool") == ["Water walking"]
    assert filtered(category="brace_splint") == ["Passive elbow bend"]
    assert filtered(atrophy_type="neurogenic") == ["Passive elbow bend"]
    assert filtered(body_region="elbow_forearm") == ["Passive elbow bend"]
    assert filtered(equipment="pool") == ["Water walking"]
    assert filtered(assistance="passive") == ["Passive elbow bend"]
    assert filtered(category="pool", atrophy_type="neurogenic") == []


def test_search_covers_name_summary_and_steps(therapist_client):
    make_exercise(name="Heel raises", summary="Rise onto your toes.")
    make_exercise(
        name="Wall push",
        summary="Lean into a wall.",
        steps=["Face the wall.", "Bend your elbows slowly.", "Push back."],
    )
    make_exercise(name="Bridge", summary="Lift your hips off the bed.")

    def search(text):
        return names(therapist_client.get("/exercises/", {"q": text}))

    assert search("heel") == ["Heel raises"]
    assert search("TOES") == ["Heel raises"]
    assert search("elbows") == ["Wall push"]  # only in a step
    assert search("wall elbows") == ["Wall push"]  # every word must match
    assert search("hips wall") == []


def test_archived_exercises_are_not_listed_but_their_page_says_archived(therapist_client):
    old = make_exercise(name="Old drill", is_active=False)
    make_exercise(name="Current drill")
    assert names(therapist_client.get("/exercises/")) == ["Current drill"]
    assert names(therapist_client.get("/exercises/", {"q": "drill"})) == ["Current drill"]
    # Programs may still point at it, so its page stays reachable and says what it is.
    html = therapist_client.get(f"/exercises/{old.slug}/").content.decode()
    assert "Archived" in html


def test_an_unknown_filter_value_is_ignored_with_a_message(therapist_client):
    make_exercise(name="Heel raises")
    response = therapist_client.get("/exercises/", {"category": "yoga", "q": "heel"})
    assert response.status_code == 200
    assert names(response) == ["Heel raises"]  # the valid filter still applies
    assert "were not understood and were ignored" in response.content.decode()


def test_pagination_keeps_the_filters(therapist_client):
    make_many(25, category=Category.POOL)
    make_many(3, category=Category.STRENGTH)
    first = therapist_client.get("/exercises/", {"category": "pool"})
    assert len(first.context["page"]) == 20
    html = first.content.decode()
    assert 'href="?category=pool&amp;page=2"' in html
    second = therapist_client.get("/exercises/", {"category": "pool", "page": 2})
    assert len(second.context["page"]) == 5
    assert second.context["page"].number == 2
    # A page past the end shows the last page rather than an error.
    assert therapist_client.get("/exercises/", {"page": 99}).context["page"].number == 2


# --- detail ------------------------------------------------------------------------------------


def test_detail_shows_steps_dosage_precautions_and_hard_stops(therapist_client):
    exercise = make_exercise(
        name="Water walking",
        category=Category.POOL,
        steps=["Stand by the rail.", "Walk forward slowly.", "Turn and walk back."],
        default_repetitions=None,
        default_duration_minutes=15,
        precautions="Get out slowly; you may feel dizzy.",
    )
    exercise.contraindications.add(make_condition(name="Open wound or unhealed burn"))
    exercise.cautions.add(make_condition(name="Fear of water"))
    html = therapist_client.get(f"/exercises/{exercise.slug}/").content.decode()
    for text in (
        "Walk forward slowly.",
        "15 minutes, once a day, 3 days a week",
        "Get out slowly; you may feel dizzy.",
        "Open wound or unhealed burn",
        "Fear of water",
        "licensed clinician",
    ):
        assert text in html


def test_brace_detail_shows_the_device(therapist_client):
    exercise = make_exercise(
        category=Category.BRACE_SPLINT,
        device="Hinged elbow brace",
        device_worn_during=True,
        wear_schedule="Daytime, off at night.",
        skin_check="Look for red marks after taking it off.",
    )
    html = therapist_client.get(f"/exercises/{exercise.slug}/").content.decode()
    for text in ("Hinged elbow brace", "Daytime, off at night.", "Look for red marks"):
        assert text in html


def test_user_text_is_escaped(therapist_client):
    exercise = make_exercise(name="<script>alert(1)</script> lift")
    html = therapist_client.get(f"/exercises/{exercise.slug}/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


# --- query counts ------------------------------------------------------------------------------


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_list_queries_do_not_grow_with_the_library(therapist_client):
    make_many(60)
    at_60 = count_queries(therapist_client, "/exercises/")
    filtered_60 = count_queries(therapist_client, "/exercises/?atrophy_type=neurogenic&q=exercise")
    make_many(60)
    assert count_queries(therapist_client, "/exercises/") == at_60
    assert (
        count_queries(therapist_client, "/exercises/?atrophy_type=neurogenic&q=exercise")
        == filtered_60
    )
    # session, user, count, page of exercises, their atrophy types
    assert at_60 == 5


def test_detail_queries_do_not_grow_with_the_library(therapist_client):
    first = make_many(60)[0]
    for condition in [make_condition() for _ in range(6)]:
        first.contraindications.add(condition)
        first.cautions.add(condition)
    at_60 = count_queries(therapist_client, f"/exercises/{first.slug}/")
    make_many(60)
    assert count_queries(therapist_client, f"/exercises/{first.slug}/") == at_60
    # session, user, exercise, atrophy types, hard stops, cautions, harder versions (named in the
    # Spanish words' rule for moving on)
    assert at_60 == 7
