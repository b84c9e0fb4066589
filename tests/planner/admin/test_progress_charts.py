"""The patient page's "Progress" section and its chart images: owner, colleague, signed out;
words and numbers beside each chart; a fixed number of queries; hostile text stays text."""

import datetime
import xml.etree.ElementTree as ET  # our own output, parsed to check it is well-formed
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from planner.models import FunctionTest, LimbMeasurement
from tests.factories import make_exercise, make_patient, make_plan, make_session_log

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
HOSTILE = "<script>alert(1)</script>"


def chart_url(patient, slug):
    return f"/admin/planner/patient/{patient.pk}/progress/{slug}.svg"


def page_url(patient):
    return f"/admin/planner/patient/{patient.pk}/change/"


def with_history(patient, *, logs):
    """A plan of one exercise started ``logs`` days ago, logged every day, and a thigh girth and
    function tests."""
    plan = make_plan(patient, exercises=[make_exercise()], starts_on=TODAY - logs * DAY)
    for n in range(logs):
        make_session_log(
            plan, performed_on=TODAY - n * DAY, done=True, pain=n % 9, effort=4, note=HOSTILE
        )
    for weeks_ago, right in [(10, "44.0"), (1, "42.5")]:
        LimbMeasurement.objects.create(
            patient=patient,
            measured_on=TODAY - weeks_ago * 7 * DAY,
            site="thigh",
            left_cm=Decimal("45.0"),
            right_cm=Decimal(right),
            landmark=HOSTILE,
            measured_by=patient.therapist,
        )
    FunctionTest.objects.create(
        patient=patient,
        tested_on=TODAY - 3 * DAY,
        chair_stands=9,
        grip_left_kg=Decimal("19.5"),
        measured_by=patient.therapist,
    )
    return plan


@pytest.fixture
def charted(patient):
    with_history(patient, logs=10)
    return patient


def svg_texts(response):
    root = ET.fromstring(response.content)  # noqa: S314 - our own output
    return [t.strip() for t in root.itertext() if t.strip()]


@pytest.mark.parametrize(
    "slug", ["adherence", "pain-effort", "girth-thigh", "chair-stands", "grip"]
)
def test_it_serves_each_chart_to_the_patients_therapist(therapist_client, charted, slug):
    response = therapist_client.get(chart_url(charted, slug))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert "no-store" in response["Cache-Control"]
    assert "Content-Security-Policy" in response  # the site's policy, untouched
    assert svg_texts(response)


def test_the_svg_names_its_series_and_values(therapist_client, charted):
    words = svg_texts(therapist_client.get(chart_url(charted, "girth-thigh")))
    assert {"Left", "Right", "45 cm", "42 cm"} <= set(words)
    words = svg_texts(therapist_client.get(chart_url(charted, "pain-effort")))
    assert {"Pain (highest that day)", "Effort (average that day)", "8", "10"} <= set(words)


def test_it_is_not_found_for_another_therapist(client, other_therapist, charted):
    client.force_login(other_therapist)
    assert client.get(chart_url(charted, "adherence")).status_code == 404
    # as for the patient's own page, which the admin answers with a redirect and a message
    assert client.get(page_url(charted)).status_code == 302


def test_it_sends_the_signed_out_to_sign_in(client, charted):
    response = client.get(chart_url(charted, "adherence"))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_an_unknown_chart_is_not_found(therapist_client, charted):
    assert therapist_client.get(chart_url(charted, "girth-calf")).status_code == 404
    assert therapist_client.get(chart_url(charted, "nothing")).status_code == 404


def test_the_page_shows_each_chart_with_its_words_and_numbers(therapist_client, charted):
    response = therapist_client.get(page_url(charted))
    html = response.content.decode()
    assert "<h2>Progress</h2>" in html
    for slug in ["adherence", "pain-effort", "girth-thigh", "chair-stands", "grip"]:
        assert f'src="{chart_url(charted, slug)}"' in html
    assert 'alt="Adherence by week: ' in html
    assert 'alt="Thigh girth: left 45 cm, right 42.5 cm' in html
    assert html.count("<summary>Show the numbers</summary>") == 5
    assert "<td>42.5</td>" in html
    assert "No function tests yet" not in html


def test_no_logs_yet_is_said_not_an_error(therapist_client, patient):
    html = therapist_client.get(page_url(patient)).content.decode()
    assert 'alt="Adherence by week: no logs in the last 12 weeks."' in html
    assert "No girth measurements yet." in html
    assert "No function tests yet." in html
    response = therapist_client.get(chart_url(patient, "pain-effort"))
    assert response.status_code == 200
    assert "No logs yet" in svg_texts(response)


def test_hostile_text_stays_text(therapist_client, therapist):
    patient = make_patient(therapist=therapist, display_name=HOSTILE)
    with_history(patient, logs=3)
    html = therapist_client.get(page_url(patient)).content.decode()
    assert HOSTILE not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # the landmark, in the table
    for slug in ["adherence", "pain-effort", "girth-thigh", "chair-stands"]:
        assert b"<script" not in therapist_client.get(chart_url(patient, slug)).content


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("slug", ["adherence", "girth-thigh"])
def test_the_query_count_does_not_grow_with_the_logs(therapist_client, therapist, slug):
    few = make_patient(therapist=therapist)
    many = make_patient(therapist=therapist)
    with_history(few, logs=10)
    with_history(many, logs=200)
    assert queries(therapist_client, chart_url(few, slug)) == queries(
        therapist_client, chart_url(many, slug)
    )


def test_the_page_query_count_does_not_grow_with_the_logs(therapist_client, therapist):
    few = make_patient(therapist=therapist)
    many = make_patient(therapist=therapist)
    with_history(few, logs=10)
    with_history(many, logs=200)
    therapist_client.get(page_url(few))  # warm the session and content types
    assert queries(therapist_client, page_url(few)) == queries(therapist_client, page_url(many))
