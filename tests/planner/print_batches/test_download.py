"""Downloading a batch's PDF: only the therapist who asked (or a superuser), each download
recorded as printing the handouts again, never cached."""

import pytest
from django.test import override_settings
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from planner.models import (
    Assignment,
    AuditAction,
    AuditEvent,
    AuditOutcome,
    BatchStatus,
    HandoutBatch,
)
from planner.services.print_batches import expire_batches, queue_handout_batch
from planner.services.records import void_record
from tests.factories import make_patient, make_plan, make_therapist, make_user
from tests.planner.print_batches.conftest import IMMEDIATE, batch_pdf, first_pages

pytestmark = pytest.mark.django_db


@pytest.fixture
def batch(therapist):
    plans = [make_plan(make_patient(therapist, display_name=n)) for n in ("Ann Ash", "Ben Bo")]
    with override_settings(TASKS=IMMEDIATE):
        made = queue_handout_batch(assignments=plans, by=therapist)
    made.refresh_from_db()
    assert made.status == BatchStatus.READY
    return made


def url(batch) -> str:
    return reverse("handout_batch_download", args=[batch.pk])


def said(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def events(action):
    return AuditEvent.objects.filter(action=action).order_by("pk")


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_it_gives_the_therapist_who_asked_the_pdf_as_an_attachment(therapist_client, batch):
    response = therapist_client.get(url(batch))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="handouts-{batch.requested_at:%Y-%m-%d}-{batch.pk}.pdf"'
    )
    assert "no-store" in response["Cache-Control"]
    content = body(response)
    assert content == batch_pdf(batch)
    assert [("Ann Ash" in p, "Ben Bo" in p) for p in first_pages(content)] == [
        (True, False),
        (False, True),
    ]


def test_each_download_is_recorded_as_printing_each_handout(therapist_client, therapist, batch):
    printed_by_job = events(AuditAction.PRINTED).count()

    body(therapist_client.get(url(batch)))

    downloads = list(events(AuditAction.PRINTED)[printed_by_job:])
    assert [e.object_id for e in downloads] == [str(pk) for pk in batch.printed_ids]
    assert {(e.actor, e.detail["via"], e.detail["batch"]) for e in downloads} == {
        (therapist, "batch download", batch.pk)
    }
    batch.refresh_from_db()
    assert batch.downloaded_at is not None


def test_it_refuses_another_therapist_with_404_and_records_it(client, batch):
    stranger = make_therapist()
    client.force_login(stranger)
    printed = events(AuditAction.PRINTED).count()

    response = client.get(url(batch))

    assert response.status_code == 404
    denied = events(AuditAction.DENIED).get()
    assert (denied.actor, denied.outcome, denied.object_id) == (
        stranger,
        AuditOutcome.REFUSED,
        str(batch.pk),
    )
    assert events(AuditAction.PRINTED).count() == printed


def test_a_batch_that_does_not_exist_is_404_without_a_denied_event(therapist_client, batch):
    response = therapist_client.get(reverse("handout_batch_download", args=[batch.pk + 1]))

    assert response.status_code == 404
    assert not events(AuditAction.DENIED).exists()


def test_it_sends_a_patient_to_the_staff_sign_in(client, batch):
    client.force_login(make_user())  # a patient's portal account is not staff

    response = client.get(url(batch))

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_it_sends_anonymous_to_the_staff_sign_in(client, batch):
    response = client.get(url(batch))

    assert response.status_code == 302
    assert response["Location"] == f"/admin/login/?next={url(batch)}"


def test_a_superuser_may_download_and_it_stays_on_the_therapists_front_page(client, batch):
    client.force_login(make_therapist(is_superuser=True))

    response = client.get(url(batch))

    assert body(response) == batch_pdf(batch)
    batch.refresh_from_db()
    assert batch.downloaded_at is None


def test_it_rejects_post(therapist_client, batch):
    assert therapist_client.post(url(batch)).status_code == 405


@pytest.mark.parametrize(
    ("status", "failure", "message"),
    [
        (
            BatchStatus.QUEUED,
            "",
            "Those handouts are still being printed; the front page shows when the PDF is ready.",
        ),
        (
            BatchStatus.FAILED,
            "The handouts could not be made.",
            "Those handouts could not be printed: The handouts could not be made.",
        ),
    ],
)
def test_a_batch_not_ready_sends_the_therapist_back_with_why(
    therapist_client, therapist, status, failure, message
):
    waiting = HandoutBatch.objects.create(
        requested_by=therapist, assignment_ids=[1], status=status, failure=failure
    )

    response = therapist_client.get(url(waiting), follow=True)

    assert response.redirect_chain == [("/admin/", 302)]
    assert said(response) == [message]
    assert not events(AuditAction.PRINTED).exists()


def test_an_expired_batch_says_its_pdf_was_deleted(therapist_client, batch):
    HandoutBatch.objects.filter(pk=batch.pk).update(
        finished_at=batch.finished_at.replace(year=2000)
    )
    expire_batches()

    response = therapist_client.get(url(batch), follow=True)

    assert said(response) == [
        "That PDF was deleted 7 days after it was printed, as every batch's is; the record of "
        "what was printed stays. Select the plans and print them again."
    ]


def test_a_pdf_missing_from_the_server_is_said_not_a_500(therapist_client, batch):
    batch.pdf.storage.delete(batch.pdf.name)

    response = therapist_client.get(url(batch), follow=True)

    assert said(response) == [
        "That PDF is no longer on the server. Select the plans and print them again."
    ]


@hyp_settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(batch_id=st.integers(min_value=0, max_value=10**30))
def test_any_id_in_the_address_is_a_download_or_a_404_never_an_error(therapist_client, batch_id):
    response = therapist_client.get(f"/admin/handouts/batch/{batch_id}/pdf/")

    assert response.status_code == 404


def _withheld(response, count: int) -> None:
    assert response.redirect_chain == [("/admin/", 302)]
    assert said(response) == [
        f"That PDF is not given out: {count} of its handouts are for plans you may no longer "
        "print (the patient moved to another therapist, or the plan was voided). Select the "
        "plans and print them again."
    ]


def test_it_withholds_the_pdf_once_a_patient_in_it_moved_to_another_therapist(
    therapist_client, therapist, batch
):
    printed = events(AuditAction.PRINTED).count()
    moved = Assignment.objects.get(pk=batch.printed_ids[1]).patient
    moved.therapist = make_therapist()
    moved.save(update_fields=["therapist"])

    response = therapist_client.get(url(batch), follow=True)

    _withheld(response, 1)
    assert events(AuditAction.PRINTED).count() == printed
    denied = events(AuditAction.DENIED).get()
    assert (denied.actor, denied.object_id, denied.detail["withheld"]) == (
        therapist,
        str(batch.pk),
        1,
    )
    batch.refresh_from_db()
    assert batch.downloaded_at is None


def test_it_withholds_the_pdf_once_a_plan_in_it_was_voided(therapist_client, therapist, batch):
    for pk in batch.printed_ids:
        void_record(record=Assignment.objects.get(pk=pk), by=therapist, reason="Wrong patient")

    _withheld(therapist_client.get(url(batch), follow=True), 2)
    assert not events(AuditAction.PRINTED).filter(detail__via="batch download").exists()


def test_a_superuser_is_refused_a_batch_with_a_voided_plan_too(client, therapist, batch):
    void_record(record=Assignment.objects.get(pk=batch.printed_ids[0]), by=therapist, reason="Dup")
    client.force_login(make_therapist(is_superuser=True))

    _withheld(client.get(url(batch), follow=True), 1)
