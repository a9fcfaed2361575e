"""Money paid against an invoice that is then credited (a price correction, a move to a cheaper booth) settles the
invoice that replaces it: the startup does not owe the new invoice again, is not reminded of it, and is not released
for it. The booking page and the finance list show what is owed and paid, with document numbers."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from eventsys.models import BookingStatus, Invoice, User
from eventsys.services.invoices import corrections, payments, release, reminders
from tests.conftest import login
from tests.invoice_factories import confirmed_booking, create_issuer


@pytest.fixture(autouse=True)
def _app_context(app):
    with app.app_context():
        yield


@pytest.fixture
def booked(db, fair):
    """A confirmed booking of A01: INV-000001, 363,000 yen with a 50% deposit (181,500)."""
    create_issuer(db, fair, deposit_percent=50, grace_days=7)
    record = confirmed_booking(db, fair, fair.halls[0].booths[0])
    return record, db.scalar(select(Invoice).where(Invoice.booking_id == record.id))


def _pay(db, invoice, amount, actor):
    payments.record_payment(
        db, invoice, paid_on=date.today(), amount_jpy=amount, method="bank_transfer", reference="", actor=actor
    )


def test_a_paid_invoice_corrected_cheaper_leaves_nothing_owed(db, fair, organizer, booked):
    record, first = booked
    _pay(db, first, 363_000, organizer)
    new = corrections.correct_price(db, first, 200_000, reason="Early-bird rate", actor=organizer)
    late = new.balance_due_on + timedelta(days=30)
    (standing,) = payments.standings(db, [new], late)
    assert (standing.paid_jpy, standing.carried_jpy, standing.owed_jpy) == (0, 363_000, 0)
    assert standing.state == payments.PaymentState.PAID and standing.excess_jpy == 363_000 - 220_000
    assert reminders.due_reminders(standing, 7, 1) == []
    assert not release.release_unpaid(db, fair, late), "a startup that paid is not released"
    assert record.status == BookingStatus.CONFIRMED


def test_a_paid_deposit_covers_the_new_deposit_and_the_balance_stays_owed(db, fair, organizer, booked):
    _, first = booked
    _pay(db, first, 181_500, organizer)
    new = corrections.correct_price(db, first, 300_000, reason="Corner surcharge dropped", actor=organizer)
    (standing,) = payments.standings(db, [new], new.deposit_due_on + timedelta(days=1))
    assert standing.carried_jpy == 181_500 and standing.owed_jpy == 330_000 - 181_500
    assert standing.state == payments.PaymentState.PART_PAID
    (late,) = payments.standings(db, [new], new.balance_due_on + timedelta(days=1))
    assert late.state == payments.PaymentState.OVERDUE


def test_carried_through_two_corrections_to_the_standing_invoice(db, organizer, booked):
    _, first = booked
    _pay(db, first, 100_000, organizer)
    second = corrections.correct_price(db, first, 300_000, reason="one", actor=organizer)
    _pay(db, second, 50_000, organizer)
    third = corrections.correct_price(db, second, 250_000, reason="two", actor=organizer)
    standings = payments.standings(db, [first, second, third], date.today())
    assert [s.carried_jpy for s in standings] == [0, 0, 150_000]
    assert [s.owed_jpy for s in standings] == [0, 0, 275_000 - 150_000]


def test_the_booking_page_and_the_finance_list_show_owed_and_paid(client, db, fair, organizer, booked):
    record, first = booked
    _pay(db, first, 181_500, organizer)
    corrections.correct_price(db, first, 300_000, reason="Corner surcharge dropped", actor=organizer)
    db.commit()
    member = db.get(User, record.created_by_id)
    login(client, member.email)
    page = client.get(f"/bookings/{record.id}").get_data(as_text=True)
    assert "Owed: ¥148,500" in page and "Paid: ¥181,500" in page
    assert "Invoice INV-000003" in page and "Credit note CN-000002" in page
    assert "¥181,500 of it paid against the credited invoice" in page
    client.post("/logout")
    login(client, organizer.email)
    listed = client.get("/organizer/fairs/test-fair/invoices?state=part_paid").get_data(as_text=True)
    assert "INV-000003" in listed and "¥181,500 carried from the credited invoice" in listed
    assert "INV-000001" not in client.get("/organizer/fairs/test-fair/invoices?state=paid").get_data(as_text=True)
    assert "INV-000001" in client.get("/organizer/fairs/test-fair/invoices?state=credited").get_data(as_text=True)
