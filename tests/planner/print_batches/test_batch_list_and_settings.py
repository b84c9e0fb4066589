"""The read-only list of batches (each therapist their own) and the rule that keeps the PDFs out
of every folder the web server serves."""

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import timezone

from planner.models import BatchStatus, HandoutBatch
from planner.models.print_batches import check_batch_root_is_private
from tests.factories import make_therapist

pytestmark = pytest.mark.django_db


def make_batch(therapist, **fields):
    return HandoutBatch.objects.create(requested_by=therapist, assignment_ids=[1, 2], **fields)


def test_a_therapist_lists_only_their_own_batches(therapist_client, therapist):
    own = make_batch(therapist)
    make_batch(make_therapist())

    response = therapist_client.get("/admin/planner/handoutbatch/")

    assert list(response.context["cl"].result_list) == [own]


def test_a_colleagues_batch_page_is_not_found_for_a_therapist(therapist_client):
    theirs = make_batch(make_therapist())

    response = therapist_client.get(f"/admin/planner/handoutbatch/{theirs.pk}/change/", follow=True)

    assert response.redirect_chain == [("/admin/", 302)]
    (message,) = [str(m) for m in response.context["messages"]]
    assert message.startswith(f"handout batch with ID \u201c{theirs.pk}\u201d doesn\u2019t exist")


def test_the_list_links_a_ready_batch_to_its_download(therapist_client, therapist):
    ready = make_batch(
        therapist, status=BatchStatus.READY, pdf="x.pdf", pages=4, finished_at=timezone.now()
    )

    html = therapist_client.get("/admin/planner/handoutbatch/").content.decode()

    assert f'href="/admin/handouts/batch/{ready.pk}/pdf/"' in html


def test_the_pdfs_may_not_be_kept_where_the_web_server_serves_files():
    with override_settings(HANDOUT_BATCH_ROOT=settings.MEDIA_ROOT / "batches"):
        (error,) = check_batch_root_is_private(None)
    assert error.id == "rehab.E101"
    assert check_batch_root_is_private(None) == []
