"""Every portal page as a 75-year-old meets it (issue 16), in Chromium with the policy on, at
390 px (a phone) and 1,280 px, in normal and large print: every target at least 44 by 44 px, body
text at least 18 px (22 px in large print, and every button and field as large), a strong visible
focus on every control reached by Tab, nothing wider than the screen, and axe-core finding nothing
serious. Screenshots go to test-artifacts/ for people to look at."""

import datetime
import json
from decimal import Decimal

import pytest
from django.utils import timezone

from exercises.models import AtrophyKind, AtrophyType
from planner.models import ClinicProfile, Patient
from planner.services.measures import record_home_girth
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_flows import serious_violations
from tests.browser.test_one_tap import too_small
from tests.factories import make_exercise, make_patient, make_plan, make_session_log, make_user

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PASSWORD = "a long enough passphrase"
SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
TODAY = datetime.date.today()

# Text a person reads or types into, and the controls, with their computed font size in px.
TEXT_SIZES = """
() => {
  const found = [];
  const wanted = `p, li, dd, dt, td, th, label, legend, .btn, input, select, textarea, .form-text,
                  .badge, .alert, .breadcrumb-item`;
  for (const el of document.querySelectorAll(wanted)) {
    if (el.type === "hidden" || el.closest(".visually-hidden, .skip-link")) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own && !el.matches(".btn, input, select, textarea")) continue;
    found.push({what: el.outerHTML.slice(0, 80), size: parseFloat(getComputedStyle(el).fontSize)});
  }
  return found;
}
"""

# What sticks out past the right edge, when anything makes the page scroll sideways.
WIDER_THAN_THE_SCREEN = """
() => {
  if (document.documentElement.scrollWidth <= window.innerWidth) return [];
  return [...document.querySelectorAll("main *")]
    .filter(el => el.getBoundingClientRect().right > window.innerWidth + 0.5)
    .map(el => el.outerHTML.slice(0, 80)).slice(-5);
}
"""

# Tab through the page; for each control reached, how its focus shows.
FOCUS = """
() => {
  const el = document.activeElement;
  // Tabbing out of a date field's last part, focus passes through the field itself for a moment.
  if (!el.matches(":focus")) return null;
  const style = getComputedStyle(el);
  return {what: el.outerHTML.slice(0, 80), style: style.outlineStyle,
          width: parseFloat(style.outlineWidth), tag: el.tagName};
}
"""


@pytest.fixture
def arthur():
    """A patient with everything a portal page can show: a plan of three exercises, a week of
    history with a long note, a girth, and (neurogenic) the next-day question."""
    for kind in AtrophyKind:
        AtrophyType.objects.get_or_create(code=kind)
    ClinicProfile.objects.update_or_create(
        pk=1, defaults={"name": "Northside Rehab", "phone": "555-0100", "hours": "Mon-Fri 8-5"}
    )
    user = make_user("arthur")
    user.set_password(PASSWORD)
    user.save()
    patient = make_patient(
        user=user, display_name="Arthur Bennett", atrophy_type=AtrophyKind.NEUROGENIC
    )
    # Registered weeks ago, as the history and the measurement are older than today.
    Patient.objects.filter(pk=patient.pk).update(
        created_at=timezone.now() - datetime.timedelta(weeks=4)
    )
    patient.refresh_from_db()
    names = ["Water walking", "Pool heel raises", "Ankle pumps"]
    plan = make_plan(
        patient,
        exercises=[make_exercise(name=n, precautions=f"Go slowly with {n}.") for n in names],
        starts_on=TODAY - datetime.timedelta(days=9),
        title="Gentle pool program",
    )
    items = list(plan.program.items.order_by("position"))
    for days_ago in range(1, 9):
        make_session_log(
            plan,
            item=items[days_ago % 3],
            performed_on=TODAY - datetime.timedelta(days=days_ago),
            sets_done=2,
            pain=days_ago % 6,
            effort=4,
            note="Legs felt heavy after the stairs; " * (3 if days_ago == 2 else 0),
        )
    record_home_girth(
        patient=patient,
        by=user,
        measured_on=TODAY - datetime.timedelta(days=3),
        site="calf",
        left_cm=Decimal("30.6"),
        right_cm=Decimal("31.2"),
    )
    return patient, items


def pages(items):
    return {
        "home": "/portal/",
        "log form": f"/portal/log/{items[0].pk}/",
        "history": "/portal/history/",
        "progress": "/portal/progress/",
        "measure": "/portal/measure/",
        "reminders": "/portal/reminders/",
        "password": "/portal/password/",
    }


def problems_on(page, *, smallest_text):
    found = {}
    if small := too_small(page):
        found["targets under 44 px"] = small
    if tiny := [t for t in page.evaluate(TEXT_SIZES) if t["size"] < smallest_text - 0.01]:
        found[f"text under {smallest_text} px"] = tiny
    if wide := page.evaluate(WIDER_THAN_THE_SCREEN):
        found["wider than the screen"] = wide
    weak = []
    page.evaluate("document.activeElement && document.activeElement.blur()")
    for _ in range(60):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS)
        if focus is None:
            continue
        if focus["tag"] == "BODY":
            break
        if focus["style"] == "none" or focus["width"] < 3:
            weak.append(focus["what"])
    if weak:
        found["focus not shown strongly"] = weak
    # Nothing focused or part way through a transition while axe measures colours.
    page.evaluate("document.activeElement && document.activeElement.blur()")
    if violations := serious_violations(page):
        found["axe"] = violations
    return found


def sign_in(page, base):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "arthur")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("text=Hello, Arthur Bennett")


@pytest.mark.parametrize("large_print", [False, True], ids=["normal", "large-print"])
@pytest.mark.parametrize("size", SIZES, ids=list(SIZES))
def test_every_portal_page_is_big_enough_and_accessible(
    browser, live_server, arthur, size, large_print
):
    patient, items = arthur
    patient.large_print = large_print
    patient.save(update_fields=["large_print"])
    context = browser.new_context(viewport=SIZES[size], bypass_csp=True, reduced_motion="reduce")
    page = context.new_page()
    smallest = 22 if large_print else 18
    found = {}
    if not large_print:  # before sign-in nobody knows the patient's print size
        for name, url in (("activate", "/accounts/activate/"), ("sign in", "/accounts/login/")):
            page.goto(f"{live_server.url}{url}")
            found[name] = problems_on(page, smallest_text=18)
    sign_in(page, live_server.url)
    ARTIFACTS.mkdir(exist_ok=True)
    for name, url in pages(items).items():
        page.goto(f"{live_server.url}{url}")
        if name == "log form":  # with the server's error messages shown too
            page.evaluate("document.getElementById('id_performed_on').required = false")
            page.fill("#id_performed_on", "")
            page.click("input[type=submit][value=Save]")
            page.wait_for_selector(".invalid-feedback, .alert-danger")
        assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= smallest
        found[name] = problems_on(page, smallest_text=smallest)
        print_size = "large" if large_print else "normal"
        page.screenshot(
            path=str(ARTIFACTS / f"portal-{name.replace(' ', '-')}-{size}-{print_size}.png"),
            full_page=True,
        )
    context.close()
    failing = {name: problems for name, problems in found.items() if problems}
    assert not failing, json.dumps(failing, indent=1)


def test_large_print_makes_every_control_larger(browser, live_server, arthur):
    """The same control measured in both print sizes: the large one is 22/18 as large."""
    patient, items = arthur
    sizes = {}
    for large_print in (False, True):
        patient.large_print = large_print
        patient.save(update_fields=["large_print"])
        context = browser.new_context(viewport=SIZES["phone"])
        page = context.new_page()
        sign_in(page, live_server.url)
        page.goto(f"{live_server.url}/portal/log/{items[0].pk}/")
        sizes[large_print] = page.evaluate(
            """() => Object.fromEntries(
                ["body", "#id_performed_on", "input[type=submit]", "label[for=id_pain_8]",
                 "h1", ".breadcrumb-item a"].map(s => {
                    const el = document.querySelector(s);
                    return [s, [parseFloat(getComputedStyle(el).fontSize),
                                el.getBoundingClientRect().height]];
                }))"""
        )
        context.close()
    assert sizes[False]["body"][0] == 18
    assert sizes[True]["body"][0] == 22
    for what, (font, height) in sizes[True].items():
        normal_font, normal_height = sizes[False][what]
        if what == "h1":  # Bootstrap's headings grow with the screen's width as well
            assert font > normal_font * 1.15
        else:
            assert font == pytest.approx(normal_font * 22 / 18, rel=0.02), what
        assert height > normal_height, what


@pytest.mark.parametrize("large_print", [False, True], ids=["normal", "large-print"])
def test_every_portal_page_in_spanish_is_big_enough_and_accessible(
    browser, live_server, arthur, large_print
):
    """The same measures in Spanish on a phone (issue 18): its longer words must still fit 390 px
    in both print sizes, and every page is in Spanish."""
    patient, items = arthur
    Patient.objects.filter(pk=patient.pk).update(large_print=large_print, preferred_language="es")
    context = browser.new_context(
        viewport=SIZES["phone"], bypass_csp=True, reduced_motion="reduce", locale="es-MX"
    )
    page = context.new_page()
    smallest = 22 if large_print else 18
    found = {}
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "arthur")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("text=Hola, Arthur Bennett")
    for name, url in pages(items).items():
        page.goto(f"{live_server.url}{url}")
        assert page.get_attribute("html", "lang") == "es", name
        if name == "log form":  # with the server's error messages shown too
            page.evaluate("document.getElementById('id_performed_on').required = false")
            page.fill("#id_performed_on", "")
            page.click("input[type=submit][value=Guardar]")
            page.wait_for_selector(".invalid-feedback, .alert-danger")
        found[name] = problems_on(page, smallest_text=smallest)
        print_size = "large" if large_print else "normal"
        page.screenshot(
            path=str(ARTIFACTS / f"portal-es-{name.replace(' ', '-')}-phone-{print_size}.png"),
            full_page=True,
        )
    context.close()
    failing = {name: problems for name, problems in found.items() if problems}
    assert not failing, json.dumps(failing, indent=1)
