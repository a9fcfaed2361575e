"""In Chromium: a fair's owner sets up two booth types with their colours and a sector zone beside the floor plan,
places booths of them with the floor-plan CSV, and both types and the zone appear in the public hall's legend."""

from __future__ import annotations

import pytest

from eventsys.demo.people import DEMO_PASSWORD

pytestmark = pytest.mark.browser
FAIR = "expo-2025-osaka"
HALL = f"/fairs/{FAIR}/halls/business-exchange"


def log_in(page, live_server, email):
    page.goto(live_server + "/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(live_server + "/")


def add_booth_type(page, name, japanese, width, depth, price, colour):
    page.locator("#name").fill(name)
    page.get_by_label("Name in Japanese (optional)").fill(japanese)
    page.get_by_label("Width (m)").fill(width)
    page.get_by_label("Depth (m)").fill(depth)
    page.get_by_label("Price in yen, tax included").fill(price)
    page.get_by_label("Colour on the floor plan").fill(colour)
    page.get_by_role("button", name="Add booth type").click()
    page.get_by_text(f"Booth type {name} added.").wait_for()


def test_owner_sets_up_booth_types_and_a_zone_and_visitors_see_them_in_the_legend(live_server, page):
    log_in(page, live_server, "expo-organizer@example.com")
    page.goto(f"{live_server}/organizer/fairs/{FAIR}/booth-types")
    add_booth_type(page, "Startup pod 2×2 m", "スタートアップ", "2", "2", "88000", "#e8590c")
    add_booth_type(page, "Demo stage 2.5×2 m", "デモステージ", "2.5", "2", "150000", "#5f3dc4")
    row = page.locator('tr[data-booth-type="Demo stage 2.5×2 m"]')
    assert "2.5 × 2 m" in row.inner_text() and "¥150,000" in row.inner_text()

    page.get_by_role("link", name="Sector zones").click()
    page.get_by_label("Short name (in addresses and files)").fill("space-tech")
    page.locator("#name").fill("Space tech")
    page.get_by_label("Name in Japanese (optional)").fill("宇宙")
    page.get_by_role("button", name="Create and offer").click()
    page.get_by_text("Sector Space tech created and offered").wait_for()
    assert page.locator('tr[data-zone="space-tech"]').count() == 1

    page.goto(f"{live_server}/organizer/fairs/{FAIR}/booths")
    plan = (
        "hall,code,x,y,width,height,type,zone,blocked\n"
        "business-exchange,POD-1,0,0,2,2,Startup pod 2×2 m,space-tech,no\n"
        "business-exchange,STAGE-1,2,0,2.5,2,Demo stage 2.5×2 m,space-tech,no\n"
    )
    page.get_by_label("Booth CSV file").set_input_files(
        files=[{"name": "plan.csv", "mimeType": "text/csv", "buffer": plan.encode()}]
    )
    page.get_by_role("button", name="Import").click()
    page.get_by_text("2 booths added, 0 updated.").wait_for()
    page.get_by_role("button", name="Log out").click()

    page.goto(live_server + HALL)
    legend = page.locator(".legend--types")
    assert "Startup pod 2×2 m" in legend.inner_text() and "Demo stage 2.5×2 m" in legend.inner_text()
    assert legend.locator('rect[fill="#e8590c"]').count() == 1 and legend.locator('rect[fill="#5f3dc4"]').count() == 1
    assert page.locator('.booth[data-code="POD-1"] .booth__type').get_attribute("stroke") == "#e8590c"
    assert "Space tech" in page.locator(".legend--zones").inner_text()
    assert page.locator("svg g[data-state='booked']").count() == 40  # the Expo's bookings are untouched

    japanese = page.context.browser.new_context(locale="ja-JP")
    try:
        page_ja = japanese.new_page()
        page_ja.goto(live_server + HALL)
        assert "スタートアップ" in page_ja.locator(".legend--types").inner_text()
        assert "宇宙" in page_ja.locator(".legend--zones").inner_text()
    finally:
        japanese.close()
