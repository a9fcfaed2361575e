"""Private subscription feeds: what they hold, their secret tokens, and conditional requests."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import icalendar
import pytest
import vobject

from eventsys.models import AuditEntry, Role
from eventsys.services.calendars import feeds as calendar_feeds
from tests.calendar_factories import (
    cancel,
    create_center,
    create_confirmed_booking,
    create_meeting,
    create_room,
    reschedule,
)
from tests.conftest import create_fair, create_user, login

START = datetime(2027, 5, 13, 1, 30, tzinfo=UTC)


@pytest.fixture
def room(db):
    center = create_center(db, slug="osaka", city="Osaka", name="Business Support Center Osaka")
    return create_room(db, center, name="会議室 A")


@pytest.fixture
def booked_fair(db, startup):
    fair = create_fair(
        db,
        starts_on=date(2027, 5, 12),
        ends_on=date(2027, 5, 14),
        build_up_starts_at=datetime(2027, 5, 10, 0, 0, tzinfo=UTC),
        build_up_ends_at=datetime(2027, 5, 11, 11, 0, tzinfo=UTC),
        tear_down_starts_at=datetime(2027, 5, 14, 8, 0, tzinfo=UTC),
        tear_down_ends_at=datetime(2027, 5, 14, 14, 0, tzinfo=UTC),
    )
    create_confirmed_booking(db, fair, startup)
    return fair


def feed_url(db, user) -> str:
    return f"/calendar/{calendar_feeds.calendar_token(db, user)}.ics"


def events_by_uid(data: bytes) -> dict[str, icalendar.Event]:
    vobject.readOne(data.decode("utf-8"))  # the independent parser accepts it too
    return {str(e["UID"]): e for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}


def test_feed_has_meetings_fair_days_and_booth_times(client, db, fair, booked_fair, room, startup, investor):
    meeting = create_meeting(db, fair, room, investor, startup, starts_at=START)
    other = create_meeting(db, fair, room, investor, create_user(db), starts_at=START + timedelta(hours=1))
    response = client.get(feed_url(db, startup))
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    events = events_by_uid(response.data)
    assert meeting.uid in events and other.uid not in events
    assert events[meeting.uid].start == START and events[meeting.uid].end == START + timedelta(minutes=30)
    days = events[f"fair-{booked_fair.id}-days@eventsys"]
    assert days.start == date(2027, 5, 12) and days.end == date(2027, 5, 15)
    assert f"fair-{fair.id}-days@eventsys" in events  # the fair of the meeting
    build_up = next(e for uid, e in events.items() if uid.endswith("-build-up@eventsys"))
    tear_down = next(e for uid, e in events.items() if uid.endswith("-tear-down@eventsys"))
    assert build_up.start == booked_fair.build_up_starts_at and build_up.end == booked_fair.build_up_ends_at
    assert tear_down.start == booked_fair.tear_down_starts_at
    vevents = {v.uid.value: v for v in vobject.readOne(response.data.decode()).vevent_list}
    assert vevents[meeting.uid].dtstart.value == START
    assert "会議室 A" in vevents[meeting.uid].location.value


def test_investor_without_booth_sees_meetings_and_their_fairs(client, db, fair, booked_fair, room, startup, investor):
    meeting = create_meeting(db, fair, room, investor, startup, starts_at=START)
    events = events_by_uid(client.get(feed_url(db, investor)).data)
    assert set(events) == {meeting.uid, f"fair-{fair.id}-days@eventsys"}


def test_wrong_token_is_a_plain_404(client, db, startup):
    calendar_feeds.calendar_token(db, startup)
    for token in ("nope", "x" * 43, "x" * 500, startup.calendar_token[:-1]):
        response = client.get(f"/calendar/{token}.ics")
        assert response.status_code == 404
        assert response.mimetype == "text/plain"


def test_inactive_users_feed_is_gone(client, db, startup):
    url = feed_url(db, startup)
    startup.is_active = False
    db.flush()
    assert client.get(url).status_code == 404


def test_token_is_long_random_and_stable(db, startup, investor):
    token = calendar_feeds.calendar_token(db, startup)
    assert len(token) >= 40
    assert calendar_feeds.calendar_token(db, startup) == token
    assert calendar_feeds.calendar_token(db, investor) != token


def test_regeneration_kills_the_old_token_at_once(client, db, startup):
    old = feed_url(db, startup)
    login(client, startup.email)
    response = client.post("/calendar/token")
    assert response.status_code == 302
    assert client.get(old).status_code == 404
    assert client.get(f"/calendar/{startup.calendar_token}.ics").status_code == 200
    assert db.query(AuditEntry).filter_by(action="calendar.token_regenerated", subject_id=startup.id).count() == 1


def test_regeneration_needs_login_and_post(client, db, startup):
    assert client.post("/calendar/token").status_code == 302  # to the login page
    login(client, startup.email)
    assert client.get("/calendar/token").status_code == 405


def test_calendar_page_shows_webcal_link(client, db, startup):
    login(client, startup.email)
    html = client.get("/calendar/").get_data(as_text=True)
    assert f"webcal://eventsys.test/calendar/{startup.calendar_token}.ics" in html
    assert client.get("/calendar/").status_code == 200


def test_calendar_page_needs_login(client):
    assert client.get("/calendar/").status_code == 302


def test_etag_answers_304_without_building_the_feed(
    client, db, fair, room, startup, investor, query_counter, monkeypatch
):
    create_meeting(db, fair, room, investor, startup, starts_at=START)
    url = feed_url(db, startup)
    first = client.get(url)
    etag = first.headers["ETag"]
    assert etag.startswith('W/"')
    monkeypatch.setattr(calendar_feeds, "user_feed", lambda *args, **kwargs: pytest.fail("built for a 304"))
    with query_counter() as statements:
        again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == etag
    # The 304 read the user, then aggregates and the few distinct names and places: never a row per meeting.
    assert len(statements) <= 6


@pytest.mark.parametrize("change", ["reschedule", "cancel", "new meeting", "booking"])
def test_any_change_gives_a_new_etag(client, db, fair, room, startup, investor, change):
    meeting = create_meeting(db, fair, room, investor, startup, starts_at=START)
    url = feed_url(db, startup)
    etag = client.get(url).headers["ETag"]
    if change == "reschedule":
        reschedule(db, meeting, START + timedelta(hours=3))
    elif change == "cancel":
        cancel(db, meeting)
    elif change == "new meeting":
        create_meeting(db, fair, room, create_user(db, Role.INVESTOR), startup, starts_at=START + timedelta(hours=2))
    else:
        create_confirmed_booking(db, create_fair(db), startup)
    response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert response.headers["ETag"] != etag
    if change == "cancel":
        assert events_by_uid(response.data)[meeting.uid]["STATUS"] == "CANCELLED"


@pytest.mark.parametrize("window", ["build_up", "tear_down"])
def test_database_refuses_a_window_that_ends_before_it_starts(db, window):
    from sqlalchemy.exc import IntegrityError

    fields = {
        f"{window}_starts_at": datetime(2027, 5, 11, tzinfo=UTC),
        f"{window}_ends_at": datetime(2027, 5, 10, tzinfo=UTC),
    }
    with pytest.raises(IntegrityError), db.begin_nested():
        create_fair(db, **fields)


def test_duplicate_token_is_refused_by_the_database(db, startup, investor):
    from sqlalchemy.exc import IntegrityError

    investor.calendar_token = calendar_feeds.calendar_token(db, startup)
    with pytest.raises(IntegrityError), db.begin_nested():
        db.flush()


def test_a_person_taken_out_of_a_meeting_loses_it_from_the_feed(client, db, fair, room, startup, investor):
    meeting = create_meeting(db, fair, room, investor, startup, starts_at=START)
    url = feed_url(db, startup)
    assert meeting.uid in events_by_uid(client.get(url).data)
    next(p for p in meeting.participants if p.user_id == startup.id).is_active = False
    db.flush()
    assert meeting.uid not in events_by_uid(client.get(url).data)
    investor_events = events_by_uid(client.get(feed_url(db, investor)).data)
    assert "startup@example.com" not in str(investor_events[meeting.uid]["DESCRIPTION"])
