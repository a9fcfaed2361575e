"""The text the directory searches, folded the same way on every database.

Stored text and search terms both go through `fold`: Unicode NFKC (full-width and half-width forms become one),
case folding in every script (not only ASCII, as SQLite's `lower()` does), and katakana written as hiragana.
Japanese names are stored with their readings too, in hiragana and in Hepburn romaji (pykakasi), so ヤマダ, やまだ
or "yamada" find 山田. The folded text lives in `Organization.search_text`, kept up to date on every write.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_KATAKANA = re.compile("[\u30a1-\u30f6]")
_JAPANESE = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]")


def fold(text: str | None) -> str:
    """`text` as compared by search: NFKC, case-folded, katakana as hiragana."""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text or "").casefold())
    return _KATAKANA.sub(lambda match: chr(ord(match.group()) - 0x60), folded)


@lru_cache(maxsize=1)
def _kakasi():
    import pykakasi

    return pykakasi.kakasi()


@lru_cache(maxsize=8192)
def readings(text: str | None) -> tuple[str, ...]:
    """The hiragana and romaji readings of the Japanese in `text` (none for text without Japanese)."""
    if not text or not _JAPANESE.search(text):
        return ()
    parts = _kakasi().convert(unicodedata.normalize("NFKC", text))
    hiragana = "".join(part["hira"] for part in parts)
    romaji = [part["hepburn"] for part in parts if part["hepburn"].strip()]
    return (hiragana, " ".join(romaji), "".join(romaji))


def searchable(*names: str | None, description: str | None = None) -> str:
    """What is stored for search: the names with their readings, then the description, all folded."""
    pieces = [name for name in names if name]
    for name in names:
        pieces.extend(readings(name))
    if description:
        pieces.append(description)
    return fold("\n".join(pieces))


def terms(text: str, *, limit: int = 10) -> list[str]:
    """The folded whitespace-separated terms of a search, each of which must match."""
    return [term for term in fold(text).split() if term][:limit]


def matches(text: str, *names: str | None) -> bool:
    """Whether every term of the search `text` is in `names` or their readings (for lists searched in Python)."""
    haystack = searchable(*names)
    return all(term in haystack for term in terms(text))
