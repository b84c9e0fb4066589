"""Two people saving the same record at the same moment, on a real database server: the form
on its own, and every editable clinical record through the admin's pages."""

import threading

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test import Client

import core.revisions
from core.revisions import EDIT_CONFLICT
from planner.admin.forms import ProgramAdminForm
from planner.models import Program
from tests.factories import make_template, make_therapist
from tests.html_forms import form_data
from tests.planner.admin.editable import EDITABLE

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
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


@pytest.mark.parametrize("case", EDITABLE, ids=str)
def test_of_two_simultaneous_saves_through_the_admin_the_second_is_refused(
    therapist, monkeypatch, case
):
    obj = case.make(therapist)
    opened_at = type(obj).objects.get(pk=obj.pk).revision
    url = case.change_url(obj)
    clients = {"first": Client(), "second": Client()}
    clients["first"].force_login(therapist)
    clients["second"].force_login(make_therapist(is_superuser=True))  # the clinic admin
    # Both open the page before either saves.
    pages = {name: client.get(url).content.decode() for name, client in clients.items()}
    first_has_lock = threading.Event()

    def check_and_hold(instance, expected_revision):
        check_revision(instance, expected_revision)  # takes the row lock
        if threading.current_thread().name == "first":
            first_has_lock.set()
            threading.Event().wait(0.5)  # the other save arrives meanwhile and waits

    check_revision = core.revisions.check_revision
    monkeypatch.setattr(core.revisions, "check_revision", check_and_hold)
    responses = {}

    def save(name, value):
        try:
            data = form_data(pages[name], case.form_id, **{case.field: value})
            responses[name] = clients[name].post(url, data)
        finally:
            connection.close()

    first = threading.Thread(target=save, args=("first", case.theirs), name="first")
    first.start()
    assert first_has_lock.wait(5)
    second = threading.Thread(target=save, args=("second", case.mine), name="second")
    second.start()
    first.join(10)
    second.join(10)

    assert responses["first"].status_code == 302
    assert responses["second"].status_code == 200
    form = responses["second"].context["adminform"].form
    assert form.non_field_errors() == [EDIT_CONFLICT.format(noun=case.model._meta.verbose_name)]
    assert form[case.field].value() == case.mine
    assert case.stored(obj) == case.theirs
    assert obj.revision == opened_at + 1
