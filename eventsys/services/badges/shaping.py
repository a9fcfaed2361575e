"""A line of badge text made ready to draw: in reading order (Unicode bidi) and shaped by HarfBuzz, font by font.

Arabic letters join, Indic vowels and conjuncts reorder, and right-to-left runs come out right to left: reportlab
draws the glyphs HarfBuzz chose (its `shapeFragWord`), this module only cuts the text into runs and orders them.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from bidi import algorithm as bidi
from bidi.mirror import MIRRORED
from reportlab.lib.abag import ABag
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import ShapedStr, shapeFragWord

from eventsys.services.badges.fonts import family

#: Bidi classes that make a line need the bidi algorithm; without them every character is left to right.
_RIGHT_TO_LEFT = {"R", "AL", "AN", "RLE", "RLO", "RLI", "FSI"}
#: OpenType features beyond the script's required ones: kerning, but no Latin ligatures ("st", "fi") in a name,
#: which would also read back from the PDF as ligature characters.
FEATURES = {"kern": True, "liga": False, "dlig": False}


@dataclass(frozen=True)
class Run:
    """Glyphs in one font, in visual order; `advance` is the width at size 1."""

    font: str
    text: str
    advance: float


@dataclass(frozen=True)
class Line:
    """Runs in visual order, left to right as they are drawn; `rtl` when the line reads right to left."""

    runs: tuple[Run, ...]
    rtl: bool = False

    def width(self, size: float) -> float:
        return sum(run.advance for run in self.runs) * size


@lru_cache(maxsize=65536)
def shape_line(text: str, bold: bool = False) -> Line:
    """`text` as runs of shaped glyphs in visual order, each in the font that covers its script (cached per string)."""
    fonts = family(bold)
    if all(ord(c) < 0x0300 for c in text) and not fonts.missing(text):
        # Plain Latin (names, codes, dates) in the first font: nothing to order or shape.
        return Line((Run(fonts.names[0], text, pdfmetrics.stringWidth(text, fonts.names[0], 1)),))
    levels = bidi_levels(text)
    pieces: list[tuple[int, str, str]] = []  # (level, font, text) in logical order
    start = 0
    for name, piece in fonts.runs(text):
        for index in range(start, start + len(piece)):
            if pieces and pieces[-1][:2] == (levels[index], name):
                pieces[-1] = (levels[index], name, pieces[-1][2] + text[index])
            else:
                pieces.append((levels[index], name, text[index]))
        start += len(piece)
    runs = [(level, _shape(name, piece, level % 2 == 1)) for level, name, piece in pieces]
    # The lowest level is the paragraph's: odd when the text starts with a right-to-left letter.
    return Line(tuple(run for _, run in _visual_order(runs)), rtl=bool(levels) and min(levels) % 2 == 1)


def bidi_levels(text: str) -> list[int]:
    """The resolved embedding level of each character (odd is right to left), paragraph direction from the text."""
    if not any(unicodedata.bidirectional(char) in _RIGHT_TO_LEFT for char in text):
        return [0] * len(text)
    storage = bidi.get_empty_storage()
    storage["base_level"] = bidi.get_base_level(text)
    storage["base_dir"] = ("L", "R")[storage["base_level"]]
    bidi.get_embedding_levels(text, storage)
    for step in (bidi.explicit_embed_and_overrides, bidi.resolve_weak_types, bidi.resolve_neutral_types):
        step(storage, False)
    bidi.resolve_implicit_levels(storage, False)
    return [char["level"] for char in storage["chars"]]


def _shape(font: str, text: str, rtl: bool) -> Run:
    if not rtl and all(ord(c) < 0x0300 for c in text):
        # Latin without combining marks maps one character to one glyph: HarfBuzz would only add kerning, which
        # badges never had, at a cost of 3 ms a string (every badge's typed code is a new string).
        return Run(font, text, pdfmetrics.stringWidth(text, font, 1))
    if rtl and not any(unicodedata.bidirectional(c) in _RIGHT_TO_LEFT for c in text):
        # Only spaces and punctuation at a right-to-left level: HarfBuzz would guess left to right, so turn them here.
        text = "".join(MIRRORED.get(c, c) for c in reversed(text))
    shaped = shapeFragWord([0, (ABag(fontName=font, fontSize=10), text)], features=FEATURES)[1][1]
    if isinstance(shaped, ShapedStr):
        return Run(font, shaped, sum(data.x_advance for data in shaped.__shapeData__) / 1000)
    return Run(font, shaped, pdfmetrics.stringWidth(shaped, font, 1))


def _visual_order(runs: list[tuple[int, Run]]) -> list[tuple[int, Run]]:
    """Unicode bidi rule L2 on runs: from the highest level down to the lowest odd one, reverse each stretch."""
    if not runs:
        return runs
    highest = max(level for level, _ in runs)
    lowest_odd = min((level for level, _ in runs if level % 2), default=highest + 1)
    for level in range(highest, lowest_odd - 1, -1):
        index = 0
        while index < len(runs):
            if runs[index][0] < level:
                index += 1
                continue
            end = index
            while end < len(runs) and runs[end][0] >= level:
                end += 1
            runs[index:end] = runs[index:end][::-1]
            index = end
    return runs
