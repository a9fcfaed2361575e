"""Factories for meetings tests: centers with rooms and hours, a fair week without holidays, accepted requests."""

from __future__ import annotations

from dataclasses import fields
from datetime import date, datetime, time, timedelta

import holidays
from sqlalchemy import text
from sqlalchemy.orm import Session

from eventsys.models import (
    Availability,
    Center,
    Fair,
    MeetingRequest,
    OpeningHours,
    RequestStatus,
    Room,
    User,
    organization_pair,
)
from eventsys.services.meetings.center_settings import CenterValues
from tests.conftest import create_fair

_numbers = iter(range(1, 10**9))


def holiday_free_week(start: date | None = None) -> date:
    """The first Monday at least 60 days ahead whose Monday–Friday has no public holiday in Japan."""
    day = start or date.today() + timedelta(days=60)
    day += timedelta(days=(7 - day.weekday()) % 7)
    japan = holidays.country_holidays("JP", years=[day.year, day.year + 1])
    while any(day + timedelta(days=n) in japan for n in range(5)):
        day += timedelta(days=7)
    return day


def create_center(db: Session, *, rooms=(("Room A", 4),), slot_minutes=30, buffer_minutes=0, **fields) -> Center:
    n = next(_numbers)
    values = {
        "slug": f"center-{n}",
        "city": f"City {n}",
        "name": f"Center {n}",
        "address": "1-1 Test",
        "timezone": "Asia/Tokyo",
        "slot_minutes": slot_minutes,
        "buffer_minutes": buffer_minutes,
    }
    values.update(fields)
    center = Center(**values)
    center.rooms = [Room(name=name, capacity=seats) for name, seats in rooms]
    center.opening_hours = [OpeningHours(weekday=w, opens_at=time(9), closes_at=time(17)) for w in range(5)]
    db.add(center)
    db.flush()
    return center


def center_values(center: Center, **changes) -> CenterValues:
    """The center's details as its settings form would send them, with `changes`."""
    values = {field.name: getattr(center, field.name) for field in fields(CenterValues)}
    return CenterValues(**(values | changes))


def create_meeting_fair(db: Session, **fields) -> Fair:
    monday = holiday_free_week()
    return create_fair(db, starts_on=monday, ends_on=monday + timedelta(days=4), **fields)


def accepted_request(
    db: Session, fair: Fair, requester: User, recipient: User, *, centers=(), **fields
) -> MeetingRequest:
    request = MeetingRequest(
        fair_id=fair.id,
        requester=requester,
        requester_organization_id=requester.organization.id,
        recipient=recipient,
        recipient_organization_id=recipient.organization.id,
        pair_key=organization_pair(requester.organization.id, recipient.organization.id),
        status=fields.pop("status", RequestStatus.ACCEPTED),
        preferred_centers=list(centers),
        **fields,
    )
    db.add(request)
    db.flush()
    return request


def make_available(db: Session, fair: Fair, user: User, center: Center, day: date | None = None) -> None:
    """The user is free 9:00–17:00 at the center on `day` (every fair day when None)."""
    days = (
        [day] if day else [fair.starts_on + timedelta(days=n) for n in range((fair.ends_on - fair.starts_on).days + 1)]
    )
    for each in days:
        db.add(
            Availability(
                fair_id=fair.id,
                user_id=user.id,
                center_id=center.id,
                starts_at=datetime.combine(each, time(9), center.zone),
                ends_at=datetime.combine(each, time(17), center.zone),
            )
        )
    db.flush()


def at(fair: Fair, day: int, hour: int, minute: int = 0, zone="Asia/Tokyo") -> datetime:
    """A time on the fair's `day`-th day (0-based), in `zone`."""
    from zoneinfo import ZoneInfo

    return datetime.combine(fair.starts_on + timedelta(days=day), time(hour, minute), ZoneInfo(zone))


def drop_person_overlap_guard(db: Session) -> None:
    """Take away what migration 0029 added against a person in two overlapping meetings (for negative controls)."""
    if db.get_bind().dialect.name == "postgresql":
        db.execute(text("ALTER TABLE meeting_participants DROP CONSTRAINT ex_meeting_participants_person_overlap"))
    else:
        db.execute(text("DROP TRIGGER tr_meeting_participants_no_overlap_insert"))
        db.execute(text("DROP TRIGGER tr_meeting_participants_no_overlap_update"))
