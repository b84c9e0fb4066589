"""The program page's "Easier / harder" column and the page that confirms a swap
(planner/admin/swap.py): the owner swaps; a colleague gets 404 and an anonymous visitor the login
page, and nothing changes; a plan handed to a patient offers no swap and refuses one with the
reason; the program page's queries do not grow with its rows."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from planner.models import AuditAction, AuditEvent, Program, ProgramExercise
from planner.services import programs, start_revision
from tests.factories import make_exercise, make_plan, make_template
from tests.html_forms import form_data

pytestmark = pytest.mark.django_db
SWAPPED = "The dosage is kept: check it suits"


@pytest.fixture
def ladder():
    """Three steps of one exercise, easiest first."""
    wall = make_exercise(name="Wall push-up", summary="Push away from a wall.")
    bench = make_exercise(
        name="Bench push-up",
        summary="Push up from a sturdy bench.",
        progress_rule="When 3 sets of 12 feel easy, try the next step.",
        default_sets=2,
        default_repetitions=8,
    )
    floor = make_exercise(name="Floor push-up", summary="Push up from the floor.")
    wall.harder_versions.add(bench)
    bench.harder_versions.add(floor)
    return wall, bench, floor


@pytest.fixture
def program(therapist, ladder):
    """The therapist's template: row 1 an exercise without versions, row 2 the bench push-up."""
    program = make_template(
        therapist, exercises=[make_exercise(name="Ankle pumps"), ladder[1]], title="Arms"
    )
    ProgramExercise.objects.filter(program=program, position=2).update(
        sets=3, repetitions=12, side="left", notes="Keep your back straight."
    )
    return program


def change_url(program) -> str:
    return f"/admin/planner/program/{program.pk}/change/"


def swap_url(program, row, exercise) -> str:
    return f"/admin/planner/program/{program.pk}/rows/{row.pk}/swap/{exercise.pk}/"


def bench_row(program):
    return program.items.get(position=2)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def column(page: str) -> list[str]:
    """The "Easier / harder" cell of each row, as text."""
    cells = re.findall(r'<td class="field-versions">(.*?)</td>', page, flags=re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in cells]


def assert_nothing_changed(program, exercise):
    row = bench_row(program)
    assert row.exercise == exercise
    assert Program.objects.get(pk=program.pk).revision == 1
    assert not AuditEvent.objects.filter(detail__has_key="swapped_for").exists()


def test_the_owner_sees_a_link_for_each_active_version(therapist_client, program, ladder):
    wall, bench, floor = ladder
    make_exercise(name="Knee push-up", is_active=False).easier_versions.add(bench)

    page = therapist_client.get(change_url(program)).content.decode()

    assert "Easier / harder" in page
    rows, blank = column(page)[:2], column(page)[2:]  # blank: the rows "Add another" copies
    assert rows == ["—", "Easier: Wall push-up Harder: Floor push-up"]
    assert set(blank) == {"—"}
    row = bench_row(program)
    assert f'href="{swap_url(program, row, wall)}">Easier: Wall push-up</a>' in page
    assert f'href="{swap_url(program, row, floor)}">Harder: Floor push-up</a>' in page
    assert "Knee push-up" not in page  # archived


def test_the_confirmation_page_shows_the_row_and_the_version(therapist_client, program, ladder):
    _, bench, floor = ladder
    row = bench_row(program)

    response = therapist_client.get(swap_url(program, row, floor))

    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Swap for the harder version</h1>" in page
    assert f'<a href="{change_url(program)}">Arms</a> \u203a Swap row 2' in page  # breadcrumbs
    assert "would become <strong>Floor push-up</strong>, the harder version of Bench push-up" in (
        page
    )
    assert "3 sets of 12, once a day, 3 days a week" in page  # the row's dosage
    assert "Keep your back straight." in page
    assert "Push up from the floor." in page  # what it would become
    assert "When to move on from Bench push-up" in page
    assert "When 3 sets of 12 feel easy, try the next step." in page
    assert "<dd>1 set of 10, once a day, 3 days a week" in page  # the library's usual dosage
    assert '<input type="submit" class="default" value="Swap">' in page
    assert f'<a href="{change_url(program)}" class="button cancel-link">Cancel</a>' in page
    assert_nothing_changed(program, bench)  # a GET changes nothing


def test_swapping_down_names_the_easier_ones_rule(therapist_client, program, ladder):
    wall, _, _ = ladder
    wall.progress_rule = "When 2 sets of 10 at the wall feel easy."
    wall.save()
    page = therapist_client.get(swap_url(program, bench_row(program), wall)).content.decode()
    assert "<h1>Swap for the easier version</h1>" in page
    assert "When to move on from Wall push-up" in page
    assert "When 2 sets of 10 at the wall feel easy." in page
    assert "When 3 sets of 12 feel easy" not in page


def test_a_patients_draft_is_swapped_and_its_page_is_in_the_audit_trail(
    therapist_client, therapist, patient, ladder
):
    _, bench, floor = ladder
    plan = make_plan(patient, exercises=[bench])
    draft = start_revision(assignment=plan, by=therapist)
    url = swap_url(draft, draft.items.get(), floor)

    assert "Maria Lopez\u2019s plan" in therapist_client.get(url).content.decode()
    viewed = AuditEvent.objects.filter(action=AuditAction.VIEWED, patient=patient).latest("pk")
    assert (viewed.object_type, viewed.object_id) == ("planner.Program", str(draft.pk))

    therapist_client.post(url)
    assert draft.items.get().exercise == floor
    assert plan.program.items.get().exercise == bench  # the patient keeps what they were given


def test_the_owner_swaps_and_is_told_to_check_the_dosage(therapist_client, program, ladder):
    _, _, floor = ladder
    row = bench_row(program)

    response = therapist_client.post(swap_url(program, row, floor), follow=True)

    assert response.redirect_chain == [(change_url(program), 302)]
    assert messages_of(response) == [
        "Row 2 is now “Floor push-up” (was “Bench push-up”). The dosage is kept: check it suits "
        "“Floor push-up”: 3 sets of 12, once a day, 3 days a week, with a day off between, your "
        "left leg."
    ]
    row.refresh_from_db()
    assert (row.exercise, row.sets, row.repetitions, row.side) == (floor, 3, 12, "left")
    assert Program.objects.get(pk=program.pk).revision == 2
    # The page it lands on now offers the steps from the new exercise.
    assert column(response.content.decode())[1] == "Easier: Bench push-up"


def test_a_program_page_opened_before_the_swap_cannot_save_over_it(
    therapist_client, program, ladder
):
    _, _, floor = ladder
    page = therapist_client.get(change_url(program)).content.decode()
    therapist_client.post(swap_url(program, bench_row(program), floor))

    response = therapist_client.post(change_url(program), form_data(page, "program_form"))

    assert response.status_code == 200
    assert "Someone else saved this program after you opened it" in response.content.decode()
    assert bench_row(program).exercise == floor


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_therapist_gets_404_and_nothing_changes(
    client, other_therapist, program, ladder, method
):
    client.force_login(other_therapist)
    response = getattr(client, method)(swap_url(program, bench_row(program), ladder[2]))
    assert response.status_code == 404
    assert_nothing_changed(program, ladder[1])
    denied = AuditEvent.objects.get(action=AuditAction.DENIED, actor=other_therapist)
    assert (denied.object_type, denied.object_id) == ("planner.Program", str(program.pk))


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_is_sent_to_the_login_page_and_nothing_changes(client, program, ladder, method):
    url = swap_url(program, bench_row(program), ladder[2])
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/login/?next={url}"
    assert_nothing_changed(program, ladder[1])


def test_a_plan_handed_to_a_patient_offers_no_swap_and_refuses_one(
    therapist_client, patient, ladder
):
    _, bench, floor = ladder
    plan = make_plan(patient, exercises=[bench])
    row = plan.program.items.get()

    page = therapist_client.get(change_url(plan.program)).content.decode()
    assert "Easier / harder" not in page
    assert "/swap/" not in page

    for method in ("get", "post"):
        response = getattr(therapist_client, method)(
            swap_url(plan.program, row, floor), follow=True
        )
        assert response.redirect_chain == [(change_url(plan.program), 302)]
        assert messages_of(response) == [programs.PLAN_GIVEN]
    row.refresh_from_db()
    assert row.exercise == bench
    assert not AuditEvent.objects.filter(detail__has_key="swapped_for").exists()


def test_a_colleagues_shared_template_offers_no_swap_and_refuses_one(
    client, other_therapist, program, ladder
):
    Program.objects.filter(pk=program.pk).update(is_shared=True)
    client.force_login(other_therapist)

    assert "/swap/" not in client.get(change_url(program)).content.decode()
    response = client.post(swap_url(program, bench_row(program), ladder[2]), follow=True)

    assert messages_of(response) == [programs.NOT_YOUR_PROGRAM]
    assert_nothing_changed(program, ladder[1])


def test_an_exercise_that_is_not_a_version_is_refused_with_the_reason(
    therapist_client, program, ladder
):
    stranger = make_exercise(name="Heel raise")
    for method in ("get", "post"):
        response = getattr(therapist_client, method)(
            swap_url(program, bench_row(program), stranger), follow=True
        )
        assert response.redirect_chain == [(change_url(program), 302)]
        assert messages_of(response) == [
            "“Heel raise” is not an easier or harder version of “Bench push-up” in the library, "
            "so the row was not changed."
        ]
    assert_nothing_changed(program, ladder[1])


def test_a_version_archived_after_the_page_was_drawn_is_refused(therapist_client, program, ladder):
    _, bench, floor = ladder
    floor.is_active = False
    floor.save()
    response = therapist_client.post(swap_url(program, bench_row(program), floor), follow=True)
    assert messages_of(response) == [
        "“Floor push-up” has been archived in the library, so it cannot go into a program. The "
        "row was not changed."
    ]
    assert_nothing_changed(program, bench)


def test_a_row_of_another_program_is_404(therapist_client, therapist, program, ladder):
    elsewhere = make_template(therapist, exercises=[ladder[1]])
    response = therapist_client.post(swap_url(program, elsewhere.items.get(), ladder[2]))
    assert response.status_code == 404
    assert elsewhere.items.get().exercise == ladder[1]


def test_the_program_form_takes_an_exercise_twice_and_so_does_a_swap(
    therapist_client, program, ladder
):
    # The rule the swap follows for a version already in the program: the program form saves
    # the same exercise in two rows (one for each side, say).
    _, bench, floor = ladder
    page = therapist_client.get(change_url(program)).content.decode()
    data = form_data(page, "program_form", **{"items-0-exercise": str(bench.pk)})
    assert therapist_client.post(change_url(program), data).status_code == 302
    assert list(program.items.values_list("exercise", flat=True)) == [bench.pk, bench.pk]

    row = bench_row(program)
    Program.objects.filter(pk=program.pk).update(revision=1)
    ProgramExercise.objects.filter(pk=row.pk).update(exercise=floor)
    confirm = therapist_client.get(swap_url(program, program.items.get(position=1), floor))
    assert "Floor push-up is already in this program (row 2)" in confirm.content.decode()
    therapist_client.post(swap_url(program, program.items.get(position=1), floor))
    assert list(program.items.values_list("exercise", flat=True)) == [floor.pk, floor.pk]


def page_queries(client, program) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(change_url(program))
    assert response.status_code == 200
    assert response.content.decode().count("Harder: ") == program.items.count()
    return [q["sql"] for q in queries.captured_queries]


def test_the_program_pages_queries_do_not_grow_with_its_rows(therapist_client, therapist):
    def program_of(rows):
        exercises = []
        for _ in range(rows):
            exercise = make_exercise()
            exercise.harder_versions.add(make_exercise())
            exercise.easier_versions.add(make_exercise())
            exercises.append(exercise)
        return make_template(therapist, exercises=exercises)

    small, big = program_of(2), program_of(12)
    page_queries(therapist_client, small)  # warm the session and the permission caches

    assert len(page_queries(therapist_client, big)) == len(page_queries(therapist_client, small))


def test_a_row_shows_the_usual_fields_and_keeps_the_rest_under_more(therapist_client, therapist):
    """The compact row (issue 14): hold, rest, duration, effort, resistance and note are under
    "More", each with its own label; every field of the row has a name of its own."""
    from tests.factories import make_exercise, make_template

    template = make_template(therapist, exercises=[make_exercise(name="Sit to stand")])
    html = therapist_client.get(f"/admin/planner/program/{template.pk}/change/").content.decode()

    more = html.split('<td class="field-more">')[1].split("</td>")[0]
    for name, label in [
        ("hold_seconds", "Hold seconds"),
        ("rest_seconds", "Rest seconds"),
        ("target_effort", "Target effort"),
        ("notes", "Notes"),
    ]:
        assert f'<label for="id_items-0-{name}">{label}</label>' in more
    assert 'aria-label="Sets for Sit to stand"' in html
    assert 'aria-label="Delete Sit to stand"' in html
    assert '<th class="column-hold_seconds' not in html
