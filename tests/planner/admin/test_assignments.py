"""The assignment admin: the assign flow (choose, review the screening, confirm or go back) and
revising a plan into its next version."""

import datetime

import pytest
from django.utils.html import escape

from exercises.models import AtrophyKind, AtrophyType, Category
from planner.models import Assignment, AuditEvent, ClinicProfile, Program
from planner.screening import CONFIRMATION_NEEDED, OVERRIDE_INSTRUCTION_NEEDED, OVERWORK_GUARD
from tests.factories import (
    make_condition,
    make_exercise,
    make_patient,
    make_template,
    make_user,
    spanish_words,
)

pytestmark = pytest.mark.django_db
URL = "/admin/planner/assignment/add/"
TODAY = datetime.date.today()


@pytest.fixture
def wound():
    return make_condition(name="Open wound or unhealed burn")


@pytest.fixture
def risky(therapist, patient, wound):
    """A pool program and a patient with an open wound: a hard stop."""
    swim = make_exercise(name="Water walking", category=Category.POOL)
    swim.atrophy_types.set(AtrophyType.objects.all())
    swim.contraindications.add(wound)
    program = make_template(therapist, exercises=[swim], title="Pool start")
    patient.conditions.add(wound)
    return program, patient


def submit(client, program, patient, **extra):
    """POST the assign form for ``program`` and ``patient``, starting today."""
    data = {"program": program.pk, "patient": patient.pk, "starts_on": TODAY.isoformat(), **extra}
    return client.post(URL, data)


def test_the_form_is_prefilled_from_the_address(therapist_client, risky):
    program, patient = risky
    response = therapist_client.get(URL, {"program": program.pk, "patient": patient.pk})
    assert response.status_code == 200
    form = response.context["form"]
    assert (form["program"].value(), form["patient"].value()) == (str(program.pk), str(patient.pk))


def test_review_lists_hard_stops_and_saves_nothing(therapist_client, risky):
    program, patient = risky
    response = submit(therapist_client, program, patient, step="review")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Hard stops" in html
    assert "Water walking</strong> — Open wound or unhealed burn" in html
    assert 'value="leave"' in html
    assert "Keep it: override with the reason and the instruction below" in html
    assert not Assignment.objects.exists()


def test_confirming_without_a_reason_is_refused_with_a_message(therapist_client, risky):
    program, patient = risky
    response = submit(therapist_client, program, patient, step="confirm", confirm_precautions="on")
    assert response.status_code == 200
    assert "Give a reason to assign despite the hard stops." in response.content.decode()
    assert not Assignment.objects.exists()


INSTRUCTION = "Your wound is covered with a waterproof dressing; you may use the pool."


def test_review_asks_for_an_instruction_for_the_patient(therapist_client, risky):
    program, patient = risky
    html = submit(therapist_client, program, patient, step="review").content.decode()
    assert 'name="override_instruction"' in html
    assert "Instruction for the patient (printed on the handout instead of the stop)" in html
    assert escape("For example: “Your wound is covered with a waterproof dressing") in html
    assert "Overridden: Water walking." in html


def test_review_without_hard_stops_asks_for_no_instruction(therapist_client, therapist, patient):
    walk = make_exercise(name="Hall walk")
    walk.atrophy_types.set(AtrophyType.objects.all())
    html = submit(
        therapist_client, make_template(therapist, exercises=[walk]), patient, step="review"
    ).content.decode()
    assert "override_instruction" not in html
    assert "override_reason" not in html


def test_confirming_without_an_instruction_is_refused_next_to_the_field(therapist_client, risky):
    program, patient = risky
    response = submit(
        therapist_client,
        program,
        patient,
        step="confirm",
        override_reason="Wound closed at review today.",
        override_instruction="   ",
        confirm_precautions="on",
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["override_instruction"] == [OVERRIDE_INSTRUCTION_NEEDED]
    html = response.content.decode()
    # The message sits in the instruction's own row, before its textarea; the reason is kept.
    row = html[html.index('<div class="form-row errors">') :]
    assert row.index(escape(OVERRIDE_INSTRUCTION_NEEDED)) < row.index(
        'id="id_override_instruction"'
    )
    assert "Wound closed at review today.</textarea>" in html
    assert not Assignment.objects.exists()


def test_confirming_with_a_reason_assigns_and_audits(therapist_client, therapist, risky):
    program, patient = risky
    response = submit(
        therapist_client,
        program,
        patient,
        step="confirm",
        override_reason="Wound closed at review today.",
        override_instruction=INSTRUCTION,
        confirm_precautions="on",
    )
    assignment = Assignment.objects.get()
    assert response["Location"] == f"/admin/planner/assignment/{assignment.pk}/change/"
    assert assignment.override_reason == "Wound closed at review today."
    assert assignment.override_instruction == INSTRUCTION
    event = AuditEvent.objects.get(action="overridden", actor=therapist, patient=patient)
    assert event.detail["instruction"] == INSTRUCTION
    # The plan's page shows both, read-only.
    page = therapist_client.get(response["Location"])
    assert page.context["adminform"].form.fields.keys().isdisjoint({"override_instruction"})
    html = page.content.decode()
    assert escape(INSTRUCTION) in html
    assert 'name="override_instruction"' not in html


def test_go_back_keeps_the_choices(therapist_client, risky):
    program, patient = risky
    response = submit(therapist_client, program, patient, step="edit")
    assert response.status_code == 200
    assert response.context["form"]["patient"].value() == str(patient.pk)
    # Back on the choice: the patient kept, the program they came from marked.
    assert response.context["patient"] == patient
    assert response.context["chosen_program"] == program
    html = response.content.decode()
    assert f'<input type="hidden" name="patient" value="{patient.pk}">' in html
    assert "The program you came from" in html
    assert not Assignment.objects.exists()


def test_precautions_must_be_confirmed(therapist_client, therapist):
    chlorine = make_condition(name="Chlorine sensitivity")
    swim = make_exercise(name="Swim")
    swim.atrophy_types.set(AtrophyType.objects.all())
    swim.cautions.add(chlorine)
    program = make_template(therapist, exercises=[swim])
    patient = make_patient(therapist=therapist)
    patient.conditions.add(chlorine)
    review = submit(therapist_client, program, patient, step="review").content.decode()
    assert "Precautions (printed on the handout)" in review
    response = submit(therapist_client, program, patient, step="confirm")
    assert "Tick this box to confirm you have read them." in response.content.decode()
    assert not Assignment.objects.exists()
    submit(therapist_client, program, patient, step="confirm", confirm_precautions="on")
    assert (
        Assignment.objects.get().screening["precautions"][0]["condition"] == "Chlorine sensitivity"
    )


def test_the_overwork_guard_is_shown_confirmed_and_kept_on_the_plan_page(
    therapist_client, therapist
):
    band = make_exercise(name="Band ankle pull", category=Category.STRENGTH, equipment="band")
    band.atrophy_types.set(AtrophyType.objects.all())
    program = make_template(therapist, exercises=[band])
    patient = make_patient(therapist=therapist, atrophy_type=AtrophyKind.NEUROGENIC)
    review = submit(therapist_client, program, patient, step="review").content.decode()
    assert "Because of: Neurogenic (nerve injury or disease)." in review
    assert "Recorded for the loaded exercises: Band ankle pull." in review
    assert escape(OVERWORK_GUARD) in review
    refused = submit(therapist_client, program, patient, step="confirm").content.decode()
    assert CONFIRMATION_NEEDED in refused
    assert not Assignment.objects.exists()

    submit(therapist_client, program, patient, step="confirm", confirm_precautions="on")
    assignment = Assignment.objects.get()
    page = therapist_client.get(f"/admin/planner/assignment/{assignment.pk}/change/")
    assert f"Overwork guard: {escape(OVERWORK_GUARD)}" in page.content.decode()


def test_a_clean_program_assigns_at_once(therapist_client, therapist):
    exercise = make_exercise()
    exercise.atrophy_types.set(AtrophyType.objects.all())
    program = make_template(therapist, exercises=[exercise])
    patient = make_patient(therapist=therapist)
    review = submit(therapist_client, program, patient, step="review").content.decode()
    assert "no hard stops and no precautions" in review
    submit(therapist_client, program, patient, step="confirm")
    assert Assignment.objects.get().patient == patient


def test_bad_dates_are_form_errors(therapist_client, risky):
    program, patient = risky
    two_days_ago = (TODAY - datetime.timedelta(days=2)).isoformat()
    response = submit(therapist_client, program, patient, step="review", ends_on=two_days_ago)
    assert "The end date cannot be before the start date." in response.content.decode()
    response = submit(therapist_client, program, patient, step="review", starts_on="2026-02-30")
    assert "Enter a valid date." in response.content.decode()


def test_another_therapists_patient_or_private_template_cannot_be_chosen(
    therapist_client, therapist, patient, other_therapist
):
    private = make_template(other_therapist, exercises=[make_exercise()])
    stranger = make_patient(therapist=other_therapist)
    own = make_template(therapist, exercises=[make_exercise()])
    response = submit(therapist_client, own, stranger, step="confirm")
    assert "Select a valid choice" in response.content.decode()
    response = submit(therapist_client, private, patient, step="confirm")
    assert "Select a valid choice" in response.content.decode()
    assert not Assignment.objects.exists()


def test_patients_and_anonymous_cannot_reach_it(client):
    assert client.get(URL)["Location"].startswith("/admin/login/")
    client.force_login(make_user())
    assert client.get(URL)["Location"].startswith("/admin/login/")


# --- revising a plan ---------------------------------------------------------------------------


def test_the_revise_flow(therapist_client, assignment):
    url = f"/admin/planner/assignment/{assignment.pk}/change/"
    page = therapist_client.get(url).content.decode()
    assert "Revise this plan" in page
    assert "Sit to stand" in page

    response = therapist_client.post(f"/admin/planner/assignment/{assignment.pk}/revise/")
    draft = Program.objects.exclude(
        pk__in=[assignment.program_id, assignment.program.source_id]
    ).get()
    assert response["Location"] == f"/admin/planner/program/{draft.pk}/change/"
    draft_page = therapist_client.get(response["Location"]).content.decode()
    assert "Assign as the next version" in draft_page
    assert "draft of version 2" in draft_page

    submit(therapist_client, draft, assignment.patient, step="confirm", confirm_precautions="on")
    newest = Assignment.objects.get(version=2)
    page = therapist_client.get(f"/admin/planner/assignment/{newest.pk}/change/").content.decode()
    assert "Version 1" in page  # earlier versions are listed
    assert "Revise this plan" in page
    old_page = therapist_client.get(url).content.decode()
    assert "Replaced by" in old_page
    assert "Revise this plan" not in old_page


def test_resisted_work_past_the_overwork_guard_must_be_confirmed(therapist_client, therapist):
    band = make_exercise(name="Band ankle pull", category=Category.STRENGTH, equipment="band")
    band.atrophy_types.set(AtrophyType.objects.all())
    program = make_template(therapist, exercises=[band])
    program.items.update(days_per_week=7, times_per_day=2, target_effort=6)
    patient = make_patient(therapist=therapist, atrophy_type=AtrophyKind.NEUROGENIC)

    review = submit(therapist_client, program, patient, step="review").content.decode()
    assert "More than the overwork guard allows" in review
    assert (
        "Band ankle pull</strong> — prescribed 7 days a week, 2 times a day, effort 6 out of 10"
        in review
    )
    assert not Assignment.objects.exists()
    submit(therapist_client, program, patient, step="confirm", confirm_precautions="on")
    stored = Assignment.objects.get().screening["overwork_dosage"]
    assert [f["condition"] for f in stored] == [
        "prescribed 7 days a week, 2 times a day, effort 6 out of 10"
    ]


def test_the_review_says_when_the_handout_will_have_no_clinic_phone(
    therapist_client, therapist, patient
):
    walk = make_exercise(name="Hall walk")
    walk.atrophy_types.set(AtrophyType.objects.all())
    program = make_template(therapist, exercises=[walk])
    ClinicProfile.objects.filter(pk=1).update(phone="")
    review = submit(therapist_client, program, patient, step="review").content.decode()
    assert 'id="no-clinic-phone"' in review
    ClinicProfile.objects.filter(pk=1).update(phone="555-0100")
    review = submit(therapist_client, program, patient, step="review").content.decode()
    assert 'id="no-clinic-phone"' not in review


def test_the_review_names_the_exercises_a_spanish_reader_will_get_in_english(
    therapist_client, therapist, patient
):
    walk = make_exercise(name="Hall walk")
    chair = make_exercise(name="Chair rise", translations=spanish_words("Levantarse de la silla"))
    for exercise in (walk, chair):
        exercise.atrophy_types.set(AtrophyType.objects.all())
    program = make_template(therapist, exercises=[walk, chair])
    review = submit(therapist_client, program, patient, step="review").content.decode()
    assert 'id="not-in-language"' not in review  # an English reader
    patient.preferred_language = "es"
    patient.save()
    review = submit(therapist_client, program, patient, step="review").content.decode()
    assert "Not in Español yet" in review
    assert '<ul id="not-in-language"><li>Hall walk</li></ul>' in review
