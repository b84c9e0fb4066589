"""The portal's measuring page in a real browser on a phone: every box and button a finger can
hit (at least 44 px tall), no serious accessibility problem, and a measurement saved from it."""

import pytest

from planner.models import LimbMeasurement
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_flows import serious_violations
from tests.factories import make_patient, make_therapist, make_user

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PASSWORD = "a long enough passphrase"


def test_a_patient_measures_on_a_phone(browser, live_server):
    user = make_user("maria")
    user.set_password(PASSWORD)
    user.save()
    patient = make_patient(make_therapist(), user=user, display_name="Maria Lopez")
    # bypass_csp: axe-core is injected as an inline script, which the site's policy refuses.
    context = browser.new_context(viewport={"width": 390, "height": 844}, bypass_csp=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "maria")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.click("text=Measure my arms or legs")
    page.wait_for_selector("text=Where the tape goes")
    targets = page.locator("form input:visible, form select:visible, form button:visible")
    heights = [targets.nth(i).bounding_box()["height"] for i in range(targets.count())]
    assert len(heights) >= 5
    assert min(heights) >= 44, heights
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert serious_violations(page) == []
    page.select_option("#id_site", "calf")
    page.fill("#id_left_cm", "35.5")
    page.fill("#id_right_cm", "36.0")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "portal-measure.png"), full_page=True)
    page.click("text=Save my measurements")
    page.wait_for_selector("text=Saved: calf")
    saved = LimbMeasurement.objects.get(patient=patient)
    assert (str(saved.left_cm), str(saved.right_cm), saved.measured_by) == ("35.5", "36.0", user)
    context.close()
