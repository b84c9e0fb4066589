"""How our PDFs (the handout, the library review sheet) set words: their fonts, and the one way a
person's text becomes reportlab markup. The handout's paragraph styles are in
``planner.handout.styles``.

Every string someone typed (names, titles, notes) reaches a ``Paragraph`` only through
``text()``, so ``<``, ``&`` or a tag print as themselves and nothing is ever fetched. Text drawn
straight onto the canvas (not markup) goes through ``plain()`` instead.

Names come in any script. Fira Sans draws Latin, Greek and Cyrillic, IBM Plex Sans Arabic and
Heebo draw Arabic and Hebrew, and reportlab's CID fonts Chinese, Japanese and Korean; all come
from PyPI packages, never from the system. reportlab only puts glyphs side by side, left to
right, so before it sees the text Arabic letters are joined (arabic-reshaper picks each letter's
joined form) and right-to-left runs are put in the order they are drawn (python-bidi). A
character none of our fonts has (emoji, most symbols, private-use or unassigned code points) is
replaced by a plain equivalent or dropped: a reader never shows an empty box for it.

Right-to-left text must be broken into lines before it is reordered, line by line. reportlab
breaks lines after we hand it the text, so ``text()`` does the breaking itself when the caller
gives the width; without it, a right-to-left paragraph that wraps shows its lines last first
(each line reads correctly). Names and short notes fit on a line.
"""

import re
import unicodedata
from functools import cache, lru_cache
from html import escape

import arabic_reshaper
import bidi
import fontpkg
from bidi.algorithm import get_display as python_get_display
from bidi.mirror import MIRRORED
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont

FONT = "HandoutSans"
FONT_BOLD = "HandoutSans-Bold"
ARABIC_FONT = "HandoutArabic"
ARABIC_FONT_BOLD = "HandoutArabic-Bold"
# Heebo ships only as a variable font. reportlab draws its default instance, the regular weight
# (400), so Hebrew stays regular inside bold text.
HEBREW_FONT = "HandoutHebrew"
_FONT_FILES = {
    FONT: ("Fira Sans", 400),
    FONT_BOLD: ("Fira Sans", 700),
    ARABIC_FONT: ("IBM Plex Sans Arabic", 400),
    ARABIC_FONT_BOLD: ("IBM Plex Sans Arabic", 700),
    HEBREW_FONT: ("Heebo", 400),
}
# Who draws a character Fira lacks, in this order (the Arabic and Hebrew fonts also have Latin
# letters, but Fira is asked first so Latin text looks the same everywhere).
_FALLBACKS = (ARABIC_FONT, HEBREW_FONT)
_BOLD = {FONT: FONT_BOLD, ARABIC_FONT: ARABIC_FONT_BOLD}
# reportlab's built-in CID fonts for Chinese, Japanese and Korean text (not embedded: the PDF
# reader supplies the glyphs, so their coverage cannot be read from a cmap; we go by range).
CJK_FONTS = {"han": "STSong-Light", "kana": "HeiseiKakuGo-W5", "hangul": "HYGothic-Medium"}
_CJK_RUN = re.compile(
    r"(?P<hangul>[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]+)"
    r"|(?P<kana>[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]+)"
    r"|(?P<han>[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60]+)"
)
# Tabs, other line breaks and control whitespace become spaces ("\n" is kept by ``text()``: it
# separates right-to-left paragraphs); other control characters are removed.
_SPACES = re.compile(r"[\t\r\x0b\x0c\x1c-\x1f\x85\u2028\u2029]")
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")
# Never drawn, even where a font maps them: controls, format characters (zero-width joiners,
# direction marks, soft hyphens: their work is done by the time we draw), private-use,
# surrogates and unassigned code points.
_NEVER_DRAWN = frozenset({"Cc", "Cf", "Co", "Cs", "Cn"})
# Common symbols no font of ours has, as a plain character Fira has.
_REPLACEMENTS = {
    **dict.fromkeys("✓✔☑✅", "√"),
    **dict.fromkeys("✗✘❌❎", "\u00d7"),  # multiplication sign
    **dict.fromkeys("★☆⭐✩✪", "*"),
    **dict.fromkeys("●◦▪■▫□◆◇", "•"),
    **dict.fromkeys("➔➜➝➞➡⮕", "→"),
}
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
# Hebrew and Arabic letters and the explicit right-to-left marks: text without any is left as is.
_RIGHT_TO_LEFT = re.compile(
    r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\u200f\u202b\u202e\u2067\U00010800-\U00010fff"
    r"\U0001e800-\U0001efff]"
)
# Our own reshaper, not the module's default one, so a configuration file named in the
# environment cannot change it. Vowel marks (harakat) are removed: reportlab cannot place them
# over the joined letters. Only the lam-alef and "Allah" ligatures are on, which the font has.
_RESHAPER = arabic_reshaper.ArabicReshaper(
    configuration={"delete_harakat": True, "support_ligatures": True}
)


@cache
def _truetype() -> dict[str, TTFont]:
    return {
        name: TTFont(name, str(fontpkg.path(family, weight)))
        for name, (family, weight) in _FONT_FILES.items()
    }


@cache
def register_fonts() -> None:
    for font in _truetype().values():
        pdfmetrics.registerFont(font)
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD
    )
    pdfmetrics.registerFontFamily(
        ARABIC_FONT,
        normal=ARABIC_FONT,
        bold=ARABIC_FONT_BOLD,
        italic=ARABIC_FONT,
        boldItalic=ARABIC_FONT_BOLD,
    )
    for name in CJK_FONTS.values():
        pdfmetrics.registerFont(UnicodeCIDFont(name))


def text(value: str, *, bold: bool = False, width: float = 0, size: float = 0) -> str:
    """A user's string made safe for paragraph markup: escaped, control characters removed,
    right-to-left text in the order it is drawn, each run of characters in a font that has
    them, and characters no font has replaced or dropped.

    reportlab's ``<font name=…>`` also sets the weight, so Arabic inside bold text (titles,
    labels) is bold only when ``bold`` says so. Given the paragraph's ``width`` and font
    ``size``, right-to-left text is broken into lines here (``<br/>``) and each line put in
    drawing order on its own, so a long Arabic or Hebrew note reads from its first line down;
    without them reportlab wraps the reordered text, and such a note's lines come out last
    first."""
    return _markup(str(value), bold, width, size)


def plain(value: str) -> str:
    """For text drawn straight onto the canvas in Fira (not markup): only characters Fira
    draws. Anything else is dropped, so check ``needs_cjk_font()`` on the original first and
    set such text with ``text()`` instead."""
    return _plain(str(value))


def needs_cjk_font(value: str) -> bool:
    """Whether ``value`` has characters Fira lacks but another of our fonts draws (Chinese,
    Japanese, Korean, Arabic, Hebrew), so it must be set by ``text()`` in a Paragraph rather
    than drawn as a plain string. (The name is older than the Arabic and Hebrew fonts.)"""
    return _needs_other_font(str(value))


@lru_cache(maxsize=4096)
def _needs_other_font(value: str) -> bool:
    # Asked for every line of a handout each time it is measured, and again in the footer.
    value = _clean(value, keep_newlines=False)
    return not value.isascii() and any(_glyph(char)[0] != FONT for char in value)


def _clean(value: str, *, keep_newlines: bool) -> str:
    value = _SPACES.sub(" ", unicodedata.normalize("NFC", value))
    if not keep_newlines:
        value = value.replace("\n", " ")
    return _CONTROL.sub("", value)


@lru_cache(maxsize=4096)
def _markup(value: str, bold: bool, width: float, size: float) -> str:
    value = _clean(value, keep_newlines=True)
    if value.isascii():
        return escape(value, quote=False)
    if _ARABIC.search(value):
        value = _RESHAPER.reshape(value)
    out = []
    # A line break is a space in a paragraph; it only separates right-to-left paragraphs.
    for paragraph in value.split("\n"):
        if not _RIGHT_TO_LEFT.search(paragraph):
            out.append(_set(paragraph, bold))
            continue
        breaks = _line_breaks(paragraph, width, size, bold) if width and size else []
        out.append("<br/>".join(_set(line, bold) for line in _reorder(paragraph, breaks)))
    return " ".join(out)


def _set(value: str, bold: bool) -> str:
    out = []
    for font, run in _runs(value):
        run = escape(run, quote=False)
        if font == FONT:
            out.append(run)
        else:
            name = _BOLD.get(font, font) if bold else font
            out.append(f'<font name="{name}">{run}</font>')
    return "".join(out)


@lru_cache(maxsize=4096)
def _plain(value: str) -> str:
    value = _clean(value, keep_newlines=False)
    if value.isascii():
        return value
    drawn = "".join(chars for font, chars in map(_glyph, value) if font == FONT)
    if drawn != value:  # close the gap a dropped character leaves
        drawn = re.sub(" {2,}", " ", drawn).strip()
    return drawn


def _runs(value: str):
    """(font, characters) for each run of ``value`` drawn in one font."""
    font, chars = FONT, []
    for char in value:
        char_font, drawn = _glyph(char)
        if not drawn:
            continue
        if char_font != font and chars:
            yield font, "".join(chars)
            chars = []
        font = char_font
        chars.append(drawn)
    if chars:
        yield font, "".join(chars)


@cache
def _coverage(font: str) -> frozenset[int]:
    """The code points ``font`` has a glyph for (glyph 0 is the "missing" box)."""
    return frozenset(code for code, glyph in _truetype()[font].face.charToGlyph.items() if glyph)


def _font_with(char: str) -> str | None:
    if unicodedata.category(char) in _NEVER_DRAWN or _is_variation_selector(char):
        return None
    cjk = _CJK_RUN.match(char)
    if cjk:
        return CJK_FONTS[cjk.lastgroup]
    for font in (FONT, *_FALLBACKS):
        if ord(char) in _coverage(font):
            return font
    return None


@cache
def _glyph(char: str) -> tuple[str, str]:
    """(font, characters) that draw ``char``; no characters when nothing can."""
    font = _font_with(char)
    if font is not None:
        return font, char
    if char in _REPLACEMENTS:
        return FONT, _REPLACEMENTS[char]
    if unicodedata.category(char) in _NEVER_DRAWN:
        return FONT, ""
    # Compatibility forms become the plain characters: fullwidth letters, ligatures, circled
    # digits, unusual spaces, Arabic joined forms our Arabic font lacks (drawn unjoined).
    compatible = unicodedata.normalize("NFKC", char)
    fonts = {_font_with(c) for c in compatible}
    if compatible != char and len(fonts) == 1 and None not in fonts:
        return fonts.pop(), compatible
    return FONT, ""


def _is_variation_selector(char: str) -> bool:
    code = ord(char)
    return 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF


def _line_breaks(paragraph: str, width: float, size: float, bold: bool) -> list[int]:
    """Where ``paragraph`` (in reading order) breaks into lines ``width`` wide: after the
    spaces at these offsets. Words are measured in the fonts ``_runs`` sets them in."""
    register_fonts()
    space = pdfmetrics.stringWidth(" ", _BOLD[FONT] if bold else FONT, size)
    breaks, used, offset = [], 0.0, 0
    for word in paragraph.split(" "):
        wide = sum(
            pdfmetrics.stringWidth(run, _BOLD.get(font, font) if bold else font, size)
            for font, run in _runs(word)
        )
        if used and used + space + wide > width - 1:  # a point spare for rounding
            breaks.append(offset - 1)
            used = wide
        else:
            used += (space if used else 0) + wide
        offset += len(word) + 1
    return breaks


# The Unicode bidirectional algorithm's last steps (rules L1 to L4), line by line, from the
# embedding levels python-bidi computes for the whole paragraph. Its ``get_display`` does not
# mirror brackets (L4), so "(דנה)" came out as ")הנד("; its older pure-Python algorithm mirrors
# but misses the bracket-pair rule, so "Exercise 3 — تمرين (الركبة)" came out with both brackets
# facing one way. The levels come from ``get_display(debug=True)`` (one per UTF-8 byte); if
# that output ever changes, the pure-Python algorithm is the fallback.
_LEVEL = re.compile(r"Level\(\s*(\d+),?\s*\)")
# Characters that take the paragraph's level at the end of a line (rule L1).
_TRAILING = frozenset(
    ["WS", "B", "S", "BN", "LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"]
)


def _reorder(paragraph: str, breaks: list[int]) -> list[str]:
    """``paragraph``'s lines (split at the spaces at ``breaks``), each in drawing order."""
    spans = list(zip([0, *(b + 1 for b in breaks)], [*breaks, len(paragraph)], strict=True))
    levels = _levels(paragraph)
    if levels is None:
        base = "R" if bidi.get_base_level(paragraph) else "L"
        return [python_get_display(paragraph[a:b], base_dir=base) for a, b in spans]
    base = bidi.get_base_level(paragraph)
    return [_reorder_line(paragraph[a:b], levels[a:b], base) for a, b in spans]


def _reorder_line(line: str, levels: list[int], base: int) -> str:
    # L1: whitespace and format characters at the end of the line take the paragraph's level.
    end = len(line)
    while end and unicodedata.bidirectional(line[end - 1]) in _TRAILING:
        end -= 1
        levels[end] = base
    # L3: a combining mark stays after its letter, so clusters are reversed, not characters.
    clusters: list[list] = []
    for char, level in zip(line, levels, strict=True):
        if clusters and unicodedata.category(char) in ("Mn", "Me"):
            clusters[-1][1] += char
        else:
            clusters.append([level, char])
    # L4: brackets and other mirrored characters in right-to-left runs face the other way.
    for cluster in clusters:
        level, chars = cluster
        if level % 2 and chars[0] in MIRRORED:
            cluster[1] = MIRRORED[chars[0]] + chars[1:]
    # L2: from the highest level down to the lowest odd one, reverse every run at that level
    # or higher.
    odd = [level for level in levels if level % 2]
    for level in range(max(levels, default=0), min(odd, default=1) - 1, -1):
        start = 0
        while start < len(clusters):
            if clusters[start][0] < level:
                start += 1
                continue
            stop = start
            while stop < len(clusters) and clusters[stop][0] >= level:
                stop += 1
            clusters[start:stop] = clusters[start:stop][::-1]
            start = stop
    return "".join(chars for _, chars in clusters)


def _levels(line: str) -> list[int] | None:
    """The embedding level of each character of ``line``."""
    info = bidi.get_display(line, debug=True)
    # A newline inside the text is printed escaped, so these lines only start the fields.
    start = info.find("\n    levels: [\n")
    stop = info.find("\n    paragraphs: [", start)
    if start < 0 or stop < 0:
        return None
    by_byte = [int(level) for level in _LEVEL.findall(info, start, stop)]
    levels, offset = [], 0
    for char in line:
        if offset >= len(by_byte):
            return None
        levels.append(by_byte[offset])
        offset += len(char.encode())
    return levels if offset == len(by_byte) else None
