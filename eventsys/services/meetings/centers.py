"""The Business Support Centers: their rooms, hours, closures (with Japan's public holidays) and meeting slots."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

import holidays
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from eventsys.formatting import translated
from eventsys.models import Center, Fair, OpeningHours
from eventsys.services.errors import InvalidInput


def get_centers(session: Session, *, open_only: bool = False) -> list[Center]:
    """All centers (or those not closed) with rooms, hours and closures loaded: four queries whatever their number."""
    query = (
        select(Center)
        .options(selectinload(Center.rooms), selectinload(Center.opening_hours), selectinload(Center.closures))
        .order_by(Center.id)
    )
    if open_only:
        query = query.where(Center.closed_at.is_(None))
    return list(session.scalars(query))


def get_center(session: Session, slug: str) -> Center | None:
    return session.scalar(select(Center).where(Center.slug == slug))


def ensure_open(center: Center) -> None:
    """Refuse new availability and meetings at a center an organizer closed; its past meetings stay."""
    if center.is_closed:
        raise InvalidInput(
            _l(
                "The %(city)s center is closed: it takes no new availability or meetings.",
                city=translated(center.city, center.city_translations),
            ),
            field="center",
        )


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
