"""The program builder (planner/admin/builder.py): the library picker and the usual-dosage
endpoint, who may use them, what they offer; and the rows it reorders (django-admin-sortable2's
hidden position, planner.services.programs.make_room_for_moved_rows), saved in exactly the order
posted, and new rows given the exercise's usual dosage."""

import json
import re
from html import unescape

import pytest
from django.contrib.auth.models import Permission
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exercises.models import AtrophyType, Category, Equipment, Exercise
from planner.admin.builder import PICKER_LIMIT
from tests.factories import make_exercise, make_template, make_therapist, make_user
from tests.html_forms import form_data

pytestmark = pytest.mark.django_db

PICKER = "/admin/planner/program/picker/"
# A drawing: sitting, about to stand up.
SITTING = {"view": "side", "base": "chair", "moving": "body", "start": {"hip": 90, "knee": 90}}
DOSAGE = "/admin/planner/program/usual-dosage/"


def offered(response) -> list[str]:
    """The names of the exercises in a picker answer, in order."""
    assert response.status_code == 200
    html = response.content.decode()
    return [unescape(n) for n in re.findall(r'<h3 class="picker-name">([^<]*)</h3>', html)]


def change_url(program) -> str:
    return f"/admin/planner/program/{program.pk}/change/"


def page_data(client, program, **changes) -> dict:
    response = client.get(change_url(program))
    assert response.status_code == 200
    return form_data(response.content.decode(), "program_form", **changes)


def order_of(program) -> list[str]:
    return list(program.items.order_by("position").values_list("exercise__name", flat=True))


@pytest.fixture
def library():
    """Five active exercises that differ in one filter each from "Sit to stand", and one
    archived exercise that matches everything."""
    neuro = AtrophyType.objects.get_or_create(code="neurogenic")[0]
    physio = AtrophyType.objects.get_or_create(code="physiologic")[0]
    stand = make_exercise(name="Sit to stand", summary="Stand up from a chair.")
    stand.atrophy_types.set([physio])
    pool = make_exercise(name="Pool walking", category=Category.POOL, summary="Walk in water.")
    pool.atrophy_types.set([neuro])
    make_exercise(name="Wrist curls", body_region="hand_wrist", summary="Curl the wrist.")
    make_exercise(name="Band rows", equipment=Equipment.BAND, summary="Pull a band back.")
    make_exercise(name="Heel slides", summary="Slide your heel towards you, then stand tall.")
    make_exercise(name="Old squat", summary="Stand up.", is_active=False)


@pytest.mark.usefixtures("library")
@pytest.mark.parametrize(
    ("query", "names"),
    [
        ({}, ["Band rows", "Heel slides", "Pool walking", "Sit to stand", "Wrist curls"]),
        ({"picker-q": "stand"}, ["Heel slides", "Sit to stand"]),  # names and summaries
        ({"picker-q": "walk water"}, ["Pool walking"]),  # every word
        ({"picker-atrophy_type": "neurogenic"}, ["Pool walking"]),
        ({"picker-category": "pool"}, ["Pool walking"]),
        ({"picker-body_region": "hand_wrist"}, ["Wrist curls"]),
        ({"picker-equipment": "band"}, ["Band rows"]),
        ({"picker-q": "stand", "picker-atrophy_type": "physiologic"}, ["Sit to stand"]),
        ({"picker-category": "not-a-kind"}, [  # a hand-edited filter is dropped
            "Band rows", "Heel slides", "Pool walking", "Sit to stand", "Wrist curls"
        ]),
    ],
)  # fmt: skip
def test_the_picker_filters_the_active_library(therapist_client, query, names):
    assert offered(therapist_client.get(PICKER, query)) == names


@pytest.mark.usefixtures("library")
def test_the_picker_says_when_nothing_matches(therapist_client):
    response = therapist_client.get(PICKER, {"picker-q": "trampoline"})
    assert offered(response) == []
    assert "No exercise in the library matches these filters; try fewer." in (
        response.content.decode()
    )


def test_each_result_carries_its_drawing_summary_and_usual_dosage_escaped(therapist_client):
    make_exercise(
        name="Knee <b>&</b> co",
        summary="Bend & <i>straighten</i>.",
        pose=SITTING,
        default_sets=3,
        default_repetitions=12,
        default_hold_seconds=5,
    )
    html = therapist_client.get(PICKER).content.decode()
    assert "<b>&</b>" not in html
    assert "Knee &lt;b&gt;&amp;&lt;/b&gt; co" in html
    assert "Bend &amp; &lt;i&gt;straighten&lt;/i&gt;." in html
    assert "<svg" in html  # the drawing
    assert "3 sets of 12, hold each for 5 seconds, once a day, 3 days a week" in html
    (dosage,) = re.findall(r'data-dosage="([^"]*)"', html)
    assert json.loads(unescape(dosage)) == {
        "sets": 3,
        "repetitions": 12,
        "hold_seconds": 5,
        "rest_seconds": None,
        "duration_minutes": None,
        "times_per_day": 1,
        "days_per_week": 3,
    }
    (name,) = re.findall(r'data-name="([^"]*)"', html)
    assert unescape(name) == "Knee <b>&</b> co"


def test_the_picker_shows_its_first_30_and_says_how_many_more_matched(therapist_client):
    for n in range(PICKER_LIMIT + 7):
        make_exercise(name=f"Exercise {n:02}")
    response = therapist_client.get(PICKER)
    assert offered(response) == [f"Exercise {n:02}" for n in range(PICKER_LIMIT)]
    assert "Showing the first 30 of 37 exercises: search or filter to see the other 7." in (
        response.content.decode()
    )


def picker_queries(client, exercises: int) -> int:
    """The queries of one picker answer with ``exercises`` in the library (all shown, up to
    the limit)."""
    while Exercise.objects.count() < exercises:
        make_exercise(pose=SITTING)
    with CaptureQueriesContext(connection) as queries:
        names = offered(client.get(PICKER))
    assert len(names) == min(exercises, PICKER_LIMIT)
    return len(queries)


def test_the_picker_reads_the_same_few_queries_however_many_results(therapist_client):
    few = picker_queries(therapist_client, 3)
    assert picker_queries(therapist_client, PICKER_LIMIT) == few
    # Past the limit, one count says how many more.
    assert picker_queries(therapist_client, 2 * PICKER_LIMIT) == few + 1


# Who may use the picker and the dosage endpoint.


@pytest.mark.parametrize("url", [PICKER, DOSAGE])
def test_it_sends_anonymous_users_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/login/?next={url}"


@pytest.mark.parametrize("url", [PICKER, DOSAGE])
def test_it_sends_a_patient_to_the_staff_sign_in(client, url):
    client.force_login(make_user())
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/login/?next={url}"


@pytest.mark.parametrize("url", [PICKER, DOSAGE])
def test_it_refuses_staff_who_may_not_build_programs(client, url):
    exercise = make_exercise()
    clerk = make_therapist()
    clerk.groups.clear()
    clerk.user_permissions.add(Permission.objects.get(codename="view_program"))
    client.force_login(clerk)
    assert client.get(url, {"exercise": exercise.pk}).status_code == 403


@pytest.mark.parametrize("url", [PICKER, DOSAGE])
def test_it_rejects_post(therapist_client, url):
    assert therapist_client.post(url).status_code == 405


def test_the_usual_dosage_of_an_active_exercise(therapist_client):
    exercise = make_exercise(default_sets=2, default_duration_minutes=15, default_repetitions=None)
    response = therapist_client.get(DOSAGE, {"exercise": exercise.pk})
    assert response.status_code == 200
    assert response.json() == {
        "sets": 2,
        "repetitions": None,
        "hold_seconds": None,
        "rest_seconds": None,
        "duration_minutes": 15,
        "times_per_day": 1,
        "days_per_week": 3,
    }


@pytest.mark.parametrize("exercise", ["archived", "missing", "not-a-number", ""])
def test_no_usual_dosage_for_an_archived_or_unknown_exercise(therapist_client, exercise):
    archived = make_exercise(is_active=False)
    value = {"archived": archived.pk, "missing": archived.pk + 100}.get(exercise, exercise)
    assert therapist_client.get(DOSAGE, {"exercise": value}).status_code == 404


def test_the_picker_is_on_ones_own_program_and_not_on_a_colleagues(
    therapist_client, therapist, other_therapist
):
    own = make_template(therapist, exercises=[make_exercise()])
    shared = make_template(other_therapist, exercises=[make_exercise()], is_shared=True)
    own_page = therapist_client.get(change_url(own)).content.decode()
    assert 'id="exercise-picker"' in own_page
    assert 'class="_reorder_"' in own_page  # the hidden position sortable2 numbers
    assert 'aria-label="Move ' in own_page
    # A colleague's shared template is read-only: nothing to add, nothing to move.
    shared_page = therapist_client.get(change_url(shared)).content.decode()
    assert 'id="exercise-picker"' not in shared_page
    assert 'class="row-grip"' not in shared_page
    # A colleague's private template is not there at all.
    private = make_template(other_therapist, exercises=[make_exercise()])
    assert therapist_client.get(change_url(private)).status_code == 302  # "doesn't exist"


# Rows in the order posted.


def reordered(client, program, order: list[int]):
    """Post the program page with its saved rows given positions ``order`` (page order)."""
    data = page_data(client, program, **{f"items-{n}-position": p for n, p in enumerate(order)})
    response = client.post(change_url(program), data)
    assert response.status_code == 302, response.context and [
        f.errors for f in response.context["inline_admin_formsets"][0].formset.forms
    ]
    return response


def test_saved_rows_are_reordered_as_posted(therapist_client, therapist):
    names = ["A", "B", "C", "D"]
    program = make_template(therapist, exercises=[make_exercise(name=n) for n in names])
    reordered(therapist_client, program, [4, 1, 3, 2])
    assert order_of(program) == ["B", "D", "C", "A"]
    assert sorted(program.items.values_list("position", flat=True)) == [1, 2, 3, 4]


@pytest.fixture
def twelve():
    return [make_exercise(name=f"Row {n:02}") for n in range(12)]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(order=st.integers(1, 12).flatmap(lambda n: st.permutations(range(1, n + 1))))
def test_any_permutation_of_the_rows_is_saved_exactly(therapist_client, therapist, twelve, order):
    with transaction.atomic():
        program = make_template(therapist, exercises=twelve[: len(order)])
        reordered(therapist_client, program, order)  # no IntegrityError on the way
        by_position = sorted(zip(order, twelve, strict=False))
        assert order_of(program) == [exercise.name for _, exercise in by_position]
        transaction.set_rollback(True)


def test_a_saved_row_posted_without_a_position_keeps_its_place(therapist_client, therapist):
    program = make_template(therapist, exercises=[make_exercise(name=n) for n in "AB"])
    data = page_data(therapist_client, program, **{"items-0-position": ""})
    assert therapist_client.post(change_url(program), data).status_code == 302
    assert list(program.items.order_by("position").values_list("position", "exercise__name")) == [
        (1, "A"),
        (2, "B"),
    ]


def test_duplicate_positions_are_refused(therapist_client, therapist):
    program = make_template(therapist, exercises=[make_exercise(name=n) for n in "AB"])
    data = page_data(therapist_client, program, **{"items-1-position": "1"})
    response = therapist_client.post(change_url(program), data)
    assert response.status_code == 200
    (inline,) = response.context["inline_admin_formsets"]
    assert "Please correct the duplicate data for position." in str(
        inline.formset.non_form_errors()
    )
    assert order_of(program) == ["A", "B"]


# New rows: the usual dosage, and their place.


@pytest.fixture
def program(therapist):
    """A template of two rows; its page has one empty row, form 2."""
    return make_template(therapist, exercises=[make_exercise(name="A"), make_exercise(name="B")])


@pytest.fixture
def push_up():
    return make_exercise(
        name="Wall push-up",
        default_sets=3,
        default_repetitions=12,
        default_rest_seconds=30,
        default_days_per_week=5,
    )


def dosage_of(row) -> tuple:
    return (row.sets, row.repetitions, row.rest_seconds, row.times_per_day, row.days_per_week)


def test_a_new_row_left_with_the_empty_rows_dosage_takes_the_usual_one(
    therapist_client, program, push_up
):
    data = page_data(therapist_client, program, **{"items-2-exercise": push_up.pk})
    assert data["items-2-sets"] == "1"  # as the empty row shows it
    assert therapist_client.post(change_url(program), data).status_code == 302
    row = program.items.get(exercise=push_up)
    assert dosage_of(row) == (3, 12, 30, 1, 5)
    assert row.position == 3  # posted without a number: last


def test_a_new_row_keeps_the_dosage_typed_for_it(therapist_client, program, push_up):
    data = page_data(
        therapist_client,
        program,
        **{"items-2-exercise": push_up.pk, "items-2-repetitions": "8", "items-2-position": "1"},
    )
    data.update({"items-0-position": "2", "items-1-position": "3"})
    assert therapist_client.post(change_url(program), data).status_code == 302
    row = program.items.get(exercise=push_up)
    assert dosage_of(row) == (1, 8, None, 1, 3)
    assert order_of(program) == ["Wall push-up", "A", "B"]


def test_an_empty_row_the_script_numbered_is_left_out(therapist_client, program):
    data = page_data(therapist_client, program, **{"items-2-position": "3"})
    assert therapist_client.post(change_url(program), data).status_code == 302
    assert order_of(program) == ["A", "B"]


def test_new_rows_posted_without_numbers_go_last_in_page_order(therapist_client, program, push_up):
    data = page_data(therapist_client, program, **{"items-2-exercise": push_up.pk})
    other = make_exercise(name="Heel slides")
    # What "Add another" would do: a second new row, copied from the page's empty one.
    for name, value in list(data.items()):
        if name.startswith("items-2-"):
            data[name.replace("items-2-", "items-3-")] = value
    data.update({"items-TOTAL_FORMS": "4", "items-3-exercise": other.pk})
    assert therapist_client.post(change_url(program), data).status_code == 302
    assert list(program.items.order_by("position").values_list("position", "exercise__name")) == [
        (1, "A"),
        (2, "B"),
        (3, "Wall push-up"),
        (4, "Heel slides"),
    ]
