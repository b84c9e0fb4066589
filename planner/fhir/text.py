"""Free text into FHIR, kept as text.

An Annotation's ``text`` is markdown: a record system that renders it would turn a therapist's
"*not* after meals" into emphasis and drop a patient's "<3 the pool" as an HTML tag. Each
character that could start markup where it stands is escaped with a backslash, which markdown
turns back into the character itself; the rest stays as typed, so a system that shows the text
as it is still reads plainly ("Sit-to-stand: 3 sets."). ``unescape`` is the exact inverse, for
reading a bundle back."""

import re

# Markup wherever it stands: emphasis, code, links and images, HTML and entities, strikethrough,
# table cells, and the backslash itself (so ``unescape`` is exact).
_ANYWHERE = re.compile(r"([\\`*_\[\]<>&~|])")
# Markup only at the start of a line (after \n or a lone \r, both line ends to markdown):
# headings, lists and setext underlines ...
_LINE_START = re.compile(r"(?m)(?:^|(?<=\r))([ \t]*)([-+=#])")
# ... and numbered lists ("1." or "1)").
_NUMBERED = re.compile(r"(?m)(?:^|(?<=\r))([ \t]*\d+)([.)])")
# A line break stays one: markdown joins lines into a paragraph unless a backslash ends the line.
_LINE_END = re.compile(r"(\r\n|\r|\n)")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~]|\r\n|\r|\n)")


def markdown_text(text: str) -> str:
    """``text`` as markdown that renders as exactly ``text``, line breaks included."""
    text = _ANYWHERE.sub(r"\\\1", text)
    text = _LINE_START.sub(r"\1\\\2", text)
    text = _NUMBERED.sub(r"\1\\\2", text)
    return _LINE_END.sub(r"\\\1", text)


def unescape(markdown: str) -> str:
    """The text ``markdown_text`` was given: a backslash before punctuation or a line end is
    dropped."""
    return _ESCAPED.sub(r"\1", markdown)
