"""Names in any script: Arabic joined, Arabic and Hebrew in reading order and in fonts that have
their letters, emoji gone without a trace, Latin untouched. Read back from the PDF."""

import dataclasses
import io
import re
import unicodedata
from collections import Counter
from html import escape

import bidi
import pdfplumber
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics

from core import fonts
from planner.handout.layout import build_handout
from tests.planner.handout.test_scripts_and_sizes import CJK_RANGES, HANDOUT


def title_chars(pdf: bytes) -> list[dict]:
    """The characters of the largest line on page 1 (the patient's name), left to right."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        chars = document.pages[0].chars
        biggest = max(c["size"] for c in chars)
        return sorted((c for c in chars if c["size"] == biggest), key=lambda c: c["x0"])


def font_of(char: dict) -> str:
    return char["fontname"].split("+")[-1]


def page_text(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def markup_runs(markup: str) -> list[tuple[str, str]]:
    """(font, text) pieces of ``text()``'s markup; "" is the paragraph's own font."""
    return [
        (font, text)
        for font, text, plain in re.findall(r'<font name="([^"]+)">([^<]*)</font>|([^<]+)', markup)
        for font, text in [(font, text) if font else ("", plain)]
    ]


def test_an_arabic_name_is_joined_and_set_in_the_arabic_font():
    pdf = build_handout(dataclasses.replace(HANDOUT, patient="محمد عبد الله"))
    chars = [c for c in title_chars(pdf) if not c["text"].isspace()]
    # Drawn left to right in joined forms (presentation forms), the name's last word first.
    assert "".join(c["text"] for c in chars) == "ﷲﺪﺒﻋﺪﻤﺤﻣ"
    # The name is the page title, set in bold: Arabic in it is bold too.
    assert {font_of(c) for c in chars} == {"IBMPlexSansArabic-Bold"}
    # The joined forms read back as the letters typed.
    text = unicodedata.normalize("NFKC", page_text(pdf))
    for word in ("محمد", "عبد", "الله"):
        assert word in text


def test_a_hebrew_name_is_set_in_the_hebrew_font_right_to_left():
    pdf = build_handout(dataclasses.replace(HANDOUT, patient="דנה כהן"))
    chars = [c for c in title_chars(pdf) if not c["text"].isspace()]
    # Left to right on the page: the family name first, each word's letters reversed.
    assert "".join(c["text"] for c in chars) == "ןהכהנד"
    assert {font_of(c) for c in chars} == {"Heebo-Regular"}


def test_mixed_text_keeps_latin_in_order_and_brackets_facing_the_right_way():
    assert fonts.text("Exercise 3 — تمرين (الركبة)") == (
        'Exercise 3 — (<font name="HandoutArabic">ﺔﺒﻛﺮﻟﺍ</font>) '
        '<font name="HandoutArabic">ﻦﻳﺮﻤﺗ</font>'
    )
    # A right-to-left paragraph: numbers and Latin words stay left to right inside it.
    assert fonts.text("שלום (דנה) 123 Dana") == (
        'Dana 123 (<font name="HandoutHebrew">הנד</font>) <font name="HandoutHebrew">םולש</font>'
    )
    # Each line of a note finds its own direction.
    assert fonts.text("שלום\nDana Cohen") == '<font name="HandoutHebrew">םולש</font> Dana Cohen'


def test_hebrew_points_stay_on_their_letters():
    # The vowel points follow their letter, as drawn left to right (the Unicode rule L3).
    assert fonts.text("דָּנָה") == '<font name="HandoutHebrew">הנָדָּ</font>'


def test_a_long_right_to_left_note_is_broken_into_lines_before_it_is_reordered():
    note = "اجلس على كرسي ثابت وضع قدميك على الأرض ثم ارفع ساقك ببطء حتى تستقيم الركبة"
    lines = fonts.text(note, width=150, size=12).split("<br/>")
    assert len(lines) > 1
    words = [re.sub(r"<[^>]*>", "", line).split() for line in lines]
    # Read right to left, the first line starts with the note's first word ("اجلس", joined)
    # and the last line ends with its last; no word is lost or repeated.
    assert words[0][-1] == "ﺲﻠﺟﺍ"
    assert words[-1][0] == "ﺔﺒﻛﺮﻟﺍ"
    assert sum(len(line) for line in words) == len(note.split())
    fonts.register_fonts()
    for line in lines:
        wide = sum(
            pdfmetrics.stringWidth(run, font or fonts.FONT, 12) for font, run in markup_runs(line)
        )
        assert wide <= 150
    # Without a width the paragraph is one reordered line, as before.
    assert "<br/>" not in fonts.text(note)


def test_an_arabic_title_can_be_bold():
    assert fonts.text("محمد", bold=True) == '<font name="HandoutArabic-Bold">ﺪﻤﺤﻣ</font>'


def test_emoji_in_a_name_disappear_without_a_box():
    name = "Ana 🙂 Smith 👍🏽 👨‍👩‍👧 🇬🇧 1️⃣"
    pdf = build_handout(dataclasses.replace(HANDOUT, patient=name))
    drawn = "".join(c["text"] for c in title_chars(pdf))
    assert re.sub(r"\s+", " ", drawn).strip() == "Ana Smith 1"
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        every_char = "".join(c["text"] for page in document.pages for c in page.chars)
    assert not re.search(r"[\U0001f000-\U0001ffff\u200d\ufe0f\u20e3\ufffd]", every_char)
    assert fonts.plain(name) == "Ana Smith 1"


def test_common_symbols_become_plain_ones():
    assert fonts.plain("✔ done ⭐ ● ➡ next") == "√ done * • → next"


def test_latin_greek_and_cyrillic_text_is_unchanged():
    name = 'Zoë Ñúñez Łukasz · Ζωή Παπαδοπούλου · Анна Иванова & <b>"x"</b>'
    assert fonts.text(name) == escape(name, quote=False)
    assert fonts.plain(name) == name
    assert not fonts.needs_cjk_font(name)


def test_which_text_needs_another_font():
    for other in ("王小明", "محمد", "דנה", "Ana 김민준"):
        assert fonts.needs_cjk_font(other)
    for fira in ("Maria", "Ana 🙂", "Ζωή", ""):
        assert not fonts.needs_cjk_font(fira)


def test_the_older_bidi_algorithm_is_used_if_the_levels_cannot_be_read(monkeypatch):
    monkeypatch.setattr(bidi, "get_display", lambda *args, **kwargs: "unexpected")
    fonts._markup.cache_clear()
    try:
        assert fonts.text("שלום (דנה)") == (
            '(<font name="HandoutHebrew">הנד</font>) <font name="HandoutHebrew">םולש</font>'
        )
    finally:
        fonts._markup.cache_clear()


def cmap(font: str) -> dict[int, int]:
    fonts.register_fonts()
    return pdfmetrics.getFont(font).face.charToGlyph


@given(st.text())
def test_plain_gives_only_what_fira_draws(value):
    fira = cmap(fonts.FONT)
    assert all(fira.get(ord(char), 0) for char in fonts.plain(value))


@given(st.text())
def test_text_sets_every_character_in_a_font_that_has_it(value):
    for font, run in markup_runs(fonts.text(value)):
        chars = run.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
        if font in fonts.CJK_FONTS.values():
            assert CJK_RANGES.fullmatch(chars), (font, chars)
        else:
            covered = cmap(font or fonts.FONT)
            # A newline in markup is a space to reportlab: it draws no glyph.
            assert all(covered.get(ord(char), 0) for char in chars if char != "\n"), (font, chars)


@given(
    st.text(alphabet=st.sampled_from("שלוםדנה محمدعبد Dana 123 ()[]—,.\n"), max_size=300),
    st.integers(20, 400),
)
def test_breaking_right_to_left_lines_loses_no_character(value, width):
    def drawn(markup):
        return Counter(re.sub(r"<[^>]*>|\s", "", markup))

    assert drawn(fonts.text(value, width=width, size=12)) == drawn(fonts.text(value))


ARABIC_WORDS = ["محمد", "عبد", "الله", "سالم", "كريم", "ناصر", "يوسف", "حسن", "علي", "منصور"]


def title_lines(pdf: bytes, size_of) -> list[str]:
    """The letters of each line of text in the given size on page 1, read right to left (as
    Arabic is drawn), top line first, as plain letters."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        chars = [c for c in document.pages[0].chars if size_of(c["size"])]
    lines: dict[int, list[dict]] = {}
    # Letters only: spaces are set in Fira, whose boxes sit a little higher than Arabic ones.
    for char in (c for c in chars if not c["text"].isspace()):
        lines.setdefault(round(char["top"]), []).append(char)
    return [
        unicodedata.normalize(
            "NFKC", "".join(c["text"] for c in sorted(row, key=lambda c: -c["x0"]))
        )
        for _, row in sorted(lines.items())
    ]


@pytest.mark.parametrize("large_print", [False, True])
def test_a_wrapped_arabic_name_reads_from_its_first_line_down(large_print):
    name = " ".join(ARABIC_WORDS * 2)  # about 90 characters: two or three lines in the title
    pdf = build_handout(dataclasses.replace(HANDOUT, patient=name), large_print=large_print)
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        biggest = max(c["size"] for c in document.pages[0].chars)
    lines = title_lines(pdf, lambda size: size == biggest)
    assert len(lines) >= 2
    # The first word typed starts the top line; the last word typed ends the bottom one.
    assert lines[0].startswith(ARABIC_WORDS[0])
    assert lines[-1].endswith(ARABIC_WORDS[-1])
    assert "".join(lines) == name.replace(" ", "")
