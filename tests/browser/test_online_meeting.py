"""In Chromium: the requester (an investor in Mexico City) books an online meeting before the fair with a video
link; each side (the startup in Madrid) sees the link and the time in Japan's zone and in their own; the .ics
carries the link. The request is accepted in the database: asking and accepting are test_meeting_journey's."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from eventsys.demo.people import DEMO_PASSWORD
from eventsys.extensions import db
from eventsys.models import Fair, User
from tests.browser import own_server
from tests.meeting_factories import accepted_request

pytestmark = pytest.mark.browser
FAIR = "sushi-tech-tokyo-2027"
INVESTOR, STARTUP = "investor@example.com", "startup2@example.com"
LINK = "https://meet.example.com/sfv-greenloop-intro"
# It books a meeting of two demo accounts: its own demo database.
live_app, live_server = own_server.live_app, own_server.live_server


@pytest.fixture
def request_id(live_app) -> int:
    """The investor's accepted request to GreenLoop Energy; the two people live in Mexico City and Madrid."""
    with live_app.app_context():
        investor = db.session.scalar(select(User).where(User.email == INVESTOR))
        startup = db.session.scalar(select(User).where(User.email == STARTUP))
        investor.timezone, startup.timezone = "America/Mexico_City", "Europe/Madrid"
        fair = db.session.scalar(select(Fair).where(Fair.slug == FAIR))
        request = accepted_request(db.session, fair, investor, startup)
        db.session.commit()
        return request.id


def log_in(page, live_server, address):
    page.goto(live_server + "/login")
    page.get_by_label("E-mail address").fill(address)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(live_server + "/")


def agenda_row(page, live_server, counterpart: str):
    page.goto(f"{live_server}/meetings/")
    return page.get_by_role("row").filter(has_text=counterpart)


def test_book_online_and_both_see_the_link_in_their_own_zone(live_server, request_id, page):
    log_in(page, live_server, INVESTOR)
    page.goto(f"{live_server}/meetings/requests/{request_id}/slots")
    online = page.get_by_test_id("online-slots")
    link = online.get_by_label("Link of the video call")
    assert link.input_value() == "https://meet.example.com/sfv-daniel"  # the investor's own link, offered
    link.fill(LINK)
    first = online.locator("input[name=starts_at]").first
    assert first.is_checked()
    online.get_by_role("button", name="Book online").click()
    page.get_by_text("Booked. Both of you get an invitation by mail.").wait_for()

    row = agenda_row(page, live_server, "GreenLoop Energy")
    assert row.get_by_test_id("video-link").get_attribute("href") == LINK
    assert re.search(r"JST \(\d{1,2}:\d\d[^)]* Mexico City", row.get_by_role("rowheader").inner_text())
    with page.expect_download() as download:
        row.get_by_role("link", name="Add to calendar (.ics)").click()
    ics = download.value.path().read_text()
    unfolded = re.sub(r"\r?\n[ \t]", "", ics)
    lines = unfolded.splitlines()
    assert f"LOCATION:{LINK}" in lines
    assert any(line.startswith("CONFERENCE") and line.endswith(f":{LINK}") for line in lines)
    page.get_by_role("button", name="Log out").click()

    log_in(page, live_server, STARTUP)
    row = agenda_row(page, live_server, "Shibuya Frontier Ventures")
    assert row.get_by_test_id("video-link").get_attribute("href") == LINK
    assert re.search(r"JST \(\d{1,2}:\d\d[^)]* Madrid", row.get_by_role("rowheader").inner_text())
