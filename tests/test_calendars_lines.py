"""The fast writer used by feeds and exports says exactly what icalendar says, to icalendar and to vobject."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import icalendar
import pytest
import vobject

from eventsys.models import Meeting, Role
from eventsys.services.calendars import feeds as calendar_feeds
from eventsys.services.calendars import invitations as calendars
from eventsys.services.calendars.lines import LineWriter, fold, param_value
from tests.calendar_factories import create_center, create_meeting, create_room
from tests.conftest import create_user

START = datetime(2027, 5, 13, 1, 30, tzinfo=UTC)
TRICKY = "Series A; robots, drones \\ sensors\n二行目: 倉庫ロボットの資金調達について話します。" + "長い文章" * 30


@pytest.fixture
def meeting(db, fair, startup):
    center = create_center(db, name="Invest Japan, Osaka; Center", address="Umeda 1-1, Kita-ku\\Osaka")
    room = create_room(db, center, name='Room "Sakura"')
    investor = create_user(db, Role.INVESTOR, name='Anne "AJ" Dupont', name_local="アンヌ・デュポン; AJ")
    return create_meeting(db, fair, room, investor, startup, starts_at=START, subject="Deal, maybe", message=TRICKY)


def _by_library(facts) -> bytes:
    calendar = calendars.new_calendar(method="PUBLISH")
    calendar.add_component(calendars.meeting_event(facts, method="PUBLISH", base_url="https://x.test"))
    return calendar.to_ical()


def _by_writer(facts) -> bytes:
    return calendars.calendar_bytes([], name="n", meetings=[facts], base_url="https://x.test")


def _icalendar_view(data: bytes) -> dict:
    (event,) = icalendar.Calendar.from_ical(data).walk("VEVENT")
    view = {name: str(event[name]) for name in ("UID", "SUMMARY", "DESCRIPTION", "LOCATION", "STATUS", "URL")}
    view |= {"start": event.start, "end": event.end, "sequence": int(event["SEQUENCE"])}
    view["organizer"] = (str(event["ORGANIZER"]), str(event["ORGANIZER"].params["CN"]))
    view["attendees"] = event.get("ATTENDEE", [])
    view["alarm"] = event.walk("VALARM")[0]["TRIGGER"].dt
    return view


def _vobject_view(data: bytes) -> dict:
    event = vobject.readOne(data.decode("utf-8")).vevent
    return {
        "summary": event.summary.value,
        "description": event.description.value,
        "location": event.location.value,
        "start": event.dtstart.value,
        "end": event.dtend.value,
        "attendees": event.contents.get("attendee", []),
    }


def test_writer_and_icalendar_give_the_same_event(db, meeting):
    facts = calendars.meeting_facts(meeting)
    assert _icalendar_view(_by_writer(facts)) == _icalendar_view(_by_library(facts))
    assert _vobject_view(_by_writer(facts)) == _vobject_view(_by_library(facts))
    view = _icalendar_view(_by_writer(facts))
    assert TRICKY in view["DESCRIPTION"]
    assert view["start"] == START and view["end"] == START + timedelta(minutes=30)
    # A PUBLISH names nobody as ATTENDEE (RFC 5546 §3.2.1); the description lists the participants.
    assert view["attendees"] == [] and _vobject_view(_by_writer(facts))["attendees"] == []
    assert "- 山田 太郎 (Taro Yamada) <startup@example.com>" in view["DESCRIPTION"]
    assert '- アンヌ・デュポン; AJ (Anne "AJ" Dupont) <' in view["DESCRIPTION"]


def test_rows_give_the_same_facts_as_the_orm(db, meeting):
    (from_rows,) = calendar_feeds.meeting_facts(db, Meeting.id == meeting.id)
    assert from_rows == calendars.meeting_facts(meeting)


def test_rows_without_a_request_name_the_participants_organizations(db, meeting, startup):
    meeting.request = None
    db.flush()
    (facts,) = calendar_feeds.meeting_facts(db, Meeting.id == meeting.id)
    assert startup.organization.name in facts.sides and facts.message is None


def test_every_physical_line_fits_75_octets_and_unfolds_back(db, meeting):
    data = _by_writer(calendars.meeting_facts(meeting))
    for line in data.split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")  # no character cut in half
    unfolded = data.replace(b"\r\n ", b"").decode()
    assert "二行目: 倉庫ロボット" in unfolded


@pytest.mark.parametrize("text", ["a" * 200, "あ" * 80, "x\\" * 60, "é" + "😀" * 40, "a" * 75, "a" * 76])
def test_fold_keeps_the_content(text):
    folded = fold(f"DESCRIPTION:{text}")
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == f"DESCRIPTION:{text}"


def test_parameter_values_are_quoted_and_caret_escaped():
    assert param_value("Taro") == "Taro"
    assert param_value("Yamada, Taro") == '"Yamada, Taro"'
    assert param_value('say "hi"\n') == "\"say ^'hi^'^n\""
    writer = LineWriter()
    writer.raw("ATTENDEE", "mailto:a@example.com", ";CN=" + param_value('A "B" C'))
    writer.lines.insert(0, "BEGIN:VEVENT")
    writer.lines.append("END:VEVENT")
    event = icalendar.Event.from_ical(writer.to_bytes())
    assert event["ATTENDEE"].params["CN"] == 'A "B" C'
