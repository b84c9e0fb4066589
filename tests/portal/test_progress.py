"""My progress in the portal: the signed-in patient's own charts only, in plain words."""

import datetime
import xml.etree.ElementTree as ET  # our own output, parsed to check it is well-formed
from decimal import Decimal

import pytest
import textstat
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from planner.models import LimbMeasurement
from tests.factories import make_exercise, make_patient, make_plan, make_session_log, make_user

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
HOSTILE = "<script>alert(1)</script>"


def patient_with_logs(logs, **fields):
    patient = make_patient(user=make_user(), **fields)
    plan = make_plan(patient, exercises=[make_exercise()], starts_on=TODAY - logs * DAY)
    for n in range(logs):
        make_session_log(plan, performed_on=TODAY - n * DAY, pain=n % 7, effort=3, note=HOSTILE)
    LimbMeasurement.objects.create(
        patient=patient,
        measured_on=TODAY - DAY,
        site="calf",
        left_cm=Decimal("35.5"),
        right_cm=Decimal("33.0"),
        landmark=HOSTILE,
        measured_by=patient.therapist,
    )
    return patient


@pytest.fixture
def mine(client):
    patient = patient_with_logs(10, display_name=HOSTILE)
    client.force_login(patient.user)
    return patient


def test_it_shows_my_charts_with_words_and_numbers(client, mine):
    response = client.get("/portal/progress/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    for slug in ["adherence", "pain-effort", "girth-calf"]:
        assert f'src="/portal/progress/{slug}.svg"' in html
    assert 'alt="How much you did each week. You did most of it' in html
    assert 'alt="The size of your calves, left and right.' in html
    assert html.count("Show the numbers</summary>") == 3
    assert HOSTILE not in html


def test_the_words_read_at_grade_six_or_below(client, mine):
    response = client.get("/portal/progress/")
    for chart in response.context["charts"]:
        for text in [chart.title, chart.alt]:
            assert textstat.flesch_kincaid_grade(text) <= 6.0, text


def test_the_home_page_links_to_it(client, mine):
    assert 'href="/portal/progress/"' in client.get("/portal/").content.decode()


@pytest.mark.parametrize("slug", ["adherence", "pain-effort", "girth-calf"])
def test_each_chart_is_mine(client, mine, slug):
    response = client.get(f"/portal/progress/{slug}.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert "no-store" in response["Cache-Control"]
    ET.fromstring(response.content)  # noqa: S314 - our own output
    assert b"<script" not in response.content


def test_no_function_tests_and_no_other_sites(client, mine):
    assert client.get("/portal/progress/chair-stands.svg").status_code == 404
    assert client.get("/portal/progress/girth-thigh.svg").status_code == 404


def test_another_patient_sees_only_their_own(client, mine):
    other = make_patient(user=make_user())  # no logs, no girth
    client.force_login(other.user)
    html = client.get("/portal/progress/").content.decode()
    assert "nothing logged yet" in html
    assert "girth-calf" not in html
    assert client.get("/portal/progress/girth-calf.svg").status_code == 404
    adherence = client.get("/portal/progress/adherence.svg")
    assert b"No logs yet" in adherence.content


def test_it_sends_the_signed_out_to_sign_in(client, mine):
    client.logout()
    for url in ["/portal/progress/", "/portal/progress/adherence.svg"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_a_therapist_goes_to_the_admin(client, mine):
    client.force_login(mine.therapist)
    response = client.get("/portal/progress/adherence.svg")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_the_query_count_does_not_grow_with_the_logs(client):
    counts = []
    for logs in (10, 200):
        patient = patient_with_logs(logs)
        client.force_login(patient.user)
        for url in ["/portal/progress/", "/portal/progress/pain-effort.svg"]:
            client.get(url)  # the session, warm
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            counts.append(len(captured))
    assert counts[:2] == counts[2:]
