"""Every admin page a therapist uses, in Chromium at 1,280 px: axe-core finds no serious or
critical violation, and a screenshot of each is saved in test-artifacts/ (issue 14)."""

import datetime

import pytest

from exercises.models import AtrophyKind, AtrophyType, Category
from planner.models import LimbMeasurement
from planner.services import assign_program
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_flows import PASSWORD, STAND_UP, serious_violations
from tests.factories import (
    make_condition,
    make_exercise,
    make_patient,
    make_session_log,
    make_template,
    make_therapist,
)

# serialized_rollback: the flush after each test would otherwise wipe the rows the migrations
# seed (atrophy types, groups, safety notes), as in the other browser tests.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def practice():
    """A therapist with a patient (one hard stop and one precaution), a template, a plan with a
    log and a measurement."""
    # The atrophy types come from a data migration; whether a live-server test finds them
    # depends on which tests ran before it, so make sure.
    for kind in AtrophyKind:
        AtrophyType.objects.get_or_create(code=kind)
    therapist = make_therapist("jrivera", first_name="Jordan", last_name="Rivera")
    wound = make_condition(name="Open wound")
    falls = make_condition(name="Risk of falls")
    walk = make_exercise(name="Pool walking", category=Category.POOL, pose=STAND_UP)
    stand = make_exercise(name="Sit to stand", pose=STAND_UP)
    marching = make_exercise(name="Seated marching", category=Category.FUNCTIONAL)
    for exercise in (walk, stand, marching):
        exercise.atrophy_types.set(AtrophyType.objects.all())
    walk.contraindications.add(wound)
    stand.cautions.add(falls)
    walk.easier_versions.add(marching)
    patient = make_patient(therapist=therapist, display_name="Ana Ruiz")
    patient.conditions.add(wound, falls)
    template = make_template(therapist, exercises=[walk, stand], title="Legs and pool")
    plain = make_template(therapist, exercises=[stand], title="Standing up")
    plan = assign_program(
        program=plain, patient=patient, by=therapist, starts_on=datetime.date.today()
    )
    make_session_log(plan, pain=8, note="Knee hurt in the water")  # on the worklist
    LimbMeasurement.objects.create(
        patient=patient,
        measured_on=datetime.date.today(),
        site="thigh",
        left_cm=41,
        right_cm=44,
        measured_by=therapist,
    )
    return {
        "template": template,
        "patient": patient,
        "plan": plan,
        "exercise": walk,
        "condition": falls,
    }


def _pages(practice):
    p = practice
    return {
        "index": "/admin/",
        "patient-list": "/admin/planner/patient/",
        "patient-add": "/admin/planner/patient/add/",
        "patient-change": f"/admin/planner/patient/{p['patient'].pk}/change/",
        "program-list": "/admin/planner/program/",
        "program-add": "/admin/planner/program/add/",
        "program-change": f"/admin/planner/program/{p['template'].pk}/change/",
        "assignment-list": "/admin/planner/assignment/",
        "assignment-change": f"/admin/planner/assignment/{p['plan'].pk}/change/",
        "exercise-list": "/admin/exercises/exercise/",
        "exercise-change": f"/admin/exercises/exercise/{p['exercise'].pk}/change/",
        "condition-list": "/admin/exercises/condition/",
        "condition-change": f"/admin/exercises/condition/{p['condition'].pk}/change/",
        "session-logs": "/admin/planner/sessionlog/",
        "measurements": "/admin/planner/limbmeasurement/",
        "measurement-add": "/admin/planner/limbmeasurement/add/",
    }


PAGES = [
    "index",
    "patient-list",
    "patient-add",
    "patient-change",
    "program-list",
    "program-add",
    "program-change",
    "assignment-list",
    "assignment-change",
    "exercise-list",
    "exercise-change",
    "condition-list",
    "condition-change",
    "session-logs",
    "measurements",
    "measurement-add",
    "assign-review",
]


def sign_in(page, base):
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", "jrivera")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")  # the shared sign-in page
    page.wait_for_selector("#content")


@pytest.mark.browser_context_args(bypass_csp=True, viewport={"width": 1280, "height": 900})
@pytest.mark.parametrize("where", PAGES)
def test_every_therapist_page_has_no_serious_accessibility_violation(
    page, live_server, practice, shot, where
):
    base = live_server.url
    sign_in(page, base)
    if where == "assign-review":
        template, patient = practice["template"], practice["patient"]
        page.goto(
            f"{base}/admin/planner/assignment/add/?program={template.pk}&patient={patient.pk}"
        )
        page.screenshot(path=str(ARTIFACTS / "admin-assign-choose-1280.png"), full_page=True)
        assert serious_violations(page) == []  # the program choice, before the review
        page.click(f"button.program-choice[value='{template.pk}']")
        page.wait_for_selector("#fix-hard-stops")
        # The hard stop can be fixed in place.
        assert page.locator("label.choice", has_text="Swap for Seated marching").count() == 1, (
            page.inner_text("#content-main")
        )
    else:
        page.goto(base + _pages(practice)[where])
    if where == "index":
        assert page.locator(".worklist-item.rule-pain").count() == 1  # the worklist is checked
    page.wait_for_load_state("load")
    shot(f"admin-{where}-1280")
    assert serious_violations(page) == []
    assert small_buttons(page) == []
    # Nothing runs off the side of a 1,280 px window.
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280


# Every control that looks like a button, as rendered (visible ones only).
BUTTONS = (
    "button, input[type=submit], input[type=button], a.button, .object-tools a, "
    ".submit-row a, .tool-button"
)


def small_buttons(page):
    """Buttons under 32 px tall (issue 14), as (text, height)."""
    return page.evaluate(
        """(selector) => [...document.querySelectorAll(selector)]
            .filter((el) => el.offsetParent !== null && !el.closest('[hidden]'))
            .map((el) => [(el.innerText || el.value || el.getAttribute('aria-label') || '').trim(),
                          Math.round(el.getBoundingClientRect().height)])
            .filter(([, height]) => height > 0 && height < 32)""",
        BUTTONS,
    )
