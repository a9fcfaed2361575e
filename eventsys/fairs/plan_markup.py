"""The booths of a hall's plan layer (templates/fairs/_plan_layer.html) as markup: each booth's <g> on the plan and
its row in the list of booths.

Written here rather than in the template because it runs for every booth of the hall: Jinja spent 45 calls and
escapes per booth (90% of a fresh build of 434 booths). Here each text the same for many booths (a type's name and
price, a size, a state's label, a zone) is escaped once, and a booth costs one f-string per part; no indentation is
sent. The markup is the template's as it was, less what nothing reads: the raw price (data-price) and the text
alignment of the codes, which the stylesheet gives (.booth__code).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from flask_babel import gettext as _
from markupsafe import Markup, escape

from eventsys.formatting import metres, yen


@dataclass(frozen=True)
class BoothMarkup:
    svg: Markup
    rows: Markup
    #: The booth types of the hall's booths by price, and their sector zones by name: the legend's.
    types: list
    zones: list


def booth_markup(plan, booth_url: str) -> BoothMarkup:
    """The <g> of every booth of `plan` (a FloorPlan) and its row in the list; BOOTHCODE in `booth_url` is the code."""
    texts = _Texts()
    svg, rows = [], []
    for planned in plan.booths:
        booth, state = planned.booth, planned.state.value
        kind, zone = texts.kind(booth.booth_type), texts.zone(booth.sector)
        code, size, label = escape(booth.code), texts.size(booth.width, booth.depth), texts.states[state]
        who = escape(planned.exhibitor) if planned.exhibitor else None
        svg.append(_booth_g(booth, state, code, kind, zone, size, label, who, texts))
        link = escape(booth_url.replace("BOOTHCODE", _quoted(booth.code)))
        who_cell = f' <span class="state__who">{who}</span>' if who else ""
        rows.append(
            f'<tr data-booth-id="{booth.id}"><th scope="row" class="mono"><a href="{link}">{code}</a></th>'
            f'<td>{kind.name}</td><td>{size}</td><td class="num">{kind.price}</td><td>{zone.name or "—"}</td>'
            f'<td data-state-cell><span class="state state--{state}">{label}</span>{who_cell}</td></tr>\n'
        )
    types = {p.booth.booth_type.id: p.booth.booth_type for p in plan.booths}
    zones = {p.booth.sector.id: p.booth.sector for p in plan.booths if p.booth.sector is not None}
    return BoothMarkup(
        Markup("".join(svg)),
        Markup("".join(rows)),
        sorted(types.values(), key=lambda kind: kind.price_jpy),
        sorted(zones.values(), key=lambda zone: zone.name),
    )


def _booth_g(booth, state, code, kind, zone, size, label, who, texts) -> str:
    x, y, w, d = booth.x, booth.y, booth.width, booth.depth
    summary = f"{code}: {kind.name}, {label}"
    title = f"{code} — {kind.name}\n{texts.size_word}: {size} · {kind.price}"
    if zone.name:
        title += f"\n{texts.zone_word}: {zone.name}"
    title += f"\n{texts.state_word}: {label}"
    exhibitor = ""
    if who:
        summary += f" ({texts.booked_by(who)})"
        title += f"\n{texts.exhibitor_word}: {who}"
        exhibitor = f' data-exhibitor="{who}"'
    return (
        f'<g class="booth booth--{state}" data-booth-id="{booth.id}" data-code="{code}" data-state="{state}"'
        f' data-booth-type-id="{booth.booth_type_id}" data-price-label="{kind.price}" data-type="{kind.name}"'
        f' data-zone="{zone.name}" data-open-sides="{booth.open_sides}" data-x="{metres(x)}" data-y="{metres(y)}"'
        f' data-w="{metres(w)}" data-d="{metres(d)}"{exhibitor} tabindex="0" role="img" aria-label="{summary}">'
        f'<title>{title}</title><rect x="{x}" y="{y}" width="{w}" height="{d}"/>'
        f'<line class="booth__type" x1="{x}" y1="{y + 0.25}" x2="{x + w}" y2="{y + 0.25}" stroke="{kind.colour}"/>'
        f'<text class="booth__code" x="{x + w / 2}" y="{y + d / 2}" aria-hidden="true">{code}</text></g>\n'
    )


@dataclass(frozen=True)
class _Kind:
    name: Markup
    price: Markup
    colour: Markup


@dataclass(frozen=True)
class _Zone:
    name: Markup | str


class _Texts:
    """The translated and escaped texts of one build, each made once."""

    def __init__(self):
        self.states = {
            "free": escape(_("Free")),
            "held": escape(_("On hold")),
            "booked": escape(_("Booked")),
            "blocked": escape(_("Not available")),
        }
        self.size_word, self.zone_word = escape(_("Size")), escape(_("Zone"))
        self.state_word, self.exhibitor_word = escape(_("State")), escape(_("Exhibitor"))
        self._booked_by = escape(_("booked by %(exhibitor)s", exhibitor="\x00"))
        self._kinds: dict[int, _Kind] = {}
        self._zones: dict[int | None, _Zone] = {None: _Zone("")}
        self._sizes: dict[tuple, Markup] = {}

    def kind(self, booth_type) -> _Kind:
        if booth_type.id not in self._kinds:
            self._kinds[booth_type.id] = _Kind(
                escape(booth_type.name), escape(yen(booth_type.price_jpy)), escape(booth_type.colour)
            )
        return self._kinds[booth_type.id]

    def zone(self, sector) -> _Zone:
        key = sector.id if sector is not None else None
        if key not in self._zones:
            self._zones[key] = _Zone(escape(sector.name))
        return self._zones[key]

    def size(self, width, depth) -> Markup:
        if (width, depth) not in self._sizes:
            self._sizes[(width, depth)] = escape(_("%(width)s × %(depth)s m", width=metres(width), depth=metres(depth)))
        return self._sizes[(width, depth)]

    def booked_by(self, who: Markup) -> Markup:
        return self._booked_by.replace("\x00", who)


@lru_cache(maxsize=8192)
def _quoted(code: str) -> str:
    """As Jinja's urlencode filter quotes a path part."""
    from urllib.parse import quote

    return quote(code, safe="/")
