"""The demo clinic's handouts say one thing: read back from the PDF, no step gives a count, a time
or a side of its own (the dosage does), and the card the first review found contradicting itself
("hold each for 5 seconds … left side" beside "Hold for 2 seconds" and "switch legs") now agrees
with its dosage."""

import io
import re

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from exercises.rules import dosage_in_steps
from planner.handout import render_handout
from planner.models import Assignment, AssignmentStatus

pytestmark = pytest.mark.django_db

# A numbered step as extracted: "3. Straighten 1 knee until the leg is level."
STEP = re.compile(r"^\d+\.\s+(?P<step>[A-Z].*)$")


@pytest.fixture
def demo_pdfs():
    call_command("demo", "--no-serve", stdout=io.StringIO())
    plans = Assignment.objects.filter(status=AssignmentStatus.ACTIVE).order_by("pk")
    # Every plan the demo hands out, not only the first.
    assert plans.count() >= 1
    return {
        (plan.patient.display_name, large): "\n".join(
            page.extract_text()
            for page in PdfReader(io.BytesIO(render_handout(plan, large_print=large))).pages
        )
        for plan in plans
        for large in (False, True)
    }


def test_no_step_on_any_demo_handout_gives_a_count_a_time_or_a_side(demo_pdfs):
    for (patient, large), text in demo_pdfs.items():
        steps = [m["step"] for line in text.splitlines() if (m := STEP.match(line.strip()))]
        assert len(steps) >= 9, (patient, large)
        offending = [steps[n - 1] for n in dosage_in_steps(steps)]
        assert offending == [], (patient, large)
        assert "switch legs" not in text.lower()


def test_the_knee_card_agrees_with_its_dosage(demo_pdfs):
    text = demo_pdfs[("Maria Lopez", False)]
    card = text[text.index("Seated knee straightening with an ankle weight\n") :]
    assert "hold each for 5 seconds" in " ".join(card.split())
    assert "your left leg" in " ".join(card.split())
    assert "Hold for 2 seconds" not in card
    assert "left side" not in card
