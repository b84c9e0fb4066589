"""The Content-Security-Policy in a real browser: a therapist works through the admin (lists, a
patient, a program with its inline rows and exercise autocomplete, the assign form and its review)
and a patient through the portal, with the policy on. Chromium reports every blocked script,
style or image as a ``securitypolicyviolation`` event and a console error; neither may appear."""

import datetime

import pytest

from exercises.models import AtrophyType
from planner.services import assign_program, create_invite
from tests.factories import (
    make_condition,
    make_exercise,
    make_patient,
    make_session_log,
    make_template,
    make_therapist,
    make_user,
)

# A live server needs committed rows, so each test ends by emptying the database, seeded rows
# (atrophy types, safety notes) included. These tests need none of them, and this module sorts
# after test_flows.py, whose first journey does.
# serialized_rollback: the flush after each test would otherwise wipe the rows the migrations
# seed (atrophy types, safety notes) for every test that runs after this one.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Runs before any page script, so it sees violations raised while the page loads.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportViolation([event.violatedDirective, event.blockedURI, event.sourceFile,
                          event.lineNumber, event.sample].join(" | "));
});
"""


@pytest.fixture
def watched_page(page):
    """The page, with every console message, page error and CSP violation collected."""
    problems = []

    def on_console(message):
        # Chromium asks every site for /favicon.ico; ours has none, which is not a policy matter.
        if not message.location["url"].endswith("/favicon.ico"):
            problems.append(f"console {message.type}: {message.text} ({message.location['url']})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.expose_function("reportViolation", lambda text: problems.append(f"violation: {text}"))
    page.add_init_script(REPORT_VIOLATIONS)
    page.problems = problems
    return page


@pytest.fixture
def clinic():
    therapist = make_therapist("jrivera", first_name="Jordan", last_name="Rivera")
    make_condition(name="Diabetes")
    make_condition(name="Recent surgery")
    exercises = [
        make_exercise(name="Sit to stand"),
        make_exercise(name="Ankle pumps"),
        make_exercise(name="Heel slides"),
    ]
    for exercise in exercises:
        exercise.atrophy_types.set(AtrophyType.objects.all())
    template = make_template(therapist, exercises=exercises[:2], title="Legs after bed rest")
    user = make_user("maria")
    user.set_password("a long enough passphrase")
    user.save()
    patient = make_patient(therapist=therapist, user=user, display_name="Maria Lopez")
    week_ago = datetime.date.today() - datetime.timedelta(days=7)
    plan = assign_program(program=template, patient=patient, by=therapist, starts_on=week_ago)
    # The patient page's highlighted parts: a next-day report and (for a new patient) a code.
    make_session_log(plan, performed_on=week_ago, done=True, heavier_next_day=True)
    newcomer = make_patient(therapist=therapist, display_name="Rosa Diaz")
    create_invite(patient=newcomer, by=therapist)
    return template, patient, plan, newcomer


def visit(page, url, expect):
    page.goto(url)
    page.wait_for_selector(expect)
    page.wait_for_load_state("networkidle")


def test_the_admin_works_under_the_policy_without_violations(watched_page, live_server, clinic):
    page, base = watched_page, live_server.url
    template, patient, plan, newcomer = clinic

    visit(page, f"{base}/admin/login/", "#id_username")  # on to the shared sign-in page
    page.fill("#id_username", "jrivera")
    page.fill("#id_password", "therapist-pass-123")
    page.click("button[type=submit]")
    page.wait_for_selector("text=Clinic administration")
    page.wait_for_load_state("networkidle")

    visit(page, f"{base}/admin/planner/patient/", "#result_list")
    visit(page, f"{base}/admin/planner/patient/{patient.pk}/change/", "#id_conditions_search")
    page.wait_for_selector("text=Felt heavier or weaker")
    page.fill("#id_conditions_search", "no condition is called this")  # our search script
    assert page.locator(".condition-choice:not([hidden]) input:not(:checked)").count() == 0
    visit(page, f"{base}/admin/planner/patient/{newcomer.pk}/change/", "text=Sign-in code")

    # A program's rows: add one inline row and pick its exercise through the autocomplete.
    visit(page, f"{base}/admin/planner/program/{template.pk}/change/", "#items-group")
    page.click("#items-group .add-row a")
    row = page.locator("#items-group tr.form-row.dynamic-items").last
    row.locator(".select2-selection").click()
    page.fill(".select2-search__field", "Heel")
    page.click(".select2-results__option:has-text('Heel slides')")
    row.locator(".select2-selection__rendered:has-text('Heel slides')").wait_for()

    # The assign form and its screening review.
    visit(page, f"{base}/admin/planner/assignment/add/?patient={patient.pk}", ".program-choice")
    page.click(f"button.program-choice[value='{template.pk}']")
    page.wait_for_selector("text=Check before assigning")
    page.wait_for_load_state("networkidle")

    visit(page, f"{base}/admin/planner/assignment/{plan.pk}/change/", "text=Revise this plan")

    assert page.problems == []


def test_the_portal_works_under_the_policy_without_violations(watched_page, live_server, clinic):
    page, base = watched_page, live_server.url
    _template, _patient, plan, _newcomer = clinic

    visit(page, f"{base}/accounts/activate/", "#id_code")
    visit(page, f"{base}/accounts/login/", "#id_username")
    page.fill("#id_username", "maria")
    page.fill("#id_password", "a long enough passphrase")
    page.click("button[type=submit]")
    page.wait_for_selector("text=Hello, Maria Lopez")
    page.wait_for_load_state("networkidle")
    page.set_viewport_size({"width": 390, "height": 844})
    page.click("button.navbar-toggler")  # Bootstrap's collapse runs from its static bundle
    page.wait_for_selector("#main-nav.show")

    item = plan.program.items.first()
    visit(page, f"{base}/portal/log/{item.pk}/", "input[type=submit][value=Save]")
    page.click("input[type=submit][value=Save]")
    page.wait_for_selector(f"text=Saved: {item.exercise.name}")
    visit(page, f"{base}/portal/history/", "h1:text-is('What I have done')")

    assert page.problems == []


def test_the_watch_sees_a_blocked_inline_script(watched_page, live_server):
    """The two tests above would pass vacuously if violations went unseen."""
    page = watched_page
    visit(page, f"{live_server.url}/accounts/login/", "#id_username")
    page.evaluate(
        """() => { const s = document.createElement("script");
                   s.textContent = "window.ran = true"; document.body.append(s); }"""
    )
    page.wait_for_function("() => true")
    assert page.evaluate("window.ran") is None
    assert any("violation: script-src" in problem for problem in page.problems), page.problems
