"""Add-to-calendar downloads, Google links and organizer exports (page and CLI), with access rules and bad input."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import icalendar
import pytest
import vobject
from flask import render_template_string

from eventsys.models import BookingStatus
from tests.calendar_factories import create_center, create_confirmed_booking, create_meeting, create_room
from tests.conftest import create_user, login

START = datetime(2027, 5, 13, 1, 30, tzinfo=UTC)  # 10:30 on 13 May in Tokyo


@pytest.fixture
def centers(db):
    tokyo = create_center(db, slug="tokyo", city="Tokyo", name="Business Support Center Tokyo")
    osaka = create_center(db, slug="osaka", city="Osaka", name="Business Support Center Osaka")
    return {"tokyo": (tokyo, create_room(db, tokyo, name="Sakura")), "osaka": (osaka, create_room(db, osaka))}


@pytest.fixture
def meetings(db, fair, centers, startup, investor):
    """Three meetings: Tokyo on day 1, Tokyo on day 2, Osaka on day 1."""
    tokyo_room, osaka_room = centers["tokyo"][1], centers["osaka"][1]
    return [
        create_meeting(db, fair, tokyo_room, investor, startup, starts_at=START),
        create_meeting(db, fair, tokyo_room, investor, startup, starts_at=START + timedelta(days=1)),
        create_meeting(db, fair, osaka_room, investor, create_user(db), starts_at=START + timedelta(hours=2)),
    ]


def uids(data: bytes) -> set[str]:
    vobject.readOne(data.decode("utf-8"))
    return {str(e["UID"]) for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}


# Downloads


def test_participant_downloads_the_meeting(client, db, meetings, startup):
    login(client, startup.email)
    response = client.get(f"/calendar/meetings/{meetings[0].id}.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert "attachment" in response.headers["Content-Disposition"]
    calendar = icalendar.Calendar.from_ical(response.data)
    assert calendar["METHOD"] == "PUBLISH"
    assert uids(response.data) == {meetings[0].uid}


def test_someone_elses_meeting_is_not_found(client, db, meetings):
    """The meetings blueprint's loader: another organization's meeting is not found, as a missing one."""
    login(client, create_user(db).email)
    assert client.get(f"/calendar/meetings/{meetings[0].id}.ics").status_code == 404
    assert client.get("/calendar/meetings/999999.ics").status_code == 404


def test_meeting_download_needs_login(client, meetings):
    assert client.get(f"/calendar/meetings/{meetings[0].id}.ics").status_code == 302


def test_organizer_downloads_any_meeting(client, meetings, organizer):
    login(client, organizer.email)
    assert client.get(f"/calendar/meetings/{meetings[2].id}.ics").status_code == 200


def test_booking_download_for_the_exhibitor_only(client, db, fair, startup, investor):
    fair.build_up_starts_at = datetime(2027, 5, 10, tzinfo=UTC)
    fair.build_up_ends_at = datetime(2027, 5, 11, tzinfo=UTC)
    booking = create_confirmed_booking(db, fair, startup)
    login(client, investor.email)
    # The booths blueprint's loader: another organization's booking is not found, as a missing one.
    assert client.get(f"/calendar/bookings/{booking.id}.ics").status_code == 404
    client.post("/logout")
    login(client, startup.email)
    response = client.get(f"/calendar/bookings/{booking.id}.ics")
    assert response.status_code == 200
    assert uids(response.data) == {f"fair-{fair.id}-days@eventsys", f"booking-{booking.id}-build-up@eventsys"}
    booking.status = BookingStatus.CANCELLED
    db.flush()
    assert client.get(f"/calendar/bookings/{booking.id}.ics").status_code == 404
    assert client.get("/calendar/bookings/999999.ics").status_code == 404


def test_calendar_page_has_add_to_calendar_links(client, db, fair, meetings, startup):
    meetings[0].starts_at = datetime.now(UTC) + timedelta(days=3)
    meetings[0].ends_at = meetings[0].starts_at + timedelta(minutes=30)
    booking = create_confirmed_booking(db, fair, startup)
    login(client, startup.email)
    html = client.get("/calendar/").get_data(as_text=True)
    assert f"/calendar/meetings/{meetings[0].id}.ics" in html
    assert f"/calendar/bookings/{booking.id}.ics" in html
    assert "https://calendar.google.com/calendar/render?" in html


def test_google_link_carries_the_meeting(app, meetings):
    with app.test_request_context():
        url = render_template_string("{{ meeting_google_url(m) }}", m=meetings[0])
    query = parse_qs(urlsplit(url.replace("&amp;", "&")).query)
    assert query["action"] == ["TEMPLATE"]
    assert query["dates"] == ["20270513T013000Z/20270513T020000Z"]
    assert "Sakura" in query["location"][0]


# Organizer export: page


def test_export_page_needs_an_organizer(client, db, startup):
    assert client.get("/calendar/export").status_code == 302
    login(client, startup.email)
    assert client.get("/calendar/export").status_code == 403
    assert client.get("/calendar/export?fair=test-fair").status_code == 403


def test_export_of_a_fair_center_room_and_days(client, db, fair, centers, meetings, organizer):
    login(client, organizer.email)
    assert client.get("/calendar/export").status_code == 200
    whole = client.get("/calendar/export?fair=test-fair")
    assert whole.status_code == 200 and whole.mimetype == "text/calendar"
    assert uids(whole.data) == {m.uid for m in meetings} | {f"fair-{fair.id}-days@eventsys"}
    osaka = client.get("/calendar/export?fair=test-fair&center=osaka")
    assert uids(osaka.data) - {f"fair-{fair.id}-days@eventsys"} == {meetings[2].uid}
    room = client.get(f"/calendar/export?fair=test-fair&room={centers['tokyo'][1].id}")
    assert uids(room.data) - {f"fair-{fair.id}-days@eventsys"} == {meetings[0].uid, meetings[1].uid}
    day = client.get("/calendar/export?fair=test-fair&first_day=2027-05-13&last_day=2027-05-13")
    assert uids(day.data) - {f"fair-{fair.id}-days@eventsys"} == {meetings[0].uid, meetings[2].uid}
    times = {str(e["UID"]): e.start for e in icalendar.Calendar.from_ical(day.data).walk("VEVENT")}
    assert times[meetings[0].uid] == START


@pytest.mark.parametrize(
    "query",
    [
        "fair=no-such-fair",
        "center=tokyo",
        "fair=test-fair&center=nowhere",
        "fair=test-fair&room=999999",
        "fair=test-fair&room=abc",
        "fair=test-fair&first_day=2027-13-45",
        "fair=test-fair&first_day=2027-05-14&last_day=2027-05-12",
        "fair=test-fair&first_day=2020-01-01&last_day=2027-05-12",
    ],
)
def test_export_refuses_bad_input(client, centers, meetings, organizer, query):
    login(client, organizer.email)
    response = client.get(f"/calendar/export?{query}")
    assert response.status_code == 422
    assert response.mimetype == "text/html"


def test_export_refuses_a_room_of_another_center(client, centers, meetings, organizer):
    login(client, organizer.email)
    response = client.get(f"/calendar/export?fair=test-fair&center=osaka&room={centers['tokyo'][1].id}")
    assert response.status_code == 422
    assert "not in that center" in response.get_data(as_text=True)


# Organizer export: CLI


def test_cli_export_writes_a_file(runner, fair, meetings, tmp_path):
    out = tmp_path / "fair.ics"
    result = runner.invoke(args=["calendar", "export", "--fair", "test-fair", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "3 meetings" in result.output
    assert uids(out.read_bytes()) == {m.uid for m in meetings} | {f"fair-{fair.id}-days@eventsys"}
    result = runner.invoke(args=["calendar", "export", "--fair", "test-fair", "--center", "Osaka", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert uids(out.read_bytes()) == {meetings[2].uid, f"fair-{fair.id}-days@eventsys"}


@pytest.mark.parametrize(
    "args",
    [
        ["--fair", "nope"],
        ["--fair", "test-fair", "--center", "atlantis"],
        ["--fair", "test-fair", "--from", "2027-05-14", "--to", "2027-05-12"],
        ["--fair", "test-fair", "--from", "14/05/2027"],
    ],
)
def test_cli_export_refuses_bad_input(runner, meetings, tmp_path, args):
    out = tmp_path / "x.ics"
    result = runner.invoke(args=["calendar", "export", *args, "-o", str(out)])
    assert result.exit_code == 2
    assert not out.exists()


def test_fair_days_are_all_day_dates(client, fair, meetings, organizer):
    login(client, organizer.email)
    data = client.get("/calendar/export?fair=test-fair").data
    days = next(e for e in icalendar.Calendar.from_ical(data).walk("VEVENT") if "days" in str(e["UID"]))
    assert isinstance(days.start, date) and days.end == fair.ends_on + timedelta(days=1)
