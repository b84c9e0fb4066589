"""Building programs in the admin: inline dosage, edit conflicts, actions, filters and search."""

import pytest

from exercises.models import AtrophyType, Category
from planner.models import AuditEvent, Program
from tests.factories import make_exercise, make_patient, make_template

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/planner/program/"


def change_data(program, *, rows=None, **overrides):
    """A full POST for the program change form, rows as dicts of inline fields."""
    items = list(program.items.order_by("position"))
    rows = rows if rows is not None else [{} for _ in items]
    data = {
        "title": program.title,
        "description": program.description,
        "is_template": "on" if program.is_template else "",
        "expected_revision": program.revision,
        "items-TOTAL_FORMS": len(rows),
        "items-INITIAL_FORMS": len(items),
        "items-MIN_NUM_FORMS": 0,
        "items-MAX_NUM_FORMS": 1000,
    }
    if program.patient_id:
        data["patient"] = program.patient_id
    for n, row in enumerate(rows):
        item = items[n] if n < len(items) else None
        values = {
            "id": item.pk if item else "",
            "program": program.pk,
            "position": item.position if item else n + 1,
            "exercise": item.exercise_id if item else "",
            "sets": item.sets if item else 1,
            "repetitions": item.repetitions if item and item.repetitions else "",
            "hold_seconds": "",
            "rest_seconds": "",
            "duration_minutes": item.duration_minutes if item and item.duration_minutes else "",
            "times_per_day": item.times_per_day if item else 1,
            "days_per_week": item.days_per_week if item else 3,
            "side": "",
            "target_effort": "",
            "resistance_note": "",
            "notes": "",
        }
        values.update(row)
        data.update({f"items-{n}-{k}": v for k, v in values.items()})
    data.update(overrides)
    return data


def run_action(client, action, *programs, **options):
    """Run a changelist action on the given programs, from the list as it opens."""
    selected = [p.pk for p in programs]
    return client.post(CHANGELIST, {"action": action, "_selected_action": selected}, **options)


def titles(response):
    return sorted(p.title for p in response.context["cl"].result_list)


def errors_of(response):
    form = response.context["adminform"].form
    inline_errors = [fs.formset.errors for fs in response.context["inline_admin_formsets"]]
    return form.errors, inline_errors


def test_a_therapist_creates_a_template_with_ordered_rows(therapist_client, therapist):
    squat, walk = make_exercise(name="Pool squat"), make_exercise(name="Water walk")
    data = {
        "title": "Pool start",
        "is_template": "on",
        "atrophy_types": [AtrophyType.objects.get(code="neurogenic").pk],
        "items-TOTAL_FORMS": 2,
        "items-INITIAL_FORMS": 0,
        "items-MIN_NUM_FORMS": 0,
        "items-MAX_NUM_FORMS": 1000,
        "items-0-position": 2,
        "items-0-exercise": squat.pk,
        "items-0-sets": 2,
        "items-0-repetitions": 10,
        "items-0-times_per_day": 1,
        "items-0-days_per_week": 3,
        "items-1-position": 1,
        "items-1-exercise": walk.pk,
        "items-1-sets": 1,
        "items-1-duration_minutes": 15,
        "items-1-times_per_day": 1,
        "items-1-days_per_week": 3,
    }
    response = therapist_client.post("/admin/planner/program/add/", data)
    assert response.status_code == 302, errors_of(response)
    program = Program.objects.get(title="Pool start")
    assert program.owner == therapist
    assert [i.exercise.name for i in program.items.order_by("position")] == [
        "Water walk",
        "Pool squat",
    ]
    assert AuditEvent.objects.filter(action="changed", object_id=str(program.pk)).exists()


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"sets": 11}, "Sets must be between 1 and 10."),
        ({"repetitions": 101}, "Repetitions must be between 1 and 100."),
        ({"hold_seconds": 301}, "Hold must be between 0 and 300 seconds."),
        ({"rest_seconds": 601}, "Rest must be between 0 and 600 seconds."),
        ({"duration_minutes": 121}, "Duration must be between 1 and 120 minutes."),
        ({"times_per_day": 7}, "Times per day must be between 1 and 6."),
        ({"days_per_week": 8}, "Days per week must be between 1 and 7."),
        ({"target_effort": 11}, "Target effort (Borg CR10) must be between 0 and 10."),
        ({"repetitions": "NaN"}, "Enter a whole number."),
        ({"sets": "inf"}, "Enter a whole number."),
        ({"repetitions": "1e9"}, "Enter a whole number."),
        ({"repetitions": "99999999999999999999"}, "Repetitions must be between 1 and 100."),
        (
            {"repetitions": "", "duration_minutes": ""},
            "Give a number of repetitions or a duration in minutes.",
        ),
    ],
)
def test_dosage_out_of_range_is_a_form_error_and_saves_nothing(
    therapist_client, therapist, row, message
):
    program = make_template(therapist, exercises=[make_exercise()])
    before = list(program.items.values_list("sets", "repetitions", "duration_minutes"))
    response = therapist_client.post(
        f"/admin/planner/program/{program.pk}/change/",
        change_data(program, rows=[row], title="Changed"),
    )
    assert response.status_code == 200
    _, inline_errors = errors_of(response)
    assert message in str(inline_errors)
    program.refresh_from_db()
    assert program.title != "Changed"
    assert list(program.items.values_list("sets", "repetitions", "duration_minutes")) == before


def test_swapping_two_positions_saves_cleanly(therapist_client, therapist):
    program = make_template(therapist, exercises=[make_exercise(name="A"), make_exercise(name="B")])
    response = therapist_client.post(
        f"/admin/planner/program/{program.pk}/change/",
        change_data(program, rows=[{"position": 2}, {"position": 1}]),
    )
    assert response.status_code == 302, errors_of(response)
    assert [i.exercise.name for i in program.items.order_by("position")] == ["B", "A"]


def test_the_second_of_two_concurrent_edits_gets_a_conflict_and_nothing_is_overwritten(
    client, therapist, other_therapist
):
    colleague = other_therapist
    program = make_template(therapist, exercises=[make_exercise()])
    url = f"/admin/planner/program/{program.pk}/change/"
    # Both open the form at revision 1.
    first = change_data(program, title="First therapist's title")
    second = change_data(program, title="Second therapist's title")
    client.force_login(therapist)
    assert client.post(url, first).status_code == 302
    program.refresh_from_db()
    assert (program.title, program.revision) == ("First therapist's title", 2)

    client.force_login(colleague)
    # The colleague is a superuser here so that only the revision check can stop them.
    colleague.is_superuser = True
    colleague.save()
    response = client.post(url, second)
    assert response.status_code == 200
    form_errors, _ = errors_of(response)
    assert "Someone else saved this program after you opened it" in str(form_errors)
    assert "Second therapist&#x27;s title" in response.content.decode()  # their edits are kept
    program.refresh_from_db()
    assert (program.title, program.revision) == ("First therapist's title", 2)

    # Reloading and saving again works.
    assert client.post(url, change_data(program, title="Second, after reload")).status_code == 302
    program.refresh_from_db()
    assert (program.title, program.revision) == ("Second, after reload", 3)


def test_duplicate_makes_my_own_template(therapist_client, therapist, other_therapist):
    shared = make_template(
        other_therapist, exercises=[make_exercise(name="Bridge")], is_shared=True, title="Hips"
    )
    run_action(therapist_client, "duplicate", shared)
    copy = Program.objects.get(title="Copy of Hips")
    assert (copy.owner, copy.is_template, copy.is_shared, copy.source) == (
        therapist,
        True,
        False,
        shared,
    )
    assert [i.exercise.name for i in copy.items.all()] == ["Bridge"]


def test_others_shared_templates_are_read_only(therapist_client, other_therapist):
    shared = make_template(other_therapist, exercises=[make_exercise()], is_shared=True)
    url = f"/admin/planner/program/{shared.pk}/change/"
    page = therapist_client.get(url)
    assert page.status_code == 200
    assert "Use the “Duplicate program” action" in page.content.decode()
    assert therapist_client.post(url, change_data(shared, title="Mine now")).status_code == 403


def test_assign_action_opens_the_assign_form_for_one_program(therapist_client, therapist):
    one = make_template(therapist, exercises=[make_exercise()])
    two = make_template(therapist, exercises=[make_exercise()])
    response = run_action(therapist_client, "assign_to_patient", one)
    assert response["Location"] == f"/admin/planner/assignment/add/?program={one.pk}"
    response = run_action(therapist_client, "assign_to_patient", one, two, follow=True)
    assert "Choose exactly one program to assign." in response.content.decode()


def test_a_pool_program_for_neurogenic_atrophy_is_two_clicks_away(therapist_client, therapist):
    neuro = AtrophyType.objects.get(code="neurogenic")
    pool = make_template(
        therapist, exercises=[make_exercise(category=Category.POOL)], title="Neuro pool"
    )
    pool.atrophy_types.add(neuro)
    dry = make_template(
        therapist, exercises=[make_exercise(category=Category.STRENGTH)], title="Neuro dry"
    )
    dry.atrophy_types.add(neuro)
    other_pool = make_template(
        therapist, exercises=[make_exercise(category=Category.POOL)], title="Disuse pool"
    )
    other_pool.atrophy_types.add(AtrophyType.objects.get(code="physiologic"))

    filtered = therapist_client.get(
        CHANGELIST, {"atrophy_types__id__exact": neuro.pk, "has_category": "pool"}
    )
    assert titles(filtered) == ["Neuro pool"]
    searched = therapist_client.get(CHANGELIST, {"q": "pool neurogenic"})
    assert titles(searched) == ["Neuro pool"]


def test_a_patient_program_must_name_its_patient(therapist_client, therapist):
    response = therapist_client.post(
        "/admin/planner/program/add/",
        {
            "title": "Plan without patient",
            "items-TOTAL_FORMS": 0,
            "items-INITIAL_FORMS": 0,
            "items-MIN_NUM_FORMS": 0,
            "items-MAX_NUM_FORMS": 1000,
        },
    )
    assert response.status_code == 200
    assert "a patient&#x27;s own program names its patient" in response.content.decode()
    patient = make_patient(therapist=therapist)
    response = therapist_client.post(
        "/admin/planner/program/add/",
        {
            "title": "Plan for one patient",
            "patient": patient.pk,
            "items-TOTAL_FORMS": 0,
            "items-INITIAL_FORMS": 0,
            "items-MIN_NUM_FORMS": 0,
            "items-MAX_NUM_FORMS": 1000,
        },
    )
    assert response.status_code == 302


def test_a_plan_handed_to_a_patient_cannot_be_edited(therapist_client, assignment):
    plan = assignment.program
    url = f"/admin/planner/program/{plan.pk}/change/"
    page = therapist_client.get(url)
    assert page.status_code == 200
    assert "It cannot be changed" in page.content.decode()
    response = therapist_client.post(url, {"title": "Sneaky edit"})
    assert response.status_code == 403
    plan.refresh_from_db()
    assert plan.title != "Sneaky edit"


def test_archive_and_restore_my_templates_but_not_a_colleagues_shared_one(
    therapist_client, therapist, other_therapist
):
    mine = make_template(therapist, exercises=[make_exercise()], title="Knee start")
    theirs = make_template(
        other_therapist, exercises=[make_exercise()], title="Shared hips", is_shared=True
    )
    assert titles(therapist_client.get(CHANGELIST)) == ["Knee start", "Shared hips"]

    response = run_action(therapist_client, "archive", mine, theirs, follow=True)

    messages = [str(m) for m in response.context["messages"]]
    assert messages == [
        "Archived: Knee start.",
        "Only your own templates can be archived or restored; left as they were: Shared hips.",
    ]
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.archived_at is not None
    assert theirs.archived_at is None
    # The list opens on active programs; the archived template is one filter away.
    assert titles(therapist_client.get(CHANGELIST)) == ["Shared hips"]
    assert titles(therapist_client.get(CHANGELIST, {"archived": "yes"})) == ["Knee start"]
    assert titles(therapist_client.get(CHANGELIST, {"archived": "all"})) == [
        "Knee start",
        "Shared hips",
    ]

    response = therapist_client.post(
        f"{CHANGELIST}?archived=yes",
        {"action": "restore", "_selected_action": [mine.pk]},
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == ["Restored: Knee start."]
    mine.refresh_from_db()
    assert mine.archived_at is None
    assert titles(therapist_client.get(CHANGELIST)) == ["Knee start", "Shared hips"]
