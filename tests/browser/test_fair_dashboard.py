"""In Chromium: an organizer opens the fair dashboard, at desktop width and at a 390 px phone's; its charts draw,
nothing is blocked by the Content-Security-Policy, nothing is wider than the screen, and a table downloads."""

from __future__ import annotations

import re

import pytest

from eventsys.demo.people import DEMO_PASSWORD
from eventsys.services.fairs.report_tables import TABLE_KEYS

pytestmark = pytest.mark.browser
DASHBOARD = "/organizer/fairs/sushi-tech-tokyo-2027/dashboard"


def log_in(page, live_server, email):
    page.goto(live_server + "/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(live_server + "/")


@pytest.mark.parametrize("width", [1280, 390])
def test_the_dashboard_draws_its_charts_and_fits_the_screen(live_server, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, "organizer@example.com")
    page.goto(live_server + DASHBOARD)
    assert page.get_by_role("heading", name="Fair dashboard").is_visible()
    charts = page.locator("svg.chart")
    assert charts.count() == len(TABLE_KEYS)
    for n in range(charts.count()):
        chart = charts.nth(n)
        chart.scroll_into_view_if_needed()
        box = chart.bounding_box()
        assert box["width"] > 200 and box["height"] > 20
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
        assert chart.get_attribute("role") == "img" and chart.get_attribute("aria-label")
    # Every chart's figures are also a table with a caption, for screen readers.
    assert page.locator("table caption").count() == len(TABLE_KEYS)
    assert page.get_by_role("img", name="Booths sold over time, against the booking window").is_visible()
    # The page itself never scrolls sideways; wide tables scroll inside their own box.
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_a_table_downloads_as_csv_for_excel(live_server, page):
    log_in(page, live_server, "organizer@example.com")
    page.goto(live_server + DASHBOARD)
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"^CSV\W+Booths by hall$")).click()
    data = download.value.path().read_bytes()
    assert data.startswith(b"\xef\xbb\xbfHall,Booths,Sold")
    assert "East Hall 1" in data.decode("utf-8-sig")
