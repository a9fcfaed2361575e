"""In Chromium, on the demo's SusHi Tech fair (which has an issuer): finance staff see the invoice list and the
register, and the startup downloads its invoice PDF from its booking page."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from eventsys.demo.people import DEMO_PASSWORD
from eventsys.extensions import db
from eventsys.models import (
    FairRole,
    FairStaff,
    MemberRole,
    Membership,
    Role,
    User,
)
from eventsys.services.accounts.users import hash_password
from eventsys.services.invoices.render import document_number
from tests.badges_factories import pdf_text
from tests.browser import own_server
from tests.browser.demo_bookings import SLUG, confirm_booth_of_bookless_startup, log_in
from tests.conftest import TEST_POLICY

pytestmark = pytest.mark.browser
FINANCE = "finance-browser@example.com"
# It confirms a booth for a demo startup without one: its own demo database, which the shared server's earlier
# bookings cannot have used up.
live_app, live_server = own_server.live_app, own_server.live_server


@pytest.fixture
def confirmed(live_app):
    """A startup of the demo without a booth confirms one; a finance staff member of the fair. (e-mail, booking id)"""
    with live_app.app_context():
        fair, user, record = confirm_booth_of_bookless_startup(db.session, "株式会社ブラウザ")
        if db.session.scalar(select(User).where(User.email == FINANCE)) is None:
            finance = User(
                email=FINANCE,
                name="Fumiko Finance",
                role=Role.ORGANIZER,
                password_hash=hash_password(DEMO_PASSWORD, TEST_POLICY),
            )
            db.session.add(finance)
            db.session.flush()
            db.session.add(Membership(user=finance, organization_id=fair.organizer_id, role=MemberRole.MEMBER))
            db.session.add(FairStaff(fair_id=fair.id, user_id=finance.id, role=FairRole.FINANCE))
        db.session.commit()
        return user.email, record.id


def test_finance_staff_see_the_list_and_the_startup_downloads_its_pdf(live_server, live_app, page, confirmed):
    email, booking_id = confirmed
    log_in(page, live_server, FINANCE)
    page.goto(f"{live_server}/organizer/fairs/{SLUG}/invoices")
    assert page.get_by_role("heading", name="Invoices").is_visible()
    row = page.get_by_role("row").filter(has_text="株式会社ブラウザ")
    assert row.count() == 1
    with page.expect_download() as register:
        page.get_by_role("link", name="Download the register (XLSX)").click()
    assert register.value.path().read_bytes().startswith(b"PK")
    page.context.clear_cookies()

    log_in(page, live_server, email)
    page.goto(f"{live_server}/bookings/{booking_id}")
    link = page.get_by_role("link", name="Invoice").first
    with page.expect_download() as download:
        link.click()
    data = download.value.path().read_bytes()
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert "株式会社ブラウザ" in text and "T8010401098765" in text
    with live_app.app_context():
        from eventsys.models import Invoice

        invoice = db.session.scalar(select(Invoice).where(Invoice.booking_id == booking_id))
        assert download.value.suggested_filename == f"{document_number(invoice)}.pdf"
