"""The translation catalogues' check (README "Translations"): every marked string translated and
none fuzzy, the catalogue what `makemessages` makes from the source today, and the committed .mo
compiled from the committed .po. tests/i18n/test_catalogue.py runs it on every catalogue.

`makemessages` writes beside the files it reads (a template's ``.html.py``) and into the
catalogue, so it runs on a scratch copy of the sources, never on the checkout."""

import ast
import gettext
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted((PROJECT / "locale").glob("*/LC_MESSAGES/django.po"))
GETTEXT_TOOLS = ("xgettext", "msgmerge", "msgfmt")
# What makemessages reads for the "django" domain (its default extensions).
_SOURCE_SUFFIXES = {".py", ".html", ".txt"}


@dataclass(frozen=True)
class Entry:
    context: str | None
    msgid: str
    msgid_plural: str | None
    msgstrs: tuple[str, ...]
    flags: frozenset[str]
    notes: tuple[str, ...]  # "#." comments for translators, from the source

    @property
    def name(self) -> str:
        return f"{self.context}|{self.msgid}" if self.context else self.msgid


def read_po(path: Path) -> dict[tuple[str | None, str], Entry]:
    """A .po file's live entries by (context, msgid). Locations ("#:") are left out: a string
    moving down a file is no change to translate. Obsolete ("#~") entries are left out: they
    are not compiled."""
    entries = {}
    fields: dict = {}
    flags: set[str] = set()
    notes: list[str] = []
    last = None

    def finish():
        nonlocal fields, flags, notes
        if "msgid" in fields:
            strs = tuple(v for k, v in sorted(fields.items()) if k.startswith("msgstr"))
            entry = Entry(
                fields.get("msgctxt"),
                fields["msgid"],
                fields.get("msgid_plural"),
                strs,
                frozenset(flags),
                tuple(notes),
            )
            entries[(entry.context, entry.msgid)] = entry
        fields, flags, notes = {}, set(), []

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#~") or line.startswith("#|") or line.startswith("#:"):
            continue
        if line.startswith("#"):
            if any(k.startswith("msgstr") for k in fields):
                finish()
            if line.startswith("#,"):
                flags.update(flag.strip() for flag in line[2:].split(",") if flag.strip())
            elif line.startswith("#."):
                notes.append(line[2:].strip())
        elif line.startswith('"'):
            fields[last] += ast.literal_eval(line)
        elif line.strip():
            keyword, _, value = line.partition(" ")
            if keyword in {"msgctxt", "msgid"} and any(k.startswith("msgstr") for k in fields):
                finish()
            last = keyword  # msgstr[0] to msgstr[5] sort in order
            fields[last] = ast.literal_eval(value)
    finish()
    return entries


def incomplete(po_path: Path) -> list[str]:
    """Entries with an empty translation (any plural form) or marked fuzzy, the header too:
    gettext leaves a fuzzy entry out of the .mo, so the patient would read English."""
    problems = []
    for (_, msgid), entry in read_po(po_path).items():
        label = repr(entry.name) if msgid else "the header"
        if "fuzzy" in entry.flags:
            problems.append(f"{po_path.name}: fuzzy: {label}")
        if msgid and not all(entry.msgstrs):
            problems.append(f"{po_path.name}: untranslated: {label}")
    return problems


def _header_without_dates(entry: Entry) -> Entry:
    # msgmerge writes the time it ran into the header; nothing to translate changes with it.
    lines = entry.msgstrs[0].splitlines(keepends=True)
    kept = "".join(line for line in lines if not line.startswith("POT-Creation-Date:"))
    return Entry(None, "", None, (kept,), entry.flags, entry.notes)


def out_of_date(committed: Path, regenerated: Path) -> list[str]:
    """What `makemessages` would change in ``committed``: strings new in the source, strings the
    source no longer has, and entries it would rewrite (a changed plural, a translator note, a
    fuzzy match for a reworded string)."""
    before, after = read_po(committed), read_po(regenerated)
    for entries in (before, after):
        if (None, "") in entries:
            entries[(None, "")] = _header_without_dates(entries[(None, "")])
    problems = [f"new in the source: {after[k].name!r}" for k in after if k not in before]
    problems += [f"no longer in the source: {before[k].name!r}" for k in before if k not in after]
    problems += [
        f"makemessages rewrites: {before[k].name or 'the header'!r}"
        for k in before
        if k in after and before[k] != after[k]
    ]
    return problems


def _ignored_top_folders() -> set[str]:
    """The checkout's generated folders (.gitignore's "/name/" lines: static files, media,
    screenshots), which a clean clone does not have."""
    lines = (PROJECT / ".gitignore").read_text(encoding="utf-8").splitlines()
    return {line.strip("/") for line in lines if line.startswith("/") and line.endswith("/")}


def copy_sources(scratch: Path) -> None:
    """The files makemessages reads, and the catalogues, copied under ``scratch``."""
    ignored = _ignored_top_folders()
    for folder, dirs, files in os.walk(PROJECT):
        here = Path(folder)
        top = here == PROJECT
        dirs[:] = [
            d
            for d in dirs
            if not d.startswith(".") and d != "__pycache__" and not (top and d in ignored)
        ]
        for name in files:
            source = here / name
            if source.suffix in _SOURCE_SUFFIXES or (
                source.suffix == ".po" and "locale" in here.parts
            ):
                target = scratch / source.relative_to(PROJECT)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)


def regenerate(language: str, scratch: Path) -> Path:
    """The catalogue `manage.py makemessages -l LANGUAGE` makes from today's source, on a copy."""
    copy_sources(scratch)
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    environment["DJANGO_SETTINGS_MODULE"] = "config.settings"
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", language, "--verbosity", "0"],
        cwd=scratch,
        env=environment,
        check=True,
        capture_output=True,
    )
    return scratch / "locale" / language / "LC_MESSAGES" / "django.po"


def _catalog(mo_path: Path) -> dict:
    with mo_path.open("rb") as file:
        return gettext.GNUTranslations(file)._catalog


def compiled_differs(po_path: Path, mo_path: Path, scratch: Path) -> list[str]:
    """Whether ``mo_path`` says what ``po_path`` compiles to. Compared message by message, not
    byte by byte: two versions of msgfmt may lay out the same catalogue differently."""
    if not mo_path.exists():
        return [f"{mo_path.name} is missing: run compilemessages"]
    fresh = scratch / "fresh.mo"
    subprocess.run(
        ["msgfmt", "--check-format", "-o", str(fresh), str(po_path)],
        check=True,
        capture_output=True,
    )
    expected, committed = _catalog(fresh), _catalog(mo_path)
    if expected == committed:
        return []
    differing = {
        k for k in expected.keys() | committed.keys() if expected.get(k) != committed.get(k)
    }
    return [
        f"{mo_path.name} is not compiled from {po_path.name}: {sorted(map(str, differing))[:5]}"
    ]
