"""Booth CSV import and export: hall, code, x, y, width, height, type, zone, blocked.

An import is all or nothing. It updates booths whose code exists and adds the others; every problem (unknown hall
or type or zone, duplicate code, out-of-hall coordinates, overlapping booths or areas) is listed by row and nothing
is written. The rules are plan_rules', the same as the floor-plan editor's.
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
from eventsys.services.booths import plan_rules
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
    plan_rules.lock_plans(session, fair)
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
    zones = {s.slug: s for s in fair.sectors}
    rows, problems = [], []
    for number, record in enumerate(records, start=2):
        try:
            row = _parse_row(record, halls, types, zones)
        except ValueError as error:
            problems.append((number, str(error)))
            continue
        if isinstance(row, list):
            problems += [(number, message) for message in row]
        else:
            rows.append(BoothRow(number, *row))
    for number, code, other in plan_rules.duplicate_codes((row.row, row.code) for row in rows):
        problems.append((number, str(_l("Code %(code)s also on row %(other)d.", code=code, other=other))))
    if problems:
        raise ImportRejected(sorted(problems))
    return rows


def _parse_row(record, halls, types, zones) -> tuple | list[str]:
    """The row's fields for a BoothRow, or what is wrong with it by plan_rules (ValueError for unreadable text)."""
    values = {key: (value or "").strip() for key, value in record.items() if key is not None}
    if None in record:
        raise ValueError(_l("The row has more columns than the header."))
    hall = halls.get(values["hall"])
    if hall is None:
        raise ValueError(_l("Unknown hall %(hall)r.", hall=values["hall"]))
    blocked = values["blocked"].lower()
    if blocked not in TRUE | FALSE:
        raise ValueError(_l("blocked must be yes or no."))
    place = tuple(_metres(values[key]) for key in ("x", "y", "width", "height"))
    booth_type = types.get(values["type"])
    zone = zones.get(values["zone"], plan_rules.UNKNOWN) if values["zone"] else None
    code = values["code"]
    problems = plan_rules.booth_problems(
        hall, code, place, booth_type, zone, type_label=values["type"], zone_label=values["zone"]
    )
    if problems:
        return [message for _field, message in problems]
    return (hall, code, *place, booth_type, zone, blocked in TRUE)


def _metres(text: str) -> float:
    """A length in metres as written; plan_rules refuses one off the 0.5 m grid."""
    try:
        return float(text)
    except ValueError:
        return math.nan


def _check_layout(rows: list[BoothRow], existing: dict[str, Booth]) -> None:
    """Refuse overlaps among the file's booths, the fair's booths the file leaves as they are, and the halls' areas."""
    in_file = {row.code for row in rows}
    placed = [plan_rules.Placed(row.row, row.code, row.hall.id, row.x, row.y, row.width, row.depth) for row in rows]
    placed += [
        plan_rules.Placed(None, b.code, b.hall_id, b.x, b.y, b.width, b.depth)
        for code, b in existing.items()
        if code not in in_file
    ]
    areas = [area for hall in {row.hall for row in rows} for area in hall.areas]
    placed += [
        plan_rules.Placed(None, a.label or a.kind.value, a.hall_id, a.x, a.y, a.width, a.depth, is_area=True)
        for a in areas
    ]
    problems = [
        (max(item.ref for item in (a, b) if item.ref), plan_rules.overlap_message(a, b))
        for a, b in plan_rules.overlaps(placed)
        if a.ref or b.ref
    ]
    if problems:
        raise ImportRejected(sorted(problems))
