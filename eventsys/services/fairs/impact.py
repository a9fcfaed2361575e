"""What moving a fair in time touches: before its time zone or days change, the organizer sees these counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from eventsys.models import LIVE_BOOKING_STATUSES, Availability, BoothBooking, Fair, Meeting, MeetingStatus
from eventsys.services.fairs.rules import FairSettings, start_of


@dataclass(frozen=True)
class Impact:
    """The people's plans a change of the fair's zone or days affects."""

    bookings: int
    meetings: int
    availabilities: int
    #: Of those, the meetings and availability ranges that would lie (partly) outside the new days.
    meetings_outside: int
    availabilities_outside: int

    @property
    def is_empty(self) -> bool:
        return not (self.bookings or self.meetings or self.availabilities)


def moves_in_time(fair: Fair, settings: FairSettings) -> bool:
    """Whether the settings change the fair's time zone or its days."""
    return (fair.timezone, fair.starts_on, fair.ends_on) != (settings.timezone, settings.starts_on, settings.ends_on)


def change_key(settings: FairSettings) -> str:
    """Names the move the organizer confirms: a confirmation holds for exactly this zone and these days."""
    return f"{settings.timezone}|{settings.starts_on.isoformat()}|{settings.ends_on.isoformat()}"


def get_impact(session: Session, fair: Fair, settings: FairSettings) -> Impact:
    """Live bookings, meetings and availability at the fair, and which would fall outside the new days: 3 queries."""
    opens = start_of(settings.starts_on, settings.timezone)
    closes = start_of(settings.ends_on + timedelta(days=1), settings.timezone)
    bookings = session.scalar(
        select(func.count()).where(BoothBooking.fair_id == fair.id, BoothBooking.status.in_(LIVE_BOOKING_STATUSES))
    )
    meetings, meetings_outside = session.execute(
        select(func.count(), func.count().filter(or_(Meeting.starts_at < opens, Meeting.ends_at > closes))).where(
            Meeting.fair_id == fair.id, Meeting.status != MeetingStatus.CANCELLED
        )
    ).one()
    ranges, ranges_outside = session.execute(
        select(
            func.count(), func.count().filter(or_(Availability.starts_at < opens, Availability.ends_at > closes))
        ).where(Availability.fair_id == fair.id)
    ).one()
    return Impact(bookings, meetings, ranges, meetings_outside, ranges_outside)
