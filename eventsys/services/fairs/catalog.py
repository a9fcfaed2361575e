"""Reading fairs, their halls and what is free on their floor plans."""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import NamedTuple
from zoneinfo import ZoneInfo

from sqlalchemy import Text, and_, bindparam, func, or_, select, type_coerce
from sqlalchemy.orm import Session, joinedload

from eventsys.models import (
    BookingStatus,
    Booth,
    BoothBooking,
    BoothType,
    Fair,
    FairStatus,
    Hall,
    Organization,
    Sector,
    utcnow,
)


class BoothState(enum.StrEnum):
    """What the floor plan shows for a booth."""

    FREE = "free"
    HELD = "held"
    BOOKED = "booked"
    BLOCKED = "blocked"


@dataclass(frozen=True)
class BoothTypeAvailability:
    booth_type: BoothType
    total: int
    free: int


@dataclass(frozen=True)
class PlanKind:
    """A booth type as a plan draws it."""

    id: int
    name: str
    name_translations: dict | None
    colour: str
    price_jpy: int


@dataclass(frozen=True)
class PlanZone:
    """A sector zone as a plan names it."""

    id: int
    slug: str
    name: str
    name_translations: dict | None


class PlanBooth(NamedTuple):
    """A booth as a plan draws it: plain values read in one query, not a model (a hall has hundreds, and loading each
    as a Booth with its type and sector took half the time of a fresh plan)."""

    id: int
    code: str
    x: float
    y: float
    width: float
    depth: float
    open_sides: int
    is_blocked: bool
    booth_type_id: int
    booth_type: PlanKind
    sector: PlanZone | None


class PlannedBooth(NamedTuple):
    booth: PlanBooth
    state: BoothState
    #: Name of the exhibitor for booked booths, shown on the plan.
    exhibitor: str | None


@dataclass(frozen=True)
class FloorPlan:
    hall: Hall
    booths: list[PlannedBooth]
    #: When the first of the hall's live holds lapses (None: none): until then the plan stays true by itself.
    next_hold_end: datetime | None = None

    def count(self, state: BoothState) -> int:
        return sum(1 for planned in self.booths if planned.state == state)


def occupies_booth(now: datetime):
    """SQL condition: a booking that keeps its booth from others now (an expired hold does not)."""
    return or_(
        BoothBooking.status == BookingStatus.CONFIRMED,
        and_(BoothBooking.status == BookingStatus.HELD, BoothBooking.held_until > now),
    )


def today_in(zone: str) -> date:
    """Today's date where the fairs happen; fairs are upcoming or past by it."""
    return datetime.now(ZoneInfo(zone)).date()


def get_fairs(session: Session, today: date) -> tuple[list[Fair], list[Fair]]:
    """Upcoming (and running) fairs soonest first, and past fairs latest first; never drafts, which only their
    organizers see (in the organizer console)."""
    listed = select(Fair).where(Fair.status != FairStatus.DRAFT)
    upcoming = session.scalars(listed.where(Fair.ends_on >= today).order_by(Fair.starts_on)).all()
    past = session.scalars(listed.where(Fair.ends_on < today).order_by(Fair.starts_on.desc())).all()
    return list(upcoming), list(past)


def get_fair(session: Session, slug: str) -> Fair | None:
    return session.scalar(select(Fair).where(Fair.slug == slug).options(joinedload(Fair.organizer)))


def get_hall(session: Session, fair: Fair, hall_slug: str) -> Hall | None:
    """The hall with its areas (stages, pillars), which every plan of it draws: one query."""
    query = select(Hall).where(Hall.fair_id == fair.id, Hall.slug == hall_slug).options(joinedload(Hall.areas))
    return session.scalars(query).unique().first()


def get_booth_type_availability(
    session: Session, fair: Fair, now: datetime | None = None
) -> list[BoothTypeAvailability]:
    """Per booth type, how many bookable booths there are and how many are free now: one query."""
    now = now or utcnow()
    taken = select(BoothBooking.booth_id).where(BoothBooking.fair_id == fair.id, occupies_booth(now)).scalar_subquery()
    rows = session.execute(
        select(
            BoothType,
            func.count(Booth.id),
            func.count(Booth.id).filter(Booth.id.not_in(taken)),
        )
        .outerjoin(Booth, and_(Booth.booth_type_id == BoothType.id, Booth.is_blocked.is_(False)))
        .where(BoothType.fair_id == fair.id)
        .group_by(BoothType.id)
        .order_by(BoothType.price_jpy, BoothType.name)
    ).all()
    return [BoothTypeAvailability(booth_type, total, free) for booth_type, total, free in rows]


class BookingWindow(NamedTuple):
    """A listed fair, as its free booths need it: whether it takes holds at all, and when."""

    fair_id: int
    is_published: bool
    opens_at: datetime
    closes_at: datetime


def get_booking_window(session: Session, slug: str) -> BookingWindow | None:
    """The booking window of fair `slug`, or None when there is none or it is a draft (whose booths nobody outside
    may see)."""
    row = session.execute(_BOOKING_WINDOW, {"slug": slug}).first()
    if row is None:
        return None
    fair_id, status, opens_at, closes_at = row
    return BookingWindow(fair_id, status == FairStatus.PUBLISHED, _aware(opens_at), _aware(closes_at))


class TakenBooth(NamedTuple):
    id: int
    code: str
    held_until: datetime | None  # None: confirmed


class FairBooths(NamedTuple):
    """The booths of a fair that are not blocked, as a rush reads them: free now, or taken and until when."""

    free_ids: list[int]
    taken: list[TakenBooth]
    next_hold_end: datetime | None  # when the first of the taken ones may be free again


def get_fair_booths(session: Session, window: BookingWindow, now: datetime | None = None) -> FairBooths:
    """What the free booths and the taken booths' entry (api/hold_refusals.py) show, read once for both per change
    of the fair's booths in a rush. An archived fair has none that can be held, nor any taken."""
    if not window.is_published:
        return FairBooths([], [], None)
    values = {"fair": window.fair_id, "now": now or utcnow()}
    rows = session.connection().execute  # columns, not objects: without the ORM's work on each row
    live = {booth_id: (status, held_until) for booth_id, status, held_until in rows(_LIVE_BOOKINGS, values)}
    free, taken = [], []
    for booth_id, code in rows(_BOOKABLE_BOOTHS, values):
        if (booking := live.get(booth_id)) is None:
            free.append(booth_id)
        else:
            status, held_until = booking
            taken.append(TakenBooth(booth_id, code, None if status == BookingStatus.CONFIRMED else _aware(held_until)))
    return FairBooths(free, taken, min((b.held_until for b in taken if b.held_until is not None), default=None))


def _aware(moment: datetime) -> datetime:
    """A moment read from SQLite (which keeps no zone) as the UTC it was written in."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


_BOOKING_WINDOW = select(Fair.id, Fair.status, Fair.booking_opens_at, Fair.booking_closes_at).where(
    Fair.slug == bindparam("slug"), Fair.status != FairStatus.DRAFT
)

#: Built once, since clients poll the free booths thousands of times in a rush; two lookups by the fair, not a join,
#: whose plan PostgreSQL chooses from statistics that a rush leaves far behind (it took 30 ms for 434 booths).
_BOOKABLE_BOOTHS = (
    select(Booth.id, Booth.code)
    .where(Booth.fair_id == bindparam("fair"), Booth.is_blocked.is_(False))
    .order_by(Booth.id)
)
#: The bookings that keep their booths from others now (at most one per booth: uq_booth_bookings_live_booth).
_LIVE_BOOKINGS = select(BoothBooking.booth_id, BoothBooking.status, BoothBooking.held_until).where(
    BoothBooking.fair_id == bindparam("fair"), occupies_booth(bindparam("now"))
)


def get_floor_plan(session: Session, hall: Hall, now: datetime | None = None) -> FloorPlan:
    """Every booth of a hall with its state, and when its next hold lapses, in two queries whatever the number of
    booths."""
    now = now or utcnow()
    kinds: dict[int, PlanKind] = {}
    zones: dict[int, PlanZone] = {}
    booths = []
    for row in session.execute(_PLAN_BOOTHS, {"hall_id": hall.id}):
        kind = kinds.get(row.booth_type_id) or kinds.setdefault(
            row.booth_type_id,
            PlanKind(row.booth_type_id, row.type_name, _json(row.type_names), row.colour, row.price_jpy),
        )
        zone = None
        if row.sector_id is not None:
            zone = zones.get(row.sector_id) or zones.setdefault(
                row.sector_id, PlanZone(row.sector_id, row.zone_slug, row.zone_name, _json(row.zone_names))
            )
        booths.append(PlanBooth(*row[:9], kind, zone))
    bookings = session.execute(
        select(BoothBooking.booth_id, BoothBooking.status, Organization.name, BoothBooking.held_until)
        .join(Booth, Booth.id == BoothBooking.booth_id)
        .join(Organization, Organization.id == BoothBooking.organization_id)
        .where(Booth.hall_id == hall.id, occupies_booth(now))
    ).all()
    live = {booth_id: (status, exhibitor) for booth_id, status, exhibitor, _until in bookings}
    ends = [until for _id, status, _name, until in bookings if status == BookingStatus.HELD and until is not None]
    end = min(ends, default=None)
    booths_planned = [_plan(booth, live.get(booth.id)) for booth in booths]
    return FloorPlan(hall=hall, booths=booths_planned, next_hold_end=end and _aware(end))


def _json(value):
    """A JSON column read as text (decoded once per type or zone, not once per booth); PostgreSQL's driver may have
    decoded it already."""
    return json.loads(value) if isinstance(value, str) else value


#: Built once: every fresh plan runs it. The translations come as text, see _json.
_PLAN_BOOTHS = (
    select(
        Booth.id,
        Booth.code,
        Booth.x,
        Booth.y,
        Booth.width,
        Booth.depth,
        Booth.open_sides,
        Booth.is_blocked,
        Booth.booth_type_id,
        Booth.sector_id,
        BoothType.name.label("type_name"),
        type_coerce(BoothType.name_translations, Text).label("type_names"),
        BoothType.colour,
        BoothType.price_jpy,
        Sector.slug.label("zone_slug"),
        Sector.name.label("zone_name"),
        type_coerce(Sector.name_translations, Text).label("zone_names"),
    )
    .join(BoothType, BoothType.id == Booth.booth_type_id)
    .outerjoin(Sector, Sector.id == Booth.sector_id)
    .where(Booth.hall_id == bindparam("hall_id"))
    .order_by(Booth.code)
)


def next_hold_end(
    session: Session, *, hall_id: int | None = None, fair_id: int | None = None, now: datetime | None = None
) -> datetime | None:
    """When the next live hold of the hall (or the fair) lapses: until then a page of their booths stays true."""
    query = select(func.min(BoothBooking.held_until)).where(
        BoothBooking.status == BookingStatus.HELD, BoothBooking.held_until > (now or utcnow())
    )
    if hall_id is not None:
        query = query.where(BoothBooking.booth_id.in_(select(Booth.id).where(Booth.hall_id == hall_id)))
    if fair_id is not None:
        query = query.where(BoothBooking.fair_id == fair_id)
    end = session.scalar(query)
    return end and _aware(end)


def _plan(booth: PlanBooth, live: tuple[BookingStatus, str | None] | None) -> PlannedBooth:
    if booth.is_blocked:
        return PlannedBooth(booth, BoothState.BLOCKED, None)
    if live is None:
        return PlannedBooth(booth, BoothState.FREE, None)
    status, exhibitor = live
    if status == BookingStatus.CONFIRMED:
        return PlannedBooth(booth, BoothState.BOOKED, exhibitor)
    return PlannedBooth(booth, BoothState.HELD, None)


def get_zones(session: Session, fair: Fair) -> list[Sector]:
    """The sector zones that the fair's booths are in."""
    used = select(Booth.sector_id).where(Booth.fair_id == fair.id)
    return list(session.scalars(select(Sector).where(Sector.id.in_(used)).order_by(Sector.name)))
