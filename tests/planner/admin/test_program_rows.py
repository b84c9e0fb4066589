"""How many rows a program holds (planner.models.programs.MAX_PROGRAM_ROWS) and that a full
program can always be opened, changed and saved again through its admin page."""

import pytest
from django.conf import settings

from planner.models import ProgramExercise
from planner.models.programs import MAX_PROGRAM_ROWS
from tests.factories import make_exercise, make_template
from tests.html_forms import form_data, form_fields

pytestmark = pytest.mark.django_db


def big_program(therapist, rows):
    exercises = [make_exercise() for _ in range(3)]
    return make_template(therapist, exercises=[exercises[n % 3] for n in range(rows)])


def open_page(client, program) -> str:
    response = client.get(f"/admin/planner/program/{program.pk}/change/")
    assert response.status_code == 200
    return response.content.decode()


def save(client, program, data):
    return client.post(f"/admin/planner/program/{program.pk}/change/", data)


def rows_error(response) -> list[str]:
    (inline,) = response.context["inline_admin_formsets"]
    return list(inline.formset.non_form_errors())


def test_a_full_program_is_saved_again_with_every_row_changed(therapist_client, therapist):
    program = big_program(therapist, MAX_PROGRAM_ROWS)
    page = open_page(therapist_client, program)
    changes = {f"items-{n}-notes": f"Row {n + 1}" for n in range(MAX_PROGRAM_ROWS)}
    data = form_data(page, "program_form", title="Full program", **changes)
    assert data["items-MAX_NUM_FORMS"] == str(MAX_PROGRAM_ROWS)  # no "Add another" left
    # The most this page can send: every row's "delete" box ticked, and the button's name.
    most = len(form_fields(page, "program_form")) + MAX_PROGRAM_ROWS + 1
    assert most <= settings.DATA_UPLOAD_MAX_NUMBER_FIELDS

    response = save(therapist_client, program, data)

    assert response.status_code == 302
    program.refresh_from_db()
    assert program.title == "Full program"
    notes = list(program.items.order_by("position").values_list("notes", flat=True))
    assert notes == [f"Row {n + 1}" for n in range(MAX_PROGRAM_ROWS)]


def test_a_61st_row_is_refused_with_the_limit_and_nothing_is_saved(therapist_client, therapist):
    program = big_program(therapist, MAX_PROGRAM_ROWS)
    data = form_data(open_page(therapist_client, program), "program_form", title="One more")
    # What "Add another" would do: copy the page's empty row as row 61.
    for name, value in list(data.items()):
        if name.startswith("items-__prefix__-"):
            data[name.replace("__prefix__", str(MAX_PROGRAM_ROWS))] = value
    data.update(
        {
            "items-TOTAL_FORMS": MAX_PROGRAM_ROWS + 1,
            f"items-{MAX_PROGRAM_ROWS}-position": MAX_PROGRAM_ROWS + 1,
            f"items-{MAX_PROGRAM_ROWS}-exercise": make_exercise().pk,
            f"items-{MAX_PROGRAM_ROWS}-repetitions": 10,
        }
    )

    response = save(therapist_client, program, data)

    assert response.status_code == 200
    assert rows_error(response) == [
        "A program holds at most 60 exercises; this one has 61. Remove some, or split it into "
        "two programs."
    ]
    assert "A program holds at most 60 exercises" in response.content.decode()
    program.refresh_from_db()
    assert program.title != "One more"
    assert program.items.count() == MAX_PROGRAM_ROWS


def test_a_longer_program_from_before_the_limit_opens_and_can_be_trimmed(
    therapist_client, therapist
):
    program = big_program(therapist, 70)  # what the database already held before the limit
    page = open_page(therapist_client, program)

    kept_all = save(therapist_client, program, form_data(page, "program_form"))
    assert kept_all.status_code == 200
    assert "this one has 70" in rows_error(kept_all)[0]

    trimmed = form_data(page, "program_form", **{f"items-{n}-DELETE": "on" for n in range(60, 70)})
    assert save(therapist_client, program, trimmed).status_code == 302
    assert program.items.count() == MAX_PROGRAM_ROWS


def test_a_row_moves_into_the_place_of_a_row_deleted_in_the_same_save(therapist_client, therapist):
    program = make_template(therapist, exercises=[make_exercise(name="A"), make_exercise(name="B")])
    data = form_data(
        open_page(therapist_client, program),
        "program_form",
        **{"items-0-position": "2", "items-1-DELETE": "on"},
    )
    response = save(therapist_client, program, data)
    assert response.status_code == 302
    assert list(
        ProgramExercise.objects.filter(program=program).values_list("position", "exercise__name")
    ) == [(2, "A")]
