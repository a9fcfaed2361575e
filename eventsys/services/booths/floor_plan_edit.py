"""Saving a hall's floor plan as the organizer drew it in the editor: the whole plan at once, in one transaction.

The plan (`DrawnPlan`) is everything on the hall: booths and areas it leaves out are deleted, those with an id are
updated, those without one added. It passes the rules of plan_rules, the same as the CSV import, and a booked
booth (a live hold or booking) is neither deleted, moved, resized, blocked nor given another type. Any refusal
lists every problem and writes nothing. The writes are bulk statements, so a hall of 1,000 booths saves at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from eventsys.models import AreaKind, Booth, BoothBooking, Hall, HallArea, Organization, User, utcnow
from eventsys.services import audit, page_cache
from eventsys.services.booths import plan_rules
from eventsys.services.booths.plan_checks import (
    DrawnArea,
    DrawnBooth,
    DrawnPlan,
    LiveBooking,
    PlanProblem,
    check_plan,
)
from eventsys.services.errors import DomainError, InvalidInput
from eventsys.services.fairs.catalog import occupies_booth

__all__ = [
    "BookedBoothsChanged",
    "DrawnArea",
    "DrawnBooth",
    "DrawnPlan",
    "PlanProblem",
    "PlanRejected",
    "PlanSaved",
    "get_live_bookings",
    "save_floor_plan",
]

_BOOTHS = Booth.__table__
#: save_floor_plan notes what its statements change (page_cache.NOTED): not every fair's pages.
_BULK = {"synchronize_session": False, page_cache.NOTED: True}
_UPDATE_BOOTH = update(_BOOTHS).where(_BOOTHS.c.id == bindparam("booth_id"))
_INSERT_BOOTHS = insert(_BOOTHS).returning(_BOOTHS.c.code, _BOOTHS.c.id)
_BOOTH_FIELDS = ("code", "x", "y", "width", "depth", "booth_type_id", "sector_id", "is_blocked", "open_sides")
_AREA_FIELDS = ("kind", "label", "x", "y", "width", "depth")


class PlanRejected(InvalidInput):
    """The plan breaks the rules; `problems` lists every one (booked booths touched among them)."""

    def __init__(self, problems: list[PlanProblem]):
        super().__init__(_l("Nothing was saved: the plan has %(count)d problem(s).", count=len(problems)))
        self.problems = problems


class BookedBoothsChanged(DomainError):
    """The plan is valid but would delete or move booked booths; `problems` names each booking."""

    status = 409

    def __init__(self, problems: list[PlanProblem]):
        super().__init__(
            _l("Nothing was saved: %(count)d booked booth(s) would be moved or deleted.", count=len(problems))
        )
        self.problems = problems


@dataclass(frozen=True)
class PlanSaved:
    """What a save changed."""

    added: int
    updated: int
    deleted: int
    areas: int
    #: The id of each booth of the plan, in its order (new booths' ids included).
    booth_ids: list[int] = field(default_factory=list)
    area_ids: list[int] = field(default_factory=list)


def save_floor_plan(session: Session, hall: Hall, plan: DrawnPlan, *, actor: User) -> PlanSaved:
    """Replace the hall's booths and areas with `plan`, or raise PlanRejected (422) / BookedBoothsChanged (409)."""
    fair = hall.fair
    plan_rules.lock_plans(session, fair)
    current = _read_booths(session, hall)
    bookings = get_live_bookings(session, hall)
    area_ids = set(session.scalars(select(HallArea.id).where(HallArea.hall_id == hall.id)))
    other_codes = dict(
        session.execute(
            select(Booth.code, Hall.name)
            .join(Hall, Hall.id == Booth.hall_id)
            .where(Booth.fair_id == fair.id, Booth.hall_id != hall.id)
        ).all()
    )
    problems, conflicts = check_plan(hall, plan, current, area_ids, other_codes, bookings)
    if problems:
        raise PlanRejected(problems + conflicts)
    if conflicts:
        raise BookedBoothsChanged(conflicts)
    saved = _write_booths(session, hall, plan.booths, current)
    saved_areas = _write_areas(session, hall, plan.areas, area_ids)
    # Bulk and Core statements pass by the flush that notes changes: this hall's plan and the fair's free booths.
    page_cache.note_change(session, f"hall:{hall.id}", *page_cache.booths_changed(fair.id))
    audit.record(
        session,
        "hall.plan_save",
        hall,
        actor=actor,
        fair_id=fair.id,
        added=saved["added"],
        updated=saved["updated"],
        deleted=saved["deleted"],
        booths=len(plan.booths),
        areas=len(plan.areas),
    )
    session.expire(hall, ["booths", "areas"])
    return PlanSaved(**saved, areas=len(plan.areas), area_ids=saved_areas)


def _read_booths(session: Session, hall: Hall) -> dict[int, dict]:
    """The hall's booths as plain values by id, locked against holds being made on them meanwhile (PostgreSQL)."""
    columns = [Booth.id, *(getattr(Booth, name) for name in _BOOTH_FIELDS)]
    rows = session.execute(select(*columns).where(Booth.hall_id == hall.id).with_for_update()).mappings()
    return {row["id"]: dict(row) for row in rows}


def get_live_bookings(session: Session, hall: Hall) -> dict[int, LiveBooking]:
    """The live hold or booking of each booked booth of the hall, by booth id (a save reads them after its lock, so
    none slips in unseen)."""
    rows = session.execute(
        select(BoothBooking.booth_id, BoothBooking.id, Organization.name)
        .join(Booth, Booth.id == BoothBooking.booth_id)
        .join(Organization, Organization.id == BoothBooking.organization_id)
        .where(Booth.hall_id == hall.id, occupies_booth(utcnow()))
    )
    return {booth_id: LiveBooking(booking_id, company) for booth_id, booking_id, company in rows}


def _write_booths(session: Session, hall: Hall, booths: Sequence[DrawnBooth], current: dict[int, dict]) -> dict:
    """Delete, rename, update and add in bulk statements, in the order that keeps codes unique at every step."""
    sides = plan_rules.open_sides([(b.x, b.y, b.width, b.depth) for b in booths])
    values = [_booth_values(booth, open_sides) for booth, open_sides in zip(booths, sides, strict=True)]
    kept = {booth.id for booth in booths if booth.id is not None}
    gone = [booth_id for booth_id in current if booth_id not in kept]
    if gone:
        session.execute(delete(Booth).where(Booth.id.in_(gone)), execution_options=_BULK)
    changed = [
        {"booth_id": booth.id, **row}
        for booth, row in zip(booths, values, strict=True)
        if booth.id is not None and any(current[booth.id][name] != row[name] for name in _BOOTH_FIELDS)
    ]
    # A code passed from one booth to another is freed first, under a name no plan's code can have (U+2060).
    renamed = [
        {"booth_id": row["booth_id"], "code": f"\u2060{row['booth_id']}"}
        for row in changed
        if current[row["booth_id"]]["code"] != row["code"]
    ]
    for rows in (renamed, changed):  # Core statements: the ORM's bulk update costs more than the database here
        if rows:
            session.execute(_UPDATE_BOOTH, rows)
    new = [
        {"fair_id": hall.fair_id, "hall_id": hall.id, **row}
        for booth, row in zip(booths, values, strict=True)
        if booth.id is None
    ]
    # Mapped back by code, which is unique: keeping the rows' order would cost SQLite a statement per row.
    new_ids = dict(session.execute(_INSERT_BOOTHS, new).tuples().all()) if new else {}
    _forget(session, Booth, changed={row["booth_id"] for row in changed}, gone=set(gone))
    booth_ids = [booth.id if booth.id is not None else new_ids[booth.code] for booth in booths]
    return {"added": len(new), "updated": len(changed), "deleted": len(gone), "booth_ids": booth_ids}


def _booth_values(booth: DrawnBooth, open_sides: int) -> dict:
    return {
        "code": booth.code,
        "x": booth.x,
        "y": booth.y,
        "width": booth.width,
        "depth": booth.depth,
        "booth_type_id": booth.booth_type_id,
        "sector_id": booth.sector_id,
        "is_blocked": booth.is_blocked,
        "open_sides": open_sides,
    }


def _write_areas(session: Session, hall: Hall, areas: Sequence[DrawnArea], current: set[int]) -> list[int]:
    """The same for the hall's areas; few, so simply by id."""
    rows = [
        {"kind": AreaKind(area.kind), "label": (area.label or "").strip() or None, **_place(area)} for area in areas
    ]
    kept = {area.id for area in areas if area.id is not None}
    gone = current - kept
    if gone:
        session.execute(delete(HallArea).where(HallArea.id.in_(gone)), execution_options=_BULK)
    changed = [{"id": area.id, **row} for area, row in zip(areas, rows, strict=True) if area.id is not None]
    if changed:
        session.execute(update(HallArea), changed, execution_options=_BULK)
    new = [{"hall_id": hall.id, **row} for area, row in zip(areas, rows, strict=True) if area.id is None]
    new_ids = iter(  # areas are few: a statement each to keep their order is fine
        session.scalars(insert(HallArea).returning(HallArea.id, sort_by_parameter_order=True), new) if new else []
    )
    _forget(session, HallArea, changed=kept, gone=gone)
    return [area.id if area.id is not None else next(new_ids) for area in areas]


def _place(item) -> dict:
    return {"x": item.x, "y": item.y, "width": item.width, "depth": item.depth}


def _forget(session: Session, model: type, *, changed: set[int], gone: set[int]) -> None:
    """Objects loaded earlier of rows the bulk statements changed are read again when next used; deleted ones leave
    the session."""
    for instance in list(session.identity_map.values()):
        if isinstance(instance, model) and instance.id in changed:
            session.expire(instance)
        elif isinstance(instance, model) and instance.id in gone:
            session.expunge(instance)
