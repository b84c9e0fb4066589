"""The Content-Security-Policy on every kind of page, ``Cache-Control: no-store`` on every portal
page and every PDF, and no inline script or style in our own markup (the policy would block it).
tests/browser/test_security_policy.py checks the same policy in a real browser."""

import datetime
import re
from pathlib import Path

import pytest
from django.utils import timezone

from planner.responses import pdf_response
from tests.factories import make_plan, make_therapist, make_user

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[1]
TODAY = timezone.localdate()


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in header.split(";"))}


def no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "").replace(" ", "").split(",")


@pytest.fixture
def plan():
    """A patient with an account and a plan that started a week ago."""
    return make_plan(starts_on=TODAY - datetime.timedelta(days=7))


@pytest.fixture
def patient_client(client, plan):
    client.force_login(plan.patient.user)
    return client


@pytest.fixture
def plan_therapist_client(client, plan):
    client.force_login(plan.patient.therapist)
    return client


# --- Content-Security-Policy ---------------------------------------------------------------------


def test_the_policy_allows_only_our_own_files_and_nothing_inline(client):
    directives = policy(client.get("/accounts/login/"))
    assert directives == {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }


def test_the_portal_sends_the_policy(patient_client):
    response = patient_client.get("/portal/")
    assert response.status_code == 200
    assert "'unsafe-inline'" not in policy(response)["script-src"]
    assert policy(response)["frame-ancestors"] == ["'none'"]


def test_the_admin_sends_the_policy(client):
    client.force_login(make_therapist())
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "'unsafe-inline'" not in policy(response)["script-src"]
    assert "'unsafe-eval'" not in policy(response)["script-src"]


# What the policy would block if it appeared in our templates or in HTML our Python code writes.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)


def our_markup():
    for folder in ("templates", "accounts", "config", "core", "exercises", "planner", "portal"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix in (".html", ".py") and "migrations" not in path.parts:
                yield path.relative_to(ROOT), path.read_text(encoding="utf-8")


def test_our_markup_has_no_inline_script_handler_or_style():
    found = [
        f"{path}: {pattern.search(text)[0]}"
        for path, text in our_markup()
        for pattern in (INLINE_SCRIPT, EVENT_HANDLER, STYLE_ATTRIBUTE, JAVASCRIPT_URL)
        if pattern.search(text)
    ]
    assert found == []


def test_the_markup_check_finds_what_it_looks_for():
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert not INLINE_SCRIPT.search('<script src="/static/x.js"></script>')
    assert EVENT_HANDLER.search('<button type="button" onclick="go()">')
    assert STYLE_ATTRIBUTE.search("<strong style='color:red'>")
    assert not STYLE_ATTRIBUTE.search("Paragraph(text, style=styles['body'])")
    assert JAVASCRIPT_URL.search('<a href="javascript:go()">')


# --- Cache-Control: no-store ---------------------------------------------------------------------


# Not "page": pytest-playwright would take that name for its browser page.
@pytest.mark.parametrize("which", ["home", "log", "history", "password", "handout"])
def test_every_portal_page_is_no_store(patient_client, plan, which):
    item = plan.program.items.first()
    url = {
        "home": "/portal/",
        "log": f"/portal/log/{item.pk}/",
        "history": "/portal/history/",
        "password": "/portal/password/",
        "handout": f"/portal/handout/{plan.pk}/",
    }[which]
    response = patient_client.get(url)
    assert response.status_code == 200
    assert no_store(response)


def test_what_the_portal_answers_to_a_form_is_no_store(patient_client, plan):
    item = plan.program.items.first()
    response = patient_client.post(
        f"/portal/log/{item.pk}/", {"performed_on": TODAY.isoformat(), "done": "True"}
    )
    assert response.status_code == 302
    assert no_store(response)
    assert no_store(patient_client.post("/portal/check-in/", {}))


def test_the_portal_is_no_store_before_sign_in(client, plan):
    response = client.get("/portal/")
    assert response.status_code == 302
    assert no_store(response)


def test_the_activation_page_is_no_store(client):
    response = client.get("/accounts/activate/")
    assert response.status_code == 200
    assert no_store(response)
    signed_in = make_user()
    client.force_login(signed_in)
    assert no_store(client.get("/accounts/activate/"))


def test_the_admin_pages_are_no_store(plan_therapist_client, plan):
    response = plan_therapist_client.get(f"/admin/planner/patient/{plan.patient.pk}/change/")
    assert response.status_code == 200
    assert no_store(response)


@pytest.mark.parametrize("large_print", ["", "?large_print=1"])
def test_the_admin_handout_is_no_store(plan_therapist_client, plan, large_print):
    url = f"/admin/planner/assignment/{plan.pk}/handout/{large_print}"
    response = plan_therapist_client.get(url)
    assert response["Content-Type"] == "application/pdf"
    assert no_store(response)


def test_the_admin_print_action_is_no_store(plan_therapist_client, plan):
    response = plan_therapist_client.post(
        "/admin/planner/assignment/",
        {"action": "print_handouts", "_selected_action": [plan.pk]},
    )
    assert response["Content-Type"] == "application/pdf"
    assert no_store(response)


def test_pdf_response_is_no_store_whoever_sends_it():
    response = pdf_response(b"%PDF-1.4", "handout.pdf")
    assert no_store(response)
    assert response["Content-Disposition"] == 'attachment; filename="handout.pdf"'
