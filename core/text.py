"""Text as people type it, made comparable: one Unicode form for names and titles."""

import unicodedata

from django.db import models


def nfc(value: str) -> str:
    """Composed Unicode (NFC): "José" typed as J-o-s-e + combining accent becomes the same
    characters as "José" typed with a precomposed é, so searches and sorting agree."""
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


class NormalizedNames(models.Model):
    """Saves the fields named in ``normalized_fields`` in NFC."""

    normalized_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        for name in self.normalized_fields:
            setattr(self, name, nfc(getattr(self, name)))
        super().save(*args, **kwargs)
