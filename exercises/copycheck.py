"""Check that library text shares no run of 8 words with the MedlinePlus article.

The article is copyrighted, so the repository keeps only a fingerprint of it: a hash of every run
of 8 consecutive words (``exercises/data/article-8word-runs.txt``). Regenerate it with
``python -m exercises.copycheck ../shared/seed/*.txt > exercises/data/article-8word-runs.txt``.
The Spanish edition's (``article-es-8word-runs.txt``) is made the same way from its text, which is
not kept here either.
"""

import hashlib
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

RUN_LENGTH = 8
FINGERPRINT_PATH = Path(__file__).resolve().parent / "data" / "article-8word-runs.txt"
# The Spanish edition (https://medlineplus.gov/spanish/ency/article/003188.htm), for the library's
# and the safety notes' Spanish.
SPANISH_FINGERPRINT_PATH = FINGERPRINT_PATH.with_name("article-es-8word-runs.txt")
# Letters of any script (Spanish "día" is one word, not "d" and "a").
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?")


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("\u2019", "'"))


def runs(text: str, length: int = RUN_LENGTH) -> Iterator[str]:
    tokens = words(text)
    for start in range(len(tokens) - length + 1):
        yield " ".join(tokens[start : start + length])


def run_hash(run: str) -> str:
    return hashlib.sha256(run.encode()).hexdigest()[:16]


def fingerprint(texts: Iterable[str]) -> set[str]:
    return {run_hash(run) for text in texts for run in runs(text)}


def load_fingerprint(path: Path = FINGERPRINT_PATH) -> set[str]:
    """The English article's fingerprint, or another's (``SPANISH_FINGERPRINT_PATH``)."""
    return set(path.read_text(encoding="utf-8").split())


def shared_runs(text: str, article_hashes: set[str]) -> list[str]:
    """The 8-word runs of ``text`` that also occur in the article."""
    return [run for run in runs(text) if run_hash(run) in article_hashes]


if __name__ == "__main__":
    sources = [Path(p).read_text(encoding="utf-8", errors="replace") for p in sys.argv[1:]]
    if not sources:
        sys.exit("usage: python -m exercises.copycheck ARTICLE.txt [...] > FINGERPRINT")
    sys.stdout.write("\n".join(sorted(fingerprint(sources))) + "\n")
