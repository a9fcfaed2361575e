"""In Chromium: an investor asks from a startup's profile; the startup sees the inbox count and the notice, accepts."""

from __future__ import annotations

import re

import pytest

from eventsys.demo.people import DEMO_PASSWORD

pytestmark = pytest.mark.browser


def log_in(page, live_server, email):
    page.goto(live_server + "/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(live_server + "/")


def test_request_from_a_profile_then_the_inbox_count_and_accept(live_server, page):
    log_in(page, live_server, "investor@example.com")
    page.goto(f"{live_server}/startups/?q=GreenLoop")
    page.get_by_role("link", name=re.compile("GreenLoop Energy")).first.click()
    page.get_by_test_id("request-meeting").click()
    if (
        page.get_by_role("heading", name="Request a meeting").count()
        and page.get_by_label("GreenLoop Energy").count() == 0
    ):
        page.get_by_role("link").filter(has_text="SusHi").first.click()  # several fairs: choose the first
    assert page.get_by_label("GreenLoop Energy").is_checked()  # preselected, no list of every organization
    page.get_by_label("Message").fill("Grid batteries for our portfolio?")
    page.get_by_role("button", name="Send request").click()
    page.get_by_text("Your request was sent to GreenLoop Energy.").wait_for()
    page.get_by_role("button", name="Log out").click()

    log_in(page, live_server, "startup2@example.com")
    count = page.get_by_test_id("inbox-count")
    assert int(count.inner_text()) >= 1
    page.get_by_test_id("inbox-link").click()
    notice = page.get_by_test_id("notice").filter(has_text="Shibuya Frontier Ventures asks you for a meeting").first
    assert notice.get_attribute("data-read") == "no"
    notice.get_by_role("button", name="Open").click()
    page.get_by_role("heading", name="Meeting requests").wait_for()
    row = page.get_by_role("row").filter(has_text="Grid batteries for our portfolio?")
    row.get_by_role("button", name="Accept").click()
    page.get_by_text("Accepted. Now pick a slot.").wait_for()
