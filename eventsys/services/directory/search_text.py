"""The text the directory searches, folded the same way on every database.

Stored text and search terms both go through `fold`: Unicode NFKC (full-width and half-width forms become one),
case folding in every script (not only ASCII, as SQLite's `lower()` does), and katakana written as hiragana.
Japanese names are stored with their readings too, in hiragana and in Hepburn romaji (pykakasi), so ヤマダ, やまだ
or "yamada" find 山田. The folded text lives in `Organization.search_text`, kept up to date on every write.

Romaji writes a long vowel several ways: Hepburn's macron (Tarō, Ōno) or circumflex (Tarô), the wāpuro "ou" and
doubled vowels (tarou, oono, yuuko), and the passport's "oh" (Ohno). `long_vowels_folded` writes each as one short
vowel, so tarō, taro, tarou and taroo find each other, and so do ōno, ono, oono and ohno. Stored text keeps its
plain fold and adds this fold as a second copy where it differs; search terms are given this fold only. The price
is over-matching where "ou", a doubled vowel or "oh" is no long vowel: "fond" finds "found", "bok" finds "book",
"jon" finds "John".

Kana writes a long vowel with the mark ー (タロー, katakana mostly) or with a vowel kana (たろう, おおの, ゆうこ).
The same short fold writes each as the one short kana before it, as romaji does: ー after any kana is dropped,
and so is a vowel kana repeating the vowel before it, or う after an o-row kana (たろう, タロウ, タロー: たろ;
おおの, オーノ: おの). Its price mirrors romaji's: こうこう finds ここ. A search term written only in kana
is matched by its romaji too (its reading is certain, unlike kanji's), so タロー finds "Taro Works" as "taro"
finds タロー.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_KATAKANA = re.compile("[\u30a1-\u30f6]")
_MARKED_VOWEL = re.compile("([aeiou])[\u0302\u0304]")  # on decomposed text: â ā ê ē î ī ô ō û ū
_PASSPORT_OH = re.compile("oh(?![aeiouy])")  # Ohno, Ohta; not Ohio
_LONG_VOWEL = re.compile("([aeiou])\\1+|ou")
_LONG_MARK = "\u30fc"  # ー; NFKC turns the half-width ｰ into it
#: The vowel of each hiragana that has one (small kana included: ファー, ティー, きょう).
_VOWEL_OF = {
    kana: vowel
    for vowel, row in {
        "a": "あかがさざただなはばぱまやらわぁゃゎゕ",
        "i": "いきぎしじちぢにひびぴみりゐぃ",
        "u": "うくぐすずつづぬふぶぷむゆるゔぅゅ",
        "e": "えけげせぜてでねへべぺめれゑぇゖ",
        "o": "おこごそぞとどのほぼぽもよろをぉょ",
    }.items()
    for kana in row
}
#: The kana that lengthen a vowel when they follow it.
_LENGTHENING = {"a": "あ", "i": "い", "u": "う", "e": "え", "o": "おう"}
_KANA_ONLY = re.compile("[\u3041-\u3096\u30fc]+")
#: Shortest romaji that a kana-only search term is also matched by (あい as "ai" would find every AI startup).
_MIN_KANA_ROMAJI = 3
_JAPANESE = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]")


def fold(text: str | None) -> str:
    """`text` as compared by search: NFKC, case-folded, katakana as hiragana."""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text or "").casefold())
    return _KATAKANA.sub(lambda match: chr(ord(match.group()) - 0x60), folded)


def long_vowels_folded(text: str) -> str:
    """Folded `text` with each long vowel written as one short vowel, in romaji (tarō, tarou, taroo: taro; ohno:
    ono) and in kana (たろう, たろー: たろ)."""
    return _romaji_long_vowels_folded(_kana_long_vowels_folded(text))


def _kana_long_vowels_folded(text: str) -> str:
    """Folded (hiragana) `text` with ー after a kana and each vowel kana lengthening the one before it dropped."""
    kept: list[str] = []
    for char in text:
        vowel = _VOWEL_OF.get(kept[-1]) if kept else None
        if (char == _LONG_MARK and kept and (vowel or kept[-1] in "んっ")) or (vowel and char in _LENGTHENING[vowel]):
            continue
        kept.append(char)
    return "".join(kept)


def _romaji_long_vowels_folded(text: str) -> str:
    plain = unicodedata.normalize("NFC", _MARKED_VOWEL.sub(r"\1", unicodedata.normalize("NFD", text)))
    plain = _PASSPORT_OH.sub("o", plain)
    shorter = _LONG_VOWEL.sub(lambda match: match.group(1) or "o", plain)
    while shorter != plain:  # "oou", "ouo": one pass can leave a new pair
        plain, shorter = shorter, _LONG_VOWEL.sub(lambda match: match.group(1) or "o", shorter)
    return shorter


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
    folded = fold("\n".join(pieces))
    short = long_vowels_folded(folded)
    return folded if short == folded else f"{folded}\n{short}"


def terms(text: str, *, limit: int = 10) -> list[tuple[str, ...]]:
    """The whitespace-separated terms of a search, each of which must match: each as its folded spellings, any of
    which may be found (a kana-only term as its kana and its romaji)."""
    return [_spellings(term) for term in fold(text).split() if term][:limit]


def _spellings(term: str) -> tuple[str, ...]:
    kana = long_vowels_folded(term)
    if not _KANA_ONLY.fullmatch(term):
        return (kana,)
    romaji = long_vowels_folded(fold(readings(term)[-1]))
    return (kana, romaji) if len(romaji) >= _MIN_KANA_ROMAJI and romaji.isascii() else (kana,)


def matches(text: str, *names: str | None) -> bool:
    """Whether every term of the search `text` is in `names` or their readings (for lists searched in Python)."""
    haystack = searchable(*names)
    return all(any(spelling in haystack for spelling in term) for term in terms(text))
