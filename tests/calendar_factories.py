"""Factories for calendar tests: centers, rooms, meetings built straight from the models."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from eventsys.models import (
    BookingStatus,
    BoothBooking,
    Center,
    Fair,
    Meeting,
    MeetingParticipant,
    MeetingRequest,
    RequestStatus,
    Room,
    User,
    organization_pair,
)
from tests.conftest import create_booth, create_booth_type, create_hall

_counter = iter(range(1, 10**9))


def create_center(db: Session, **fields) -> Center:
    n = next(_counter)
    values = {
        "slug": f"city-{n}",
        "city": f"City {n}",
        "name": f"Business Support Center {n}",
        "address": "Ark Mori Building 6F, 1-12-32 Akasaka, Minato-ku, Tokyo",
        "timezone": "Asia/Tokyo",
        "email": f"center{n}@example.com",
    }
    values.update(fields)
    center = Center(**values)
    db.add(center)
    db.flush()
    return center


def create_room(db: Session, center: Center, **fields) -> Room:
    n = next(_counter)
    values = {"name": f"Room {n}", "capacity": 6}
    values.update(fields)
    room = Room(center=center, **values)
    db.add(room)
    db.flush()
    return room


def create_meeting(
    db: Session,
    fair: Fair,
    room: Room,
    requester: User,
    recipient: User,
    *,
    starts_at: datetime | None = None,
    minutes: int = 30,
    **fields,
) -> Meeting:
    """A scheduled meeting from an accepted request, with both people as participants."""
    request = MeetingRequest(
        fair_id=fair.id,
        requester=requester,
        requester_organization=requester.organization,
        recipient=recipient,
        recipient_organization=recipient.organization,
        pair_key=organization_pair(requester.organization.id, recipient.organization.id),
        message=fields.pop("message", "Series A for warehouse robots"),
        language="en",
        status=RequestStatus.ACCEPTED,
    )
    db.add(request)
    starts_at = starts_at or datetime(2027, 5, 13, 1, 30, tzinfo=UTC)
    meeting = Meeting(
        fair_id=fair.id,
        request=request,
        center=room.center,
        room_id=room.id,
        room=room,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=minutes),
        **fields,
    )
    db.add(meeting)
    for user in (requester, recipient):
        meeting.participants.append(
            MeetingParticipant(user=user, organization_id=user.organization.id, starts_at=starts_at)
        )
    db.flush()
    return meeting


def reschedule(db: Session, meeting: Meeting, starts_at: datetime) -> None:
    """What the meeting services do on a move: new times, SEQUENCE + 1."""
    length = meeting.ends_at - meeting.starts_at
    meeting.starts_at, meeting.ends_at = starts_at, starts_at + length
    for participant in meeting.participants:
        participant.starts_at = starts_at
    meeting.sequence += 1
    db.flush()


def cancel(db: Session, meeting: Meeting) -> None:
    """What the meeting services do on a cancellation."""
    from eventsys.models import MeetingStatus

    meeting.status = MeetingStatus.CANCELLED
    meeting.sequence += 1
    for participant in meeting.participants:
        participant.is_active = False
    db.flush()


def create_confirmed_booking(db: Session, fair: Fair, user: User) -> BoothBooking:
    hall = create_hall(db, fair)
    booth = create_booth(db, hall, create_booth_type(db, fair))
    booking = BoothBooking(
        fair_id=fair.id,
        booth=booth,
        organization=user.organization,
        status=BookingStatus.CONFIRMED,
        confirmed_at=datetime.now(UTC),
    )
    db.add(booking)
    db.flush()
    return booking
