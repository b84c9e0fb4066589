"""The catalogue check (README "Translations") on every catalogue, and that it catches what it
is for: an untranslated or fuzzy entry, a catalogue behind its source, a stale .mo."""

import os
import shutil

import pytest

from tests.i18n.catalogue import (
    CATALOGUES,
    GETTEXT_TOOLS,
    compiled_differs,
    incomplete,
    out_of_date,
    read_po,
    regenerate,
)

_missing = [tool for tool in GETTEXT_TOOLS if shutil.which(tool) is None]
if _missing and os.environ.get("REQUIRE_GETTEXT") == "1":
    raise pytest.UsageError(f"GNU gettext is missing ({', '.join(_missing)}) (REQUIRE_GETTEXT=1)")
# Like the browser tests: skipped with a reason on a laptop without gettext, a failure in CI.
needs_gettext = pytest.mark.skipif(
    bool(_missing), reason="needs GNU gettext: sudo apt-get install gettext"
)

ids = [po.parts[-3] for po in CATALOGUES]


def test_there_is_a_spanish_catalogue():
    assert ids == ["es"]


@pytest.mark.parametrize("po", CATALOGUES, ids=ids)
def test_every_entry_is_translated_and_none_is_fuzzy(po):
    assert incomplete(po) == []


@needs_gettext
@pytest.mark.parametrize("po", CATALOGUES, ids=ids)
def test_the_catalogue_is_what_makemessages_makes_from_the_source(po, tmp_path):
    checkout_before = po.read_bytes()
    regenerated = regenerate(po.parts[-3], tmp_path)
    assert out_of_date(po, regenerated) == []
    assert po.read_bytes() == checkout_before  # makemessages ran on the copy only


@needs_gettext
@pytest.mark.parametrize("po", CATALOGUES, ids=ids)
def test_the_committed_mo_is_compiled_from_the_po(po, tmp_path):
    assert compiled_differs(po, po.with_suffix(".mo"), tmp_path) == []


HEADER = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"
"""


def write_po(path, body):
    path.write_text(HEADER + "\n" + body, encoding="utf-8")
    return path


def test_the_check_finds_untranslated_and_fuzzy_entries(tmp_path):
    po = write_po(
        tmp_path / "django.po",
        '#: a.py\nmsgid "Save"\nmsgstr "Guardar"\n\n'
        'msgid "Close"\nmsgstr ""\n\n'
        '#, fuzzy, python-format\nmsgid "%(n)d set"\nmsgid_plural "%(n)d sets"\n'
        'msgstr[0] "%(n)d serie"\nmsgstr[1] "%(n)d series"\n\n'
        'msgid "%(n)d day"\nmsgid_plural "%(n)d days"\nmsgstr[0] "%(n)d día"\nmsgstr[1] ""\n\n'
        '#~ msgid "Gone"\n#~ msgstr ""\n',
    )
    assert incomplete(po) == [
        "django.po: untranslated: 'Close'",
        "django.po: fuzzy: '%(n)d set'",
        "django.po: untranslated: '%(n)d day'",  # one plural form missing is enough
    ]


def test_a_po_is_read_whole_with_continued_lines_and_contexts(tmp_path):
    po = write_po(
        tmp_path / "django.po",
        '#. Translators: a note\nmsgctxt "button"\nmsgid ""\n"Save "\n"it"\nmsgstr "Guárdelo"\n',
    )
    entry = read_po(po)[("button", "Save it")]
    assert (entry.msgstrs, entry.notes) == (("Guárdelo",), ("Translators: a note",))


@needs_gettext
def test_the_check_finds_a_catalogue_behind_its_source(tmp_path):
    po = CATALOGUES[0]
    regenerated = regenerate("es", tmp_path / "copy")
    text = po.read_text(encoding="utf-8")
    # A string removed from the source, one the catalogue lacks, one reworded since, and a
    # plural the source has changed.
    stale = text + '\nmsgid "A string nobody marks"\nmsgstr "Nadie"\n'
    stale = stale.replace('msgid_plural "%(count)d minutes"', 'msgid_plural "%(count)d mins"')
    stale = stale.replace('msgid "every day"\nmsgstr "todos los días"\n', "")
    stale = stale.replace('msgid "Save and view"\n', 'msgid "Save and look"\n')
    behind = tmp_path / "django.po"
    behind.write_text(stale, encoding="utf-8")
    assert sorted(out_of_date(behind, regenerated)) == [
        "makemessages rewrites: '%(count)d minute'",
        "new in the source: 'Save and view'",
        "new in the source: 'every day'",
        "no longer in the source: 'A string nobody marks'",
        "no longer in the source: 'Save and look'",
    ]


@needs_gettext
def test_the_check_finds_a_mo_not_compiled_from_the_po(tmp_path):
    po = CATALOGUES[0]
    edited = tmp_path / "django.po"
    edited.write_text(
        po.read_text(encoding="utf-8").replace('"todos los días"', '"cada día"'), encoding="utf-8"
    )
    problems = compiled_differs(edited, po.with_suffix(".mo"), tmp_path)
    assert len(problems) == 1
    assert "'every day'" in problems[0]
    assert compiled_differs(edited, tmp_path / "missing.mo", tmp_path) == [
        "missing.mo is missing: run compilemessages"
    ]
