"""The admin's front page opens on "Needs attention", and items are marked seen there (issue 15)."""

import datetime

import pytest

from planner.models import AuditEvent, SessionLog, WorklistSeen
from tests.factories import make_assignment, make_patient, make_therapist, make_user

pytestmark = pytest.mark.django_db
SEEN = "/admin/worklist/seen/"


@pytest.fixture
def painful(therapist):
    patient = make_patient(therapist=therapist, display_name="Ana <b>Ruiz</b>")
    plan = make_assignment(patient, starts_on=datetime.date.today() - datetime.timedelta(days=3))
    log = SessionLog.objects.create(
        assignment=plan,
        program_exercise=plan.program.items.first(),
        performed_on=datetime.date.today(),
        pain=8,
        note="knee hurt in the <water>",
    )
    return patient, log


def test_the_front_page_opens_on_needs_attention(therapist_client, painful):
    _patient, log = painful
    html = therapist_client.get("/admin/").content.decode()
    assert html.index('id="needs-attention"') < html.index('id="start-here-heading"')
    assert "Needs attention (1)" in html
    assert "Pain 8/10" in html
    assert "knee hurt in the &lt;water&gt;" in html  # the patient's words, as text
    assert "Ana &lt;b&gt;Ruiz&lt;/b&gt;" in html
    assert f'href="/admin/planner/sessionlog/{log.pk}/change/"' in html


def test_nothing_to_do_says_so(therapist_client):
    html = therapist_client.get("/admin/").content.decode()
    assert "Nothing needs your attention now" in html


def test_marking_seen_empties_the_list_and_is_audited(therapist_client, therapist, painful):
    patient, log = painful
    response = therapist_client.post(
        SEEN, {"patient": patient.pk, "rule": "pain", "evidence": f"log:{log.pk}"}
    )
    assert response["Location"] == "/admin/#needs-attention"
    assert WorklistSeen.objects.get().seen_by == therapist
    assert AuditEvent.objects.filter(action="seen", patient=patient, actor=therapist).count() == 1
    html = therapist_client.get("/admin/").content.decode()
    assert "Nothing needs your attention now" in html


@pytest.mark.parametrize(
    "data",
    [
        {"patient": "abc", "rule": "pain", "evidence": "log:1"},
        {"patient": "", "rule": "pain", "evidence": "log:1"},
    ],
)
def test_a_tampered_patient_is_not_found(therapist_client, painful, data):
    assert therapist_client.post(SEEN, data).status_code == 404
    assert not WorklistSeen.objects.exists()


@pytest.mark.parametrize(
    ("rule", "evidence"), [("no_such_rule", "log:1"), ("pain", ""), ("pain", "x" * 101)]
)
def test_a_tampered_item_changes_nothing_and_says_so(therapist_client, painful, rule, evidence):
    patient, _ = painful
    response = therapist_client.post(
        SEEN, {"patient": patient.pk, "rule": rule, "evidence": evidence}, follow=True
    )
    assert "could not be marked seen" in response.content.decode()
    assert not WorklistSeen.objects.exists()
    assert not AuditEvent.objects.filter(action="seen").exists()


def test_another_therapists_patient_is_not_found(client, painful):
    patient, _log = painful
    client.force_login(make_therapist())
    response = client.post(SEEN, {"patient": patient.pk, "rule": "pain", "evidence": "log:1"})
    assert response.status_code == 404
    assert not WorklistSeen.objects.exists()
    assert "Pain 8/10" not in client.get("/admin/").content.decode()


def test_anonymous_and_patients_are_sent_to_sign_in(client, painful):
    patient, _ = painful
    data = {"patient": patient.pk, "rule": "pain", "evidence": "log:1"}
    assert client.post(SEEN, data)["Location"] == "/admin/login/?next=/admin/worklist/seen/"
    user = make_user("maria")
    make_patient(user=user)
    client.force_login(user)
    assert client.post(SEEN, data)["Location"] == "/admin/login/?next=/admin/worklist/seen/"
    assert not WorklistSeen.objects.exists()


def test_marking_seen_needs_a_post(therapist_client):
    assert therapist_client.get(SEEN).status_code == 405


def test_the_patient_list_shows_each_patients_open_alerts(therapist_client, therapist, painful):
    patient, log = painful
    calm = make_patient(therapist=therapist, display_name="Calm Patient")
    response = therapist_client.get("/admin/planner/patient/")
    rows = {p.pk: p.open_items for p in response.context["cl"].result_list}
    assert [i.rule for i in rows[patient.pk]] == ["pain"]
    assert rows[calm.pk] == []
    assert '<strong class="patient-alert">Pain 7 or more</strong>' in response.content.decode()
    # Seen: gone from the column too.
    therapist_client.post(
        SEEN, {"patient": patient.pk, "rule": "pain", "evidence": f"log:{log.pk}"}
    )
    response = therapist_client.get("/admin/planner/patient/")
    assert "patient-alert" not in response.content.decode()
