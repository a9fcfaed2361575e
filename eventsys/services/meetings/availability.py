"""When each person can meet, at which center: ranges entered in the center's zone and stored in UTC."""

from __future__ import annotations

from datetime import date, datetime, time

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from eventsys.models import Availability, Center, Fair, User
from eventsys.services.errors import InvalidInput, NotFound
from eventsys.services.meetings import centers as center_service


def get_availability(session: Session, fair: Fair, user: User) -> list[Availability]:
    return list(
        session.scalars(
            select(Availability)
            .where(Availability.fair_id == fair.id, Availability.user_id == user.id)
            .order_by(Availability.starts_at, Availability.center_id)
        )
    )


def add_availability(
    session: Session, fair: Fair, user: User, *, center: Center, day: date, starts: time, ends: time
) -> Availability:
    """Add a range on one fair day, `starts`–`ends` in the center's zone."""
    center_service.ensure_open(center)
    if day not in center_service.fair_days(fair):
        raise InvalidInput(_l("Choose a day of the fair."), field="day")
    if ends <= starts:
        raise InvalidInput(_l("The end must come after the start."), field="ends")
    reason = center_service.closure_reason(center, day)
    if reason is not None:
        raise InvalidInput(_l("The center is closed that day (%(reason)s).", reason=reason), field="day")
    zone = center.zone
    availability = Availability(
        fair_id=fair.id,
        user_id=user.id,
        center_id=center.id,
        starts_at=datetime.combine(day, starts, zone),
        ends_at=datetime.combine(day, ends, zone),
    )
    session.add(availability)
    session.flush()
    return availability


def add_opening_hours(session: Session, fair: Fair, user: User, *, centers: list[Center]) -> int:
    """The quick way: every opening hour of these centers during the fair; returns how many ranges were added."""
    if not centers:
        raise InvalidInput(_l("Choose at least one center."), field="centers")
    for center in centers:
        center_service.ensure_open(center)
    existing = {(a.center_id, a.starts_at, a.ends_at) for a in get_availability(session, fair, user)}
    added = 0
    for center in centers:
        for day in center_service.fair_days(fair):
            if center_service.closure_reason(center, day) is not None:
                continue
            hours = center_service.get_hours(center, day)
            zone = center.zone
            start, end = datetime.combine(day, hours.opens_at, zone), datetime.combine(day, hours.closes_at, zone)
            if (center.id, start, end) in existing:
                continue
            session.add(
                Availability(fair_id=fair.id, user_id=user.id, center_id=center.id, starts_at=start, ends_at=end)
            )
            added += 1
    session.flush()
    return added


def remove_availability(session: Session, user: User, availability_id: int) -> None:
    availability = session.get(Availability, availability_id)
    if availability is None or availability.user_id != user.id:
        raise NotFound(_l("No such availability."))
    session.delete(availability)
    session.flush()


def is_available(
    session: Session, fair: Fair, user_id: int, center_id: int, starts_at: datetime, ends_at: datetime
) -> bool:
    """Whether one of the person's ranges at the center covers the whole meeting."""
    return (
        session.scalar(
            select(Availability.id)
            .where(
                Availability.fair_id == fair.id,
                Availability.user_id == user_id,
                Availability.center_id == center_id,
                Availability.starts_at <= starts_at,
                Availability.ends_at >= ends_at,
            )
            .limit(1)
        )
        is not None
    )


def one_side_free(session: Session, request) -> list[tuple[Center, date, list[int]]]:
    """Centers and days where either side of `request` is free: (center, day, ids of the people free), by city.

    When the two sides have no common slot, these are where one of them could add time to meet the other.
    """
    people = [user_id for user_id in (request.requester_id, request.recipient_id) if user_id is not None]
    ranges = session.scalars(
        select(Availability).where(Availability.fair_id == request.fair_id, Availability.user_id.in_(people))
    )
    free: dict[tuple[int, date], tuple[Center, set[int]]] = {}
    for each in ranges:
        key = (each.center_id, each.starts_at.astimezone(each.center.zone).date())
        free.setdefault(key, (each.center, set()))[1].add(each.user_id)
    rows = [(center, day, sorted(users)) for (_id, day), (center, users) in free.items()]
    return sorted(rows, key=lambda row: (row[0].city, row[1]))
