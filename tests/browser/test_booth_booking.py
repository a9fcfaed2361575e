"""Two startups in Chromium: the first holds and confirms a booth on the floor plan, the second sees it taken."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

HALL = "/fairs/sushi-tech-tokyo-2027/halls/east-1"


def _log_in(page, live_server, email):
    page.goto(live_server + "/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill("Demo-2026-eventsys")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(live_server + "/")


@pytest.fixture
def two_pages(browser):
    contexts = [browser.new_context(locale="en-GB") for _ in range(2)]
    yield [context.new_page() for context in contexts]
    for context in contexts:  # closed, so their pages stop polling the live server
        context.close()


def test_hold_confirm_and_the_rival_sees_it_taken(live_server, two_pages):
    first, rival = two_pages
    _log_in(first, live_server, "startup@example.com")
    _log_in(rival, live_server, "startup2@example.com")
    rival.goto(live_server + HALL)  # the rival's page still shows the booth free

    first.goto(live_server + HALL)
    first.wait_for_selector("svg[data-interactive]")
    booth = first.locator('.booth[data-code="E1-A05"]')
    assert booth.get_attribute("data-state") == "free"
    booth.click()
    first.locator('#booth-panel [data-action="hold"]').click()
    first.wait_for_selector('.booth[data-code="E1-A05"][data-state="held"]')
    first.locator("#panel-billing-name").fill("Haruto Sato")
    first.locator("#panel-billing-email").fill("billing@example.com")
    first.locator('[data-field="confirm-button"]').click()
    first.wait_for_selector("#booth-panel [data-part='booked']", state="visible")
    first.wait_for_selector('.booth[data-code="E1-A05"][data-state="booked"]')

    rival.wait_for_selector("svg[data-interactive]")
    rival.locator('.booth[data-code="E1-A05"]').click()
    hold = rival.locator('#booth-panel [data-action="hold"]')
    if hold.is_visible():  # the page was loaded before the booking, so it may still offer Hold
        hold.click()
        message = rival.locator('#booth-panel [data-field="message"]')
        rival.wait_for_function("el => el.textContent.includes('taken')", arg=message.element_handle())
    rival.wait_for_selector('.booth[data-code="E1-A05"]:not([data-state="free"])')

    rival.goto(live_server + HALL)
    taken = rival.locator('.booth[data-code="E1-A05"]')
    assert taken.get_attribute("data-state") == "booked"
    response = rival.request.post(live_server + f"/api/v1/booths/{taken.get_attribute('data-booth-id')}/hold")
    assert response.status == 409 and "taken" in response.json()["error"]["message"]


def test_keyboard_opens_the_booth_panel(live_server, page):
    _log_in(page, live_server, "startup2@example.com")
    page.goto(live_server + HALL)
    page.wait_for_selector("svg[data-interactive]")
    page.locator('.booth[data-code="E1-B03"]').focus()
    page.keyboard.press("Enter")
    panel = page.locator("#booth-panel")
    assert "E1-B03" in panel.inner_text()
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.dataset.code") == "E1-B03"
