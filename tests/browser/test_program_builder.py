"""The program builder in Chromium (issue 14), with the Content-Security-Policy on: a therapist
adds an exercise from the library picker (its usual dosage filled in) and reorders the rows, once
by mouse (dragging a row's handle) and once by keyboard only; the order is kept after saving.
At 1,280 px the page has no serious axe-core violation with the picker open, fits the window and
its buttons are at least 32 px tall."""

import pytest

from exercises.models import AtrophyKind, AtrophyType, Category
from planner.models import Program
from tests.browser.test_flows import PASSWORD, PUMPS, STAND_UP, serious_violations
from tests.factories import make_exercise, make_template, make_therapist

# serialized_rollback: the flush after each test would otherwise wipe the rows the migrations
# seed (atrophy types, groups, safety notes), as in the other browser tests.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
WIDE = {"width": 1280, "height": 900}

# Runs before any page script: every blocked script, style or image is reported.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportViolation([event.violatedDirective, event.blockedURI, event.sourceFile].join(" | "));
});
"""


@pytest.fixture
def program():
    """jrivera's template of three rows, and a library exercise with its own usual dosage."""
    for kind in AtrophyKind:
        AtrophyType.objects.get_or_create(code=kind)
    therapist = make_therapist("jrivera", first_name="Jordan", last_name="Rivera")
    rows = [
        make_exercise(name="Sit to stand", pose=STAND_UP),
        make_exercise(name="Ankle pumps", pose=PUMPS, body_region="ankle_foot"),
        make_exercise(name="Heel slides", category=Category.RANGE_OF_MOTION),
    ]
    make_exercise(
        name="Wall push-up",
        summary="Push away from a wall to strengthen the arms.",
        body_region="shoulder_upper_arm",
        pose=STAND_UP,
        default_sets=3,
        default_repetitions=12,
        default_days_per_week=5,
    )
    make_exercise(name="Seated marching", category=Category.FUNCTIONAL)
    return make_template(therapist, exercises=rows, title="Legs after bed rest")


@pytest.fixture
def watched(page):
    """The page, collecting Content-Security-Policy violations and script errors."""
    problems = []
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.expose_function("reportViolation", lambda text: problems.append(f"violation: {text}"))
    page.add_init_script(REPORT_VIOLATIONS)
    page.problems = problems
    return page


def open_builder(page, base, program):
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", "jrivera")
    page.fill("#id_password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_selector("#content")
    page.goto(f"{base}/admin/planner/program/{program.pk}/change/")
    page.wait_for_load_state("load")


def saved_order(program):
    return list(program.items.order_by("position").values_list("exercise__name", flat=True))


def shown_order(page):
    """The exercise of each row on the page, top to bottom, with its number."""
    return page.evaluate(
        """() => [...document.querySelectorAll('#items-group tbody tr.form-row:not(.empty-form)')]
            .map((row) => [row.querySelector('.row-number').textContent,
                           row.querySelector('select[name$="-exercise"]').selectedOptions[0]
                             ?.textContent.trim() || ''])"""
    )


def row(page, name):
    return page.locator("#items-group tbody tr.form-row", has=page.get_by_text(name, exact=True))


def said(page, words, where="#program-rows-status"):
    """Wait until a live region (the rows', or the picker's) says ``words``."""
    page.wait_for_function(
        "([where, words]) => document.querySelector(where).textContent === words",
        arg=[where, words],
    )


def wait_for_one_result(page):
    """The picker's results once a search has narrowed them to Wall push-up."""
    said(page, "1 exercise found.", where="#picker-status")
    assert page.locator(".picker-result").all_inner_texts()[0].startswith("Wall push-up")


@pytest.mark.browser_context_args(viewport=WIDE)
def test_by_mouse_a_therapist_adds_from_the_picker_and_drags_a_row(
    watched, live_server, program, shot
):
    page = watched
    open_builder(page, live_server.url, program)

    page.click("summary:has-text('Add exercises from the library')")
    page.fill("#id_picker-q", "push")
    wait_for_one_result(page)
    page.click("button:has-text('Add Wall push-up to program')")
    added = row(page, "Wall push-up")
    # The usual dosage, in the row's boxes.
    assert added.locator("input[name$='-sets']").input_value() == "3"
    assert added.locator("input[name$='-repetitions']").input_value() == "12"
    assert added.locator("input[name$='-days_per_week']").input_value() == "5"

    # Moved to the top with its buttons; then a blank row added and removed again (Django
    # renames the forms in page order when one goes; the saved rows must keep theirs).
    for _ in range(3):
        added.get_by_role("button", name="Move Wall push-up up").click()
    page.click("#items-group a.addlink")
    page.locator("#items-group tr:not(.has_original) a.inline-deletelink").last.click()

    # Ankle pumps dragged by its handle onto Wall push-up's place at the top.
    row(page, "Ankle pumps").locator(".row-grip").drag_to(added.locator(".row-grip"))
    page.wait_for_function(
        "() => document.querySelector('#program-rows-status').textContent.includes('now row')"
    )
    assert shown_order(page) == [
        ["1", "Ankle pumps"],
        ["2", "Wall push-up"],
        ["3", "Sit to stand"],
        ["4", "Heel slides"],
    ]
    shot("admin-program-builder-mouse-1280")

    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    assert saved_order(program) == ["Ankle pumps", "Wall push-up", "Sit to stand", "Heel slides"]
    pushup = program.items.get(exercise__name="Wall push-up")
    assert (pushup.sets, pushup.repetitions, pushup.days_per_week) == (3, 12, 5)
    assert list(program.items.order_by("position").values_list("position", flat=True)) == [
        1,
        2,
        3,
        4,
    ]
    # Reopened, the page shows the saved order.
    page.goto(f"{live_server.url}/admin/planner/program/{program.pk}/change/")
    assert [name for _, name in shown_order(page)][:4] == saved_order(program)
    assert page.problems == []


@pytest.mark.browser_context_args(viewport=WIDE)
def test_by_keyboard_only_a_therapist_adds_from_the_picker_and_moves_a_row(
    watched, live_server, program
):
    page = watched
    open_builder(page, live_server.url, program)

    page.locator("summary:has-text('Add exercises from the library')").focus()
    page.keyboard.press("Enter")
    page.locator("#id_picker-q").focus()
    page.keyboard.type("wall")
    page.keyboard.press("Enter")  # searches; the program is not saved
    wait_for_one_result(page)
    assert Program.objects.get(pk=program.pk).revision == program.revision
    page.get_by_role("button", name="Add Wall push-up to program").focus()
    page.keyboard.press("Space")
    added = row(page, "Wall push-up")
    assert added.locator("input[name$='-sets']").input_value() == "3"
    said(
        page,
        "Wall push-up added with its usual dosage. Wall push-up is now row 4 of 4.",
        where="#picker-status",
    )

    # Up twice on the new row's handle: from row 4 to row 2.
    grip = added.locator(".row-grip")
    grip.focus()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    said(page, "Wall push-up is now row 2 of 4.")
    assert grip.evaluate("(el) => el === document.activeElement")
    assert grip.get_attribute("aria-label") == "Move Wall push-up (row 2 of 4)"
    # And Heel slides up one with its button, by Enter.
    row(page, "Heel slides").get_by_role("button", name="Move Heel slides up").focus()
    page.keyboard.press("Enter")
    assert shown_order(page) == [
        ["1", "Sit to stand"],
        ["2", "Wall push-up"],
        ["3", "Heel slides"],
        ["4", "Ankle pumps"],
    ]

    page.locator("input[name=_continue]").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(".messagelist .success")
    assert saved_order(program) == ["Sit to stand", "Wall push-up", "Heel slides", "Ankle pumps"]
    page.goto(f"{live_server.url}/admin/planner/program/{program.pk}/change/")
    assert [name for _, name in shown_order(page)][:4] == saved_order(program)
    assert page.problems == []


# The builder's own controls: each at least 32 px tall (issue 14).
BUILDER_CONTROLS = ".row-grip, .row-move, .exercise-picker summary, .exercise-picker .button"


# axe-core goes in as an inline script, which the policy rightly blocks.
@pytest.mark.browser_context_args(bypass_csp=True, viewport=WIDE)
def test_the_builder_with_the_picker_open_is_accessible_and_fits_1280_px(
    page, live_server, program, shot
):
    open_builder(page, live_server.url, program)
    page.click("summary:has-text('Add exercises from the library')")
    page.wait_for_selector(".picker-result:has-text('Wall push-up')")
    page.click("button:has-text('Add Seated marching to program')")
    shot("admin-program-builder-1280")

    assert serious_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    heights = page.evaluate(
        """(selector) => [...document.querySelectorAll(selector)]
            .filter((el) => el.offsetParent !== null)
            .map((el) => Math.round(el.getBoundingClientRect().height))""",
        BUILDER_CONTROLS,
    )
    assert heights
    assert min(heights) >= 32
