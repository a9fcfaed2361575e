"""Online meetings through the test client: the slot picker, booking and moving online, the agenda, mails, .ics."""

from __future__ import annotations

from datetime import UTC, time, timedelta
from email import message_from_bytes, policy

import pytest
from icalendar import Calendar
from sqlalchemy import func, select

from eventsys.models import Meeting, MeetingMode, Notice, Role
from eventsys.services.calendars import feeds as calendar_feeds
from eventsys.services.meetings import online
from tests.conftest import create_user, login
from tests.meeting_factories import accepted_request, at, create_center, create_meeting_fair, make_available

LINK = "https://meet.example.com/abc-defg-hij"


@pytest.fixture
def setting(db, investor, startup, organizer_organization):
    fair = create_meeting_fair(db, organizer_id=organizer_organization.id)
    fair.online_from = fair.starts_on - timedelta(days=7)
    fair.online_opens_at, fair.online_closes_at = time(8), time(20)
    center = create_center(db, rooms=(("Room A", 4),))
    make_available(db, fair, investor, center)
    make_available(db, fair, startup, center)
    request = accepted_request(db, fair, investor, startup)
    return fair, center, request


def meetings_count(db) -> int:
    return db.scalar(select(func.count(Meeting.id)))


def online_post(center, starts_at, link=LINK) -> dict:
    data = {"center": center.id, "starts_at": starts_at.isoformat(), "mode": "online"}
    if link is not None:
        data["video_url"] = link
    return data


def test_the_picker_offers_online_slots_before_the_fair(client, db, setting, startup):
    fair, _center, request = setting
    startup.timezone = "Europe/Madrid"
    login(client, startup.email)
    page = client.get(f"/meetings/requests/{request.id}/slots").get_data(as_text=True)
    assert 'data-testid="online-slots"' in page and 'name="video_url"' in page
    assert at(fair, -7, 8).astimezone(UTC).isoformat() in page  # a week before the fair, 8:00 Tokyo time
    assert "Madrid" in page  # the viewer's own time beside the center's


def test_book_online_then_the_link_is_in_the_agenda_the_mails_the_notices_and_the_ics(
    client, db, setting, investor, startup, outbox
):
    fair, center, request = setting
    login(client, startup.email)
    start = at(fair, -3, 9)
    response = client.post(f"/meetings/requests/{request.id}/book", data=online_post(center, start))
    assert response.status_code == 302
    meeting = db.scalar(select(Meeting))
    assert meeting.mode == MeetingMode.ONLINE and meeting.room_id is None and meeting.video_url == LINK
    agenda = client.get("/meetings/", query_string={"day": start.astimezone(center.zone).date().isoformat()})
    assert f'href="{LINK}"' in agenda.get_data(as_text=True)
    invitations = [message_from_bytes(p.read_bytes(), policy=policy.default) for p in outbox.glob("*.eml")]
    invitations = [m for m in invitations if "invitation" in m["Subject"]]
    assert len(invitations) == 2
    for mail in invitations:
        assert LINK in mail.get_body(("plain",)).get_content()
        ics = next(part for part in mail.walk() if part.get_content_type() == "text/calendar").get_content()
        (event,) = Calendar.from_ical(ics).walk("VEVENT")
        assert str(event["LOCATION"]) == LINK and str(event["CONFERENCE"]) == LINK
        assert event["CONFERENCE"].params["FEATURE"] == "VIDEO" and event["CONFERENCE"].params["VALUE"] == "URI"
    assert db.scalar(select(func.count(Notice.id)).where(Notice.meeting_id == meeting.id)) == 2
    download = client.get(f"/calendar/meetings/{meeting.id}.ics")
    text = download.get_data(as_text=True)
    assert download.status_code == 200 and f"LOCATION:{LINK}" in text and "Room:" not in text
    assert f"CONFERENCE;FEATURE=VIDEO;VALUE=URI:{LINK}" in text
    assert f"Online: {LINK}" in text.replace("\r\n ", "")
    assert LINK in client.get("/calendar/").get_data(as_text=True)


def test_the_private_feed_carries_the_link(client, db, setting, startup):
    fair, center, request = setting
    login(client, startup.email)
    client.post(f"/meetings/requests/{request.id}/book", data=online_post(center, at(fair, -3, 9)))
    feed = client.get(f"/calendar/{calendar_feeds.calendar_token(db, startup)}.ics")
    text = feed.get_data(as_text=True)
    assert feed.status_code == 200 and f"LOCATION:{LINK}" in text
    assert f"CONFERENCE;FEATURE=VIDEO;VALUE=URI:{LINK}" in text


@pytest.mark.parametrize(
    ("link", "message"),
    [
        ("http://meet.example.com/abc", "https://"),
        ("javascript:alert(1)", "https://"),
        (None, "Give the link"),
        ("", "Give the link"),
        ("https://meet.example.com/" + "x" * 600, "at most 500"),
    ],
)
def test_bad_links_are_422_and_book_nothing(client, db, setting, startup, link, message):
    fair, center, request = setting
    login(client, startup.email)
    response = client.post(f"/meetings/requests/{request.id}/book", data=online_post(center, at(fair, -3, 9), link))
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert meetings_count(db) == 0


@pytest.mark.parametrize(
    ("when", "message"),
    [
        (lambda fair: at(fair, -8, 9), "Online meetings take place from"),  # before online_from
        (lambda fair: at(fair, 5, 9), "Online meetings take place from"),  # after the fair
        (lambda fair: at(fair, -3, 21), "not an online meeting slot"),
    ],
)
def test_online_outside_the_allowed_days_is_422(client, db, setting, startup, when, message):
    fair, center, request = setting
    login(client, startup.email)
    response = client.post(f"/meetings/requests/{request.id}/book", data=online_post(center, when(fair)))
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert meetings_count(db) == 0


def test_a_fair_without_online_meetings_offers_and_takes_none(client, db, setting, startup):
    fair, center, request = setting
    fair.online_from = fair.online_opens_at = fair.online_closes_at = None
    db.flush()
    login(client, startup.email)
    page = client.get(f"/meetings/requests/{request.id}/slots").get_data(as_text=True)
    assert 'name="video_url"' not in page
    response = client.post(f"/meetings/requests/{request.id}/book", data=online_post(center, at(fair, 1, 10)))
    assert response.status_code == 422 and "no online meetings" in response.get_data(as_text=True)
    assert meetings_count(db) == 0


def test_a_stranger_cannot_book_or_move_online(client, db, setting, investor, startup):
    fair, center, request = setting
    login(client, startup.email)
    client.post(f"/meetings/requests/{request.id}/book", data=online_post(center, at(fair, -3, 9)))
    meeting = db.scalar(select(Meeting))
    client.post("/logout")
    other = accepted_request(db, fair, create_user(db, Role.INVESTOR), create_user(db, Role.STARTUP))
    login(client, startup.email)
    assert (
        client.post(f"/meetings/requests/{other.id}/book", data=online_post(center, at(fair, -3, 10))).status_code
        == 404
    )
    client.post("/logout")
    login(client, create_user(db, Role.INVESTOR).email)
    moved = client.post(f"/meetings/{meeting.id}/reschedule", data=online_post(center, at(fair, -2, 9)))
    assert moved.status_code == 404
    assert client.get(f"/calendar/meetings/{meeting.id}.ics").status_code == 404
    assert meeting.starts_at == at(fair, -3, 9) and meetings_count(db) == 1


def test_move_in_person_to_online_and_back(client, db, setting, investor, startup, outbox):
    fair, center, request = setting
    login(client, startup.email)
    in_person = {"center": center.id, "starts_at": at(fair, 1, 10).isoformat()}
    assert client.post(f"/meetings/requests/{request.id}/book", data=in_person).status_code == 302
    meeting = db.scalar(select(Meeting))
    assert 'name="video_url"' in client.get(f"/meetings/{meeting.id}/reschedule").get_data(as_text=True)
    refused = client.post(
        f"/meetings/{meeting.id}/reschedule", data=online_post(center, at(fair, -1, 9), "javascript:alert(1)")
    )
    assert refused.status_code == 422 and not meeting.is_online and meeting.sequence == 0
    moved = client.post(f"/meetings/{meeting.id}/reschedule", data=online_post(center, at(fair, -1, 9)))
    assert moved.status_code == 302
    assert meeting.is_online and meeting.room_id is None and meeting.sequence == 1
    back = {"center": center.id, "starts_at": at(fair, 2, 11).isoformat()}
    assert client.post(f"/meetings/{meeting.id}/reschedule", data=back).status_code == 302
    assert not meeting.is_online and meeting.video_url is None and meeting.room.name == "Room A"


def test_the_online_parts_speak_japanese_and_spanish(client, db, setting, investor, startup, outbox):
    fair, center, request = setting
    login(client, startup.email)
    picker = client.get(f"/meetings/requests/{request.id}/slots", headers={"Accept-Language": "ja"})
    assert "オンラインで商談" in picker.get_data(as_text=True)
    refused = client.post(
        f"/meetings/requests/{request.id}/book",
        data=online_post(center, at(fair, -3, 9), "http://meet.example.com/x"),
        headers={"Accept-Language": "es"},
    )
    assert refused.status_code == 422 and "comenzando con https://" in refused.get_data(as_text=True)
    investor.locale = "es"
    db.flush()
    assert (
        client.post(f"/meetings/requests/{request.id}/book", data=online_post(center, at(fair, -3, 9))).status_code
        == 302
    )
    mails = [message_from_bytes(p.read_bytes(), policy=policy.default) for p in outbox.glob("*.eml")]
    (invitation,) = [m for m in mails if investor.email in m["To"] and m.get_body(("plain",)) and "ics" in str(m)]
    assert LINK in invitation.get_body(("plain",)).get_content()


@pytest.mark.parametrize(
    ("language", "heading", "empty"),
    [
        ("en", "Online meetings", "No online meetings on this day."),
        ("ja", "オンライン", "この日のオンライン商談はありません。"),
        ("es", "en línea", "No hay reuniones en línea este día."),
    ],
)
def test_the_organizers_center_day_shows_online_meetings_in_their_own_lane(
    app, client, db, setting, investor, organizer, language, heading, empty
):
    """Before the fair too, when the center has no slots in person: the time, both people and the link."""
    fair, center, request = setting
    start = at(fair, -3, 9)
    with app.app_context():
        online.book_online_meeting(db, request, investor, center=center, starts_at=start, video_url=LINK, daily_cap=8)
    login(client, organizer.email)
    headers = {"Accept-Language": language}
    day = start.astimezone(center.zone).date()
    page = client.get(f"/organizer/meetings/centers/{center.slug}?day={day}", headers=headers).get_data(as_text=True)
    lane = page[page.index('data-testid="online-lane"') :]
    assert heading in lane and LINK in lane and investor.name in lane and start.astimezone(UTC).isoformat() in lane
    assert 'data-testid="online-meeting"' in lane and f"/organizer/meetings/{request.id}" not in lane[:0]
    other_day = client.get(f"/organizer/meetings/centers/{center.slug}?day={fair.starts_on}", headers=headers)
    assert empty in other_day.get_data(as_text=True)
