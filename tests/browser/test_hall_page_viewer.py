"""The hall page in Chromium, now one shared page per kind of viewer (fairs/hall_shell.py): after the cached page
loads, its script brings the viewer's own part, so a startup sees its hold on the plan and in the panel, its menu's
log-out works with the token it brought, and a visitor who has logged out sees no one's hold."""

from __future__ import annotations

import pytest

from tests.browser.test_booth_booking import HALL, _log_in

pytestmark = pytest.mark.browser


def _open_hall(page, live_server):
    page.goto(live_server + HALL)
    page.wait_for_selector("[data-plan-loaded='true']")
    page.wait_for_selector("svg[data-interactive]")


def test_the_cached_page_shows_the_viewers_hold_and_a_logged_out_visitor_sees_no_ones(live_server, page):
    _log_in(page, live_server, "startup2@example.com")
    _open_hall(page, live_server)
    code = page.locator('.booth[data-state="free"]').last.get_attribute("data-code")
    booth = f'.booth[data-code="{code}"]'
    page.locator(booth).click()
    page.locator('#booth-panel [data-action="hold"]').click()
    page.wait_for_selector(f'{booth}[data-state="held"]')

    shared = page.request.get(live_server + HALL).text()
    assert 'data-viewer-kind="startup"' in shared and '<meta name="csrf-token" content="">' in shared
    assert "booth--own" not in shared and "Amélie" not in shared, "the page itself is no one's"
    _open_hall(page, live_server)
    assert "booth--own" in page.locator(booth).get_attribute("class")
    assert page.locator(booth).get_attribute("data-booking-status") == "held"
    page.locator(booth).click()
    page.wait_for_selector("#booth-panel [data-part='held']", state="visible")
    assert page.locator("#booth-panel .countdown").get_attribute("data-deadline")

    page.keyboard.press("Escape")
    page.get_by_role("button", name="Log out").click()  # its token came with the viewer's part
    page.wait_for_url(live_server + "/")
    _open_hall(page, live_server)
    assert page.locator(".booth--own").count() == 0 and page.locator("[data-booking-id]").count() == 0
    page.locator(booth).click()
    page.wait_for_selector("#booth-panel [data-part='held-other']", state="visible")
    assert page.locator('#booth-panel [data-viewer-case="anonymous"]').count() == 1
    assert page.get_by_role("link", name="Log in").first.is_visible()

    _log_in(page, live_server, "startup2@example.com")  # the hold let go, for the other tests
    _open_hall(page, live_server)
    page.locator(booth).click()
    page.locator("#booth-panel [data-part='held'] [data-action='cancel']").click()
    page.wait_for_selector(f'{booth}[data-state="free"]')
