"""The library's words in the languages patients read besides English.

English lives in each row's own fields; every other language lives in the row's ``translations``
(``{"es": {"name": ..., "steps": [...], ...}}``), loaded from the ``es:`` block each entry of
``exercises/data/library.yaml`` carries beside its English, so a reviewer reads both together.
The library file must give every text in every language (``library.load_library`` refuses a
gap). A row made by hand in the admin may lack one: whoever reads it then gets the English *and is
told* (``ExerciseText.language``), never a silent fallback.
"""

from django.conf import settings
from django.utils import translation

SOURCE_LANGUAGE = "en"

# An exercise's texts that a translation gives, by the Exercise field each stands for. ``device``
# here is the device's name; its wear schedule and skin check sit beside it.
EXERCISE_TEXT_FIELDS = (
    "name",
    "summary",
    "steps",
    "precautions",
    "equipment_note",
    "device",
    "wear_schedule",
    "skin_check",
    "progress_rule",
)
CONDITION_TEXT_FIELDS = ("name", "explanation")


def translated_languages() -> tuple[str, ...]:
    """The languages besides English that the library must give (the site's ``LANGUAGES``)."""
    return tuple(code for code, _ in settings.LANGUAGES if code != SOURCE_LANGUAGE)


def language_code(language: str | None = None) -> str:
    """``language`` (or the active language) as one of the site's codes: "es-mx" is "es"; a
    language the site does not have is English, as the rest of the page then is."""
    code = (language or translation.get_language() or SOURCE_LANGUAGE).lower()
    code = code.split("-")[0].split("_")[0]
    return code if code in translated_languages() else SOURCE_LANGUAGE


def words_in(obj, fields: tuple[str, ...], language: str) -> tuple[dict, str]:
    """``obj``'s ``fields`` in ``language`` and the language they really are in: its translation
    when it has one, else its English (and "en", so the caller can say so)."""
    if language != SOURCE_LANGUAGE:
        given = (obj.translations or {}).get(language)
        if given:
            return {name: given.get(name, "") for name in fields}, language
    return {name: getattr(obj, name) for name in fields}, SOURCE_LANGUAGE
