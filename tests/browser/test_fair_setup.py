"""In Chromium: an organizer creates a fair through the form, is told what publishing still needs, publishes it,
and its page reads on a 390 px phone without scrolling sideways."""

from __future__ import annotations

import re

import pytest

from eventsys.demo.people import DEMO_PASSWORD

pytestmark = pytest.mark.browser
SLUG = "harbour-robotics-2031"


def log_in(page, live_server, email):
    page.goto(live_server + "/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(live_server + "/")


def fill_new_fair(page):
    """The new-fair form, as an organizer types it."""

    def label(text):  # whole labels, with or without the required mark: several labels start alike
        return page.get_by_label(re.compile("^" + re.escape(text) + r"( \*)?$"))

    label("Name (English)").fill("Harbour Robotics 2031")
    label("Name in Japanese").fill("ハーバー・ロボティクス2031")
    label("Description (English)").fill("Robots for ports and logistics.")
    label("Address (slug)").fill(SLUG)
    label("Venue (English)").fill("Pacifico Yokohama")
    label("Venue in Japanese").fill("パシフィコ横浜")
    label("City").fill("Yokohama")
    label("Time zone").select_option("Asia/Tokyo")
    label("First day").fill("2031-06-10")
    label("Last day").fill("2031-06-12")
    label("Booking opens").fill("2031-01-15T10:00")
    label("Booking closes").fill("2031-05-31T18:00")
    label("Hold time (minutes)").fill("15")
    page.get_by_label("Robotics", exact=True).check()


def add_hall_and_booths(live_app):
    """What the floor-plan editor does on its own branch: a hall with a booth type and a row of booths."""
    from sqlalchemy import select

    from eventsys.extensions import db
    from eventsys.models import Booth, BoothType, Fair, Hall

    with live_app.app_context():
        fair = db.session.scalar(select(Fair).where(Fair.slug == SLUG))
        hall = Hall(fair=fair, slug="hall-a", name="Hall A", width=40, depth=20)
        shell = BoothType(fair=fair, name="Shell 3×3 m", width=3, depth=3, price_jpy=330_000)
        db.session.add_all([hall, shell])
        db.session.flush()
        for n in range(10):
            db.session.add(
                Booth(
                    fair_id=fair.id,
                    hall=hall,
                    booth_type=shell,
                    code=f"A{n + 1:02}",
                    x=2 + 3 * n,
                    y=2,
                    width=3,
                    depth=3,
                )
            )
        db.session.commit()


def test_an_organizer_creates_and_publishes_a_fair_that_reads_on_a_phone(live_server, live_app, page, browser):
    log_in(page, live_server, "organizer@example.com")
    page.goto(live_server + "/organizer/")
    page.get_by_role("link", name="Your fairs").first.click()
    page.get_by_role("link", name="New fair").click()
    fill_new_fair(page)
    page.get_by_role("button", name="Create the draft").click()
    page.get_by_text("is saved as a draft").wait_for()
    assert page.url.endswith(f"/organizer/fairs/{SLUG}/settings")

    page.get_by_role("button", name="Publish", exact=True).click()
    page.get_by_text("cannot be published yet: add a hall; add a booth type").wait_for()
    add_hall_and_booths(live_app)
    page.get_by_role("button", name="Publish", exact=True).click()
    page.get_by_text("Harbour Robotics 2031 is published.").wait_for()

    phone = browser.new_context(locale="en-GB", viewport={"width": 390, "height": 844}, is_mobile=True)
    visitor = phone.new_page()
    blocked: list[str] = []
    visitor.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    try:
        visitor.goto(f"{live_server}/fairs/{SLUG}")
        assert visitor.get_by_role("heading", level=1).inner_text() == "Harbour Robotics 2031"
        assert "パシフィコ横浜" in visitor.content()
        overflow = visitor.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the fair page scrolls {overflow} px sideways at 390 px"
        visitor.goto(live_server + "/")
        assert "Harbour Robotics 2031" in visitor.content()
    finally:
        phone.close()
    assert not blocked, f"the Content-Security-Policy blocked: {blocked}"
