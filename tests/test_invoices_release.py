"""Unpaid bookings are released after the grace period: credit note, mails, and the booth offered to the waitlist."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from eventsys.models import BookingSource, BookingStatus, BoothBooking, DocumentKind, Invoice, User
from eventsys.services.booths import waitlist
from eventsys.services.extras import orders
from eventsys.services.invoices import payments, release
from tests.booth_factories import approved_startup
from tests.extras_factories import create_extra
from tests.invoice_factories import confirmed_booking, create_issuer


@pytest.fixture(autouse=True)
def _app_context(app):
    with app.app_context():
        yield


@pytest.fixture
def sold_out(db, fair):
    create_issuer(db, fair, deposit_percent=50, deposit_due_days=14, grace_days=7)
    booths = fair.halls[0].booths
    first = confirmed_booking(db, fair, booths[0])
    confirmed_booking(db, fair, booths[1])
    waiting = approved_startup(db, fair)
    waitlist.join_waitlist(db, booths[0].booth_type, waiting.organization, actor=waiting)
    invoice = db.scalar(select(Invoice).where(Invoice.booking_id == first.id))
    return first, invoice, waiting


def test_released_after_the_grace_period_and_offered_to_the_line(db, fair, sold_out, organizer):
    record, invoice, waiting = sold_out
    assert not release.release_unpaid(db, fair, invoice.deposit_due_on + timedelta(days=7))
    released = release.release_unpaid(db, fair, invoice.deposit_due_on + timedelta(days=8)).bookings
    assert len(released) == 2 and record in released
    assert record.status == BookingStatus.CANCELLED
    note = db.scalar(select(Invoice).where(Invoice.original_id == invoice.id))
    assert note.kind == DocumentKind.CREDIT_NOTE
    offer = db.scalar(select(BoothBooking).where(BoothBooking.source == BookingSource.WAITLIST))
    assert offer.organization_id == waiting.organization.id and offer.status == BookingStatus.HELD
    subjects = [getattr(m, "subject", "") for m in db.info.get("eventsys.mail_queue", [])]
    assert any("Released for non-payment" in s and "2 booking(s)" in s for s in subjects)


def test_a_paid_deposit_keeps_the_booking(db, fair, sold_out, organizer):
    record, invoice, _ = sold_out
    payments.record_payment(
        db, invoice, paid_on=date.today(), amount_jpy=invoice.deposit_jpy, method="card", reference="", actor=organizer
    )
    released = release.release_unpaid(db, fair, invoice.deposit_due_on + timedelta(days=8)).bookings
    assert record not in released and record.status == BookingStatus.CONFIRMED


def test_the_command(app, db, fair, sold_out, runner):
    result = runner.invoke(args=["invoices", "release-unpaid", "--fair", fair.slug])
    assert result.exit_code == 0 and "released 0 unpaid" in result.output


def test_unpaid_extras_ordered_later_do_not_release_the_paid_booth(db, fair, sold_out, organizer):
    record, invoice, _ = sold_out
    payments.record_payment(
        db, invoice, paid_on=date.today(), amount_jpy=invoice.total_jpy, method="card", reference="", actor=organizer
    )
    member = db.get(User, record.created_by_id)
    orders.place_order(db, record, create_extra(db, fair), 1, actor=member, organization=record.organization)
    extras_invoice = db.scalar(select(Invoice).where(Invoice.booking_id == record.id, Invoice.extras_only))
    late = max(invoice.deposit_due_on, extras_invoice.deposit_due_on) + timedelta(days=400)
    assert payments.standings(db, [extras_invoice], late)[0].state == payments.PaymentState.OVERDUE
    released = release.release_unpaid(db, fair, late)
    assert record not in released.bookings and record.status == BookingStatus.CONFIRMED
    assert released.extras_invoices == [extras_invoice], "the extras are released instead"
