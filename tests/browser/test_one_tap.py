"""One-tap logging and safety on screen in a real browser at 390 px, the policy on (issue 16):
a patient taps "Done" down the list, each time landing on the next exercise not done, logs one
with details and a pain of 8, and gets the stop-and-call advice with the clinic's phone. Every
target on the home page and the log form is at least 44 by 44 px; axe finds nothing serious."""

import datetime
import itertools

import pytest

from exercises.models import AtrophyKind, AtrophyType
from planner.models import ClinicProfile, SessionLog
from planner.services import assign_program
from tests.browser.test_flows import serious_violations
from tests.factories import make_exercise, make_patient, make_template, make_therapist, make_user

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PHONE = {"width": 390, "height": 844}
NAMES = ["Sit to stand", "Ankle pumps", "Heel slides", "Wall push-up"]

# Everything a finger may aim at, as shown: a radio button or checkbox counts by its label (the
# target a person taps; the pain buttons hide the round dot itself).
TARGETS = """
() => {
  const seen = [];
  for (const el of document.querySelectorAll("a[href], button, input, select, textarea")) {
    if (el.type === "hidden") continue;
    let box = el;
    if (el.type === "radio" || el.type === "checkbox") box = el.labels[0] || el;
    const r = box.getBoundingClientRect();
    const style = getComputedStyle(box);
    if (r.width === 0 || r.height === 0 || style.visibility === "hidden") continue;
    if (r.right <= 0) continue;  // the skip link, off the side until focused
    seen.push({what: (el.outerHTML || "").slice(0, 90), width: r.width, height: r.height});
  }
  return seen;
}
"""


def too_small(page):
    return [t for t in page.evaluate(TARGETS) if t["width"] < 44 or t["height"] < 44]


@pytest.fixture
def maria():
    for kind in AtrophyKind:
        AtrophyType.objects.get_or_create(code=kind)
    ClinicProfile.objects.update_or_create(
        pk=1, defaults={"name": "Northside Rehab", "phone": "555-0100"}
    )
    therapist = make_therapist("jrivera")
    exercises = [make_exercise(name=name, precautions=f"Go slowly with {name}.") for name in NAMES]
    for exercise in exercises:
        exercise.atrophy_types.set(AtrophyType.objects.all())
    template = make_template(therapist, exercises=exercises, title="Legs after bed rest")
    user = make_user("maria")
    user.set_password("a long enough passphrase")
    user.save()
    patient = make_patient(therapist=therapist, user=user, display_name="Maria Lopez")
    plan = assign_program(
        program=template, patient=patient, by=therapist, starts_on=datetime.date.today()
    )
    return patient, plan, list(plan.program.items.order_by("position"))


def sign_in(page, base, act):
    page.goto(f"{base}/accounts/login/")
    act(page.fill, "#id_username", "maria")
    act(page.fill, "#id_password", "a long enough passphrase")
    act(page.click, "button[type=submit]")
    page.wait_for_selector("text=Hello, Maria Lopez")


def test_one_tap_down_the_list_then_details_with_high_pain(browser, live_server, maria):
    _patient, _plan, items = maria
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    actions = []

    def act(do, *args):
        actions.append(args[0])
        do(*args)

    sign_in(page, live_server.url, act)
    assert too_small(page) == []
    assert page.is_visible("text=Go slowly with Sit to stand.")

    for done, following in itertools.pairwise(items):
        act(page.click, f"button[aria-label='Done: {done.given.name}']")
        page.wait_for_selector(f"text=Saved: {done.given.name} done today.")
        assert page.url.endswith(f"/portal/#exercise-{following.pk}")
        assert page.evaluate("document.activeElement.id") == f"exercise-{following.pk}"
        assert page.locator(f"#exercise-{following.pk}").is_visible()
        # The browser scrolls to the fragment once the page is laid out.
        page.wait_for_function(
            f"""() => {{
                const top = document.getElementById('exercise-{following.pk}')
                    .getBoundingClientRect().top;
                return top >= 0 && top < window.innerHeight / 2;
            }}"""
        )
        # What was saved is said where the eyes land, inside that card, not at the page's top.
        saved = page.locator(f"#exercise-{following.pk} .alert-success").bounding_box()
        assert 0 <= saved["y"] <= PHONE["height"] - saved["height"]
    assert SessionLog.objects.filter(done=True).count() == 3

    last = items[3]
    act(page.click, f"a:has-text('Done, with details'):has(span:text-is(' for {last.given.name}'))")
    page.wait_for_selector("input[type=submit][value=Save]")
    assert too_small(page) == []
    act(page.click, "label[for=id_pain_8]")
    act(page.click, "input[type=submit][value=Save]")
    page.wait_for_selector("text=Your pain was 8 out of 10.")
    assert page.is_visible("text=Stop this exercise for today and call Northside Rehab at 555-0100")
    call = page.locator("main .alert a[href^='tel:']")
    assert call.inner_text() == "Call 555-0100"
    assert page.url.endswith("/portal/")  # all done: no exercise left to go to
    assert SessionLog.objects.get(program_exercise=last).pain == 8
    # Sign in (3), three taps, open details, pain, save.
    assert len(actions) == 9
    context.close()


def test_the_pain_buttons_work_from_the_keyboard(browser, live_server, maria):
    _patient, _plan, items = maria
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    sign_in(page, live_server.url, lambda do, *args: do(*args))
    page.goto(f"{live_server.url}/portal/log/{items[0].pk}/")
    page.focus("#id_pain_0")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.id") == "id_pain_2"
    assert page.is_checked("#id_pain_2")
    context.close()


@pytest.mark.browser_context_args(bypass_csp=True, viewport=PHONE)
@pytest.mark.parametrize("large_print", [False, True], ids=["normal", "large print"])
@pytest.mark.parametrize("where", ["home", "log form"])
def test_home_and_log_form_are_accessible_and_big_enough(
    page, live_server, maria, where, large_print
):
    patient, _plan, items = maria
    patient.large_print = large_print
    patient.save(update_fields=["large_print"])
    sign_in(page, live_server.url, lambda do, *args: do(*args))
    if where == "log form":
        page.goto(f"{live_server.url}/portal/log/{items[0].pk}/")
        page.click("input[type=submit][value=Save]")  # with its messages shown too
        page.goto(f"{live_server.url}/portal/log/{items[0].pk}/")
    assert too_small(page) == []
    assert serious_violations(page) == []
