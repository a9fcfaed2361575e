"""Online meetings at the service level: the link, the fair's online days and hours, the person rules, the schema."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from eventsys.models import Meeting, MeetingMode, MeetingParticipant, MeetingStatus, RequestStatus, Role
from eventsys.services.errors import DomainError, InvalidInput, NotAllowed
from eventsys.services.meetings import booking as meeting_service
from eventsys.services.meetings import online
from tests.conftest import create_user
from tests.meeting_factories import accepted_request, at, create_center, create_meeting_fair, make_available

pytestmark = pytest.mark.usefixtures("app_context")
LINK = "https://meet.example.com/abc-defg-hij"


def allow_online(fair, days_before: int = 14, opens=time(8), closes=time(20)) -> None:
    fair.online_from = fair.starts_on - timedelta(days=days_before)
    fair.online_opens_at, fair.online_closes_at = opens, closes


@pytest.fixture
def setting(db, investor, startup, organizer_organization):
    fair = create_meeting_fair(db, organizer_id=organizer_organization.id)
    allow_online(fair)
    center = create_center(db, rooms=(("Small", 2),))
    make_available(db, fair, investor, center)
    make_available(db, fair, startup, center)
    request = accepted_request(db, fair, investor, startup)
    db.flush()
    return fair, center, request


def book(db, request, actor, center, starts_at, link=LINK, cap=8):
    return online.book_online_meeting(
        db, request, actor, center=center, starts_at=starts_at, video_url=link, daily_cap=cap
    )


def _count(db) -> int:
    return db.scalar(select(func.count(Meeting.id)))


# The link


@pytest.mark.parametrize(
    "link",
    [
        "http://meet.example.com/abc",
        "javascript:alert(1)",
        "JAVASCRIPT://meet.example.com/%0aalert(1)",
        "https://",
        "https://localhost/abc",
        "https://user:secret@meet.example.com/abc",
        'https://meet.example.com/"><script>',
        "https://meet.example.com/a b",
        "https://meet.example.com:99999/abc",
        "ftp://meet.example.com/abc",
        "https://meet.example.com/" + "a" * 500,
        "",
        None,
        "   ",
    ],
)
def test_bad_links_are_refused_and_book_nothing(db, setting, investor, link):
    fair, center, request = setting
    with pytest.raises(InvalidInput) as refused:
        book(db, request, investor, center, at(fair, 0, 10), link=link)
    assert refused.value.field == "video_url"
    assert _count(db) == 0


def test_a_good_link_is_kept_tidied():
    assert online.check_video_url("  https://Meet.Example.com/abc?pwd=1#x  ") == "https://Meet.Example.com/abc?pwd=1#x"
    assert online.check_video_url("HTTPS://zoom.us/j/123") == "HTTPS://zoom.us/j/123"


# Days and hours


def test_online_meeting_before_the_fair_has_no_room(db, setting, investor):
    fair, center, request = setting
    before = at(fair, -10, 9)  # ten days before the fair, when nobody is available at a center
    meeting = book(db, request, investor, center, before)
    assert meeting.mode == MeetingMode.ONLINE and meeting.is_online
    assert meeting.room_id is None and meeting.video_url == LINK
    assert meeting.ends_at - meeting.starts_at == timedelta(minutes=center.slot_minutes)
    assert {p.user_id for p in meeting.participants} == {request.requester_id, request.recipient_id}
    assert all(p.starts_at == before for p in meeting.participants)


@pytest.mark.parametrize(
    ("when", "message"),
    [
        (lambda fair: at(fair, -15, 9), "Online meetings take place"),  # the day before online_from
        (lambda fair: at(fair, 5, 9), "Online meetings take place"),  # the day after the fair
        (lambda fair: at(fair, 0, 7), "not an online meeting slot"),  # before the online hours
        (lambda fair: at(fair, 0, 19, 45), "not an online meeting slot"),  # would end after 20:00
        (lambda fair: at(fair, 0, 10, 10), "not an online meeting slot"),  # off the center's grid
        (lambda fair: datetime.now(UTC) - timedelta(hours=1), "passed"),
    ],
)
def test_online_outside_the_allowed_days_and_hours_is_refused(db, setting, investor, when, message):
    fair, center, request = setting
    with pytest.raises(InvalidInput, match=message):
        book(db, request, investor, center, when(fair))
    assert _count(db) == 0


def test_a_fair_without_online_window_offers_none(db, setting, investor):
    fair, center, request = setting
    fair.online_from = fair.online_opens_at = fair.online_closes_at = None
    with pytest.raises(InvalidInput, match="no online meetings"):
        book(db, request, investor, center, at(fair, 0, 10))
    assert online.get_free_online_slots(db, request, [center], daily_cap=8) == []


def test_the_online_hours_are_in_the_center_zone(db, setting, investor):
    fair, _center, request = setting
    berlin = create_center(db, timezone="Europe/Berlin")
    meeting = book(db, request, investor, berlin, at(fair, -3, 8, zone="Europe/Berlin"))
    assert meeting.starts_at.astimezone(berlin.zone).time() == time(8)
    with pytest.raises(InvalidInput, match="between 08:00 and 20:00, City"):
        online.check_online_slot(
            db, request, berlin, at(fair, -3, 7, 30, zone="Europe/Berlin"), daily_cap=8, now=datetime.now(UTC)
        )


# Who and the person rules


def test_someone_elses_or_declined_request_is_refused(db, setting, investor):
    fair, center, request = setting
    stranger = create_user(db, Role.STARTUP)
    with pytest.raises(NotAllowed):
        book(db, request, stranger, center, at(fair, 0, 10))
    request.status = RequestStatus.DECLINED
    with pytest.raises(InvalidInput):
        book(db, request, investor, center, at(fair, 0, 10))
    assert _count(db) == 0


def test_online_and_in_person_clash_both_ways(db, setting, investor, startup):
    fair, center, request = setting
    other = create_user(db, Role.STARTUP)
    make_available(db, fair, other, center)
    second = accepted_request(db, fair, investor, other)
    meeting_service.book_meeting(db, request, investor, center=center, starts_at=at(fair, 0, 10), daily_cap=8)
    with pytest.raises(meeting_service.SlotTaken, match="already has a meeting"):
        book(db, second, investor, center, at(fair, 0, 10))
    book(db, second, investor, center, at(fair, 1, 10))
    third = accepted_request(db, fair, create_user(db, Role.INVESTOR), startup)
    make_available(db, fair, third.requester, center)
    with pytest.raises(meeting_service.SlotTaken):
        meeting_service.book_meeting(db, third, startup, center=center, starts_at=at(fair, 0, 10), daily_cap=8)
    # the other side of `second` meets online on day 1 at 10:00; in person then is refused as well
    fourth = accepted_request(db, fair, create_user(db, Role.INVESTOR), other)
    make_available(db, fair, fourth.requester, center)
    with pytest.raises(meeting_service.SlotTaken):
        meeting_service.book_meeting(db, fourth, other, center=center, starts_at=at(fair, 1, 10), daily_cap=8)


def test_the_buffer_and_the_daily_cap_count_online_meetings(db, investor, startup):
    fair = create_meeting_fair(db)
    allow_online(fair)
    center = create_center(db, buffer_minutes=15)
    request = accepted_request(db, fair, investor, startup)
    others = [accepted_request(db, fair, investor, create_user(db, Role.STARTUP)) for _ in range(2)]
    book(db, request, investor, center, at(fair, -2, 8))
    with pytest.raises(DomainError, match="most meetings"):
        book(db, others[0], investor, center, at(fair, -2, 8, 45), cap=1)
    with pytest.raises(InvalidInput, match="not an online meeting slot"):  # 8:30 would leave no 15-minute pause
        book(db, others[0], investor, center, at(fair, -2, 8, 30), cap=2)
    book(db, others[0], investor, center, at(fair, -2, 8, 45), cap=2)
    with pytest.raises(DomainError, match="most meetings"):
        book(db, others[1], investor, center, at(fair, -2, 9, 30), cap=2)


def test_online_meetings_are_outside_the_one_city_rule(db, setting, investor):
    fair, center, request = setting
    elsewhere = create_center(db)
    other = create_user(db, Role.STARTUP)
    make_available(db, fair, investor, elsewhere)
    make_available(db, fair, other, elsewhere)
    book(db, request, investor, center, at(fair, 0, 9))
    second = accepted_request(db, fair, investor, other)
    meeting = meeting_service.book_meeting(
        db, second, investor, center=elsewhere, starts_at=at(fair, 0, 14), daily_cap=8
    )
    assert meeting.room is not None and not meeting.is_online


def test_a_request_has_one_live_meeting_online_or_not(db, setting, investor):
    fair, center, request = setting
    book(db, request, investor, center, at(fair, -1, 9))
    with pytest.raises(DomainError, match="already has a meeting"):
        book(db, request, investor, center, at(fair, -1, 11))
    with pytest.raises(DomainError, match="already has a meeting"):
        meeting_service.book_meeting(db, request, investor, center=center, starts_at=at(fair, 0, 10), daily_cap=8)


# Moving and cancelling


def test_move_between_online_and_in_person(db, setting, investor, startup):
    fair, center, request = setting
    meeting = meeting_service.book_meeting(db, request, startup, center=center, starts_at=at(fair, 0, 10), daily_cap=8)
    online.move_online(db, meeting, startup, center=center, starts_at=at(fair, -1, 9), video_url=LINK, daily_cap=8)
    assert meeting.is_online and meeting.room_id is None and meeting.sequence == 1
    assert all(p.starts_at == at(fair, -1, 9) for p in meeting.participants)
    with pytest.raises(InvalidInput):
        online.move_online(
            db, meeting, startup, center=center, starts_at=at(fair, 0, 9), video_url="http://x.example", daily_cap=8
        )
    assert meeting.starts_at == at(fair, -1, 9)
    meeting_service.reschedule_meeting(db, meeting, investor, center=center, starts_at=at(fair, 1, 11), daily_cap=8)
    assert not meeting.is_online and meeting.video_url is None and meeting.room.name == "Small"
    assert meeting.sequence == 2
    meeting_service.cancel_meeting(db, meeting, investor)
    assert meeting.status == MeetingStatus.CANCELLED


def test_a_stranger_cannot_move_an_online_meeting(db, setting, investor):
    fair, center, request = setting
    meeting = book(db, request, investor, center, at(fair, -1, 9))
    with pytest.raises(NotAllowed):
        online.move_online(
            db,
            meeting,
            create_user(db, Role.INVESTOR),
            center=center,
            starts_at=at(fair, -1, 10),
            video_url=LINK,
            daily_cap=8,
        )
    assert meeting.starts_at == at(fair, -1, 9)


def test_free_online_slots_skip_busy_ones_and_follow_the_window(db, setting, investor):
    fair, center, request = setting
    fair.online_from = fair.starts_on - timedelta(days=1)
    fair.online_opens_at, fair.online_closes_at = time(9), time(10)
    slots = online.get_free_online_slots(db, request, [center], daily_cap=8)
    starts = [s.starts_at for s in slots]
    assert starts[:2] == [at(fair, -1, 9), at(fair, -1, 9, 30)]
    assert len(starts) == 2 * 6  # two slots a day, from the day before to the fair's fifth day
    for slot in slots:  # every slot listed passes the booking's own check
        online.check_online_slot(db, request, center, slot.starts_at, daily_cap=8, now=datetime.now(UTC))
    book(db, request, investor, center, at(fair, -1, 9))
    other = accepted_request(db, fair, investor, create_user(db, Role.STARTUP))
    assert at(fair, -1, 9) not in [s.starts_at for s in online.get_free_online_slots(db, other, [center], daily_cap=8)]


# The schema


def test_the_database_refuses_a_room_with_a_link_or_online_without_one(db, setting, investor):
    fair, center, request = setting
    room = center.rooms[0]
    base = {"fair_id": fair.id, "center_id": center.id, "starts_at": at(fair, 0, 10), "ends_at": at(fair, 0, 10, 30)}
    for values in (
        {"mode": MeetingMode.ONLINE, "video_url": None, "room_id": None},
        {"mode": MeetingMode.ONLINE, "video_url": LINK, "room_id": room.id},
        {"mode": MeetingMode.IN_PERSON, "video_url": None, "room_id": None},
        {"mode": MeetingMode.IN_PERSON, "video_url": LINK, "room_id": room.id},
    ):
        savepoint = db.begin_nested()
        db.add(Meeting(**base, **values))
        with pytest.raises(IntegrityError):
            db.flush()
        savepoint.rollback()
    db.add(Meeting(**base, mode=MeetingMode.ONLINE, video_url=LINK))
    db.add(Meeting(**base, mode=MeetingMode.ONLINE, video_url=LINK))  # no room: many online meetings per slot
    db.flush()


def test_the_database_refuses_a_person_in_an_online_and_an_in_person_meeting_at_once(db, setting, investor):
    fair, center, _request = setting
    start = at(fair, 0, 10)
    times = {"fair_id": fair.id, "center_id": center.id, "starts_at": start, "ends_at": start + timedelta(minutes=30)}
    db.add(Meeting(**times, room_id=center.rooms[0].id, participants=[_seat(investor, start)]))
    db.flush()
    savepoint = db.begin_nested()
    db.add(Meeting(**times, mode=MeetingMode.ONLINE, video_url=LINK, participants=[_seat(investor, start)]))
    with pytest.raises(IntegrityError):
        db.flush()
    savepoint.rollback()


def _seat(user, start) -> MeetingParticipant:
    return MeetingParticipant(user_id=user.id, organization_id=user.organization.id, starts_at=start)


def test_the_fair_online_window_is_all_or_nothing_and_ends_with_the_fair(db, setting):
    fair, _center, _request = setting
    for changes in (
        {"online_opens_at": None},
        {"online_closes_at": None},
        {"online_from": None},
        {"online_closes_at": time(7)},
        {"online_from": fair.ends_on + timedelta(days=1)},
    ):
        savepoint = db.begin_nested()
        for name, value in changes.items():
            setattr(fair, name, value)
        with pytest.raises(IntegrityError):
            db.flush()
        savepoint.rollback()


# Timed mails


def test_the_reminder_and_the_days_agenda_give_the_link(db, setting, investor, outbox):
    import email
    import email.policy

    from eventsys.services.notifications.timed import Timing, send_agendas, send_reminders

    fair, center, request = setting
    meeting = book(db, request, investor, center, at(fair, -2, 9))
    db.commit()  # the invitations go; then only the timed mails are read below
    for old in outbox.glob("*.eml"):
        old.unlink()
    now = meeting.starts_at - timedelta(minutes=30)
    assert send_reminders(db, Timing(reminder_minutes=60), now) == 2
    assert send_agendas(db, Timing(agenda_hour=0), now) == 2
    db.commit()
    bodies = [
        email.message_from_bytes(p.read_bytes(), policy=email.policy.default).get_body(("plain",)).get_content()
        for p in outbox.glob("*.eml")
    ]
    assert len(bodies) == 4 and all(LINK in body for body in bodies)
    assert not any("room" in body for body in bodies)
