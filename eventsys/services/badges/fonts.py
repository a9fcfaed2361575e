"""Embedded fonts for badges: DejaVu Sans for Latin, Greek, Cyrillic, Georgian and Armenian, a Noto Sans font for
each script DejaVu cannot shape well or lacks, Droid Sans Fallback for Chinese, Japanese and Korean. All are
TrueType, so reportlab embeds subsets of them in every PDF."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from eventsys.paths import ROOT

FONT_FOLDER = ROOT / "static" / "fonts"
#: Script fonts: (name stem, regular file, bold file, code point ranges whose letters they set before any other).
SCRIPTS = (
    (
        "Arabic",
        "NotoSansArabic",
        ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)),
    ),
    ("Hebrew", "NotoSansHebrew", ((0x0590, 0x05FF), (0xFB1D, 0xFB4F))),
    ("Thai", "NotoSansThai", ((0x0E00, 0x0E7F),)),
    ("Devanagari", "NotoSansDevanagari", ((0x0900, 0x097F), (0xA8E0, 0xA8FF))),
    ("Bengali", "NotoSansBengali", ((0x0980, 0x09FF),)),
    ("Tamil", "NotoSansTamil", ((0x0B80, 0x0BFF),)),
    ("Sinhala", "NotoSansSinhala", ((0x0D80, 0x0DFF),)),
    ("Khmer", "NotoSansKhmer", ((0x1780, 0x17FF), (0x19E0, 0x19FF))),
    ("Ethiopic", "NotoSansEthiopic", ((0x1200, 0x139F), (0x2D80, 0x2DDF), (0xAB00, 0xAB2F))),
)
#: (name reportlab knows it by, file); after the script fonts, the rest are tried in this order for each character.
REGULAR = (
    ("EventsysLatin", "DejaVuSans.ttf"),
    *((f"Eventsys{key}", f"{stem}-Regular.ttf") for key, stem, _ in SCRIPTS),
    ("EventsysCJK", "DroidSansFallback.ttf"),
)
BOLD = (
    ("EventsysLatinBold", "DejaVuSans-Bold.ttf"),
    *((f"Eventsys{key}Bold", f"{stem}-Bold.ttf") for key, stem, _ in SCRIPTS),
    ("EventsysCJK", "DroidSansFallback.ttf"),
)
#: Characters that never need a glyph.
_INVISIBLE = {"\u200b", "\u200c", "\u200d", "\ufeff"}


def _preferred(code: int) -> int | None:
    """The index (in REGULAR or BOLD) of the script font that sets this code point, if any."""
    for index, (_, _, ranges) in enumerate(SCRIPTS, start=1):
        if any(low <= code <= high for low, high in ranges):
            return index
    return None


@dataclass(frozen=True)
class FontFamily:
    """Fonts tried per character: its script's font, else the run's font for marks and punctuation, else in order."""

    names: tuple[str, ...]
    coverage: tuple[frozenset[int], ...]

    def runs(self, text: str) -> list[tuple[str, str]]:
        """`text` cut into (font name, piece) runs; a character no font has stays in the first font."""
        runs: list[tuple[str, str]] = []
        index = None
        for char in text:
            index = self._index(char, index)
            name = self.names[index]
            if runs and runs[-1][0] == name:
                runs[-1] = (name, runs[-1][1] + char)
            else:
                runs.append((name, char))
        return runs

    def _index(self, char: str, previous: int | None) -> int:
        code = ord(char)
        preferred = _preferred(code)
        if preferred is not None and code in self.coverage[preferred]:
            return preferred
        # Marks, joiners, spaces and punctuation stay with their neighbours so that a cluster is shaped in one font.
        if previous is not None and unicodedata.category(char)[0] not in "LN" and code in self.coverage[previous]:
            return previous
        for index, covered in enumerate(self.coverage):
            if code in covered:
                return index
        return previous or 0

    def missing(self, text: str) -> list[str]:
        """Characters of `text` that no font of the family can draw (they would print as boxes)."""
        return sorted(
            {c for c in text if c not in _INVISIBLE and not c.isspace() and not any(ord(c) in f for f in self.coverage)}
        )


@cache
def family(bold: bool = False) -> FontFamily:
    """The registered family; fonts are read once per process."""
    fonts = BOLD if bold else REGULAR
    coverage = []
    for name, filename in fonts:
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(FONT_FOLDER / filename)))
        # Copied now: shaping adds private code points to the font's map for glyphs that have none.
        coverage.append(frozenset(pdfmetrics.getFont(name).face.charToGlyph))
    return FontFamily(tuple(name for name, _ in fonts), tuple(coverage))


def missing_glyphs(text: str) -> list[str]:
    """Characters of `text` that the badge fonts, regular or bold, cannot draw."""
    return sorted(set(family().missing(text)) | set(family(bold=True).missing(text)))
