"""Every kind of .ics the app writes follows RFC 5546's table for its METHOD; the checker refuses files that do not."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import icalendar
import pytest
import vobject

from eventsys.services.calendars import feeds as calendar_feeds
from eventsys.services.calendars import invitations as calendars
from tests.calendar_factories import cancel, create_center, create_confirmed_booking, create_meeting, create_room
from tests.calendar_factories import reschedule as move
from tests.conftest import create_user, login
from tests.itip import assert_follows_itip, itip_problems

START = datetime(2027, 5, 13, 1, 30, tzinfo=UTC)


@pytest.fixture
def rooms(db):
    tokyo = create_center(db, slug="tokyo", city="Tokyo", name="Business Support Center Tokyo")
    osaka = create_center(db, slug="osaka", city="Osaka", name="Business Support Center Osaka")
    return create_room(db, tokyo, name="Sakura"), create_room(db, osaka, name="Ume")


@pytest.fixture
def meetings(db, fair, rooms, startup, investor):
    """A meeting in Tokyo, one in Osaka, and a cancelled one; the fair has build-up and tear-down times."""
    fair.build_up_starts_at, fair.build_up_ends_at = (
        datetime(2027, 5, 10, tzinfo=UTC),
        datetime(2027, 5, 11, tzinfo=UTC),
    )
    fair.tear_down_starts_at = datetime(2027, 5, 15, 8, tzinfo=UTC)
    fair.tear_down_ends_at = datetime(2027, 5, 15, 14, tzinfo=UTC)
    tokyo = create_meeting(db, fair, rooms[0], investor, startup, starts_at=START)
    osaka = create_meeting(db, fair, rooms[1], investor, startup, starts_at=START + timedelta(hours=2))
    called_off = create_meeting(db, fair, rooms[0], create_user(db), startup, starts_at=START + timedelta(hours=4))
    cancel(db, called_off)
    return tokyo, osaka, called_off


def checked(data: bytes, method: str) -> list[icalendar.cal.Component]:
    """The file's VEVENTs once it follows its method's table and the independent parser reads it too."""
    vobject.readOne(data.decode("utf-8"))
    return assert_follows_itip(data, method).walk("VEVENT")


def test_invitation_update_and_cancel_follow_request_and_cancel(db, meetings, startup, investor):
    meeting = meetings[0]
    (invitation,) = checked(calendars.meeting_invitation(meeting, "REQUEST"), "REQUEST")
    move(db, meeting, START + timedelta(days=1))
    (update,) = checked(calendars.meeting_invitation(meeting, "REQUEST"), "REQUEST")
    assert update["SEQUENCE"] == invitation["SEQUENCE"] + 1
    cancel(db, meeting)
    (cancelled,) = checked(calendars.meeting_invitation(meeting, "CANCEL"), "CANCEL")
    # §3.2.5: a cancellation of the whole event names every Attendee, and nobody is asked to answer it.
    assert {str(a) for a in cancelled["ATTENDEE"]} == {f"mailto:{startup.email}", f"mailto:{investor.email}"}
    assert not any("RSVP" in a.params for a in cancelled["ATTENDEE"])
    assert cancelled["SEQUENCE"] == 2 and not cancelled.walk("VALARM")


def test_a_cancelled_meeting_is_never_a_request(meetings):
    with pytest.raises(ValueError):
        calendars.meeting_invitation(meetings[2], "REQUEST")


def test_meeting_downloads_publish_without_attendees(client, meetings, startup):
    login(client, startup.email)
    (event,) = checked(client.get(f"/calendar/meetings/{meetings[0].id}.ics").data, "PUBLISH")
    assert "ATTENDEE" not in event
    assert "山田 太郎 (Taro Yamada) <startup@example.com>" in str(event["DESCRIPTION"])
    assert event.walk("VALARM")  # a reminder is fine in a PUBLISH
    (cancelled,) = checked(client.get(f"/calendar/meetings/{meetings[2].id}.ics").data, "CANCEL")
    assert cancelled["STATUS"] == "CANCELLED"


def test_booking_download_publishes_fair_days_build_up_and_tear_down(client, db, fair, meetings, startup):
    booking = create_confirmed_booking(db, fair, startup)
    login(client, startup.email)
    events = checked(client.get(f"/calendar/bookings/{booking.id}.ics").data, "PUBLISH")
    assert len(events) == 3
    assert {str(e["ORGANIZER"]) for e in events} == {"mailto:no-reply@eventsys.local"}


def test_feed_publishes_meetings_fair_days_and_booth_times(client, db, fair, meetings, startup):
    create_confirmed_booking(db, fair, startup)
    fair.contact_email = "meetings@fair.example"
    db.flush()
    events = checked(client.get(f"/calendar/{calendar_feeds.calendar_token(db, startup)}.ics").data, "PUBLISH")
    uids = {str(e["UID"]) for e in events}
    assert {m.uid for m in meetings} <= uids and f"fair-{fair.id}-days@eventsys" in uids
    assert any(uid.endswith("-build-up@eventsys") for uid in uids)
    assert any(uid.endswith("-tear-down@eventsys") for uid in uids)
    assert {str(e["ORGANIZER"]) for e in events} == {"mailto:meetings@fair.example"}
    cancelled = next(e for e in events if str(e["UID"]) == meetings[2].uid)
    assert cancelled["STATUS"] == "CANCELLED" and cancelled["SEQUENCE"] == 1


@pytest.mark.parametrize("narrowing", ["", "&center=osaka", "room", "&first_day=2027-05-13&last_day=2027-05-13"])
def test_organizer_exports_publish(client, fair, rooms, meetings, organizer, narrowing):
    login(client, organizer.email)
    narrowing = f"&room={rooms[0].id}" if narrowing == "room" else narrowing
    events = checked(client.get(f"/calendar/export?fair=test-fair{narrowing}").data, "PUBLISH")
    assert f"fair-{fair.id}-days@eventsys" in {str(e["UID"]) for e in events} and len(events) >= 2


def test_cli_export_publishes(runner, meetings, tmp_path):
    out = tmp_path / "fair.ics"
    assert runner.invoke(args=["calendar", "export", "--fair", "test-fair", "-o", str(out)]).exit_code == 0
    assert len(checked(out.read_bytes(), "PUBLISH")) == 4


# Negative controls: the checker is not a rubber stamp.


def _one_event(data: bytes) -> tuple[icalendar.Calendar, icalendar.cal.Component]:
    calendar = icalendar.Calendar.from_ical(data)
    return calendar, calendar.walk("VEVENT")[0]


def test_a_publish_with_an_attendee_is_refused(meetings, startup):
    calendar, event = _one_event(calendars.meeting_file(meetings[0]))
    assert itip_problems(calendar) == []
    event.add("ATTENDEE", calendars.attendee(calendars.Person(startup.email, startup.name)), encode=False)
    assert any("ATTENDEE is not allowed in PUBLISH" in p for p in itip_problems(calendar))
    with pytest.raises(AssertionError):
        assert_follows_itip(calendar.to_ical(), "PUBLISH")


@pytest.mark.parametrize(
    ("method", "spoil", "complaint"),
    [
        ("PUBLISH", lambda event: event.pop("ORGANIZER"), "ORGANIZER 0 times"),
        ("PUBLISH", lambda event: event.add("DESCRIPTION", "again"), "DESCRIPTION more than once"),
        ("REQUEST", lambda event: event.pop("ATTENDEE"), "no ATTENDEE"),
        ("REQUEST", lambda event: event.__setitem__("STATUS", "CANCELLED"), "STATUS CANCELLED in REQUEST"),
        ("REQUEST", lambda event: event.add("REQUEST-STATUS", "2.0;Success"), "REQUEST-STATUS is not allowed"),
        ("CANCEL", lambda event: event.add_component(calendars.reminder("x")), "VALARM is not allowed in CANCEL"),
        ("CANCEL", lambda event: event.pop("SEQUENCE"), "SEQUENCE 0 times"),
    ],
)
def test_the_checker_refuses_what_the_tables_forbid(db, meetings, method, spoil, complaint):
    if method == "CANCEL":
        cancel(db, meetings[0])
    calendar, event = _one_event(calendars.meeting_invitation(meetings[0], method))
    assert itip_problems(calendar) == []
    spoil(event)
    assert any(complaint in problem for problem in itip_problems(calendar)), itip_problems(calendar)


def test_the_checker_wants_the_vtimezone_a_time_refers_to(meetings):
    calendar = icalendar.Calendar.from_ical(calendars.meeting_invitation(meetings[0]))
    calendar.subcomponents = [c for c in calendar.subcomponents if c.name != "VTIMEZONE"]
    assert itip_problems(calendar) == ["no VTIMEZONE for Asia/Tokyo"]
