"""What the background-printing tests share: the batch PDFs kept in a folder of the test's own,
a real run of the task worker, and a batch's PDF read back page by page."""

import io
import signal

import pytest
from django.core.management import call_command
from django.test import override_settings
from pypdf import PdfReader

from planner.models import HandoutBatch

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def batch_root(tmp_path):
    root = tmp_path / "batches"
    with override_settings(HANDOUT_BATCH_ROOT=root):
        yield root


def run_worker() -> str:
    """``manage.py db_worker`` as a clinic runs it, until the queue is empty. The worker sets
    its own signal handlers (to finish a job before stopping); pytest's are put back after."""
    kept = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    out = io.StringIO()
    try:
        call_command(
            "db_worker",
            "--batch",
            "--no-reload",
            "--no-startup-delay",
            "--interval",
            "0",
            stdout=out,
            verbosity=0,
        )
    finally:
        for number, handler in kept.items():
            signal.signal(number, handler)
    return out.getvalue()


def pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def first_pages(pdf: bytes) -> list[str]:
    """The first page of each handout in a joined PDF, in order."""
    return [text for text in pages_text(pdf) if "YOUR HOME EXERCISE PLAN" in text]


def batch_pdf(batch: HandoutBatch) -> bytes:
    with batch.pdf.open("rb") as f:
        return f.read()
