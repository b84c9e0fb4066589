"""The main journeys in a real browser: the therapist registers and assigns, the patient
activates, logs, reviews and downloads; axe-core checks the key pages."""

import io
import re
from pathlib import Path

import axe_playwright_python
import pytest
from pypdf import PdfReader

from exercises.models import AtrophyKind, AtrophyType
from planner.models import Patient, SessionLog
from tests.factories import make_exercise, make_template, make_therapist

# serialized_rollback: the flush after each test would otherwise wipe the rows the migrations
# seed (atrophy types, safety notes) for every test that runs after this one.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
AXE = Path(axe_playwright_python.__file__).parent / "axe.min.js"
PASSWORD = "therapist-pass-123"


def serious_violations(page):
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("async () => (await axe.run()).violations")
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]


# Drawings for the two exercises, so the pages checked below carry their SVG (issue 13).
STAND_UP = {
    "view": "side",
    "base": "chair",
    "moving": "body",
    "start": {"hip": 90, "knee": 90, "trunk": 15},
    "end": {},
    "props": [{"kind": "armrests", "at": ["right_hand"], "pose": "start"}],
}
PUMPS = {
    "view": "side",
    "base": "bed",
    "moving": "right_foot",
    "focus": ["right_knee", "right_toe"],
    "start": {"trunk": -90, "ankle": 20},
    "end": {"trunk": -90, "ankle": 20, "right_ankle": -30},
}


@pytest.fixture
def clinic():
    # The atrophy types come from a data migration; the flush between live-server tests may
    # leave them out of the database this test starts with, so make sure.
    for kind in AtrophyKind:
        AtrophyType.objects.get_or_create(code=kind)
    therapist = make_therapist("jrivera", first_name="Jordan", last_name="Rivera")
    exercises = [
        make_exercise(
            name="Sit to stand", steps=["Sit tall.", "Lean forward.", "Stand up."], pose=STAND_UP
        ),
        make_exercise(
            name="Ankle pumps", steps=["Lie down.", "Pull toes up.", "Point toes."], pose=PUMPS
        ),
    ]
    for exercise in exercises:
        exercise.atrophy_types.set(AtrophyType.objects.all())
    template = make_template(therapist, exercises=exercises, title="Legs after bed rest")
    return therapist, template


def test_therapist_registers_assigns_and_the_patient_activates_logs_and_downloads(
    page, live_server, clinic, shot
):
    _therapist, template = clinic
    base = live_server.url

    # The therapist signs in (the admin's sign-in is the shared page) and registers a patient.
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", "jrivera")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{base}/admin/planner/patient/add/")
    page.fill("#id_display_name", "Maria Lopez")
    page.select_option("#id_atrophy_type", "physiologic")
    page.click("input[name=_continue]")
    page.wait_for_selector("text=Sign-in code")
    shot("admin-patient")
    code = re.search(r"[A-Z2-9]{4}-[A-Z2-9]{4}", page.inner_text(".field-sign_in"))[0]

    # ... and assigns the program through the screening review.
    page.click("text=Assign a program")
    page.click(f"button.program-choice[value='{template.pk}']")
    page.wait_for_selector("text=Check before assigning")
    shot("admin-assign-review")
    page.click("button[value=confirm]")
    page.wait_for_selector("text=as version 1")
    shot("admin-assignment")
    page.click("#logout-form button")

    # The patient activates with the code and lands on their exercises.
    page.goto(f"{base}/accounts/activate/")
    shot("activate")
    page.fill("#id_code", code.lower())
    page.fill("#id_username", "maria")
    page.fill("#id_password1", "a long enough passphrase")
    page.fill("#id_password2", "a long enough passphrase")
    page.click("input[type=submit]")
    page.wait_for_selector("text=Hello, Maria Lopez")
    assert Patient.objects.get(display_name="Maria Lopez").user.username == "maria"
    shot("portal-home")

    # Two exercises logged.
    for name, pain in (("Sit to stand", "2"), ("Ankle pumps", "0")):
        page.click(f"a:has-text('Done, with details'):has(span:text-is(' for {name}'))")
        page.check("input[name=done][value=True]")
        page.click(f"label[for=id_pain_{pain}]")  # pain is a row of large buttons (issue 16)
        page.select_option("#id_effort", "3")
        if name == "Sit to stand":
            shot("portal-log-form")
        page.click("input[type=submit][value=Save]")
        page.wait_for_selector(f"text=Saved: {name}")
    assert SessionLog.objects.filter(done=True).count() == 2
    assert page.locator("text=Done today").count() == 2

    # They show in the history.
    page.click("text=See what I have done")
    page.wait_for_selector("h1:text-is('What I have done')")
    history = page.inner_text("main")
    assert "Sit to stand" in history
    assert "Ankle pumps" in history
    shot("portal-history")

    # And the handout downloads as a real PDF with their name on it.
    page.goto(f"{base}/portal/")
    with page.expect_download() as download:
        page.click("text=Download my handout (PDF)")
    pdf = Path(download.value.path()).read_bytes()
    first_page = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Maria Lopez" in first_page
    assert "Legs after bed rest" in first_page


# axe-core goes in as an inline script, which our Content-Security-Policy rightly blocks; the policy
# itself is tested in test_security_policy.py.
@pytest.mark.browser_context_args(bypass_csp=True)
@pytest.mark.parametrize(
    "where", ["login", "activate", "portal home", "log form", "history", "library", "exercise"]
)
def test_key_pages_have_no_serious_accessibility_violations(page, live_server, clinic, where):
    import datetime

    from planner.services import assign_program
    from tests.factories import make_patient, make_user

    therapist, template = clinic
    base = live_server.url
    if where in ("login", "activate"):
        page.goto(f"{base}/accounts/{where}/")
    elif where in ("library", "exercise"):
        page.goto(f"{base}/accounts/login/")
        page.fill("#id_username", "jrivera")
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        slug = template.items.first().exercise.slug
        page.goto(f"{base}/exercises/" + (f"{slug}/" if where == "exercise" else ""))
        assert page.locator("svg[role=img][aria-label^='Drawing of']").count() >= 1
    else:
        user = make_user("maria")
        user.set_password("a long enough passphrase")
        user.save()
        patient = make_patient(therapist=therapist, user=user, display_name="Maria Lopez")
        assignment = assign_program(
            program=template, patient=patient, by=therapist, starts_on=datetime.date.today()
        )
        page.goto(f"{base}/accounts/login/")
        page.fill("#id_username", "maria")
        page.fill("#id_password", "a long enough passphrase")
        page.click("button[type=submit]")
        page.wait_for_selector("text=Hello, Maria Lopez")
        item = assignment.program.items.first()
        path = {
            "portal home": "/portal/",
            "log form": f"/portal/log/{item.pk}/",
            "history": "/portal/history/",
        }
        page.goto(base + path[where])
        if where == "portal home":
            assert page.locator("svg[role=img][aria-label^='Drawing of']").count() == 2
    assert serious_violations(page) == []


def test_the_portal_works_on_a_phone(browser, live_server, clinic):
    """390 px wide, large print: nothing runs off the side of the screen."""
    import datetime

    from planner.services import assign_program
    from tests.factories import make_patient, make_user

    therapist, template = clinic
    user = make_user("maria")
    user.set_password("a long enough passphrase")
    user.save()
    patient = make_patient(
        therapist=therapist, user=user, display_name="Maria Lopez", large_print=True
    )
    assign_program(program=template, patient=patient, by=therapist, starts_on=datetime.date.today())
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "maria")
    page.fill("#id_password", "a long enough passphrase")
    page.click("button[type=submit]")
    page.wait_for_selector("text=Hello, Maria Lopez")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    font_size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert font_size >= 20
    page.screenshot(
        path=str(Path(__file__).resolve().parents[2] / "test-artifacts" / "portal-phone.png"),
        full_page=True,
    )
    context.close()
