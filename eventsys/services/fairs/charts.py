"""Charts as SVG drawn on the server, from plain value objects; request-free, no script, no inline style.

Colours come from classes (`chart__fill--sold`) that static/css/dashboard.css fills: the Content-Security-Policy
allows no style attribute, and SVG presentation attributes are kept for geometry. Each chart is an image with a
name (role="img", aria-label); the page puts the same figures in a table beside it for screen readers.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import Markup, escape

#: The colour roles a series may take; dashboard.css gives each a fill.
TONES = ("sold", "held", "free", "blocked", "primary", "accent", "warning", "muted")
#: The viewBox's width: a phone shows it at about 300 px, so 12-unit text stays readable there.
WIDTH = 360
FONT = 12
LEGEND_ROW = 18


@dataclass(frozen=True)
class Series:
    """One kind of value in a chart, named in its legend."""

    name: str
    tone: str = "primary"

    def __post_init__(self):
        if self.tone not in TONES:
            raise ValueError(f"unknown tone {self.tone!r}")


@dataclass(frozen=True)
class Bar:
    """One bar: its label and a value per series, stacked."""

    label: str
    values: tuple[float, ...]

    @property
    def total(self) -> float:
        return sum(self.values)


@dataclass(frozen=True)
class BarChart:
    title: str
    series: tuple[Series, ...]
    bars: tuple[Bar, ...]
    #: Shown instead of bars when there are none, or all are 0.
    empty_text: str = ""


@dataclass(frozen=True)
class LineChart:
    """A running total over `length` steps (days), with an optional band (the booking window) and ceiling."""

    title: str
    series_name: str
    #: One value per step from the first; fewer than `length` when the line stops at today.
    values: tuple[float, ...]
    length: int
    #: (step, label) under the axis.
    ticks: tuple[tuple[int, str], ...] = ()
    #: First and last step of the shaded band, and its name.
    band: tuple[int, int] | None = None
    band_name: str = ""
    ceiling: float | None = None
    ceiling_name: str = ""
    empty_text: str = ""


def render_bars(chart: BarChart) -> Markup:
    """Horizontal stacked bars, one row per bar, labels on the left and totals at the bar's end."""
    label_width, row, bar_height = 128, 24, 14
    legend, top = _legend(chart.series)
    height = top + max(len(chart.bars), 1) * row + 6
    parts = [legend]
    longest = max((bar.total for bar in chart.bars), default=0)
    if not longest:
        parts.append(_text(0, top + FONT + 4, chart.empty_text, "chart__note"))
        return _svg(chart.title, height, parts)
    scale = (WIDTH - label_width - 44) / longest
    for i, bar in enumerate(chart.bars):
        y = top + i * row + 4
        parts.append(_label(label_width - 6, y + bar_height - 2, bar.label, anchor="end", room=label_width - 6))
        x = float(label_width)
        for value, series in zip(bar.values, chart.series, strict=True):
            if value > 0:
                parts.append(_rect(x, y, value * scale, bar_height, series, f"{bar.label}: {series.name} {_n(value)}"))
                x += value * scale
        parts.append(_text(x + 4, y + bar_height - 2, _n(bar.total), "chart__value"))
    return _svg(chart.title, height, parts)


def render_columns(chart: BarChart) -> Markup:
    """Vertical stacked columns over a value axis, every few labels shown under them."""
    left, right, plot_height, bottom = 34, 4, 140, 26
    legend, top = _legend(chart.series)
    top += 8
    height = top + plot_height + bottom
    parts = [legend]
    highest = max((bar.total for bar in chart.bars), default=0)
    if not highest:
        parts.append(_text(left, top + FONT + 4, chart.empty_text, "chart__note"))
        return _svg(chart.title, height, parts)
    ceiling = _nice(highest)
    parts.extend(_value_axis(left, top, plot_height, ceiling))
    slot = (WIDTH - left - right) / len(chart.bars)
    widest = max(_text_width(bar.label) for bar in chart.bars) + 10
    every = max(1, math.ceil(widest / slot))
    for i, bar in enumerate(chart.bars):
        x, base = left + i * slot + slot * 0.15, top + plot_height
        for value, series in zip(bar.values, chart.series, strict=True):
            h = value / ceiling * plot_height
            if h > 0:
                parts.append(_rect(x, base - h, slot * 0.7, h, series, f"{bar.label}: {series.name} {_n(value)}"))
                base -= h
        if i % every == 0:
            room = slot * every - 4
            parts.append(_label(left + (i + 0.5) * slot, top + plot_height + 16, bar.label, anchor="middle", room=room))
    return _svg(chart.title, height, parts)


def render_line(chart: LineChart) -> Markup:
    """A running total as a line over its steps, against a shaded band and a dashed ceiling."""
    left, right, plot_height, bottom = 34, 8, 150, 26
    legend, top = _legend((Series(chart.series_name, "primary"),), always=True)
    top += 8
    height = top + plot_height + bottom
    plot_width = WIDTH - left - right
    parts = [legend]
    highest = max([*chart.values, chart.ceiling or 0, 0])
    if not chart.values or not highest:
        parts.append(_text(left, top + FONT + 8, chart.empty_text, "chart__note"))
        return _svg(chart.title, height, parts)
    ceiling = _nice(highest)
    step = plot_width / max(chart.length - 1, 1)

    def x(i: float) -> float:
        return left + i * step

    def y(value: float) -> float:
        return top + plot_height - value / ceiling * plot_height

    if chart.band is not None:
        start, end = chart.band
        parts.append(
            f'<rect class="chart__band" x="{x(start):.1f}" y="{top}" width="{max(x(end) - x(start), 1):.1f}" '
            f'height="{plot_height}"><title>{escape(chart.band_name)}</title></rect>'
        )
    parts.extend(_value_axis(left, top, plot_height, ceiling))
    if chart.ceiling:
        parts.append(
            f'<line class="chart__ceiling" x1="{left}" x2="{WIDTH - right}" y1="{y(chart.ceiling):.1f}" '
            f'y2="{y(chart.ceiling):.1f}"/>'
        )
        parts.append(_text(WIDTH - right, y(chart.ceiling) - 4, chart.ceiling_name, "chart__value", anchor="end"))
    points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(chart.values))
    parts.append(f'<polyline class="chart__line" points="{points}"/>')
    last = len(chart.values) - 1
    parts.append(f'<circle class="chart__dot" cx="{x(last):.1f}" cy="{y(chart.values[-1]):.1f}" r="3.5"/>')
    parts.append(_text(x(last) + 6, y(chart.values[-1]) - 6, _n(chart.values[-1]), "chart__value"))
    for i, label in chart.ticks:
        anchor = "start" if i == 0 else "end" if i >= chart.length - 1 else "middle"
        parts.append(_text(x(i), top + plot_height + 16, label, "chart__label", anchor=anchor))
    return _svg(chart.title, height, parts)


def _svg(title: str, height: float, parts: Iterable[str]) -> Markup:
    body = "".join(parts)
    return Markup(
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height:.0f}" width="{WIDTH}" height="{height:.0f}" role="img" '
        f'aria-label="{escape(title)}" focusable="false" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title>{body}</svg>"
    )


def _legend(series: tuple[Series, ...], always: bool = False) -> tuple[str, float]:
    """Swatches and names in rows that wrap, and the height they take; none for one series (the title names it)."""
    if len(series) < 2 and not always:
        return "", 0
    parts, x, y = [], 0.0, 0.0
    for item in series:
        width = 16 + _text_width(item.name) + 14
        if x and x + width > WIDTH:
            x, y = 0.0, y + LEGEND_ROW
        parts.append(
            f'<rect class="chart__fill chart__fill--{item.tone}" x="{x:.1f}" y="{y + 3}" width="12" height="12"/>'
        )
        parts.append(_text(x + 16, y + 13, item.name, "chart__label"))
        x += width
    return "".join(parts), y + LEGEND_ROW + 4


def _value_axis(left: float, top: float, plot_height: float, ceiling: float) -> list[str]:
    """Gridlines with their values at 0, half and the whole of the axis."""
    parts = []
    for fraction in (0, 0.5, 1):
        y = top + plot_height - fraction * plot_height
        parts.append(f'<line class="chart__grid" x1="{left}" x2="{WIDTH}" y1="{y:.1f}" y2="{y:.1f}"/>')
        parts.append(_text(left - 6, y + 4, _n(ceiling * fraction), "chart__label", anchor="end"))
    return parts


def _rect(x: float, y: float, width: float, height: float, series: Series, tip: str) -> str:
    return (
        f'<rect class="chart__fill chart__fill--{series.tone}" x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" '
        f'height="{height:.1f}"><title>{escape(tip)}</title></rect>'
    )


def _label(x: float, y: float, text: str, *, anchor: str, room: float) -> str:
    """A label cut with an ellipsis to fit `room` units; the whole of it as its tooltip."""
    shown = text
    while len(shown) > 1 and _text_width(shown) > room:
        shown = shown[:-2] + "…"
    tip = f"<title>{escape(text)}</title>" if shown != text else ""
    return f'<text class="chart__label" x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}">{tip}{escape(shown)}</text>'


def _text_width(text: str) -> float:
    """About how wide `text` is at the chart's font size: Japanese, Chinese and Korean characters twice as wide."""
    return sum(FONT if unicodedata.east_asian_width(ch) in "WF" else FONT * 0.58 for ch in text)


def _text(x: float, y: float, text: str, kind: str, anchor: str = "start") -> str:
    return f'<text class="{kind}" x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}">{escape(text)}</text>'


def _nice(value: float) -> float:
    """The smallest of 1, 2, 4, 6, 8 × 10ⁿ at or above `value` (and at least 2): an axis that ends, and is halved,
    on whole round numbers."""
    value = max(value, 2)
    magnitude = 10 ** math.floor(math.log10(value))
    return next(m * magnitude for m in (1, 2, 4, 6, 8, 10) if m * magnitude >= value)


def _n(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"
