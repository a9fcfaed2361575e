"""Booth CSV import and export: hall, code, x, y, width, height, type, zone, blocked.

An import is all or nothing. It updates booths whose code exists and adds the others; every problem (unknown hall
or type or zone, duplicate code, out-of-hall coordinates, overlapping booths) is listed by row and nothing is written.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from eventsys.formatting import metres
from eventsys.models import Booth, BoothType, Fair, Hall, Sector, User
from eventsys.services import audit
from eventsys.services.errors import InvalidInput

COLUMNS = ("hall", "code", "x", "y", "width", "height", "type", "zone", "blocked")
#: Larger files are refused before parsing.
MAX_BYTES = 2 * 1024 * 1024
TRUE = {"1", "true", "yes", "y", "x"}
FALSE = {"", "0", "false", "no", "n"}


class ImportRejected(InvalidInput):
    """The file has problems; `problems` lists them as (row number, message)."""

    def __init__(self, problems: list[tuple[int, str]]):
        super().__init__(_l("Nothing was imported: the file has %(count)d problem(s).", count=len(problems)))
        self.problems = problems


@dataclass
class BoothRow:
    row: int
    hall: Hall
    code: str
    x: float
    y: float
    width: float
    depth: float
    booth_type: BoothType
    zone: Sector | None
    blocked: bool


def export_booths(session: Session, fair: Fair) -> str:
    """The fair's booths as CSV in the import format."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    booths = session.scalars(
        select(Booth)
        .where(Booth.fair_id == fair.id)
        .options(joinedload(Booth.hall), joinedload(Booth.booth_type), joinedload(Booth.sector))
        .order_by(Booth.code)
    )
    for b in booths:
        zone = b.sector.slug if b.sector else ""
        place = [metres(v) for v in (b.x, b.y, b.width, b.depth)]
        writer.writerow([b.hall.slug, b.code, *place, b.booth_type.name, zone, int(b.is_blocked)])
    return out.getvalue()


def import_booths(session: Session, fair: Fair, data: bytes, *, actor: User) -> tuple[int, int]:
    """Apply a booth CSV to the fair; returns (added, updated) or raises ImportRejected."""
    rows = _parse(session, fair, _decode(data))
    existing = {b.code: b for b in session.scalars(select(Booth).where(Booth.fair_id == fair.id))}
    _check_layout(rows, existing)
    added = updated = 0
    for row in rows:
        booth = existing.get(row.code)
        if booth is None:
            booth = Booth(fair_id=fair.id, code=row.code)
            session.add(booth)
            added += 1
        else:
            updated += 1
        booth.hall, booth.x, booth.y, booth.width, booth.depth = row.hall, row.x, row.y, row.width, row.depth
        booth.booth_type, booth.sector, booth.is_blocked = row.booth_type, row.zone, row.blocked
    session.flush()
    audit.record(session, "booths.import", fair, actor=actor, fair_id=fair.id, added=added, updated=updated)
    return added, updated


def _decode(data: bytes) -> list[dict[str, str]]:
    if not data.strip():
        raise ImportRejected([(0, str(_l("The file is empty.")))])
    if len(data) > MAX_BYTES:
        raise ImportRejected([(0, str(_l("The file is larger than 2 MB.")))])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRejected([(0, str(_l("The file is not UTF-8 text. Save it as CSV UTF-8.")))]) from error
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip().lower() for name in reader.fieldnames or []]
    if header != list(COLUMNS):
        raise ImportRejected([(1, str(_l("The header must be: %(columns)s", columns=",".join(COLUMNS))))])
    reader.fieldnames = header
    return list(reader)


def _parse(session: Session, fair: Fair, records: list[dict[str, str]]) -> list[BoothRow]:
    halls = {h.slug: h for h in fair.halls} | {h.name: h for h in fair.halls}
    types = {t.name: t for t in fair.booth_types}
    zones = {s.slug: s for s in session.scalars(select(Sector))}
    rows, problems, codes = [], [], {}
    for number, record in enumerate(records, start=2):
        try:
            row = _parse_row(number, record, halls, types, zones)
        except ValueError as error:
            problems.append((number, str(error)))
            continue
        if row.code in codes:
            problems.append(
                (number, str(_l("Code %(code)s also on row %(other)d.", code=row.code, other=codes[row.code])))
            )
        codes.setdefault(row.code, number)
        rows.append(row)
    if problems:
        raise ImportRejected(problems)
    return rows


def _parse_row(number, record, halls, types, zones) -> BoothRow:
    values = {key: (value or "").strip() for key, value in record.items() if key is not None}
    if None in record:
        raise ValueError(_l("The row has more columns than the header."))
    hall = halls.get(values["hall"])
    if hall is None:
        raise ValueError(_l("Unknown hall %(hall)r.", hall=values["hall"]))
    booth_type = types.get(values["type"])
    if booth_type is None:
        raise ValueError(_l("Unknown booth type %(type)r.", type=values["type"]))
    zone = None
    if values["zone"]:
        zone = zones.get(values["zone"])
        if zone is None:
            raise ValueError(_l("Unknown zone %(zone)r.", zone=values["zone"]))
    code = values["code"]
    if not code or len(code) > 20:
        raise ValueError(_l("A code of 1 to 20 characters is needed."))
    x, y, width, depth = (_on_grid(values[key]) for key in ("x", "y", "width", "height"))
    if width <= 0 or depth <= 0 or x < 0 or y < 0 or x + width > hall.width or y + depth > hall.depth:
        raise ValueError(
            _l(
                "The booth lies outside %(hall)s (%(w)s × %(d)s m).",
                hall=hall.name,
                w=metres(hall.width),
                d=metres(hall.depth),
            )
        )
    blocked = values["blocked"].lower()
    if blocked not in TRUE | FALSE:
        raise ValueError(_l("blocked must be yes or no."))
    return BoothRow(number, hall, code, x, y, width, depth, booth_type, zone, blocked in TRUE)


def _on_grid(text: str) -> float:
    """A length in metres on the 0.5 m grid the floor plan uses."""
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not math.isfinite(value) or abs(value) > 100_000 or (value * 2) != int(value * 2):
        raise ValueError(_l("x, y, width and height must be metres in steps of 0.5."))
    return value


def _check_layout(rows: list[BoothRow], existing: dict[str, Booth]) -> None:
    """Refuse overlaps among the file's booths and the fair's booths the file leaves as they are."""
    placed = [(row.row, row.code, row.hall.id, row.x, row.y, row.width, row.depth) for row in rows]
    in_file = {row.code for row in rows}
    placed += [
        (None, b.code, b.hall_id, b.x, b.y, b.width, b.depth) for code, b in existing.items() if code not in in_file
    ]
    problems = []
    by_hall: dict[int, list] = {}
    for item in placed:
        by_hall.setdefault(item[2], []).append(item)
    for items in by_hall.values():
        items.sort(key=lambda item: item[3])
        for i, a in enumerate(items):
            for b in items[i + 1 :]:
                if b[3] >= a[3] + a[5]:
                    break
                if a[4] < b[4] + b[6] and b[4] < a[4] + a[6] and (a[0] or b[0]):
                    row = max(r for r in (a[0], b[0]) if r)
                    problems.append((row, str(_l("Booth %(a)s overlaps booth %(b)s.", a=a[1], b=b[1]))))
    if problems:
        raise ImportRejected(sorted(problems))
