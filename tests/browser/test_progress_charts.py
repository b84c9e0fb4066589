"""Progress charts in Chromium (issue 15): each chart image draws under the site's real
Content-Security-Policy, on a phone and on a desk screen, and the pages pass axe."""

import datetime
from decimal import Decimal

import pytest

from planner.models import FunctionTest, LimbMeasurement
from tests.browser.test_flows import AXE, serious_violations
from tests.factories import (
    make_exercise,
    make_patient,
    make_plan,
    make_session_log,
    make_therapist,
    make_user,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
DAY = datetime.timedelta(days=1)
THERAPIST_PASSWORD = "therapist-pass-123"  # tests.factories
PATIENT_PASSWORD = "patient-pass-1234"  # tests.factories

# For every chart image on the page: its drawn width, and how many of its pixels are the portal's
# navy (the first series' colour, set by the SVG's own <style>: a blocked style draws black).
IMAGES = """
() => [...document.querySelectorAll(".progress-chart img")].map((img) => {
  const canvas = document.createElement("canvas");
  canvas.width = img.naturalWidth; canvas.height = img.naturalHeight;
  const context = canvas.getContext("2d");
  let navy = 0;
  if (img.naturalWidth) {
    context.drawImage(img, 0, 0);
    const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
    for (let i = 0; i < data.length; i += 4) {
      if (Math.abs(data[i] - 10) < 12 && Math.abs(data[i + 1] - 61) < 12
          && Math.abs(data[i + 2] - 122) < 12) navy++;
    }
  }
  return {src: img.getAttribute("src"), width: img.naturalWidth, shown: img.clientWidth, navy};
})
"""
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportViolation(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.fixture
def charted():
    therapist = make_therapist("jrivera")
    user = make_user("maria")
    patient = make_patient(therapist=therapist, user=user, display_name="Maria Lopez")
    today = datetime.date.today()
    plan = make_plan(patient, exercises=[make_exercise()], starts_on=today - 60 * DAY)
    for n in range(0, 60, 2):
        make_session_log(plan, performed_on=today - n * DAY, pain=(n // 2) % 6, effort=4)
    for weeks_ago, right in [(8, "44.0"), (4, "43.2"), (0, "42.5")]:
        LimbMeasurement.objects.create(
            patient=patient,
            measured_on=today - weeks_ago * 7 * DAY,
            site="thigh",
            left_cm=Decimal("45.0"),
            right_cm=Decimal(right),
            measured_by=therapist,
        )
    for weeks_ago, stands in [(8, 6), (0, 9)]:
        FunctionTest.objects.create(
            patient=patient,
            tested_on=today - weeks_ago * 7 * DAY,
            chair_stands=stands,
            grip_left_kg=Decimal("19.5"),
            grip_right_kg=Decimal("23.0"),
            measured_by=therapist,
        )
    return patient


def sign_in(page, base, username, password, landing):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"**{landing}")


def assert_charts_drawn(page, count):
    page.wait_for_load_state("load")
    images = page.evaluate(IMAGES)
    assert len(images) == count, images
    for image in images:
        assert image["width"] > 0, image
        assert image["shown"] > 0, image
        assert image["navy"] > 200, image  # the styles inside the SVG applied


@pytest.mark.parametrize("width", [390, 1280])
def test_the_charts_draw_under_the_real_policy(browser, live_server, charted, shot, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    problems = []
    page.on(
        "console",
        lambda m: m.type == "error" and problems.append(f"{m.text} {m.location['url']}"),
    )
    page.expose_function("reportViolation", lambda text: problems.append(text))
    page.add_init_script(REPORT_VIOLATIONS)
    base = live_server.url

    sign_in(page, base, "jrivera", THERAPIST_PASSWORD, "/admin/")
    page.goto(f"{base}/admin/planner/patient/{charted.pk}/change/")
    page.locator("#progress").scroll_into_view_if_needed()
    assert_charts_drawn(page, 5)
    # The page's other tables may scroll sideways; the charts shrink to the screen.
    assert page.evaluate("document.querySelector('#progress').scrollWidth") <= width
    page.locator("#chart-adherence summary").click()
    page.screenshot(path=_path(f"progress-admin-{width}"), full_page=True)
    context.clear_cookies()

    sign_in(page, base, "maria", PATIENT_PASSWORD, "/portal/")
    page.click("main a:has-text('My progress')")
    page.wait_for_url("**/portal/progress/")
    assert_charts_drawn(page, 3)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.locator("#chart-girth-thigh").locator("xpath=..").locator("summary").click()
    page.screenshot(path=_path(f"progress-portal-{width}"), full_page=True)
    context.close()
    assert [p for p in problems if "favicon" not in p] == []


def _path(name):
    from tests.browser.conftest import ARTIFACTS

    ARTIFACTS.mkdir(exist_ok=True)
    return str(ARTIFACTS / f"{name}.png")


# axe-core goes in as an inline script, which the policy rightly blocks; the policy itself is
# checked without the bypass just above.
@pytest.mark.browser_context_args(bypass_csp=True)
@pytest.mark.parametrize("where", ["admin", "portal"])
def test_the_progress_pages_have_no_serious_accessibility_violations(
    page, live_server, charted, where
):
    base = live_server.url
    if where == "admin":
        sign_in(page, base, "jrivera", THERAPIST_PASSWORD, "/admin/")
        page.goto(f"{base}/admin/planner/patient/{charted.pk}/change/")
        # The progress section; the rest of the patient's page has its own checks.
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate("async () => (await axe.run('#progress')).violations")
        assert [v["id"] for v in violations if v["impact"] in ("serious", "critical")] == []
    else:
        sign_in(page, base, "maria", PATIENT_PASSWORD, "/portal/")
        page.goto(f"{base}/portal/progress/")
        assert serious_violations(page) == []
