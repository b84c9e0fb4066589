"""The optional "Your progress" page: one more page with the charts and their captions, nothing
changed without it, the admin link scoped like the plain handout, and a fixed number of queries."""

import datetime
import io
import re
from decimal import Decimal

import pdfplumber
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from planner.charts import short_date
from planner.handout import build_handout, render_handout
from planner.handout.data import HandoutData, ProgressPage
from planner.models import AuditEvent, LimbMeasurement, MeasurementSite
from planner.selectors.adherence import WeekAdherence, monday
from planner.selectors.progress import Girth
from tests.factories import make_exercise, make_patient, make_plan, make_session_log, make_user

TODAY = timezone.localdate()
DAY, WEEK = datetime.timedelta(days=1), datetime.timedelta(weeks=1)
START = TODAY - 20 * DAY
WORST_DAY = START + 2 * DAY


def pages(pdf: bytes) -> list[str]:
    """Each page's text, with runs of spaces (no-break ones too) folded."""
    return [re.sub(r"\s+", " ", page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]


def history(therapist, *, logs=21):
    """A daily plan of one exercise started 20 days ago, logged done on each of the last
    ``logs`` days (pain 2, a 7 two days after the start; effort 4), and a thigh girth."""
    patient = make_patient(therapist=therapist, display_name="Maria Lopez", user=make_user())
    plan = make_plan(patient, exercises=[make_exercise()], starts_on=START)
    plan.program.items.update(times_per_day=1, days_per_week=7)
    for n in range(logs):
        day = TODAY - n * DAY  # before the start too: loaded, never counted
        make_session_log(
            plan, performed_on=day, done=True, pain=7 if day == WORST_DAY else 2, effort=4
        )
    LimbMeasurement.objects.create(
        patient=patient,
        measured_on=TODAY - 7 * DAY,
        site=MeasurementSite.THIGH,
        left_cm=Decimal("45.0"),
        right_cm=Decimal("42.5"),
        measured_by=therapist,
    )
    return plan


@pytest.mark.django_db
def test_the_page_is_one_more_page_with_the_charts_in_words(therapist):
    plan = history(therapist)
    without, with_page = pages(render_handout(plan)), pages(render_handout(plan, progress=True))
    assert len(with_page) == len(without) + 1
    last = with_page[-1]
    weeks = (monday(TODAY) - monday(START)).days // 7 + 1
    for expected in (
        "YOUR PROGRESS",
        "This is what you logged online in the last 12 weeks.",
        "How much you did each week",
        f"You did 8 in 10 or more of your plan in {weeks} of {weeks} weeks, and 100 % of it "
        f"in the week of {short_date(monday(TODAY))}.",
        "Your pain and effort each week, 0 to 10",
        "Worst pain",
        "Your effort",
        f"Your worst pain was 7, in the week of {short_date(monday(WORST_DAY))}, and 2 in the "
        f"week of {short_date(monday(TODAY))}; your effort was about 4.",
        "Your arms and legs, in cm",
        f"On {short_date(TODAY - 7 * DAY)}, left and right: thighs 45 and 42.5 cm.",
        f"Page {len(with_page)} of {len(with_page)}",
    ):
        assert expected in last, expected
    # The pages before it are the handout as it was.
    assert [re.sub(r"Page \d+ of \d+", "", p) for p in with_page[:-1]] == [
        re.sub(r"Page \d+ of \d+", "", p) for p in without
    ]


@pytest.mark.django_db
def test_without_the_flag_nothing_changes(therapist):
    plan = history(therapist)
    plain = render_handout(plan)
    assert render_handout(plan, progress=False) == plain
    assert not any("YOUR PROGRESS" in page for page in pages(plain))


@pytest.mark.django_db
@pytest.mark.parametrize("large_print", [False, True])
def test_a_patient_with_nothing_logged_gets_a_page_that_says_so(therapist, large_print):
    patient = make_patient(therapist=therapist, user=make_user())
    plan = make_plan(patient, starts_on=START)
    without = pages(render_handout(plan, large_print=large_print))
    with_page = pages(render_handout(plan, large_print=large_print, progress=True))
    assert len(with_page) == len(without) + 1
    assert "YOUR PROGRESS" in with_page[-1]
    assert "There is nothing to show yet." in with_page[-1]
    assert "How much you did each week" not in with_page[-1]


@pytest.mark.django_db
def test_girth_alone_says_nothing_is_logged_yet(therapist):
    plan = history(therapist, logs=0)
    last = pages(render_handout(plan, progress=True))[-1]
    assert "You have not logged any exercise online yet." in last
    assert "thighs 45 and 42.5 cm" in last


@pytest.mark.django_db
def test_large_print_keeps_every_letter_at_14_pt_or_more(therapist):
    plan = history(therapist)
    pdf = render_handout(plan, large_print=True, progress=True)
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        chars = document.pages[-1].chars
        assert "YOUR PROGRESS" in document.pages[-1].extract_text()
    # pdfplumber derives sizes from the text matrix: 14 pt may read as 13.99999.
    assert min(c["size"] for c in chars) >= 14 - 0.01


# Any history, either print size: never an exception, always exactly one more page. -------------

BASE = HandoutData(
    clinic="Riverside Rehab",
    site_url="https://rehab.example",
    therapist="J. Smith",
    patient="Maria Lopez",
    patient_has_account=True,
    invite_code="",
    large_print=False,
    program="Knee strength",
    version=3,
    starts_on=datetime.date(2026, 12, 1),
    ends_on=None,
    clinic_phone="555-0100",
)
FIRST_MONDAY = datetime.date(2026, 9, 7)


@st.composite
def weeks(draw):
    made = []
    for n in range(12):
        prescribed = draw(st.sampled_from([0, 1, 3, 7, 14, 42]))
        logged = draw(st.integers(0, 60)) if prescribed else 0
        pain = draw(st.none() | st.integers(0, 10))
        effort = draw(st.none() | st.floats(0, 10))
        made.append(
            WeekAdherence(
                week_start=FIRST_MONDAY + n * WEEK,
                prescribed=float(prescribed),
                logged=float(logged),
                rate=logged / prescribed if prescribed else None,
                pain_max=pain,
                pain_mean=pain,
                effort_mean=effort,
                logs=logged,
            )
        )
    return made


centimetres = st.decimals(min_value=Decimal("5.0"), max_value=Decimal("99.9"), places=1)
girths = st.dictionaries(
    st.sampled_from(MeasurementSite.values),
    st.lists(
        st.builds(
            Girth,
            st.dates(FIRST_MONDAY, FIRST_MONDAY + 12 * WEEK),
            centimetres,
            centimetres,
            st.just(""),
        ),
        min_size=1,
        max_size=4,
    ).map(lambda points: sorted(points, key=lambda g: g.measured_on)),
    max_size=4,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(history=weeks(), girth=girths, large_print=st.booleans())
def test_any_history_adds_exactly_one_page(history, girth, large_print):
    page = ProgressPage(weeks=history, girth=girth)
    plain = build_handout(BASE, large_print=large_print)
    charted = build_handout(
        HandoutData(**{**BASE.__dict__, "progress": page}), large_print=large_print
    )
    text = pages(charted)
    assert len(text) == len(pages(plain)) + 1
    assert "YOUR PROGRESS" in text[-1]


# Where it is printed: the admin's object tool, the command and the query count. ----------------


def handout_url(plan):
    return f"/admin/planner/assignment/{plan.pk}/handout/?progress=1"


@pytest.mark.django_db
def test_the_admin_tool_prints_it_for_the_patients_therapist(client, therapist):
    plan = history(therapist)
    client.force_login(therapist)
    page = client.get(f"/admin/planner/assignment/{plan.pk}/change/").content.decode()
    assert f'href="{handout_url(plan)}">Print with progress page</a>' in page
    response = client.get(handout_url(plan))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "YOUR PROGRESS" in pages(response.content)[-1]
    event = AuditEvent.objects.get(action="printed")
    assert event.detail == {
        "large_print": False,
        "language": "en",
        "via": "admin",
        "progress": True,
    }


@pytest.mark.django_db
def test_another_therapist_gets_404_as_for_the_plain_handout(client, therapist, other_therapist):
    theirs = history(other_therapist)
    client.force_login(therapist)
    assert client.get(handout_url(theirs)).status_code == 404
    assert not AuditEvent.objects.filter(action="printed").exists()


@pytest.mark.django_db
def test_patients_and_anonymous_are_sent_to_sign_in(client, therapist):
    plan = history(therapist)
    assert client.get(handout_url(plan))["Location"].startswith("/admin/login/")
    client.force_login(plan.patient.user)
    assert client.get(handout_url(plan))["Location"].startswith("/admin/login/")


@pytest.mark.django_db
def test_the_command_adds_the_page(tmp_path, therapist):
    plan = history(therapist)
    target = tmp_path / "maria.pdf"
    call_command("handout", str(plan.pk), "-o", str(target), "--progress", stdout=io.StringIO())
    assert "YOUR PROGRESS" in pages(target.read_bytes())[-1]
    assert AuditEvent.objects.get(action="printed").detail["progress"] is True


@pytest.mark.django_db
def test_print_handouts_adds_the_page(tmp_path, therapist):
    history(therapist)
    call_command(
        "print_handouts",
        "-o",
        str(tmp_path),
        "--workers",
        "1",
        "--progress",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    (pdf,) = tmp_path.iterdir()
    assert "YOUR PROGRESS" in pages(pdf.read_bytes())[-1]


@pytest.mark.django_db
def test_the_query_count_does_not_grow_with_the_logs(therapist):
    def queries_for(logs):
        plan = history(therapist, logs=logs)
        with CaptureQueriesContext(connection) as queries:
            render_handout(plan, progress=True)
        return len(queries)

    assert queries_for(10) == queries_for(200)
