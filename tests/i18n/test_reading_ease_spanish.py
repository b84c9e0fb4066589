"""Every Spanish sentence of the catalogue is plain (issue 18): the portal's pages, forms and
messages, the sign-in pages, the handout's sentences and the email, each whole sentence of six
words or more at Fernández-Huerta 70 or more ("bastante fácil"), as tests/test_reading_grade.py
asks of the English. Headings, labels and fragments are too short to score; the library's and the
safety notes' Spanish are graded in test_library_spanish.py."""

import re

import pytest

from tests.i18n.catalogue import PROJECT, read_po
from tests.i18n.test_library_spanish import MIN_EASE, fernandez_huerta

# A placeholder stands for one short word when graded ("%(name)s", "{date}"); markup is no word.
_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}")
_MARKUP = re.compile(r"<[^>]+>")


def _sentences():
    catalogue = read_po(PROJECT / "locale" / "es" / "LC_MESSAGES" / "django.po")
    for entry in catalogue.values():
        for text in entry.msgstrs:
            plain = _PLACEHOLDER.sub("X", _MARKUP.sub("", text))
            if entry.msgid and len(plain.split()) >= 6 and plain.rstrip().endswith((".", "?")):
                yield f"{entry.msgid[:60]} [{len(plain)}]", plain


SENTENCES = dict(_sentences())


def test_there_are_sentences_to_grade():
    assert len(SENTENCES) > 100


@pytest.mark.parametrize("msgid", SENTENCES)
def test_a_spanish_sentence_is_plain(msgid):
    ease = fernandez_huerta(SENTENCES[msgid])
    assert ease >= MIN_EASE, f"Fernández-Huerta {ease:.1f}: {SENTENCES[msgid]!r}"
