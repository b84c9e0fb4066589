"""Text as people type it, made comparable: one Unicode form (NFC) for what forms take in, for
names as they are saved, and for what the admin searches for."""

import unicodedata

from django import forms
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
        self._normalize()
        super().save(*args, **kwargs)

    def clean_fields(self, exclude=None):
        # Before the length checks: NFC can lengthen a text (U+0958 becomes two characters), and
        # the limit is on what is stored.
        self._normalize()
        super().clean_fields(exclude)

    def _normalize(self):
        for name in self.normalized_fields:
            setattr(self, name, nfc(getattr(self, name)))


class NormalizedTextForm:
    """Form mixin: everything typed into the form is taken in NFC before it is validated, so a
    length limit counts the characters that will be stored and saved text compares equal
    however it was typed. Passwords are left exactly as typed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:
            exact = {
                self.add_prefix(name)
                for name, field in self.fields.items()
                if isinstance(field.widget, forms.PasswordInput)
            }
            self.data = _nfc_data(self.data, exact)


def _nfc_data(data, exact: set[str]):
    if hasattr(data, "setlist"):  # a QueryDict: every value of every key
        data = data.copy()
        for key, values in list(data.lists()):
            if key not in exact:
                data.setlist(key, [nfc(v) for v in values])
        return data
    return {key: value if key in exact else _nfc_value(value) for key, value in data.items()}


def _nfc_value(value):
    return [nfc(v) for v in value] if isinstance(value, list | tuple) else nfc(value)


class NormalizedTextAdmin:
    """ModelAdmin mixin: the admin's forms take text in NFC (``NormalizedTextForm``) and its
    search looks for the NFC of what was typed, as the stored names are."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not issubclass(self.form, NormalizedTextForm):
            self.form = type(
                self.form.__name__,
                (NormalizedTextForm, self.form),
                {"__module__": self.form.__module__},
            )

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, nfc(search_term))
