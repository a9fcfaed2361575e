"""The Business Support Centers: their rooms, hours, closures (with Japan's public holidays) and meeting slots."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

import holidays
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from eventsys.models import Center, CenterClosure, Fair, OpeningHours, Room, User
from eventsys.services.audit import record
from eventsys.services.errors import InvalidInput, NotFound


def get_centers(session: Session) -> list[Center]:
    """All centers with rooms, hours and closures loaded: three queries whatever their number."""
    return list(
        session.scalars(
            select(Center)
            .options(selectinload(Center.rooms), selectinload(Center.opening_hours), selectinload(Center.closures))
            .order_by(Center.id)
        )
    )


def get_center(session: Session, slug: str) -> Center | None:
    return session.scalar(select(Center).where(Center.slug == slug))


# Hours, closures and slots. A slot starts at opening time and then every slot length plus buffer, so the
# buffer between one person's meetings is kept by the grid itself and the unique indexes on (room, start) and
# (person, start) forbid double booking on every database.


@lru_cache(maxsize=16)
def _japan_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("JP", years=year)


def holiday_name(day: date) -> str | None:
    """The name of Japan's public holiday on `day`, if it is one."""
    return _japan_holidays(day.year).get(day)


def closure_reason(center: Center, day: date) -> str | None:
    """Why the center is closed on `day` (a public holiday, an organizer's closure, no hours), or None if open."""
    name = holiday_name(day)
    if name:
        return name
    for closure in center.closures:
        if closure.on == day:
            return closure.reason or _l("Closed")
    if get_hours(center, day) is None:
        return _l("Closed on this weekday")
    return None


def get_hours(center: Center, day: date) -> OpeningHours | None:
    return next((hours for hours in center.opening_hours if hours.weekday == day.weekday()), None)


def day_slots(center: Center, day: date) -> list[tuple[datetime, datetime]]:
    """The slots of `day` at `center` as (start, end) in UTC; none when the center is closed."""
    if closure_reason(center, day) is not None:
        return []
    hours = get_hours(center, day)
    zone = center.zone
    start = datetime.combine(day, hours.opens_at, zone)
    closes = datetime.combine(day, hours.closes_at, zone)
    length, step = (
        timedelta(minutes=center.slot_minutes),
        timedelta(minutes=center.slot_minutes + center.buffer_minutes),
    )
    slots = []
    while start + length <= closes:
        slots.append((start.astimezone(UTC), (start + length).astimezone(UTC)))
        start += step
    return slots


def is_slot_start(center: Center, starts_at: datetime) -> bool:
    """Whether `starts_at` is the start of one of the center's slots on an open day."""
    day = starts_at.astimezone(center.zone).date()
    return any(start == starts_at for start, _ in day_slots(center, day))


def fair_days(fair: Fair) -> list[date]:
    return [fair.starts_on + timedelta(days=n) for n in range((fair.ends_on - fair.starts_on).days + 1)]


# Organizers edit centers.


def update_center(session: Session, center: Center, *, slot_minutes: int, buffer_minutes: int, actor: User) -> None:
    """Change slot length and buffer; meetings already booked keep their times."""
    if not 5 <= slot_minutes <= 240:
        raise InvalidInput(_l("A slot lasts between 5 and 240 minutes."), field="slot_minutes")
    if not 0 <= buffer_minutes <= 120:
        raise InvalidInput(_l("The buffer lasts between 0 and 120 minutes."), field="buffer_minutes")
    center.slot_minutes, center.buffer_minutes = slot_minutes, buffer_minutes
    session.flush()
    record(session, "center.update", center, actor=actor, slot_minutes=slot_minutes, buffer_minutes=buffer_minutes)


def add_room(session: Session, center: Center, *, name: str, capacity: int, actor: User) -> Room:
    """A new meeting room; names are unique within a center."""
    name = name.strip()
    if not name:
        raise InvalidInput(_l("Give the room a name."), field="name")
    if capacity < 2:
        raise InvalidInput(_l("A meeting room seats at least two people."), field="capacity")
    if any(room.name == name for room in center.rooms):
        raise InvalidInput(_l("This center already has a room of that name."), field="name")
    room = Room(center=center, name=name, capacity=capacity)
    session.add(room)
    session.flush()
    record(session, "room.create", room, actor=actor, center=center.slug, capacity=capacity)
    return room


def set_opening_hours(
    session: Session, center: Center, *, weekday: int, opens_at: time | None, closes_at: time | None, actor: User
) -> None:
    """Set a weekday's hours, or close the weekday when both times are None."""
    if not 0 <= weekday <= 6:
        raise InvalidInput(_l("Choose a weekday."), field="weekday")
    current = next((hours for hours in center.opening_hours if hours.weekday == weekday), None)
    if opens_at is None and closes_at is None:
        if current is not None:
            center.opening_hours.remove(current)
    elif opens_at is None or closes_at is None or closes_at <= opens_at:
        raise InvalidInput(_l("The center must close after it opens."), field="closes_at")
    elif current is None:
        center.opening_hours.append(OpeningHours(weekday=weekday, opens_at=opens_at, closes_at=closes_at))
    else:
        current.opens_at, current.closes_at = opens_at, closes_at
    session.flush()
    record(session, "center.hours", center, actor=actor, weekday=weekday, opens_at=str(opens_at), closes=str(closes_at))


def add_closure(session: Session, center: Center, *, on: date, reason: str | None, actor: User) -> CenterClosure:
    """Close the center on one date (public holidays are closed anyway)."""
    if any(closure.on == on for closure in center.closures):
        raise InvalidInput(_l("The center is already closed on that day."), field="on")
    closure = CenterClosure(on=on, reason=(reason or "").strip() or None)
    center.closures.append(closure)
    session.flush()
    record(session, "center.closure", center, actor=actor, on=on.isoformat())
    return closure


def remove_closure(session: Session, center: Center, closure_id: int, *, actor: User) -> None:
    closure = next((c for c in center.closures if c.id == closure_id), None)
    if closure is None:
        raise NotFound(_l("No such closure."))
    center.closures.remove(closure)
    session.flush()
    record(session, "center.reopen", center, actor=actor, on=closure.on.isoformat())
