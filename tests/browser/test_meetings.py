"""In Chromium: a partner asks a startup for a meeting, both set availability, the startup accepts and books."""

from __future__ import annotations

import re

import pytest

from eventsys.demo.people import DEMO_PASSWORD
from tests.browser import own_server

pytestmark = pytest.mark.browser
FAIR = "sushi-tech-tokyo-2027"
# Its own demo database: other modules book booths for GreenLoop on the shared server, and booth duty then leaves
# it no free slot.
live_app, live_server = own_server.live_app, own_server.live_server


def log_in(page, live_server, email):
    page.goto(live_server + "/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(live_server + "/")


def available_in_tokyo(page, live_server):
    page.goto(f"{live_server}/meetings/fairs/{FAIR}/availability")
    page.locator("#quick-centers").select_option(label="Tokyo")
    page.get_by_role("button", name="Add all opening hours").click()
    page.get_by_text(re.compile(r"\d+ time ranges added")).wait_for()


def test_request_accept_and_book_a_slot(live_server, page):
    log_in(page, live_server, "partner@example.com")
    available_in_tokyo(page, live_server)
    page.goto(f"{live_server}/meetings/fairs/{FAIR}/requests/new")
    page.get_by_label("Find who to meet").fill("GreenLoop")
    page.get_by_role("button", name="Search").click()
    page.get_by_label("GreenLoop Energy").check()
    page.get_by_label("Message").fill("Hydrogen storage for our plants?")
    page.get_by_role("button", name="Send request").click()
    page.get_by_text("Your request was sent to GreenLoop Energy.").wait_for()
    page.get_by_role("button", name="Log out").click()

    log_in(page, live_server, "startup2@example.com")
    available_in_tokyo(page, live_server)
    page.goto(f"{live_server}/meetings/fairs/{FAIR}/requests")
    assert page.get_by_text("Hydrogen storage for our plants?").is_visible()
    page.get_by_role("button", name="Accept").click()
    page.get_by_role("heading", name="Pick a slot").wait_for()
    first = page.locator(".slot-list button").first
    time_text = first.locator("time").inner_text()
    first.click()
    page.get_by_text("Booked. Both of you get an invitation by mail.").wait_for()
    row = page.get_by_role("row").filter(has_text="Tokyo")
    assert time_text.lstrip("0") in row.inner_text() and "Hoshino Heavy Industries" in row.inner_text()
