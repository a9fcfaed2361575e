"""Centers' slots and closures, availability, requests and self-service booking, at the service level."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from eventsys.models import (
    Availability,
    Meeting,
    MeetingParticipant,
    MeetingStatus,
    OrganizationKind,
    RequestStatus,
    Role,
    Verification,
)
from eventsys.services.errors import DomainError, InvalidInput, NotAllowed
from eventsys.services.meetings import attendance, center_settings, free_slots
from eventsys.services.meetings import availability as availability_service
from eventsys.services.meetings import booking as meeting_service
from eventsys.services.meetings import centers as center_service
from eventsys.services.meetings import requests as request_service
from tests.conftest import create_organization, create_user
from tests.meeting_factories import (
    accepted_request,
    at,
    center_values,
    create_center,
    create_meeting_fair,
    make_available,
)

#: Booking, rescheduling and cancelling word the participants' mails, which needs the app (not a request).
pytestmark = pytest.mark.usefixtures("app_context")
LIMITS = request_service.RequestLimits(open_requests=2, expiry_days=7)


@pytest.fixture
def setting(db, investor, startup, organizer_organization):
    fair = create_meeting_fair(db, organizer_id=organizer_organization.id)
    center = create_center(db, rooms=(("Small", 2), ("Large", 6), ("Phone booth", 1)))
    make_available(db, fair, investor, center)
    make_available(db, fair, startup, center)
    request = accepted_request(db, fair, investor, startup)
    return fair, center, request


# Centers


def test_slots_follow_hours_length_and_buffer(db):
    center = create_center(db, slot_minutes=45, buffer_minutes=15)
    day = date(2027, 5, 10)
    slots = center_service.day_slots(center, day)
    starts = [s.astimezone(center.zone).time() for s, _ in slots]
    assert starts[:3] == [time(9), time(10), time(11)]
    assert starts[-1] == time(16)  # 16:00–16:45 fits before 17:00, 17:00 would not
    assert all(end - start == timedelta(minutes=45) for start, end in slots)
    assert slots[0][0].tzinfo is UTC and slots[0][0].hour == 0  # 9:00 in Tokyo is 0:00 UTC


def test_public_holidays_weekends_and_closures_close_the_center(db, organizer):
    center = create_center(db)
    assert center_service.closure_reason(center, date(2027, 5, 3)) is not None  # Constitution Memorial Day
    assert center_service.day_slots(center, date(2027, 5, 3)) == []
    assert center_service.closure_reason(center, date(2027, 5, 8)) is not None  # a Saturday
    assert center_service.closure_reason(center, date(2027, 5, 10)) is None
    center_settings.add_closure(db, center, on=date(2027, 5, 10), reason="Maintenance", actor=organizer)
    assert center_service.closure_reason(center, date(2027, 5, 10)) == "Maintenance"
    with pytest.raises(InvalidInput):
        center_settings.add_closure(db, center, on=date(2027, 5, 10), reason=None, actor=organizer)


def test_organizer_edits_rooms_hours_and_slot_length(db, organizer):
    center = create_center(db)
    values = center_values(center, slot_minutes=60, buffer_minutes=10)
    center_settings.update_center(db, center, values, actor=organizer)
    center_settings.add_room(db, center, name="Room Z", capacity=8, actor=organizer)
    center_settings.set_opening_hours(db, center, weekday=5, opens_at=time(10), closes_at=time(12), actor=organizer)
    assert center_service.day_slots(center, date(2027, 5, 15))[0][0].astimezone(center.zone).time() == time(10)
    for bad in ({"slot_minutes": 3, "buffer_minutes": 0}, {"slot_minutes": 30, "buffer_minutes": -1}):
        with pytest.raises(InvalidInput):
            center_settings.update_center(db, center, center_values(center, **bad), actor=organizer)
    with pytest.raises(InvalidInput):
        center_settings.add_room(db, center, name="Room Z", capacity=4, actor=organizer)
    with pytest.raises(InvalidInput):
        center_settings.set_opening_hours(db, center, weekday=1, opens_at=time(12), closes_at=time(9), actor=organizer)


# Availability


def test_availability_is_entered_in_the_center_zone_and_stored_in_utc(db, startup):
    fair = create_meeting_fair(db)
    center = create_center(db)
    added = availability_service.add_availability(
        db, fair, startup, center=center, day=fair.starts_on, starts=time(10), ends=time(12)
    )
    assert added.starts_at == datetime.combine(fair.starts_on, time(1), UTC)
    with pytest.raises(InvalidInput):
        availability_service.add_availability(
            db, fair, startup, center=center, day=fair.starts_on, starts=time(12), ends=time(10)
        )
    with pytest.raises(InvalidInput):
        availability_service.add_availability(
            db, fair, startup, center=center, day=fair.starts_on - timedelta(days=3), starts=time(9), ends=time(10)
        )


def test_quick_availability_covers_every_opening_hour_once(db, startup):
    fair = create_meeting_fair(db)
    centers = [create_center(db), create_center(db)]
    assert availability_service.add_opening_hours(db, fair, startup, centers=centers) == 10
    assert availability_service.add_opening_hours(db, fair, startup, centers=centers) == 0
    count = db.scalar(select(func.count(Availability.id)).where(Availability.user_id == startup.id))
    assert count == 10


# Requests


def test_verified_investor_requests_and_startup_accepts(db, investor, startup):
    fair = create_meeting_fair(db)
    request = request_service.send_request(
        db, fair, investor, startup.organization, message="Hello", language="ja", centers=[], limits=LIMITS
    )
    assert request.status == RequestStatus.OPEN and request.expires_at is not None
    request_service.respond(db, request, startup, accept=True)
    assert request.status == RequestStatus.ACCEPTED and request.recipient_id == startup.id


def test_unverified_investor_cannot_send(db, startup):
    fair = create_meeting_fair(db)
    pending = create_organization(db, OrganizationKind.INVESTOR_FIRM, verification=Verification.PENDING)
    investor = create_user(db, Role.INVESTOR, organization=pending)
    with pytest.raises(NotAllowed):
        request_service.send_request(
            db, fair, investor, startup.organization, message="", language=None, centers=[], limits=LIMITS
        )


def test_startup_cannot_ask_startup(db, startup):
    fair = create_meeting_fair(db)
    other = create_user(db, Role.STARTUP)
    with pytest.raises(NotAllowed):
        request_service.send_request(
            db, fair, startup, other.organization, message="", language=None, centers=[], limits=LIMITS
        )


def test_no_second_open_request_between_two_organizations(db, investor, startup):
    fair = create_meeting_fair(db)
    request_service.send_request(
        db, fair, investor, startup.organization, message="", language=None, centers=[], limits=LIMITS
    )
    with pytest.raises(DomainError, match="already an open request"):
        request_service.send_request(
            db, fair, startup, investor.organization, message="", language=None, centers=[], limits=LIMITS
        )


def test_open_request_limit_and_expiry(db, investor):
    fair = create_meeting_fair(db)
    startups = [create_user(db, Role.STARTUP) for _ in range(3)]
    now = datetime.now(UTC)
    for startup in startups[:2]:
        request_service.send_request(
            db, fair, investor, startup.organization, message="", language=None, centers=[], limits=LIMITS, now=now
        )
    with pytest.raises(DomainError, match="open requests"):
        request_service.send_request(
            db, fair, investor, startups[2].organization, message="", language=None, centers=[], limits=LIMITS, now=now
        )
    later = now + timedelta(days=8)  # the first two expired and stop counting
    request = request_service.send_request(
        db, fair, investor, startups[2].organization, message="", language=None, centers=[], limits=LIMITS, now=later
    )
    assert request.status == RequestStatus.OPEN


def test_only_the_recipient_answers_and_only_once(db, investor, startup):
    fair = create_meeting_fair(db)
    request = request_service.send_request(
        db, fair, investor, startup.organization, message="", language=None, centers=[], limits=LIMITS
    )
    with pytest.raises(NotAllowed):
        request_service.respond(db, request, investor, accept=True)
    request_service.respond(db, request, startup, accept=False, reason="Not our stage")
    assert request.decline_reason == "Not our stage"
    with pytest.raises(DomainError):
        request_service.respond(db, request, startup, accept=True)


# Booking


def test_booking_takes_the_smallest_fitting_room_and_both_people(db, setting, investor):
    fair, center, request = setting
    meeting = meeting_service.book_meeting(db, request, investor, center=center, starts_at=at(fair, 0, 10), daily_cap=8)
    assert meeting.room.name == "Small"
    assert {p.user_id for p in meeting.participants} == {request.requester_id, request.recipient_id}
    assert all(p.starts_at == meeting.starts_at for p in meeting.participants)


@pytest.mark.parametrize(
    ("when", "error"),
    [
        (lambda fair: at(fair, 0, 8), InvalidInput),  # before opening
        (lambda fair: at(fair, 0, 10, 15), InvalidInput),  # not a slot start
        (lambda fair: at(fair, 5, 10), InvalidInput),  # Saturday, after the fair
        (lambda fair: datetime.now(UTC) - timedelta(hours=1), InvalidInput),  # the past
    ],
)
def test_bad_times_are_refused_and_change_nothing(db, setting, investor, when, error):
    fair, center, request = setting
    with pytest.raises(error):
        meeting_service.book_meeting(db, request, investor, center=center, starts_at=when(fair), daily_cap=8)
    assert db.scalar(select(func.count(Meeting.id))) == 0


def test_someone_elses_or_declined_request_is_refused(db, setting, investor):
    fair, center, request = setting
    stranger = create_user(db, Role.STARTUP)
    with pytest.raises(NotAllowed):
        meeting_service.book_meeting(db, request, stranger, center=center, starts_at=at(fair, 0, 10), daily_cap=8)
    request.status = RequestStatus.DECLINED
    with pytest.raises(InvalidInput):
        meeting_service.book_meeting(db, request, investor, center=center, starts_at=at(fair, 0, 10), daily_cap=8)


def test_person_busy_other_city_and_daily_cap(db, setting, investor):
    fair, center, request = setting
    meeting_service.book_meeting(db, request, investor, center=center, starts_at=at(fair, 0, 10), daily_cap=1)
    other_startup = create_user(db, Role.STARTUP)
    make_available(db, fair, other_startup, center)
    second = accepted_request(db, fair, investor, other_startup)
    with pytest.raises(meeting_service.SlotTaken):
        meeting_service.book_meeting(db, second, investor, center=center, starts_at=at(fair, 0, 10), daily_cap=8)
    with pytest.raises(DomainError, match="most meetings"):
        meeting_service.book_meeting(db, second, investor, center=center, starts_at=at(fair, 0, 11), daily_cap=1)
    elsewhere = create_center(db)
    make_available(db, fair, investor, elsewhere)
    make_available(db, fair, other_startup, elsewhere)
    with pytest.raises(DomainError, match="another city"):
        meeting_service.book_meeting(db, second, investor, center=elsewhere, starts_at=at(fair, 0, 14), daily_cap=8)
    meeting_service.book_meeting(db, second, investor, center=elsewhere, starts_at=at(fair, 1, 14), daily_cap=8)


def test_not_available_is_refused(db, investor, startup):
    fair = create_meeting_fair(db)
    center = create_center(db)
    make_available(db, fair, investor, center)
    request = accepted_request(db, fair, investor, startup)
    with pytest.raises(DomainError, match="not available"):
        meeting_service.book_meeting(db, request, investor, center=center, starts_at=at(fair, 0, 10), daily_cap=8)


def test_rooms_full_is_refused(db, investor, startup):
    fair = create_meeting_fair(db)
    center = create_center(db, rooms=(("Only", 2),))
    pairs = [(investor, startup), (create_user(db, Role.INVESTOR), create_user(db, Role.STARTUP))]
    requests = []
    for a, b in pairs:
        make_available(db, fair, a, center)
        make_available(db, fair, b, center)
        requests.append(accepted_request(db, fair, a, b))
    meeting_service.book_meeting(db, requests[0], investor, center=center, starts_at=at(fair, 0, 10), daily_cap=8)
    with pytest.raises(meeting_service.SlotTaken, match="rooms"):
        meeting_service.book_meeting(
            db, requests[1], pairs[1][0], center=center, starts_at=at(fair, 0, 10), daily_cap=8
        )


def test_reschedule_raises_sequence_and_moves_participants(db, setting, startup):
    fair, center, request = setting
    meeting = meeting_service.book_meeting(db, request, startup, center=center, starts_at=at(fair, 0, 10), daily_cap=8)
    meeting_service.reschedule_meeting(db, meeting, startup, center=center, starts_at=at(fair, 1, 15), daily_cap=8)
    assert meeting.sequence == 1 and meeting.starts_at == at(fair, 1, 15)
    assert all(p.starts_at == at(fair, 1, 15) for p in meeting.participants)


def test_cancel_frees_the_slot_and_raises_sequence(db, setting, investor, startup):
    fair, center, request = setting
    meeting = meeting_service.book_meeting(db, request, startup, center=center, starts_at=at(fair, 0, 10), daily_cap=8)
    meeting_service.cancel_meeting(db, meeting, investor, reason="Flight cancelled")
    assert meeting.status == MeetingStatus.CANCELLED and meeting.sequence == 1
    active = db.scalar(select(func.count(MeetingParticipant.id)).where(MeetingParticipant.is_active))
    assert active == 0
    with pytest.raises(DomainError):
        meeting_service.cancel_meeting(db, meeting, investor)


def test_a_cancelled_meeting_can_be_booked_again_but_never_twice_live(db, setting, investor, startup):
    fair, center, request = setting
    first = meeting_service.book_meeting(db, request, startup, center=center, starts_at=at(fair, 0, 10), daily_cap=8)
    with pytest.raises(DomainError, match="already has a meeting"):
        meeting_service.book_meeting(db, request, startup, center=center, starts_at=at(fair, 0, 11), daily_cap=8)
    meeting_service.cancel_meeting(db, first, investor, reason="Flight cancelled")
    again = meeting_service.book_meeting(db, request, startup, center=center, starts_at=at(fair, 0, 11), daily_cap=8)
    assert again.request_id == first.request_id and again.status == MeetingStatus.SCHEDULED
    twin = Meeting(
        fair_id=fair.id,
        request_id=request.id,
        center_id=center.id,
        room_id=again.room_id,
        starts_at=at(fair, 0, 14),
        ends_at=at(fair, 0, 14, 30),
    )
    savepoint = db.begin_nested()
    db.add(twin)
    with pytest.raises(IntegrityError):
        db.flush()
    savepoint.rollback()


def test_no_show_only_by_organizers_after_the_start(db, setting, investor, organizer):
    fair, center, request = setting
    meeting = meeting_service.book_meeting(db, request, investor, center=center, starts_at=at(fair, 0, 10), daily_cap=8)
    with pytest.raises(NotAllowed):
        attendance.mark_no_show(db, meeting, investor)
    with pytest.raises(InvalidInput):
        attendance.mark_no_show(db, meeting, organizer)
    meeting.starts_at = datetime.now(UTC) - timedelta(hours=2)
    attendance.mark_no_show(db, meeting, organizer)
    assert meeting.status == MeetingStatus.NO_SHOW and meeting.sequence == 0


def test_free_slots_lists_only_bookable_ones(db, setting, investor):
    fair, center, request = setting
    slots = free_slots.get_free_slots(db, request, [center], daily_cap=8)
    assert len(slots) == 5 * 16
    meeting_service.book_meeting(db, request, investor, center=center, starts_at=slots[0].starts_at, daily_cap=8)
    other = create_user(db, Role.STARTUP)
    make_available(db, fair, other, center)
    second = accepted_request(db, fair, investor, other)
    assert slots[0].starts_at not in {s.starts_at for s in free_slots.get_free_slots(db, second, [center], daily_cap=8)}
