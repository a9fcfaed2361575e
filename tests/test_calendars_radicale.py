"""A real CalDAV server (Radicale) takes each invitation, update and cancellation and gives back what we sent."""

from __future__ import annotations

import base64
import http.client
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import icalendar
import pytest
import vobject

from eventsys.services.calendars import feeds as calendar_feeds
from eventsys.services.calendars import invitations as calendars
from tests.calendar_factories import cancel, create_center, create_meeting, create_room, reschedule

START = datetime(2027, 5, 13, 1, 30, tzinfo=UTC)
AUTH = {"Authorization": "Basic " + base64.b64encode(b"alice:any").decode()}


class CalDAV:
    """A tiny client of the running server, speaking plain HTTP."""

    def __init__(self, port: int):
        self.port = port

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request(method, path, body=body, headers={**AUTH, **(headers or {})})
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def put(self, path: str, data: bytes) -> int:
        return self.request("PUT", path, data, {"Content-Type": "text/calendar; charset=utf-8"})[0]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def radicale(tmp_path_factory) -> Iterator[CalDAV]:
    """Radicale on a free loopback port, with a temporary storage folder and no password check."""
    port = _free_port()
    folder = tmp_path_factory.mktemp("radicale")
    process = subprocess.Popen(
        [sys.executable, "-m", "radicale", "--server-hosts", f"127.0.0.1:{port}"]
        + ["--storage-filesystem-folder", str(folder), "--auth-type", "none", "--rights-type", "authenticated"]
        + ["--logging-level", "warning"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    client = CalDAV(port)
    deadline = time.monotonic() + 15
    while True:
        try:
            client.request("OPTIONS", "/")
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"Radicale did not start: {process.stderr.read().decode()}")
            time.sleep(0.1)
    try:
        yield client
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stderr.close()


@pytest.fixture
def collection(radicale, request) -> str:
    """A fresh calendar collection for each test."""
    path = f"/alice/{request.node.name.replace('[', '-').replace(']', '')}/"
    status, body = radicale.request("MKCALENDAR", path)
    assert status == 201, body
    return path


@pytest.fixture
def meeting(db, fair, startup, investor):
    room = create_room(db, create_center(db, slug="fukuoka", city="Fukuoka"), name="Room 1")
    return create_meeting(db, fair, room, investor, startup, starts_at=START)


def stored_event(radicale: CalDAV, path: str):
    status, body = radicale.request("GET", path)
    assert status == 200
    (event,) = icalendar.Calendar.from_ical(body).walk("VEVENT")
    vevent = vobject.readOne(body.decode("utf-8")).vevent
    return event, vevent


def test_invitation_update_and_cancellation_round_trip(db, radicale, collection, meeting, startup):
    path = f"{collection}{meeting.id}.ics"

    assert radicale.put(path, calendars.meeting_invitation(meeting, "REQUEST")) == 201
    event, vevent = stored_event(radicale, path)
    assert str(event["UID"]) == meeting.uid
    assert event.start == START and event.end == START + timedelta(minutes=30)
    assert event["SEQUENCE"] == 0
    cn = {str(a): a.params["CN"] for a in event.get("ATTENDEE")}
    assert cn[f"mailto:{startup.email}"] == "山田 太郎 (Taro Yamada)"

    moved = START + timedelta(days=1, hours=3)
    reschedule(db, meeting, moved)
    assert radicale.put(path, calendars.meeting_invitation(meeting, "REQUEST")) in (201, 204)
    event, vevent = stored_event(radicale, path)
    assert str(event["UID"]) == meeting.uid
    assert event.start == moved and vevent.dtstart.value == moved
    assert event["SEQUENCE"] == 1

    cancel(db, meeting)
    assert radicale.put(path, calendars.meeting_invitation(meeting, "CANCEL")) in (201, 204)
    event, vevent = stored_event(radicale, path)
    assert event["STATUS"] == "CANCELLED" and vevent.status.value == "CANCELLED"
    assert event["SEQUENCE"] == 2
    assert event.start == moved


def test_server_finds_the_meeting_by_time_range(radicale, collection, meeting):
    """A calendar-query REPORT (RFC 4791 §7.8) finds the event in its slot: the times were understood, not just kept."""
    assert radicale.put(f"{collection}{meeting.id}.ics", calendars.meeting_invitation(meeting)) == 201
    query = """<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><D:getetag/></D:prop>
  <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">
    <C:time-range start="{start}" end="{end}"/>
  </C:comp-filter></C:comp-filter></C:filter>
</C:calendar-query>"""
    inside = query.format(start="20270513T014500Z", end="20270513T015000Z").encode()
    outside = query.format(start="20270513T020000Z", end="20270513T030000Z").encode()
    headers = {"Depth": "1", "Content-Type": "application/xml"}
    status, body = radicale.request("REPORT", collection, inside, headers)
    assert status == 207 and f"{meeting.id}.ics".encode() in body
    status, body = radicale.request("REPORT", collection, outside, headers)
    assert status == 207 and f"{meeting.id}.ics".encode() not in body


def test_server_accepts_a_whole_feed_as_events(db, radicale, collection, meeting, startup):
    """Each VEVENT of a user's feed, stored on its own as clients do, is accepted with its times."""
    feed = icalendar.Calendar.from_ical(calendar_feeds.user_feed(db, startup))
    for number, event in enumerate(feed.walk("VEVENT")):
        single = calendars.new_calendar()
        single.add_component(event)
        path = f"{collection}item-{number}.ics"
        assert radicale.put(path, single.to_ical()) == 201
        stored, _ = stored_event(radicale, path)
        assert stored.start == event.start and stored.end == event.end
