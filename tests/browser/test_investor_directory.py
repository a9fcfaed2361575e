"""An investor in Chromium searches the startup directory in Japanese, shortlists a startup, sees the shortlist."""

from __future__ import annotations

import pytest

from eventsys.demo.people import DEMO_PASSWORD

pytestmark = pytest.mark.browser


def test_investor_searches_in_japanese_and_shortlists(live_server, page):
    page.goto(live_server + "/login")
    page.get_by_label("E-mail address").fill("investor@example.com")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Startups", exact=True).first.click()
    page.get_by_label("Search").fill("株式会社")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/startups/?q=*")
    rows = page.locator("table tbody tr")
    rows.first.wait_for()  # the results page has loaded (count() does not wait)
    assert all("株式会社" in text for text in rows.all_inner_texts())
    name = rows.first.locator("a").first.inner_text()
    rows.first.locator("a").first.click()
    page.get_by_label("Private note (only your firm sees it)").fill("ブースで会う — meet at the booth")
    page.get_by_role("button", name="Add to shortlist").click()
    page.get_by_text("Saved to your shortlist.").first.wait_for()  # the answer page has loaded
    page.goto(live_server + "/startups/shortlist")
    assert name in page.content() and "ブースで会う" in page.content()
    page.goto(live_server + "/startups/recommended")
    assert " · " in page.locator("ol").first.inner_text()
