"""What a user's calendar page lists, and what an organizer's export can be narrowed to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from eventsys.models import BookingStatus, BoothBooking, Center, Fair, Meeting, MeetingParticipant, Room, User, utcnow
from eventsys.services.calendars import feeds
from eventsys.services.fairs import catalog as fair_service
from eventsys.services.meetings import centers as center_service

#: Meetings listed on the calendar page; the feed has them all.
UPCOMING_LIMIT = 50


def get_upcoming_meetings(session: Session, user: User, *, now: datetime | None = None) -> list[Meeting]:
    """Meetings the user takes part in that have not ended yet, soonest first."""
    return list(
        session.scalars(
            select(Meeting)
            .join(MeetingParticipant)
            .where(MeetingParticipant.user_id == user.id, Meeting.ends_at > (now or utcnow()))
            .order_by(Meeting.starts_at)
            .limit(UPCOMING_LIMIT)
        )
    )


def get_confirmed_bookings(session: Session, user: User) -> list[BoothBooking]:
    """The confirmed booth bookings of the user's organizations (each has a calendar file)."""
    return list(session.scalars(feeds.confirmed_bookings_of(user)))


@dataclass(frozen=True)
class ExportChoices:
    """What an export can be narrowed to: fairs (newest first), centers by city, rooms with their center's city."""

    fairs: list[Fair]
    centers: list[Center]
    rooms: list[tuple[int, str, str]]


def get_export_choices(session: Session) -> ExportChoices:
    """Every fair, center and room an organizer may export."""
    rooms = session.execute(select(Room.id, Room.name, Center.city).join(Center).order_by(Center.city, Room.name))
    return ExportChoices(
        fairs=list(session.scalars(select(Fair).order_by(Fair.starts_on.desc()))),
        centers=list(session.scalars(select(Center).order_by(Center.city))),
        rooms=[(row.id, row.name, row.city) for row in rooms],
    )


def find_export_scope(
    session: Session,
    fair_slug: str,
    *,
    center_slug: str | None = None,
    room_id: int | None = None,
    first_day: date | None = None,
    last_day: date | None = None,
) -> feeds.ExportScope:
    """The export scope named by slugs and ids, checked by feeds.export_scope."""
    return feeds.export_scope(
        fair_service.get_fair(session, fair_slug),
        center=center_service.get_center(session, center_slug) if center_slug else None,
        room=session.get(Room, room_id) if room_id else None,
        first_day=first_day,
        last_day=last_day,
    )


def has_calendar_file(booking: BoothBooking) -> bool:
    """Only a confirmed booking has fair days to put in a calendar; a hold or a cancelled booking has none."""
    return booking.status == BookingStatus.CONFIRMED
