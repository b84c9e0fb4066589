"""The exercise admin: filters, search, archive/restore, protected deletes and picture uploads."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from PIL import Image

from exercises.models import AtrophyType, Exercise
from tests.factories import make_condition, make_exercise, make_program, make_therapist

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(tmp_path):
    with override_settings(MEDIA_ROOT=tmp_path / "media"):
        yield tmp_path / "media"


def form_data(exercise=None, **overrides):
    """A complete, valid change form for the exercise admin."""
    data = {
        "name": "Seated heel raises",
        "slug": "seated-heel-raises",
        "summary": "Lift your heels while sitting.",
        "steps": "Sit tall.\nLift both heels.\nLower them slowly.",
        "is_active": "on",
        "category": "strength",
        "assistance": "active",
        "body_region": "ankle_foot",
        "atrophy_types": [AtrophyType.objects.get(code="physiologic").pk],
        "equipment": "chair",
        "load": "body_weight",
        "default_sets": "2",
        "default_repetitions": "10",
        "default_times_per_day": "1",
        "default_days_per_week": "3",
        "device_worn_during": "unknown",
    }
    data.update(overrides)
    return data


def png_bytes(size=(40, 30), mode="RGB", extra_info=None):
    out = io.BytesIO()
    Image.new(mode, size, "teal").save(out, format="PNG", **(extra_info or {}))
    return out.getvalue()


def png_declaring(width, height):
    """A tiny PNG whose header claims a huge picture: a decompression bomb."""
    raw = png_bytes((1, 1))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    patched = struct.pack(">I", 13) + chunk + struct.pack(">I", zlib.crc32(chunk))
    return raw[:8] + patched + raw[8 + 25 :]


def upload(admin_client, name, content, content_type="image/png"):
    data = form_data(image=SimpleUploadedFile(name, content, content_type=content_type))
    return admin_client.post("/admin/exercises/exercise/add/", data)


def test_a_real_picture_is_re_encoded_under_a_server_chosen_name(admin_client, media_root):
    response = upload(admin_client, "../../etc/evil name.png", png_bytes())
    assert response.status_code == 302, response.context["adminform"].form.errors
    exercise = Exercise.objects.get(slug="seated-heel-raises")
    stored = exercise.image.name
    assert stored.startswith("exercises/")
    assert "evil" not in stored
    assert stored.endswith(".jpg")  # no transparency, so stored as JPEG
    with Image.open(exercise.image.path) as picture:
        assert (picture.format, picture.size) == ("JPEG", (40, 30))
    assert exercise.steps == ["Sit tall.", "Lift both heels.", "Lower them slowly."]


def test_a_transparent_picture_stays_png(admin_client):
    response = upload(admin_client, "icon.png", png_bytes(mode="RGBA"))
    assert response.status_code == 302
    assert Exercise.objects.get().image.name.endswith(".png")


@pytest.mark.parametrize(
    ("name", "content", "content_type", "message"),
    [
        (
            "photo.png",
            b"<html><body><script>alert(1)</script></body></html>",
            "image/png",
            "This file is not a picture we can use",
        ),
        (
            "diagram.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "image/svg+xml",
            "This file is not a picture we can use",
        ),
        ("bomb.png", png_declaring(30000, 30000), "image/png", "far too many pixels"),
        ("tall.png", None, "image/png", "the limit is 4,000 pixels on each side"),
        (
            "huge.jpg",
            b"\xff\xd8\xff" + b"\0" * (50 * 1024 * 1024),
            "image/jpeg",
            "the limit is 5 MB",
        ),
        ("anim.gif", None, "image/gif", "Please upload a JPEG, PNG or WebP picture"),
        ("cut.png", png_bytes((200, 200))[:120], "image/png", "damaged or incomplete"),
    ],
    ids=[
        "html-renamed-png",
        "svg-with-script",
        "decompression-bomb",
        "over-4000px",
        "50-mb",
        "gif",
        "truncated",
    ],
)
def test_hostile_or_unusable_uploads_are_refused_with_a_form_error(
    admin_client, media_root, name, content, content_type, message
):
    if name == "tall.png":
        content = png_bytes((10, 4001))
    if name == "anim.gif":
        out = io.BytesIO()
        Image.new("P", (10, 10)).save(out, format="GIF")
        content = out.getvalue()
    response = upload(admin_client, name, content, content_type)
    assert response.status_code == 200  # the form again, not a crash
    errors = response.context["adminform"].form.errors
    assert message in " ".join(errors["image"])
    assert not Exercise.objects.exists()  # nothing half-saved
    assert not any(media_root.rglob("*.*"))  # nothing written to disk


def test_steps_must_be_3_to_8_lines(admin_client):
    response = admin_client.post(
        "/admin/exercises/exercise/add/", form_data(steps="Just one line.\n\n")
    )
    assert response.status_code == 200
    assert "needs 3 to 8 steps" in " ".join(response.context["adminform"].form.errors["steps"])


@pytest.mark.parametrize(
    ("steps", "named"),
    [
        ("Sit tall.\nLift both heels.\nHold for 5 seconds.", "Step 3 (“Hold for 5 seconds.”)"),
        ("Sit tall.\nSwitch legs.\nLift 1 heel.", "Step 2 (“Switch legs.”)"),
    ],
)
def test_steps_leave_counts_times_and_sides_to_the_dosage(admin_client, steps, named):
    response = admin_client.post("/admin/exercises/exercise/add/", form_data(steps=steps))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["steps"]
    assert errors == [
        f"{named}: a step must not give a count, a time or a side switch, because the dosage "
        "says how many, how long and which side. Write it without them: “Hold.” instead of "
        "“Hold for 5 seconds.”, and leave out “Switch legs.”"
    ]
    assert not Exercise.objects.exists()


def test_changelist_filters_and_search(admin_client):
    make_exercise(name="Water walking", category="pool")
    make_exercise(name="Heel raises", category="strength")
    html = admin_client.get("/admin/exercises/exercise/").content.decode()
    for title in ("By atrophy types", "By category", "By body region", "By is active"):
        assert title.lower() in html.lower()
    assert (
        "Heel raises"
        not in admin_client.get("/admin/exercises/exercise/?category__exact=pool").content.decode()
    )
    result = admin_client.get("/admin/exercises/exercise/?q=water").content.decode()
    assert "Water walking" in result
    assert "Heel raises" not in result


def test_archive_and_restore_actions(admin_client):
    exercise = make_exercise()
    admin_client.post(
        "/admin/exercises/exercise/", {"action": "archive", "_selected_action": [exercise.pk]}
    )
    exercise.refresh_from_db()
    assert exercise.is_active is False
    admin_client.post(
        "/admin/exercises/exercise/", {"action": "restore", "_selected_action": [exercise.pk]}
    )
    exercise.refresh_from_db()
    assert exercise.is_active is True


def test_deleting_an_exercise_used_by_a_program_explains_instead_of_failing(admin_client):
    program = make_program(exercises=1)
    exercise = program.items.get().exercise
    url = f"/admin/exercises/exercise/{exercise.pk}/delete/"
    page = admin_client.get(url)
    assert page.status_code == 200
    assert "part of a program, so it cannot be deleted" in page.content.decode()
    assert "archive it instead" in page.content.decode()
    response = admin_client.post(url, {"post": "yes"})
    assert response.status_code == 200
    assert Exercise.objects.filter(pk=exercise.pk).exists()


def test_bulk_delete_of_used_exercises_explains_too(admin_client):
    program = make_program(exercises=1)
    exercise = program.items.get().exercise
    response = admin_client.post(
        "/admin/exercises/exercise/",
        {"action": "delete_selected", "_selected_action": [exercise.pk], "post": "yes"},
    )
    assert response.status_code == 200
    assert "part of a program, so they cannot be deleted" in response.content.decode()
    assert Exercise.objects.filter(pk=exercise.pk).exists()


def test_an_unused_exercise_can_be_deleted_by_a_superuser(admin_client):
    exercise = make_exercise()
    response = admin_client.post(
        f"/admin/exercises/exercise/{exercise.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Exercise.objects.filter(pk=exercise.pk).exists()


def test_therapists_edit_but_cannot_delete_exercises(client):
    client.force_login(make_therapist())
    exercise = make_exercise()
    assert client.get(f"/admin/exercises/exercise/{exercise.pk}/change/").status_code == 200
    assert client.get(f"/admin/exercises/exercise/{exercise.pk}/delete/").status_code == 403


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"default_sets": "0"}, "default_sets", "Sets must be between 1 and 10."),
        (
            {"default_hold_seconds": "301"},
            "default_hold_seconds",
            "Hold must be between 0 and 300 seconds.",
        ),
        (
            {"default_repetitions": "", "default_duration_minutes": ""},
            "__all__",
            "Give a number of repetitions or a duration in minutes.",
        ),
        ({"default_sets": "1e400"}, "default_sets", "Enter a whole number."),
        ({"category": "brace_splint", "device": ""}, "device", "must name their device"),
    ],
)
def test_bad_dosage_or_missing_device_is_a_form_error_not_a_crash(
    admin_client, overrides, field, message
):
    response = admin_client.post("/admin/exercises/exercise/add/", form_data(**overrides))
    assert response.status_code == 200
    assert message in " ".join(response.context["adminform"].form.errors[field])
    assert not Exercise.objects.exists()


def test_program_autocomplete_offers_only_active_exercises(client):
    client.force_login(make_therapist())
    make_exercise(name="Wall squat")
    make_exercise(name="Wall slide", is_active=False)
    response = client.get(
        "/admin/autocomplete/",
        {
            "term": "wall",
            "app_label": "planner",
            "model_name": "programexercise",
            "field_name": "exercise",
        },
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Wall squat"]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"load": "none"}, "load", "works against body weight or added resistance"),
        ({"equipment": "band", "load": "body_weight"}, "load", "has added resistance"),
    ],
)
def test_a_load_that_contradicts_the_kind_is_refused(admin_client, overrides, field, message):
    response = admin_client.post("/admin/exercises/exercise/add/", form_data(**overrides))

    assert response.status_code == 200
    assert message in " ".join(response.context["adminform"].form.errors[field])
    assert not Exercise.objects.filter(slug="seated-heel-raises").exists()


def test_a_harder_version_needs_the_rule_for_moving_on(admin_client):
    harder = make_exercise(name="Standing heel raises")
    harder.atrophy_types.set(AtrophyType.objects.filter(code="physiologic"))
    data = form_data(harder_versions=[harder.pk])

    refused = admin_client.post("/admin/exercises/exercise/add/", data)
    assert "says when the patient may move on" in " ".join(
        refused.context["adminform"].form.errors["progress_rule"]
    )

    data["progress_rule"] = "When this feels easy for 1 week, ask your therapist."
    saved = admin_client.post("/admin/exercises/exercise/add/", data)

    assert saved.status_code == 302
    exercise = Exercise.objects.get(slug="seated-heel-raises")
    assert list(exercise.harder_versions.all()) == [harder]
    assert list(harder.easier_versions.all()) == [exercise]


def test_a_harder_version_must_suit_every_type_this_one_suits(admin_client):
    harder = make_exercise(name="Standing heel raises")  # tagged for no atrophy type
    data = form_data(
        harder_versions=[harder.pk], progress_rule="When this feels easy, ask your therapist."
    )

    refused = admin_client.post("/admin/exercises/exercise/add/", data)

    assert "is not tagged for physiologic" in " ".join(
        refused.context["adminform"].form.errors["harder_versions"]
    )
    assert not Exercise.objects.filter(slug="seated-heel-raises").exists()


def test_editing_a_translated_text_drops_the_translation_that_no_longer_matches(admin_client):
    assert admin_client.post("/admin/exercises/exercise/add/", form_data()).status_code == 302
    exercise = Exercise.objects.get()
    spanish = {"es": {"name": "Levantar los talones sentado", "steps": ["Siéntese."] * 3}}
    Exercise.objects.filter(pk=exercise.pk).update(translations=spanish)
    url = f"/admin/exercises/exercise/{exercise.pk}/change/"

    def change(**fields):
        revision = str(Exercise.objects.get().revision)
        return admin_client.post(url, form_data(expected_revision=revision, **fields))

    # A dosage is no text the library translates: the Spanish stays.
    assert change(default_sets="3").status_code == 302
    assert Exercise.objects.get().translations == spanish
    # New steps in English: the Spanish was written for the old ones, so it goes.
    assert change(steps="Sit tall.\nLift both heels high.\nLower them slowly.").status_code == 302
    assert Exercise.objects.get().translations == {}
    assert Exercise.objects.get().text("es").language == "en"


def test_editing_a_conditions_explanation_drops_its_translation(admin_client):
    condition = make_condition(translations={"es": {"name": "Fiebre", "explanation": "Calor."}})
    url = f"/admin/exercises/condition/{condition.pk}/change/"
    data = {
        "slug": condition.slug,
        "name": condition.name,
        "group": condition.group,
        "explanation": "A temperature of 38 °C or more.",
        "region": "",
        "is_active": "on",
        "expected_revision": str(condition.revision),
    }
    assert admin_client.post(url, data).status_code == 302
    condition.refresh_from_db()
    assert condition.translations == {}
    assert condition.words("es")["explanation"] == "A temperature of 38 °C or more."
