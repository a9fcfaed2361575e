"""In Chromium, the whole of issue 12 in one path: an organizer creates a fair, sets two booth types, adds a hall and
draws a row of 20 booths and a stage in the editor, publishes; an approved startup books one of the new booths on
the public plan; the organizer sees the sale on the fair's dashboard. No command line, no data written behind the
browser's back except the startup's approval (the exhibitors page that grants it is tested on its own)."""

from __future__ import annotations

import re

import pytest

from tests.browser.test_booth_types import add_booth_type
from tests.browser.test_fair_setup import log_in
from tests.browser.test_floor_plan_editor import canvas_point, save

pytestmark = pytest.mark.browser
SLUG = "kobe-mobility-2032"


def create_fair(page, live_server):
    def label(text):
        return page.get_by_label(re.compile("^" + re.escape(text) + r"( \*)?$"))

    page.goto(live_server + "/organizer/fairs/new")
    label("Name (English)").fill("Kobe Mobility 2032")
    label("Address (slug)").fill(SLUG)
    label("Venue (English)").fill("Kobe International Exhibition Hall")
    label("City").fill("Kobe")
    label("Time zone").select_option("Asia/Tokyo")
    label("First day").fill("2028-06-05")
    label("Last day").fill("2028-06-07")
    label("Booking opens").fill("2026-11-01T10:00")
    label("Booking closes").fill("2028-05-31T18:00")
    label("Hold time (minutes)").fill("15")
    page.get_by_label("Robotics", exact=True).check()
    page.get_by_role("button", name="Create the draft").click()
    page.get_by_text("is saved as a draft").wait_for()
    page.wait_for_url(f"**/organizer/fairs/{SLUG}/settings")


def draw_hall(page, live_server):
    page.goto(f"{live_server}/organizer/fairs/{SLUG}/halls")
    page.locator("#name").fill("Hall 1")
    page.get_by_label("Address in URLs").fill("hall-1")
    page.get_by_label("Width (m)").fill("60")
    page.get_by_label("Depth (m)").fill("40")
    page.get_by_role("button", name="Add the hall").click()
    page.wait_for_url(f"{live_server}/organizer/fairs/{SLUG}/halls/hall-1/plan")
    page.wait_for_selector("#plan-editor[data-ready]")
    row = page.locator('[data-role="row-form"]')
    row.get_by_label("Booths").fill("20")
    row.get_by_label("Columns").fill("10")
    row.get_by_label("Code prefix").fill("K-")
    page.get_by_role("button", name="Place row").click()
    page.mouse.click(*canvas_point(page, 5.2, 5.1))
    assert page.locator('[data-role="booths"] .booth').count() == 20
    page.get_by_role("button", name="Draw area").click()
    page.locator('[data-role="new-kind"]').select_option("stage")
    page.mouse.move(*canvas_point(page, 40.2, 25.2))
    page.mouse.down()
    page.mouse.move(*canvas_point(page, 50.2, 31.2), steps=6)
    page.mouse.up()
    page.locator("#area-label").fill("Main stage")
    page.locator("#area-label").press("Tab")
    save(page)


def approve(live_app, email):
    from sqlalchemy import select

    from eventsys.extensions import db
    from eventsys.models import Exhibitor, ExhibitorStatus, Fair, User

    with live_app.app_context():
        fair = db.session.scalar(select(Fair).where(Fair.slug == SLUG))
        user = db.session.scalar(select(User).where(User.email == email))
        db.session.add(Exhibitor(fair=fair, organization=user.organization, status=ExhibitorStatus.APPROVED))
        db.session.commit()


def test_an_organizer_sets_up_a_fair_from_nothing_and_a_startup_books_it(live_server, live_app, page, browser):
    log_in(page, live_server, "organizer@example.com")
    create_fair(page, live_server)
    page.goto(f"{live_server}/organizer/fairs/{SLUG}/booth-types")

    add_booth_type(page, "Shell 3×3 m", "シェル", "3", "3", "330000", "#1c7ed6")
    add_booth_type(page, "Corner 3×3 m", "角", "3", "3", "380000", "#e8590c")
    draw_hall(page, live_server)
    page.goto(f"{live_server}/organizer/fairs/{SLUG}/settings")
    page.get_by_role("button", name="Publish", exact=True).click()
    page.get_by_text("Kobe Mobility 2032 is published.").wait_for()

    approve(live_app, "startup@example.com")
    startup = browser.new_context(locale="en-GB")
    try:
        booker = startup.new_page()
        log_in(booker, live_server, "startup@example.com")
        booker.goto(f"{live_server}/fairs/{SLUG}/halls/hall-1")
        booker.wait_for_selector("svg[data-interactive]")
        assert "Main stage" in booker.locator(".floor-plan__svg").inner_html()
        booker.locator('.booth[data-code="K-01"]').click()
        booker.locator('#booth-panel [data-action="hold"]').click()
        booker.wait_for_selector('.booth[data-code="K-01"][data-state="held"]')
        booker.locator("#panel-billing-name").fill("Haruto Sato")
        booker.locator("#panel-billing-email").fill("billing@example.com")
        booker.locator('[data-field="confirm-button"]').click()
        booker.wait_for_selector('.booth[data-code="K-01"][data-state="booked"]')
    finally:
        startup.close()

    page.goto(f"{live_server}/organizer/fairs/{SLUG}/dashboard")
    hall_table = page.locator("table", has=page.locator("caption", has_text=re.compile("hall", re.I))).first
    assert re.search(r"Hall 1\s+20\s+1\b", hall_table.inner_text()), hall_table.inner_text()
