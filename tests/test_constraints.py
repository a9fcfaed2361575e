"""The database itself refuses double bookings (DESIGN.md §3), whatever the Python code does."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from eventsys.models import (
    Badge,
    BadgeRole,
    BadgeStatus,
    BookingStatus,
    BoothBooking,
    Center,
    Meeting,
    MeetingParticipant,
    MeetingRequest,
    MeetingStatus,
    RequestStatus,
    Role,
    Room,
    organization_pair,
)
from tests.conftest import create_booth, create_booth_type, create_fair, create_hall, create_organization, create_user

SLOT = datetime(2027, 5, 12, 1, 0, tzinfo=UTC)


def _booking(fair, booth, organization, status=BookingStatus.CONFIRMED):
    return BoothBooking(
        fair_id=fair.id,
        booth=booth,
        organization=organization,
        status=status,
        held_until=datetime.now(UTC) + timedelta(minutes=15) if status == BookingStatus.HELD else None,
    )


def _refused(db, *objects):
    """Adding `objects` violates a constraint; the test's transaction stays usable."""
    savepoint = db.begin_nested()
    db.add_all(objects)
    with pytest.raises(IntegrityError):
        db.flush()
    savepoint.rollback()


def test_one_live_booking_per_booth(db, fair):
    booth = fair.halls[0].booths[0]
    first, second = create_organization(db), create_organization(db)
    db.add(_booking(fair, booth, first, BookingStatus.HELD))
    db.flush()
    _refused(db, _booking(fair, booth, second, BookingStatus.HELD))
    _refused(db, _booking(fair, booth, second, BookingStatus.CONFIRMED))


def test_ended_bookings_do_not_block_the_booth(db, fair):
    booth = fair.halls[0].booths[0]
    db.add_all([_booking(fair, booth, create_organization(db), status) for status in ("cancelled", "expired")])
    db.add(_booking(fair, booth, create_organization(db)))
    db.flush()


def test_hold_needs_an_expiry(db, fair):
    booking = _booking(fair, fair.halls[0].booths[0], create_organization(db), BookingStatus.HELD)
    booking.held_until = None
    _refused(db, booking)


def test_booth_code_unique_per_fair(db, fair):
    hall = fair.halls[0]
    booth_type = create_booth_type(db, fair)
    savepoint = db.begin_nested()
    with pytest.raises(IntegrityError):
        create_booth(db, hall, booth_type, code="A01")
    savepoint.rollback()


def test_booth_cannot_sit_in_another_fairs_hall(db, fair):
    other_hall = create_hall(db, create_fair(db))
    booth_type = create_booth_type(db, fair)
    savepoint = db.begin_nested()
    from eventsys.models import Booth

    db.add(Booth(fair_id=fair.id, hall_id=other_hall.id, booth_type=booth_type, code="X1", x=0, y=0, width=3, depth=3))
    with pytest.raises(IntegrityError):
        db.flush()
    savepoint.rollback()


@pytest.fixture
def meeting_setup(db, fair):
    center = Center(slug="tokyo-test", city="Tokyo", name="IBSC Tokyo", address="Akasaka", timezone="Asia/Tokyo")
    center.rooms = [Room(name="A", capacity=4), Room(name="B", capacity=4)]
    db.add(center)
    investor = create_user(db, Role.INVESTOR)
    startups = [create_user(db, Role.STARTUP) for _ in range(3)]
    db.flush()
    return center, investor, startups


def _meeting(db, fair, room, people, starts_at=SLOT, status=MeetingStatus.SCHEDULED):
    meeting = Meeting(
        fair_id=fair.id,
        center_id=room.center_id,
        room_id=room.id,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=30),
        status=status,
    )
    meeting.participants = [
        MeetingParticipant(user_id=person.id, starts_at=starts_at, is_active=status != MeetingStatus.CANCELLED)
        for person in people
    ]
    return meeting


def test_one_meeting_per_room_and_slot(db, fair, meeting_setup):
    center, investor, (a, b, c) = meeting_setup
    room = center.rooms[0]
    db.add(_meeting(db, fair, room, [a]))
    db.flush()
    _refused(db, _meeting(db, fair, room, [b]))
    db.add(_meeting(db, fair, room, [c], starts_at=SLOT + timedelta(minutes=30)))
    db.flush()


def test_one_meeting_per_person_and_slot(db, fair, meeting_setup):
    center, investor, (a, b, _) = meeting_setup
    db.add(_meeting(db, fair, center.rooms[0], [investor, a]))
    db.flush()
    _refused(db, _meeting(db, fair, center.rooms[1], [investor, b]))


def test_one_person_in_no_two_overlapping_meetings_even_with_unequal_starts(db, fair, meeting_setup):
    """The exclusion constraint (PostgreSQL) or the triggers (SQLite) of migration 0029: overlap, not equal starts."""
    center, investor, (a, b, c) = meeting_setup
    db.add(_meeting(db, fair, center.rooms[0], [investor, a]))
    db.flush()
    _refused(db, _meeting(db, fair, center.rooms[1], [investor, b], starts_at=SLOT + timedelta(minutes=15)))
    _refused(db, _meeting(db, fair, center.rooms[1], [investor, b], starts_at=SLOT - timedelta(minutes=15)))
    db.add(_meeting(db, fair, center.rooms[1], [investor, c], starts_at=SLOT + timedelta(minutes=30)))  # back to back
    db.flush()


def test_moving_a_meeting_onto_another_of_the_person_is_refused(db, fair, meeting_setup):
    center, investor, (a, b, _) = meeting_setup
    db.add(_meeting(db, fair, center.rooms[0], [investor, a]))
    later = _meeting(db, fair, center.rooms[1], [investor, b], starts_at=SLOT + timedelta(hours=1))
    db.add(later)
    db.flush()
    savepoint = db.begin_nested()
    later.starts_at, later.ends_at = SLOT + timedelta(minutes=20), SLOT + timedelta(minutes=50)
    with pytest.raises(IntegrityError):
        db.flush()
    savepoint.rollback()


def test_cancelled_meeting_frees_room_and_people(db, fair, meeting_setup):
    center, investor, (a, b, _) = meeting_setup
    db.add(_meeting(db, fair, center.rooms[0], [investor, a], status=MeetingStatus.CANCELLED))
    db.add(_meeting(db, fair, center.rooms[0], [investor, b]))
    db.flush()


def test_meeting_room_must_belong_to_its_center(db, fair, meeting_setup):
    center, investor, (a, _, _) = meeting_setup
    other = Center(slug="osaka-test", city="Osaka", name="IBSC Osaka", address="Chuo-ku", timezone="Asia/Tokyo")
    db.add(other)
    db.flush()
    meeting = _meeting(db, fair, center.rooms[0], [a])
    meeting.center_id = other.id
    _refused(db, meeting)


def test_one_open_request_per_pair_of_organizations(db, fair):
    investor, startup = create_user(db, Role.INVESTOR), create_user(db, Role.STARTUP)
    a, b = investor.organization, startup.organization

    def request(sender, sender_org, receiver_org, status=RequestStatus.OPEN):
        return MeetingRequest(
            fair_id=fair.id,
            requester_id=sender.id,
            requester_organization_id=sender_org.id,
            recipient_organization_id=receiver_org.id,
            pair_key=organization_pair(sender_org.id, receiver_org.id),
            status=status,
        )

    db.add(request(investor, a, b))
    db.flush()
    _refused(db, request(startup, b, a))
    db.add(request(startup, b, a, RequestStatus.DECLINED))
    db.flush()


def test_one_active_badge_per_person_and_fair(db, fair):
    person = create_user(db)
    db.add(Badge(fair_id=fair.id, user_id=person.id, role=BadgeRole.EXHIBITOR, status=BadgeStatus.REVOKED))
    db.add(Badge(fair_id=fair.id, user_id=person.id, role=BadgeRole.EXHIBITOR))
    db.flush()
    _refused(db, Badge(fair_id=fair.id, user_id=person.id, role=BadgeRole.EXHIBITOR))


def test_datetimes_come_back_aware_in_utc(db, fair):
    db.expire_all()
    assert fair.booking_opens_at.tzinfo is not None
    assert fair.booking_opens_at.utcoffset() == timedelta(0)


def test_naive_datetimes_are_refused(db):
    with pytest.raises(Exception, match="naive"):
        create_fair(db, booking_opens_at=datetime(2027, 1, 1))
