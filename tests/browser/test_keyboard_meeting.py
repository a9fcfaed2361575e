"""Booking a meeting with the keyboard alone (Tab, Enter, Space, arrows and typing): an investor finds a startup
by a full-width search, asks it, and the startup accepts and picks a slot."""

from __future__ import annotations

import re

import pytest

from eventsys.demo.people import DEMO_PASSWORD
from tests.browser import own_server

pytestmark = pytest.mark.browser
#: Its own demo data: the module books for demo accounts that other browser tests use.
live_app, live_server = own_server.live_app, own_server.live_server
FAIR = "sushi-tech-tokyo-2027"


def _tab_to(page, selector: str, *, limit: int = 120) -> None:
    """Press Tab until the focused element matches `selector`."""
    for _ in range(limit):
        if page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def _press_until(page, key: str, condition: str, *, limit: int = 40) -> None:
    """Press `key` until the script `condition` (about document.activeElement) is true."""
    for _ in range(limit):
        if page.evaluate(condition):
            return
        page.keyboard.press(key)
    raise AssertionError(f"{key} never made {condition} true")


def _log_in(page, live_server, email):
    page.goto(live_server + "/login")
    _tab_to(page, "input[type=email]")
    page.keyboard.type(email)
    _tab_to(page, "input[type=password]")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(live_server + "/")


def _available_in_tokyo(page, live_server):
    page.goto(f"{live_server}/meetings/fairs/{FAIR}/availability")
    _tab_to(page, "#quick-centers")
    _press_until(page, "ArrowDown", "document.activeElement.selectedOptions[0]?.text === 'Tokyo'")
    _tab_to(page, "form:has(#quick-centers) [type=submit]")
    page.keyboard.press("Enter")
    page.get_by_text(re.compile(r"\d+ time ranges added")).wait_for()


@pytest.fixture
def keyboard_page(browser):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_ask_accept_and_book_a_meeting_with_the_keyboard_alone(live_server, keyboard_page):
    page = keyboard_page
    _log_in(page, live_server, "investor@example.com")
    _available_in_tokyo(page, live_server)
    page.goto(f"{live_server}/meetings/fairs/{FAIR}/requests/new")
    _tab_to(page, "input[name=q], input[type=search]")
    page.keyboard.type("ｓａｋｕｒａ")  # full-width: the search folds it
    page.keyboard.press("Enter")
    page.get_by_text("Sakura Robotics").first.wait_for()
    _tab_to(page, "input[type=radio]")
    _press_until(page, "ArrowDown", "document.activeElement.labels[0]?.textContent.includes('Sakura Robotics')")
    page.keyboard.press("Space")
    _tab_to(page, "textarea")
    page.keyboard.type("Keyboard-only request: care robots?")
    _press_until(page, "Tab", "document.activeElement.textContent.includes('Send request')")
    page.keyboard.press("Enter")
    page.get_by_text("Your request was sent to Sakura Robotics.").wait_for()

    page.context.clear_cookies()
    _log_in(page, live_server, "startup@example.com")
    _available_in_tokyo(page, live_server)
    page.goto(f"{live_server}/meetings/fairs/{FAIR}/requests")
    card = page.locator("li, article, tr").filter(has_text="Keyboard-only request").last
    accept = card.get_by_role("button", name="Accept")
    action = accept.evaluate("b => b.closest('form').action")
    _press_until(page, "Tab", f"document.activeElement?.closest('form')?.action === {action!r}", limit=200)
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Pick a slot").wait_for()
    _tab_to(page, ".slot-list button")
    page.keyboard.press("Enter")
    page.get_by_text("Booked. Both of you get an invitation by mail.").wait_for()
