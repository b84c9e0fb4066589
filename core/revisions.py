"""The optimistic edit check, one mechanism for every editable clinical record.

A record carries a ``revision`` that every save through an editor bumps. An editor opened at one
revision may save only while the row is still at that revision; the check locks the row for the
rest of the caller's transaction (SELECT ... FOR UPDATE on PostgreSQL; SQLite's BEGIN IMMEDIATE
already holds the write lock), so of two people saving the same record, the second is told and
nothing they typed is lost.

``RevisionedForm`` and the ``EditConflictAdmin`` mixin give every editor of a revisioned record
that check; nothing else implements it.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models, transaction

# The hidden form field holding the revision an editor was opened at.
_FIELD = "expected_revision"

EDIT_CONFLICT = (
    "Someone else saved this {noun} after you opened it, so your changes were not saved. Your "
    "edits are still on this page: note what you need, then reload the page to see the latest "
    "version and make your changes again."
)


class Revisioned(models.Model):
    # Bumped on every save through an editor; a save that started from an older one is refused.
    # Never typed by anyone, so no form shows it.
    revision = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


def check_revision(instance: models.Model, expected_revision: int | None) -> None:
    """Refuse (ValidationError, code ``edit_conflict``) when ``instance`` was saved since the
    editor read ``expected_revision``. Must run inside the transaction that saves."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("check_revision must run inside the transaction that saves.")
    current = (
        type(instance)
        ._base_manager.select_for_update()
        .filter(pk=instance.pk)
        .values_list("revision", flat=True)
        .first()
    )
    if current is not None and expected_revision != current:
        noun = instance._meta.verbose_name
        raise ValidationError(EDIT_CONFLICT.format(noun=noun), code="edit_conflict")


def advance_revision(instance: Revisioned, expected_revision: int) -> None:
    """Move ``instance`` on from the revision its editor read (checked by ``check_revision`` in
    the same transaction), so anyone still holding that revision is refused."""
    instance.revision = expected_revision + 1


class RevisionedForm(forms.ModelForm):
    """A model form that carries the revision it was opened at and refuses to save over a newer
    one. Its ``clean`` must run inside the transaction that saves (the admin's does)."""

    expected_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["expected_revision"].initial = self.instance.revision

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            # A posted form without the field (a page from before the field existed, a hand-made
            # request) is refused too: nobody can tell what it was opened at.
            check_revision(self.instance, cleaned.get("expected_revision"))
        return cleaned


class EditConflictAdmin:
    """ModelAdmin mixin for a ``Revisioned`` model: every change form carries
    ``expected_revision`` (whatever form, ``fields`` or ``fieldsets`` the admin declares), is
    checked by ``RevisionedForm.clean`` inside the admin's transaction, and a save moves the
    revision on. A conflicting save is refused with ``EDIT_CONFLICT`` and the form comes back
    with what the user typed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not issubclass(self.form, RevisionedForm):  # the admin's own form, with the check
            self.form = type(
                self.form.__name__,
                (RevisionedForm, self.form),
                {"__module__": self.form.__module__},
            )

    def get_fieldsets(self, request, obj=None):
        # Only a change form the user may save posts the field; elsewhere the admin would list it
        # as a read-only "Expected revision" row.
        fieldsets = [
            (name, {**options, "fields": [f for f in options["fields"] if f != _FIELD]})
            for name, options in super().get_fieldsets(request, obj)
        ]
        if obj is not None and self.has_change_permission(request, obj):
            name, options = fieldsets[0]
            fieldsets[0] = (name, {**options, "fields": [*options["fields"], _FIELD]})
        return fieldsets

    def save_model(self, request, obj, form, change):
        if change:
            advance_revision(obj, form.cleaned_data[_FIELD])
        super().save_model(request, obj, form, change)
