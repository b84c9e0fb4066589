"""Two therapists saving the same program at the same moment, on a real database server."""

import threading

import pytest
from django.conf import settings
from django.db import connection, transaction

from planner.admin.forms import ProgramAdminForm
from planner.models import Program
from tests.factories import make_template

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="needs two real connections; the SQLite test database lives in memory",
    ),
]


def test_the_second_of_two_simultaneous_saves_is_refused(therapist):
    program = make_template(therapist, title="Original")
    opened_at = program.revision
    first_has_lock = threading.Event()
    results = {}

    def save(name, title, hold_lock):
        try:
            with transaction.atomic():
                form = ProgramAdminForm(
                    {"title": title, "is_template": "on", "expected_revision": opened_at},
                    instance=Program.objects.get(pk=program.pk),
                )
                valid = form.is_valid()  # takes the row lock when it checks the revision
                if hold_lock:
                    first_has_lock.set()
                    threading.Event().wait(0.5)  # the other save arrives meanwhile
                if valid:
                    saved = form.save(commit=False)
                    saved.revision = opened_at + 1
                    saved.save()
                results[name] = valid, form.errors.get("__all__")
        finally:
            connection.close()

    first = threading.Thread(target=save, args=("first", "First", True))
    first.start()
    assert first_has_lock.wait(5)
    second = threading.Thread(target=save, args=("second", "Second", False))
    second.start()
    first.join(10)
    second.join(10)

    assert results["first"] == (True, None)
    valid, errors = results["second"]
    assert valid is False
    assert "Someone else saved this program" in errors[0]
    program.refresh_from_db()
    assert (program.title, program.revision) == ("First", opened_at + 1)
