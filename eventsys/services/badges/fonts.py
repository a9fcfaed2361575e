"""Embedded fonts for badges: DejaVu Sans for Latin, Greek and Cyrillic, Droid Sans Fallback for Chinese,
Japanese and Korean. Both are TrueType, so reportlab embeds subsets of them in every PDF."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from eventsys.paths import ROOT

FONT_FOLDER = ROOT / "static" / "fonts"
#: (name reportlab knows it by, file), tried in this order for each character.
REGULAR = (("EventsysLatin", "DejaVuSans.ttf"), ("EventsysCJK", "DroidSansFallback.ttf"))
BOLD = (("EventsysLatinBold", "DejaVuSans-Bold.ttf"), ("EventsysCJK", "DroidSansFallback.ttf"))
#: Characters that never need a glyph.
_INVISIBLE = {"\u200b", "\u200c", "\u200d", "\ufeff"}


@dataclass(frozen=True)
class FontFamily:
    """Fonts tried in order; each character is set in the first that has it."""

    names: tuple[str, ...]
    coverage: tuple[frozenset[int], ...]

    def runs(self, text: str) -> list[tuple[str, str]]:
        """`text` cut into (font name, piece) runs; a character no font has stays in the first font."""
        runs: list[tuple[str, str]] = []
        for char in text:
            name = self.names[self._index(char)]
            if runs and runs[-1][0] == name:
                runs[-1] = (name, runs[-1][1] + char)
            else:
                runs.append((name, char))
        return runs

    def _index(self, char: str) -> int:
        code = ord(char)
        for index, covered in enumerate(self.coverage):
            if code in covered:
                return index
        return 0

    def width(self, text: str, size: float) -> float:
        return sum(pdfmetrics.stringWidth(piece, name, size) for name, piece in self.runs(text))

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
        coverage.append(frozenset(pdfmetrics.getFont(name).face.charToGlyph))
    return FontFamily(tuple(name for name, _ in fonts), tuple(coverage))


def missing_glyphs(text: str) -> list[str]:
    """Characters of `text` that the badge fonts, regular or bold, cannot draw."""
    return sorted(set(family().missing(text)) | set(family(bold=True).missing(text)))
