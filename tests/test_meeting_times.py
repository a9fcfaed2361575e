"""Meeting times in the center's zone and the viewer's own: the formatting, the profile setting, sign-up's guess,
the agenda page, mails and invitations; and the one list of time zones."""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from eventsys.formatting import meeting_time
from eventsys.models import User
from eventsys.services.calendars.invitations import meeting_invitation
from eventsys.services.errors import InvalidInput
from eventsys.services.fairs.rules import check_time_zone
from eventsys.services.notifications.timed import Timing, send_reminders
from eventsys.time_zones import time_zones
from tests.calendar_factories import create_meeting
from tests.conftest import PASSWORD, login, signup_link
from tests.meeting_factories import create_center, create_meeting_fair

#: 10:00 in Tokyo is 19:00 of the day before in Mexico City (no summer time there since 2022).
TEN_IN_TOKYO = datetime(2031, 5, 13, 1, 0, tzinfo=UTC)


def shown(value, zone, viewer=None, format="short") -> str:
    """meeting_time with CLDR's narrow no-break space before AM/PM made a plain one, for readable asserts."""
    return meeting_time(value, zone, viewer, format).replace("\u202f", " ")


def test_the_viewers_own_time_follows_the_centers_with_the_day_when_it_differs(app_context):
    text = shown(TEN_IN_TOKYO, "Asia/Tokyo", "America/Mexico_City")
    assert text.startswith("5/13/31, 10:00 AM JST") and text.endswith("(7:00 PM Mexico City, previous day)")
    assert "next day" in shown(datetime(2031, 5, 13, 16, 0, tzinfo=UTC), "America/Mexico_City", "Asia/Tokyo")
    assert shown(TEN_IN_TOKYO, "Asia/Tokyo", "Europe/Berlin").endswith("(3:00 AM Berlin)")
    # The same clock (Seoul keeps Tokyo's offset), no zone of one's own, or the center's own: shown once.
    for viewer in ("Asia/Seoul", None, "Asia/Tokyo"):
        assert shown(TEN_IN_TOKYO, "Asia/Tokyo", viewer) == "5/13/31, 10:00 AM JST"
    assert meeting_time(None, "Asia/Tokyo", "Europe/Berlin") == ""


def test_the_time_of_day_alone_under_a_days_heading_keeps_both_zones(app_context):
    assert shown(TEN_IN_TOKYO, "Asia/Tokyo", "America/Mexico_City", "time") == (
        "10:00 AM JST (7:00 PM Mexico City, previous day)"
    )
    assert shown(TEN_IN_TOKYO, "Asia/Tokyo", None, "time") == "10:00 AM JST"
    assert meeting_time(None, "Asia/Tokyo", "Europe/Berlin", "time") == ""


def test_fairs_centers_and_people_share_one_list_of_zones(db):
    assert "UTC" in time_zones() and "America/Mexico_City" in time_zones()
    assert not {"Japan", "Etc/GMT+9", "US/Eastern"} & set(time_zones())
    with pytest.raises(InvalidInput):
        check_time_zone("Japan")  # a fair accepted aliases while centers did not


def test_the_profile_sets_ones_own_zone_and_refuses_one_not_in_the_list(client, db, startup):
    login(client, startup.email)
    refused = client.post("/account/profile", data={"profile-name": startup.name, "profile-timezone": "Mars/Olympus"})
    assert refused.status_code == 422 and "Choose a time zone from the list." in refused.get_data(as_text=True)
    assert startup.timezone is None
    saved = client.post("/account/profile", data={"profile-name": startup.name, "profile-timezone": "Europe/Madrid"})
    assert saved.status_code == 302 and startup.timezone == "Europe/Madrid"
    page = client.get("/account/").get_data(as_text=True)
    assert '<option selected value="Europe/Madrid">' in page
    client.post("/account/profile", data={"profile-name": startup.name, "profile-timezone": ""})
    assert startup.timezone is None


@pytest.mark.parametrize(("guess", "kept"), [("America/Mexico_City", "America/Mexico_City"), ("Nowhere/x", None)])
def test_sign_up_keeps_the_browsers_zone_when_it_is_one_of_the_list(client, db, guess, kept):
    page = client.get(signup_link("haruto@example.com")).get_data(as_text=True)
    assert "data-guess-time-zone" in page
    data = {
        "role": "startup",
        "name": "Haruto Sato",
        "organization_name": "Sakura Robotics",
        "country": "JP",
        "password": PASSWORD,
        "confirm": PASSWORD,
        "timezone": guess,
    }
    assert client.post(signup_link("haruto@example.com"), data=data).status_code == 302
    assert db.scalar(select(User.timezone).where(User.email == "haruto@example.com")) == kept


@pytest.fixture
def meeting(db, investor, startup, organizer_organization):
    fair = create_meeting_fair(db, organizer_id=organizer_organization.id)
    center = create_center(db)
    investor.timezone = "America/Mexico_City"
    return create_meeting(db, fair, center.rooms[0], investor, startup, starts_at=TEN_IN_TOKYO)


def test_the_agenda_shows_each_viewer_the_time_in_their_zone(client, db, meeting, investor, startup):
    login(client, investor.email)
    assert "Mexico City, previous day" in client.get("/meetings/").get_data(as_text=True)
    client.post("/logout")
    login(client, startup.email)
    page = client.get("/meetings/").get_data(as_text=True).replace("\u202f", " ")
    assert "10:00 AM JST" in page and "Mexico City" not in page


def test_reminders_and_invitations_carry_both_times(app_context, db, meeting, outbox):
    assert send_reminders(db, Timing(reminder_minutes=60), TEN_IN_TOKYO - timedelta(minutes=30)) == 2
    db.commit()
    messages = [email.message_from_bytes(p.read_bytes(), policy=email.policy.default) for p in outbox.glob("*.eml")]
    by_to = {m["To"].addresses[0].addr_spec: m["Subject"] for m in messages}
    assert "Mexico City, previous day" in by_to["investor@example.com"]
    assert "Mexico City" not in by_to["startup@example.com"]
    ics = meeting_invitation(meeting).decode()
    assert "Mexico City\\, previous day" in ics.replace("\r\n ", "")
