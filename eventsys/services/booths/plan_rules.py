"""The rules every floor plan obeys, however it is written: the editor's save and the CSV import check the same.

A booth has a code of 1 to 20 printable characters, unique in its fair; it lies on the 0.5 m grid, inside its hall;
its type is one of the fair's booth types and its zone, if any, one of the fair's sectors. Booths never overlap
each other nor an area (stage, lounge, pillar, entrance); areas lie inside the hall and may overlap each other.
"""

from __future__ import annotations

import bisect
import math
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from eventsys.formatting import metres
from eventsys.models import BoothType, Fair, Hall, Sector

#: The step of the plan's grid in metres: every position and size is a multiple of it.
GRID = 0.5
#: Larger lengths are refused as off the grid (and kept from overflowing anything on the way).
MAX_METRES = 100_000
MAX_CODE = 20
GRID_MESSAGE = _l("x, y, width and height must be metres in steps of 0.5.")
#: A zone given but not found; None means "no zone".
UNKNOWN = object()


@dataclass(frozen=True)
class Placed:
    """A rectangle on a hall's plan, a booth or an area, with what the caller reports a problem against."""

    #: The caller's name for it: a CSV row number, an index into the editor's list; None for one left as it is.
    ref: Any
    #: The booth's code, or the area's label, for messages.
    name: str
    hall_id: int
    x: float
    y: float
    width: float
    depth: float
    is_area: bool = False


def on_grid(value: float) -> bool:
    """Whether `value` is a finite multiple of 0.5 m of sensible size."""
    return math.isfinite(value) and abs(value) <= MAX_METRES and (value * 2) == int(value * 2)


def lock_plans(session: Session, fair: Fair) -> None:
    """Serialise the writers of a fair's floor plans (editor saves, CSV imports): codes are unique per fair.

    FOR NO KEY UPDATE (PostgreSQL; SQLite's BEGIN IMMEDIATE already serialises): holds and bookings, which only
    refer to the fair, go on meanwhile."""
    session.execute(select(Fair.id).where(Fair.id == fair.id).with_for_update(key_share=True))


def code_problem(code: str) -> str | None:
    """Why a booth code cannot be used, or None."""
    printable = all(unicodedata.category(char)[0] not in "CZ" or char == " " for char in code)
    if not code or len(code) > MAX_CODE or code != code.strip() or not printable:
        return str(_l("A code of 1 to 20 characters is needed."))
    return None


def place_problems(hall: Hall, x: float, y: float, width: float, depth: float, *, area: str | None = None) -> list[str]:
    """The grid and the hall's walls: off the grid, empty, or outside the hall. `area` names an area."""
    if not all(on_grid(value) for value in (x, y, width, depth)):
        return [str(GRID_MESSAGE)]
    if width > 0 and depth > 0 and x >= 0 and y >= 0 and x + width <= hall.width and y + depth <= hall.depth:
        return []
    size = {"hall": hall.name, "w": metres(hall.width), "d": metres(hall.depth)}
    if area is not None:
        return [str(_l("The area %(area)s lies outside %(hall)s (%(w)s × %(d)s m).", area=area, **size))]
    return [str(_l("The booth lies outside %(hall)s (%(w)s × %(d)s m).", **size))]


def booth_problems(
    hall: Hall,
    code: str,
    place: tuple[float, float, float, float],
    booth_type: BoothType | None,
    zone: Sector | None | object,
    *,
    type_label: object,
    zone_label: object,
) -> list[tuple[str, str]]:
    """Everything wrong with one booth by itself, as (field, message): the type and zone (None when not found,
    `UNKNOWN` for a zone asked for but not offered; the labels say what was asked for), the code and the place."""
    problems = []
    if booth_type is None:
        problems.append(("booth_type", str(_l("Unknown booth type %(type)r.", type=type_label))))
    if zone is UNKNOWN:
        problems.append(("zone", str(_l("Unknown zone %(zone)r.", zone=zone_label))))
    message = code_problem(code)
    if message:
        problems.append(("code", message))
    problems += [("place", message) for message in place_problems(hall, *place)]
    return problems


def offered_zones(fair: Fair) -> dict[int, Sector]:
    """The zones a booth of `fair` may be in: the fair's sectors, by id."""
    return {sector.id: sector for sector in fair.sectors}


def overlaps(items: Iterable[Placed]) -> Iterator[tuple[Placed, Placed]]:
    """Pairs of rectangles in the same hall that overlap (touching is fine), but not two areas: a sweep along x."""
    by_hall: dict[int, list[Placed]] = {}
    for item in items:
        by_hall.setdefault(item.hall_id, []).append(item)
    for placed in by_hall.values():
        placed.sort(key=lambda item: item.x)
        for i, a in enumerate(placed):
            for b in placed[i + 1 :]:
                if b.x >= a.x + a.width:
                    break
                if a.y < b.y + b.depth and b.y < a.y + a.depth and not (a.is_area and b.is_area):
                    yield a, b


def overlap_message(a: Placed, b: Placed) -> str:
    if a.is_area or b.is_area:
        booth, area = (b, a) if a.is_area else (a, b)
        return str(_l("Booth %(booth)s overlaps the area %(area)s.", booth=booth.name, area=area.name))
    return str(_l("Booth %(a)s overlaps booth %(b)s.", a=a.name, b=b.name))


def duplicate_codes(codes: Iterable[tuple[Any, str]]) -> Iterator[tuple[Any, str, Any]]:
    """(ref, code, ref of its first use) for each code used again."""
    first: dict[str, Any] = {}
    for ref, code in codes:
        if code in first:
            yield ref, code, first[code]
        else:
            first[code] = ref


def open_sides(rects: Sequence[tuple[float, float, float, float]]) -> list[int]:
    """For each booth (x, y, width, depth), how many of its sides no other booth touches: 1 in a row, 2 on a corner,
    3 at a row's end, 4 for an island. The booths must not overlap (so the sides on one line are disjoint)."""
    lines: dict[str, dict[float, list[tuple[float, float]]]] = {side: {} for side in ("left", "right", "top", "bottom")}
    for x, y, width, depth in rects:
        lines["left"].setdefault(x, []).append((y, y + depth))
        lines["right"].setdefault(x + width, []).append((y, y + depth))
        lines["top"].setdefault(y, []).append((x, x + width))
        lines["bottom"].setdefault(y + depth, []).append((x, x + width))
    for sides in lines.values():
        for edges in sides.values():
            edges.sort()
    result = []
    for x, y, width, depth in rects:
        touching = (
            _touches(lines["right"].get(x), y, y + depth)
            + _touches(lines["left"].get(x + width), y, y + depth)
            + _touches(lines["bottom"].get(y), x, x + width)
            + _touches(lines["top"].get(y + depth), x, x + width)
        )
        result.append(4 - touching)
    return result


def _touches(edges: list[tuple[float, float]] | None, start: float, end: float) -> bool:
    """Whether a side from `start` to `end` shares a stretch with one of the disjoint, sorted `edges`."""
    if not edges:
        return False
    i = bisect.bisect_left(edges, (end, -math.inf)) - 1
    return i >= 0 and edges[i][1] > start
