"""In Chromium: a startup accepts a request with which it has no free time in common, proposes three slots; the
investor sees the notice, picks one; both see the booked meeting in their agendas."""

from __future__ import annotations

import re
from datetime import date, datetime, time

import pytest
from sqlalchemy import select

from eventsys.demo.people import DEMO_PASSWORD
from eventsys.extensions import db
from eventsys.models import Availability, Center, Exhibitor, Fair, MeetingRequest, User, organization_pair
from tests.browser import own_server

pytestmark = pytest.mark.browser
FAIR = "sushi-tech-tokyo-2027"
INVESTOR, STARTUP = "investor@example.com", "startup2@example.com"
MESSAGE = "Battery storage for our Kansai portfolio?"
#: The fair's third day: neither side has entered availability for it.
PROPOSED_DAY = date(2027, 5, 14)
#: The picked slot as English pages write it (Babel may put a narrow no-break space before PM).
TWO_PM = re.compile(r"2:00\WPM")
# It books a meeting of two demo accounts: its own demo database.
live_app, live_server = own_server.live_app, own_server.live_server


def log_in(page, live_server, address):
    page.goto(live_server + "/login")
    page.get_by_label("E-mail address").fill(address)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(live_server + "/")


def log_out(page):
    page.get_by_role("button", name="Log out").click()


def _no_common_time(live_app) -> None:
    """An open request from the investor to GreenLoop; the two are free in Tokyo on different days, and GreenLoop's
    team covers its booth (so booth duty takes none of the proposed slots). The fair offers no online meetings here:
    any online hour would be a common slot."""
    with live_app.app_context():
        fair = db.session.scalar(select(Fair).where(Fair.slug == FAIR))
        tokyo = db.session.scalar(select(Center).where(Center.city == "Tokyo"))
        investor = db.session.scalar(select(User).where(User.email == INVESTOR))
        startup = db.session.scalar(select(User).where(User.email == STARTUP))
        sides = (investor.organization.id, startup.organization.id)
        fair.online_from = fair.online_opens_at = fair.online_closes_at = None
        db.session.add(
            MeetingRequest(
                fair_id=fair.id,
                requester_id=investor.id,
                requester_organization_id=sides[0],
                recipient_organization_id=sides[1],
                pair_key=organization_pair(*sides),
                message=MESSAGE,
            )
        )
        for user, day in ((investor, date(2027, 5, 12)), (startup, date(2027, 5, 13))):
            start, end = datetime.combine(day, time(9), tokyo.zone), datetime.combine(day, time(17), tokyo.zone)
            db.session.add(
                Availability(fair_id=fair.id, user_id=user.id, center_id=tokyo.id, starts_at=start, ends_at=end)
            )
        for exhibitor in db.session.scalars(select(Exhibitor).where(Exhibitor.organization_id == sides[1])):
            exhibitor.team_covers_booth = True
        db.session.commit()


def test_no_common_slot_then_three_proposed_and_one_picked(live_app, live_server, page):
    _no_common_time(live_app)
    log_in(page, live_server, STARTUP)
    page.goto(f"{live_server}/meetings/fairs/{FAIR}/requests")
    page.get_by_role("row").filter(has_text=MESSAGE).get_by_role("button", name="Accept").click()
    page.get_by_test_id("no-common-slot").wait_for()
    page.get_by_test_id("propose-slots").click()
    for index, start in enumerate(("10:00", "10:30", "14:00")):
        row = page.get_by_role("group", name=f"Slot {index + 1}")
        row.get_by_label(re.compile("^Center")).select_option(label="Tokyo")
        row.get_by_label(re.compile("^Day")).select_option(value=PROPOSED_DAY.isoformat())
        row.get_by_label(re.compile("^Start")).fill(start)
    page.get_by_role("button", name="Propose these three slots").click()
    page.get_by_text("Your three slots were sent.").wait_for()
    assert page.get_by_test_id("proposed-slots").locator("li").count() == 3
    log_out(page)

    log_in(page, live_server, INVESTOR)
    assert int(page.get_by_test_id("inbox-count").inner_text()) >= 1
    page.get_by_test_id("inbox-link").click()
    notice = page.get_by_test_id("notice").filter(has_text="GreenLoop Energy proposes three slots").first
    notice.get_by_role("button", name="Open").click()
    slots = page.get_by_test_id("proposed-slots")
    slots.get_by_role("listitem").filter(has_text=TWO_PM).get_by_role("button", name="Pick this slot").click()
    page.get_by_text("Booked. Both of you get an invitation by mail.").wait_for()
    row = page.get_by_role("row").filter(has_text="GreenLoop Energy")
    assert TWO_PM.search(row.inner_text())
    log_out(page)

    log_in(page, live_server, STARTUP)
    page.goto(f"{live_server}/meetings/")
    row = page.get_by_role("row").filter(has_text="Shibuya Frontier Ventures")
    assert TWO_PM.search(row.inner_text())
    page.goto(f"{live_server}/meetings/fairs/{FAIR}/requests")
    assert page.get_by_role("row").filter(has_text=MESSAGE).get_by_role("link", name="Propose three slots").count() == 0
