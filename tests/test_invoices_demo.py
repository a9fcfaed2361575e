"""The demo's SusHi Tech fair has an issuer: a booth confirmed there produces a qualified invoice PDF."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from eventsys import demo
from eventsys.demo.invoicing import REGISTRATION
from eventsys.models import BookingStatus, Booth, Fair, Membership, Organization, OrganizationKind, User
from eventsys.services.booths import booking, confirmation
from eventsys.services.invoices import issuing, registration
from eventsys.services.invoices.render import render_invoice
from tests.badges_factories import pdf_text
from tests.conftest import TEST_POLICY


@pytest.fixture(autouse=True)
def _app_context(app):
    with app.app_context():
        yield


def test_the_demo_registration_number_is_valid():
    assert registration.is_valid(REGISTRATION)


def test_a_booth_confirmed_at_the_demo_sushi_tech_gets_a_qualified_invoice_pdf(db):
    demo.seed_demo(db, policy=TEST_POLICY)
    fair = db.scalar(select(Fair).where(Fair.slug == "sushi-tech-tokyo-2027"))
    user = db.scalar(
        select(User)
        .join(Membership, Membership.user_id == User.id)
        .join(Organization, Organization.id == Membership.organization_id)
        .where(Organization.kind == OrganizationKind.STARTUP)
        .order_by(User.id)
    )
    booth = db.scalar(select(Booth).where(Booth.fair_id == fair.id, Booth.is_blocked.is_(False)).order_by(Booth.id))
    held = booking.hold_booth(db, booth, user.organization, actor=user)
    record = confirmation.confirm_booking(
        db, held, user.organization, actor=user, billing_name="株式会社デモ", billing_email="billing@example.com"
    )
    assert record.status == BookingStatus.CONFIRMED
    invoice = issuing.open_invoice(db, record)
    assert invoice is not None and invoice.number == 1
    text = pdf_text(render_invoice(invoice))
    assert REGISTRATION in text and "SusHiTechTokyo事務局" in text
    assert "10%" in text and "株式会社デモ" in text
    assert f"¥{booth.booth_type.price_jpy // 10:,}" in text, "the consumption tax of the rate"
    assert invoice.issue_date.isoformat() in text and invoice.transaction_date.isoformat() in text


def test_seeding_twice_keeps_one_issuer(db):
    demo.seed_demo(db, policy=TEST_POLICY)
    report = demo.seed_demo(db, policy=TEST_POLICY)
    assert "invoice issuers" not in report.created


def test_the_demo_sushi_tech_sells_extras_that_go_on_the_booths_invoice(db):
    from eventsys.models import Extra, SponsorshipPackage
    from eventsys.services.extras import orders

    demo.seed_demo(db, policy=TEST_POLICY)
    fair = db.scalar(select(Fair).where(Fair.slug == "sushi-tech-tokyo-2027"))
    extras = db.scalars(select(Extra).where(Extra.fair_id == fair.id).order_by(Extra.id)).all()
    packages = db.scalars(select(SponsorshipPackage).where(SponsorshipPackage.fair_id == fair.id)).all()
    assert {extra.kind.value for extra in extras} >= {"power", "furniture", "badges", "listing"}
    assert {extra.rate_percent for extra in extras} == {8, 10}
    assert all(package.booth_type is not None and package.badge_count for package in packages)
    user = db.scalar(
        select(User)
        .join(Membership, Membership.user_id == User.id)
        .join(Organization, Organization.id == Membership.organization_id)
        .where(Organization.kind == OrganizationKind.STARTUP)
        .order_by(User.id)
    )
    booth = db.scalar(select(Booth).where(Booth.fair_id == fair.id, Booth.is_blocked.is_(False)).order_by(Booth.id))
    held = booking.hold_booth(db, booth, user.organization, actor=user)
    orders.order_with_booth(db, held, [(extras[0], 1), (extras[-1], 3)], actor=user, organization=user.organization)
    confirmation.confirm_booking(
        db, held, user.organization, actor=user, billing_name="株式会社デモ", billing_email="b@example.com"
    )
    invoice = issuing.open_invoice(db, held)
    text = pdf_text(render_invoice(invoice))
    assert "Extra:Power1kW(100V)" in text and "Bento" in text and "8%対象" in text
    report = demo.seed_demo(db, policy=TEST_POLICY)
    assert "extras" not in report.created and "sponsorship packages" not in report.created
