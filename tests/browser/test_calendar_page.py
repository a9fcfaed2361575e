"""In Chromium: a startup subscribes to its feed, makes a new address, and an organizer exports a fair."""

from __future__ import annotations

import urllib.error
import urllib.request

import icalendar
import pytest

from eventsys.demo.people import DEMO_PASSWORD

pytestmark = pytest.mark.browser


def log_in(page, live_server, email):
    page.goto(live_server + "/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(live_server + "/")


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def test_subscribe_then_make_a_new_address(live_server, page):
    log_in(page, live_server, "startup@example.com")
    page.get_by_role("link", name="Calendar").click()
    webcal = page.get_by_role("link", name="Subscribe in your calendar app").get_attribute("href")
    assert webcal.startswith("webcal://") and webcal.endswith(".ics")
    old = page.get_by_label("Address to copy").input_value()
    status, body = fetch(old)
    assert status == 200 and icalendar.Calendar.from_ical(body)["METHOD"] == "PUBLISH"

    page.get_by_role("button", name="Make a new address").click()
    page.get_by_text("Your calendar has a new address").first.wait_for()  # the answer page has loaded
    new = page.get_by_label("Address to copy").input_value()
    assert new != old
    assert fetch(old)[0] == 404
    assert fetch(new)[0] == 200


def test_organizer_exports_a_fair(live_server, page):
    log_in(page, live_server, "organizer@example.com")
    page.goto(live_server + "/calendar/export")
    page.get_by_label("Fair").select_option("sushi-tech-tokyo-2027")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download .ics").click()
    calendar = icalendar.Calendar.from_ical(download.value.path().read_bytes())
    days = [e for e in calendar.walk("VEVENT") if str(e["UID"]).endswith("-days@eventsys")]
    assert [str(e["SUMMARY"]) for e in days] == ["SusHi Tech Tokyo 2027"]
