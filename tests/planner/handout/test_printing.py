"""Where handouts are printed: the admin button and action, and the two commands."""

import datetime
import io

import pdfplumber
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader

from planner.models import AuditEvent
from tests.factories import make_exercise, make_patient, make_plan, make_user

pytestmark = pytest.mark.django_db
# print_handouts' workers are other processes: they see committed rows only (PostgreSQL), and
# the command closes the parent's connection before forking them.
IN_WORKERS = pytest.mark.django_db(transaction=True, serialized_rollback=True)
DAY = datetime.timedelta(days=1)


def plan(therapist, name, exercises=1):
    """A plan for a patient called ``name`` who has an account, starting today."""
    patient = make_patient(therapist=therapist, display_name=name, user=make_user())
    return make_plan(patient, exercises=[make_exercise() for _ in range(exercises)])


def pdf_pages_text(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def test_the_button_downloads_the_handout_and_audits_it(client, therapist):
    assignment = plan(therapist, "Maria Lopez")
    client.force_login(therapist)
    page = client.get(f"/admin/planner/assignment/{assignment.pk}/change/").content.decode()
    assert f"/admin/planner/assignment/{assignment.pk}/handout/" in page
    response = client.get(f"/admin/planner/assignment/{assignment.pk}/handout/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="handout-maria-lopez-v1.pdf"'
    assert "Maria Lopez" in pdf_pages_text(response.content)[0]
    event = AuditEvent.objects.get(action="printed")
    assert (event.actor, event.patient, event.detail["via"]) == (
        therapist,
        assignment.patient,
        "admin",
    )


def test_the_button_can_print_large(client, therapist):
    assignment = plan(therapist, "Maria Lopez")
    client.force_login(therapist)
    response = client.get(f"/admin/planner/assignment/{assignment.pk}/handout/?large_print=1")
    with pdfplumber.open(io.BytesIO(response.content)) as document:
        assert max(c["size"] for c in document.pages[0].chars) >= 24
        # pdfplumber derives sizes from the text matrix: 14 pt may read as 13.99999.
        assert min(c["size"] for c in document.pages[0].chars) >= 14 - 0.01


def test_another_therapists_handout_is_404(client, therapist, other_therapist):
    theirs = plan(other_therapist, "Tom Theirs")
    client.force_login(therapist)
    assert client.get(f"/admin/planner/assignment/{theirs.pk}/handout/").status_code == 404
    assert not AuditEvent.objects.filter(action="printed").exists()


def test_patients_and_anonymous_cannot_print_from_the_admin(client, therapist):
    assignment = plan(therapist, "Maria Lopez")
    url = f"/admin/planner/assignment/{assignment.pk}/handout/"
    assert client.get(url)["Location"].startswith("/admin/login/")
    client.force_login(assignment.patient.user)
    assert client.get(url)["Location"].startswith("/admin/login/")


def test_the_action_prints_one_pdf_with_every_selected_handout(client, therapist):
    first, second = plan(therapist, "Anna Able"), plan(therapist, "Bert Baker")
    client.force_login(therapist)
    response = client.post(
        "/admin/planner/assignment/",
        {"action": "print_handouts", "_selected_action": [first.pk, second.pk]},
    )
    assert response["Content-Type"] == "application/pdf"
    pages = pdf_pages_text(response.content)
    firsts = [text for text in pages if "YOUR HOME EXERCISE PLAN" in text]
    assert [("Anna Able" in t, "Bert Baker" in t) for t in firsts] == [(True, False), (False, True)]
    # Each handout keeps its own page numbers.
    assert sum("Page 1 of" in text for text in pages) == 2
    assert AuditEvent.objects.filter(action="printed").count() == 2


def test_the_action_query_count_does_not_grow_with_the_exercises(client, therapist):
    client.force_login(therapist)

    def queries_for(assignments):
        with CaptureQueriesContext(connection) as queries:
            response = client.post(
                "/admin/planner/assignment/",
                {"action": "print_handouts", "_selected_action": [a.pk for a in assignments]},
            )
        assert response["Content-Type"] == "application/pdf"
        pages = pdf_pages_text(response.content)
        assert sum("Page 1 of" in text for text in pages) == len(assignments)
        return len(queries)

    few = queries_for([plan(therapist, "A", exercises=2), plan(therapist, "B", exercises=2)])
    many = queries_for([plan(therapist, "C", exercises=25), plan(therapist, "D", exercises=25)])
    assert many == few


def test_handout_command_writes_the_file(tmp_path, therapist):
    assignment = plan(therapist, "Maria Lopez")
    target = tmp_path / "maria.pdf"
    out = io.StringIO()
    call_command("handout", str(assignment.pk), "-o", str(target), "--large-print", stdout=out)
    assert "Maria Lopez" in pdf_pages_text(target.read_bytes())[0]
    assert f"Wrote {target}" in out.getvalue()
    event = AuditEvent.objects.get(action="printed")
    assert event.detail == {"large_print": True, "language": "en", "via": "command"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["999999", "-o", "{tmp}/x.pdf"], "There is no assignment 999999."),
        (["{pk}", "-o", "{tmp}/missing/x.pdf"], "does not exist"),
        (["{pk}", "-o", "{tmp}/x.pdf", "--lang", "fr"], "There is no handout text in 'fr' yet"),
    ],
)
def test_handout_command_errors_are_clear(tmp_path, therapist, args, message):
    assignment = plan(therapist, "Maria Lopez")
    args = [a.format(tmp=tmp_path, pk=assignment.pk) for a in args]
    with pytest.raises(CommandError, match=message):
        call_command("handout", *args)
    assert not (tmp_path / "x.pdf").exists()


@IN_WORKERS
@pytest.mark.parametrize("workers", ["1", "2"])
def test_print_handouts_writes_every_active_plan(tmp_path, therapist, other_therapist, workers):
    mine = [plan(therapist, "Anna Able"), plan(therapist, "Bert Baker", exercises=3)]
    theirs = plan(other_therapist, "Tom Theirs")
    ended = plan(therapist, "Old Plan")
    ended.status = "completed"
    ended.save()
    err, out = io.StringIO(), io.StringIO()
    call_command(
        "print_handouts", "-o", str(tmp_path), "--workers", workers, stdout=out, stderr=err
    )
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted(
        [
            f"anna-able-{mine[0].pk}-v1.pdf",
            f"bert-baker-{mine[1].pk}-v1.pdf",
            f"tom-theirs-{theirs.pk}-v1.pdf",
        ]
    )
    assert "Bert Baker" in pdf_pages_text((tmp_path / names[1]).read_bytes())[0]
    assert "3/3" in err.getvalue()  # the progress bar finished
    assert AuditEvent.objects.filter(action="printed").count() == 3


@IN_WORKERS
def test_print_handouts_skips_plans_that_have_ended_but_not_those_yet_to_start(tmp_path, therapist):
    today = timezone.localdate()  # what the command calls today
    ended = plan(therapist, "Ended Yesterday")
    ended.starts_on, ended.ends_on = today - 10 * DAY, today - DAY
    ended.save()
    last_day = plan(therapist, "Ends Today")
    last_day.starts_on, last_day.ends_on = today - 10 * DAY, today
    last_day.save()
    later = plan(therapist, "Starts Later")
    later.starts_on = today + 7 * DAY
    later.save()
    call_command("print_handouts", "-o", str(tmp_path), stderr=io.StringIO(), stdout=io.StringIO())
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        f"ends-today-{last_day.pk}-v1.pdf",
        f"starts-later-{later.pk}-v1.pdf",
    ]


@IN_WORKERS
def test_print_handouts_for_one_therapist(tmp_path, therapist, other_therapist):
    plan(therapist, "Anna Able")
    plan(other_therapist, "Tom Theirs")
    call_command(
        "print_handouts",
        "-o",
        str(tmp_path),
        "--therapist",
        therapist.username,
        stderr=io.StringIO(),
        stdout=io.StringIO(),
    )
    assert [p.name.split("-")[0] for p in tmp_path.iterdir()] == ["anna"]
    with pytest.raises(CommandError, match="no therapist with the username 'nobody'"):
        call_command("print_handouts", "-o", str(tmp_path), "--therapist", "nobody")
