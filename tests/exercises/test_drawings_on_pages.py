"""The drawing appears wherever the exercise does on screen (issue 13): the library list and
detail, the patient's portal (for the prescribed side), and the exercise admin with its live
preview. Each carries its text alternative."""

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from exercises.models import Exercise
from tests.factories import make_exercise, make_plan

pytestmark = pytest.mark.django_db

POSE = {
    "view": "side",
    "base": "chair",
    "moving": "right_shank",
    "start": {"hip": 90, "knee": 90},
    "end": {"hip": 90, "knee": 90, "right_knee": 0},
}
PREVIEW = "/admin/exercises/exercise/drawing-preview/"


def labels(html: str) -> list[str]:
    return re.findall(r'<svg[^>]*role="img"[^>]*aria-label="([^"]*)"', html)


@pytest.fixture
def knee():
    return make_exercise(name="Seated knee straightening", pose=POSE)


def test_the_library_list_and_detail_show_the_drawing(therapist_client, knee):
    listing = therapist_client.get("/exercises/").content.decode()
    detail = therapist_client.get(f"/exercises/{knee.slug}/").content.decode()

    expected = (
        "Drawing of Seated knee straightening: sitting on a chair; the right knee straightens."
    )
    assert labels(listing) == [expected]
    assert labels(detail) == [expected]


def test_the_portal_shows_the_drawing_for_the_prescribed_side(client, knee):
    plan = make_plan(exercises=[knee])
    row = plan.program.items.get()
    row.side = "left"
    row.save()
    client.force_login(plan.patient.user)

    page = client.get(reverse("portal:home")).content.decode()

    assert labels(page) == [
        "Drawing of Seated knee straightening: sitting on a chair; the left knee straightens."
    ]


def test_the_portal_shows_the_drawing_as_given_not_as_edited_since(client, knee):
    plan = make_plan(exercises=[knee])
    Exercise.objects.filter(pk=knee.pk).update(pose={})
    client.force_login(plan.patient.user)

    page = client.get(reverse("portal:home")).content.decode()

    assert len(labels(page)) == 1


def test_an_exercise_without_a_description_shows_no_drawing(therapist_client):
    plain = make_exercise(name="Plain")
    page = therapist_client.get(f"/exercises/{plain.slug}/").content.decode()
    assert labels(page) == []


def test_the_admin_previews_both_sides_and_checks_the_description(admin_client, knee):
    page = admin_client.get(f"/admin/exercises/exercise/{knee.pk}/change/").content.decode()
    assert len(labels(page)) == 2  # the right side, and mirrored for the left
    assert 'data-url="/admin/exercises/exercise/drawing-preview/"' in page

    drawn = admin_client.post(PREVIEW, {"pose": json.dumps(POSE), "name": "Knee"}).json()
    refused = admin_client.post(PREVIEW, {"pose": json.dumps({**POSE, "moving": "tail"})}).json()
    broken = admin_client.post(PREVIEW, {"pose": '{"view": '}).json()

    assert len(labels(drawn["html"])) == 2
    assert "moving must name a part" in refused["error"]
    assert "not valid JSON" in broken["error"]


def test_saving_a_description_that_cannot_be_drawn_is_refused(admin_client, knee):
    from tests.exercises.test_exercise_admin import form_data

    data = form_data(pose=json.dumps({**POSE, "end": {"knee": 400}}))
    response = admin_client.post("/admin/exercises/exercise/add/", data)

    errors = " ".join(response.context["adminform"].form.errors["pose"])
    assert "The drawing cannot be made: end: knee 400° is outside 0° to 150°." in errors
    assert not Exercise.objects.filter(slug=data["slug"]).exists()


def test_the_preview_is_for_staff_only(therapist_client, knee):
    anonymous = Client().post(PREVIEW, {"pose": json.dumps(POSE)})
    get = therapist_client.get(PREVIEW)

    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/admin/login/")
    assert get.status_code == 403
    assert get.json() == {"error": "Not allowed."}
