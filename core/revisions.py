"""The optimistic edit check, one mechanism for every editable clinical record.

A record carries a ``revision`` that every save through an editor bumps. An editor opened at one
revision may save only while the row is still at that revision; the check locks the row for the
rest of the caller's transaction (SELECT ... FOR UPDATE on PostgreSQL; SQLite's BEGIN IMMEDIATE
already holds the write lock), so of two people saving the same record, the second is told and
nothing they typed is lost.
"""

from django.core.exceptions import ValidationError
from django.db import models, transaction

EDIT_CONFLICT = (
    "Someone else saved this {noun} after you opened it, so your changes were not saved. Your "
    "edits are still on this page: note what you need, then reload the page to see the latest "
    "version and make your changes again."
)


class Revisioned(models.Model):
    # Bumped on every save through an editor; a save that started from an older one is refused.
    revision = models.PositiveIntegerField(default=1)

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
