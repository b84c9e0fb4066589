"""The admin's front page tells the therapist about their background prints, in one query
however many there are, and never about a colleague's."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from planner.models import BatchStatus, HandoutBatch
from tests.factories import make_therapist

pytestmark = pytest.mark.django_db


def batch(therapist, status, count=40, **fields):
    values = {"requested_by": therapist, "assignment_ids": list(range(1, count + 1))}
    if status == BatchStatus.READY:
        values.update(pdf="2026/11/handouts-x.pdf", pages=86, finished_at=timezone.now())
        values["printed_ids"] = values["assignment_ids"]
    return HandoutBatch.objects.create(status=status, **values | fields)


def notices(response) -> list[str]:
    html = response.content.decode()
    items = re.findall(r'<li class="handout-batch[^"]*">(.*?)</li>', html, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", item).split()) for item in items]


def test_a_ready_batch_offers_its_download(therapist_client, therapist):
    ready = batch(therapist, BatchStatus.READY)

    response = therapist_client.get("/admin/")

    asked = timezone.localtime(ready.requested_at)
    assert notices(response) == [
        f"Your handouts are ready: 40 plans, 86 pages (asked for at {asked:%H:%M}) — "
        f"Download (PDF) : 40 handouts asked for on {asked:%-d %B, %H:%M}"
    ]
    assert reverse("handout_batch_download", args=[ready.pk]) in response.content.decode()


def test_waiting_printing_and_failed_batches_are_said_in_words(therapist_client, therapist):
    queued = batch(therapist, BatchStatus.QUEUED)
    batch(therapist, BatchStatus.PRINTING, count=25)
    failed = batch(
        therapist, BatchStatus.FAILED, count=1, failure="The handouts could not be made."
    )
    asked = timezone.localtime(failed.requested_at)

    said = notices(therapist_client.get("/admin/"))

    assert said == [
        f"1 handout could not be printed (asked for on {asked:%-d %B, %H:%M}): "
        "The handouts could not be made.",
        "Printing 25 handouts… Reload this page to see when the PDF is ready.",
        f"Printing 40 handouts… Waiting for the print worker since "
        f"{timezone.localtime(queued.requested_at):%H:%M}. If this stays for more than a few "
        "minutes, the print worker may not be running: tell whoever looks after the server.",
    ]


def test_plans_left_out_are_named(therapist_client, therapist):
    batch(therapist, BatchStatus.READY, count=2, skipped=[[7, "voided since you asked"]])

    (said,) = notices(therapist_client.get("/admin/"))

    assert said.endswith("Left out when printing: plan #7 voided since you asked.")


def test_downloaded_expired_and_colleagues_batches_are_not_shown(therapist_client, therapist):
    batch(therapist, BatchStatus.READY, downloaded_at=timezone.now())
    batch(therapist, BatchStatus.EXPIRED)
    batch(make_therapist(), BatchStatus.READY)
    batch(
        therapist,
        BatchStatus.FAILED,
        failure="Old.",
        requested_at=timezone.now() - timezone.timedelta(days=8),
    )

    response = therapist_client.get("/admin/")

    assert notices(response) == []
    assert 'id="handout-batches"' not in response.content.decode()


def test_the_notice_reads_one_query_however_many_batches(therapist_client, therapist):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            therapist_client.get("/admin/")
        return sum('"planner_handoutbatch"' in q["sql"] for q in captured.captured_queries)

    batch(therapist, BatchStatus.READY)
    few = queries()
    for status in [BatchStatus.QUEUED, BatchStatus.PRINTING, BatchStatus.READY] * 5:
        batch(therapist, status)

    assert (few, queries()) == (1, 1)
