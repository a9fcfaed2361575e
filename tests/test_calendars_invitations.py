"""Meeting invitations: iTIP rules (RFC 5546), two independent parsers, and the mail that carries them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email import policy
from email.parser import BytesParser

import icalendar
import pytest
import vobject

from eventsys.models import MeetingStatus, Role
from eventsys.services import mail
from eventsys.services.calendars import invitations as calendars
from eventsys.services.meetings.notices import notify_participants
from tests.calendar_factories import cancel, create_center, create_meeting, create_room, reschedule
from tests.conftest import create_user

START = datetime(2027, 5, 13, 1, 30, tzinfo=UTC)  # 10:30 in Tokyo


@pytest.fixture
def meeting(db, fair, startup, investor):
    center = create_center(db, slug="tokyo", city="Tokyo", name="Invest Japan Business Support Center Tokyo")
    room = create_room(db, center, name="Room Sakura")
    return create_meeting(db, fair, room, investor, startup, starts_at=START, subject="Series A")


def parse_both(data: bytes):
    """The file as icalendar and as vobject see it; each must find exactly one VEVENT."""
    ical = icalendar.Calendar.from_ical(data)
    vcal = vobject.readOne(data.decode("utf-8"))
    (event,) = ical.walk("VEVENT")
    (vevent,) = vcal.vevent_list
    return ical, event, vcal, vevent


def test_invitation_follows_itip_and_parses_with_both_libraries(db, meeting, startup):
    data = calendars.meeting_invitation(meeting, "REQUEST", base_url="https://eventsys.test")
    ical, event, vcal, vevent = parse_both(data)

    assert ical["METHOD"] == "REQUEST" and vcal.method.value == "REQUEST"
    assert str(event["UID"]) == meeting.uid == vevent.uid.value
    assert event["SEQUENCE"] == 0 and vevent.sequence.value == "0"
    assert event.DTSTAMP is not None and vevent.dtstamp.value.tzinfo is not None
    # Times are in the center's zone, with a VTIMEZONE, and land on the same instant in both parsers.
    assert event["DTSTART"].params["TZID"] == "Asia/Tokyo"
    assert [tz["TZID"] for tz in ical.walk("VTIMEZONE")] == ["Asia/Tokyo"]
    assert event.start == START and event.end == START + timedelta(minutes=30)
    assert vevent.dtstart.value == START and vevent.dtend.value == START + timedelta(minutes=30)
    assert vevent.dtstart.value.hour == 10
    # Organizer is the fair's mailbox, else the center's.
    assert str(event["ORGANIZER"]) == f"mailto:{meeting.center.email}"
    attendees = {str(a): a.params for a in event.get("ATTENDEE")}
    assert set(attendees) == {"mailto:startup@example.com", "mailto:investor@example.com"}
    params = attendees["mailto:startup@example.com"]
    assert params["CN"] == "山田 太郎 (Taro Yamada)"
    assert (params["ROLE"], params["PARTSTAT"], params["RSVP"]) == ("REQ-PARTICIPANT", "NEEDS-ACTION", "TRUE")
    vattendee = next(a for a in vevent.attendee_list if a.value == "mailto:startup@example.com")
    assert vattendee.params["CN"] == ["山田 太郎 (Taro Yamada)"]
    assert "Room Sakura" in event["LOCATION"] and meeting.center.address in event["LOCATION"]
    assert startup.organization.name in event["SUMMARY"] and "Series A" in event["DESCRIPTION"]
    assert str(event["URL"]) == f"https://eventsys.test/meetings/#meeting-{meeting.id}"
    (alarm,) = event.walk("VALARM")
    assert alarm["TRIGGER"].dt == timedelta(minutes=-15)
    assert vevent.valarm.trigger.value == timedelta(minutes=-15)


def test_fair_mailbox_is_the_organizer_when_set(db, meeting, fair):
    fair.contact_email = "meetings@sushitech.example"
    db.flush()
    _, event, _, _ = parse_both(calendars.meeting_invitation(meeting))
    assert str(event["ORGANIZER"]) == "mailto:meetings@sushitech.example"


def test_reschedule_keeps_uid_and_raises_sequence(db, meeting):
    first = parse_both(calendars.meeting_invitation(meeting))[1]
    reschedule(db, meeting, START + timedelta(days=1, hours=2))
    _, second, _, vsecond = parse_both(calendars.meeting_invitation(meeting))
    assert second["UID"] == first["UID"]
    assert second["SEQUENCE"] == first["SEQUENCE"] + 1
    assert second.start == START + timedelta(days=1, hours=2) == vsecond.dtstart.value


def test_cancellation_is_method_cancel_with_status_cancelled(db, meeting):
    uid = meeting.uid
    cancel(db, meeting)
    ical, event, vcal, vevent = parse_both(calendars.meeting_invitation(meeting, "CANCEL"))
    assert ical["METHOD"] == "CANCEL" and vcal.method.value == "CANCEL"
    assert event["STATUS"] == "CANCELLED" and vevent.status.value == "CANCELLED"
    assert event["UID"] == uid and event["SEQUENCE"] == 1
    assert meeting.status == MeetingStatus.CANCELLED


def test_unknown_method_is_refused(meeting):
    with pytest.raises(ValueError):
        calendars.meeting_invitation(meeting, "REFRESHX")


def read_outbox(outbox):
    return [BytesParser(policy=policy.default).parsebytes(p.read_bytes()) for p in sorted(outbox.glob("*.eml"))]


@pytest.mark.parametrize(("change", "method"), [("scheduled", "REQUEST"), ("rescheduled", "REQUEST")])
def test_notice_mails_every_participant_an_itip_message(app, db, meeting, outbox, change, method):
    with app.app_context():
        notify_participants(db, meeting, change)
        db.commit()
    messages = read_outbox(outbox)
    assert sorted(m["To"].addresses[0].addr_spec for m in messages) == ["investor@example.com", "startup@example.com"]
    for message in messages:
        assert message.get_content_type() == "multipart/mixed"
        alternative = next(p for p in message.iter_parts() if p.get_content_type() == "multipart/alternative")
        kinds = [p.get_content_type() for p in alternative.iter_parts()]
        assert kinds == ["text/plain", "text/calendar"]
        calendar_part = list(alternative.iter_parts())[1]
        assert calendar_part.get_param("method") == method
        inline = icalendar.Calendar.from_ical(calendar_part.get_content())
        assert inline["METHOD"] == method  # the MIME method matches the file's
        (attachment,) = message.iter_attachments()
        assert attachment.get_filename() == "invite.ics"
        attached = icalendar.Calendar.from_ical(attachment.get_content())
        assert attached["METHOD"] == method
        assert attached.walk("VEVENT")[0]["UID"] == meeting.uid
        assert meeting.uid not in message.get_body(preferencelist=("plain",)).get_content()
    japanese = next(m for m in messages if m["To"].addresses[0].addr_spec == "startup@example.com")
    assert japanese["To"].addresses[0].display_name == "山田 太郎 (Taro Yamada)"


def test_cancellation_notice_reaches_the_freed_participants(app, db, meeting, outbox):
    cancel(db, meeting)
    with app.app_context():
        notify_participants(db, meeting, "cancelled")
        db.commit()
    messages = read_outbox(outbox)
    assert len(messages) == 2
    for message in messages:
        alternative = next(p for p in message.iter_parts() if p.get_content_type() == "multipart/alternative")
        part = list(alternative.iter_parts())[1]
        assert part.get_param("method") == "CANCEL"
        event = icalendar.Calendar.from_ical(part.get_content()).walk("VEVENT")[0]
        assert event["STATUS"] == "CANCELLED"


def test_notice_in_the_participants_language(app, db, meeting, outbox, startup):
    startup.locale = "ja"
    db.flush()
    with app.app_context():
        notify_participants(db, meeting, "scheduled")
        db.commit()
    assert len(read_outbox(outbox)) == 2


def test_unknown_change_is_refused(app, db, meeting):
    with pytest.raises(ValueError), app.app_context():
        notify_participants(db, meeting, "postponed")


def test_removed_participant_gets_no_update(app, db, meeting, outbox, startup):
    extra = create_user(db, Role.INVESTOR, email="left@example.com")
    from eventsys.models import MeetingParticipant

    meeting.participants.append(
        MeetingParticipant(user=extra, organization_id=extra.organization.id, starts_at=START, is_active=False)
    )
    db.flush()
    with app.app_context():
        notify_participants(db, meeting, "rescheduled")
        db.commit()
    messages = read_outbox(outbox)
    assert "left@example.com" not in {m["To"].addresses[0].addr_spec for m in messages}
    assert len(messages) == 2
    _, event, _, _ = parse_both(calendars.meeting_invitation(meeting))
    assert "mailto:left@example.com" not in {str(a) for a in event.get("ATTENDEE")}
    assert "left@example.com" not in str(event["DESCRIPTION"])


def test_calendar_part_without_method_is_refused():
    with pytest.raises(ValueError):
        mail.compose("a@example.com", "b@example.com", "x", "y", calendar=b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
