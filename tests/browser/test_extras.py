"""In Chromium, on the demo's SusHi Tech fair (which has an issuer): a startup with a confirmed booth orders an
extra, sees it on its booking page and as its own line on the invoice PDF; an organizer orders one for it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from eventsys.extensions import db
from eventsys.models import (
    Extra,
    ExtraKind,
    ExtraOrder,
    Invoice,
)
from eventsys.services.invoices.render import document_number
from tests.badges_factories import pdf_text
from tests.browser import own_server
from tests.browser.demo_bookings import confirm_booth_of_bookless_startup, log_in

pytestmark = pytest.mark.browser
ORGANIZER = "organizer@example.com"
# It confirms a booth for a demo startup and sells extras: its own demo database.
live_app, live_server = own_server.live_app, own_server.live_server


@pytest.fixture
def confirmed(live_app):
    """A demo startup without a booth confirms one; the fair sells power and desks. (e-mail, booking id)"""
    with live_app.app_context():
        fair, user, record = confirm_booth_of_bookless_startup(db.session, "株式会社オプション")
        db.session.add_all(
            [
                Extra(fair_id=fair.id, name="Power 2 kW", kind=ExtraKind.POWER, price_jpy=30_000, stock=10),
                Extra(fair_id=fair.id, name="Bar table", kind=ExtraKind.FURNITURE, price_jpy=8_000),
            ]
        )
        db.session.commit()
        return user.email, record.id


def extras_invoice(live_app, booking_id: int, name: str) -> Invoice:
    with live_app.app_context():
        order = db.session.scalar(
            select(ExtraOrder).join(Extra).where(ExtraOrder.booking_id == booking_id, Extra.name == name)
        )
        invoice = db.session.get(Invoice, order.invoice_id)
        db.session.expunge(invoice)
        return invoice


def test_a_startup_orders_an_extra_and_an_organizer_orders_one_for_it(live_server, live_app, page, confirmed):
    email, booking_id = confirmed
    log_in(page, live_server, email)
    page.goto(f"{live_server}/bookings/{booking_id}")
    page.get_by_role("link", name="Extras for this booth").click()
    page.get_by_label("What").select_option(label="Power 2 kW")
    page.get_by_label("Quantity").fill("2")
    page.get_by_role("button", name="Order").click()
    assert page.get_by_text("Ordered: Power 2 kW × 2.").is_visible()
    assert page.locator('tr[data-order="Power 2 kW"]').get_by_text("Invoiced").is_visible()

    page.goto(f"{live_server}/bookings/{booking_id}")
    ordered = page.locator("[data-extras-ordered]")
    assert ordered.get_by_text("Power 2 kW × 2").is_visible()
    invoice = extras_invoice(live_app, booking_id, "Power 2 kW")
    with page.expect_download() as download:
        page.get_by_role("link", name=f"Invoice {document_number(invoice)}").click()
    text = pdf_text(download.value.path().read_bytes())
    assert "オプション/Extra:Power2kW2¥30,00010%" in text  # its own line: description, quantity, price, rate
    assert "株式会社オプション" in text and "T8010401098765" in text
    page.context.clear_cookies()

    log_in(page, live_server, ORGANIZER)
    page.goto(f"{live_server}/organizer/bookings/{booking_id}")
    page.get_by_role("link", name="Extras and packages of this booking").click()
    page.get_by_label("What").select_option(label="Bar table")
    page.get_by_label("Quantity").fill("3")
    page.get_by_role("button", name="Order for the startup").click()
    assert page.get_by_text("Bar table × 3.", exact=False).first.is_visible()
    row = page.locator('tr[data-order="Bar table"]')
    assert row.get_by_text("organizer").is_visible()
    table_invoice = extras_invoice(live_app, booking_id, "Bar table")
    assert row.get_by_text(document_number(table_invoice)).is_visible()
    page.context.clear_cookies()

    log_in(page, live_server, email)
    page.goto(f"{live_server}/bookings/{booking_id}")
    assert page.locator("[data-extras-ordered]").get_by_text("Bar table × 3").is_visible()
