"""The finance list's due column is the next open due date: the deposit's until the deposit is paid, then the
balance's, after any extension; an invoice is overdue exactly when today is past that date, so the overdue filter
and the column agree."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from eventsys.models import DuePart, Invoice
from eventsys.services.invoices import due_dates, payments
from tests.conftest import login
from tests.invoice_factories import confirmed_booking, create_issuer


@pytest.fixture(autouse=True)
def _app_context(app):
    with app.app_context():
        yield


@pytest.fixture
def invoice(db, fair):
    """INV-000001: 363,000 yen, a 50% deposit (181,500) due 14 days after the invoice, the balance before the fair."""
    create_issuer(db, fair, deposit_percent=50, deposit_due_days=14)
    record = confirmed_booking(db, fair, fair.halls[0].booths[0])
    return db.scalar(select(Invoice).where(Invoice.booking_id == record.id))


def _pay(db, invoice, amount, actor):
    payments.record_payment(
        db, invoice, paid_on=invoice.issue_date, amount_jpy=amount, method="cash", reference="", actor=actor
    )


def _standing(db, invoice, day):
    (standing,) = payments.standings(db, [invoice], day)
    return standing


def _days(invoice):
    """Every day from the invoice to well past the balance's due date."""
    last = invoice.balance_due_on + timedelta(days=40)
    return [invoice.issue_date + timedelta(days=n) for n in range((last - invoice.issue_date).days)]


def _agree(db, invoice):
    for day in _days(invoice):
        standing = _standing(db, invoice, day)
        late = standing.next_due_on is not None and day > standing.next_due_on
        assert (standing.state == payments.PaymentState.OVERDUE) == late, day
        assert late == (standing.settled_jpy < standing.due_now_jpy), day


def test_the_deposit_until_it_is_paid_then_the_balance(db, organizer, invoice):
    assert invoice.deposit_due_on < invoice.balance_due_on
    assert _standing(db, invoice, invoice.issue_date).next_due == (DuePart.DEPOSIT, invoice.deposit_due_on)
    _agree(db, invoice)
    _pay(db, invoice, 100_000, organizer)
    assert _standing(db, invoice, invoice.issue_date).next_due == (DuePart.DEPOSIT, invoice.deposit_due_on)
    _agree(db, invoice)
    _pay(db, invoice, 81_500, organizer)
    assert _standing(db, invoice, invoice.issue_date).next_due == (DuePart.BALANCE, invoice.balance_due_on)
    _agree(db, invoice)
    _pay(db, invoice, 181_500, organizer)
    assert _standing(db, invoice, invoice.issue_date).next_due is None
    _agree(db, invoice)


def test_extensions_move_the_next_due_date(db, organizer, invoice):
    later = invoice.deposit_due_on + timedelta(days=5)
    due_dates.extend_due_date(
        db, invoice, DuePart.DEPOSIT, later, reason="Budget approval", actor=organizer, today=invoice.issue_date
    )
    assert _standing(db, invoice, invoice.issue_date).next_due == (DuePart.DEPOSIT, later)
    assert _standing(db, invoice, invoice.deposit_due_on + timedelta(days=1)).state != payments.PaymentState.OVERDUE
    _agree(db, invoice)
    # A deposit moved past the balance's date: the balance (which includes it) comes first.
    past_balance = invoice.balance_due_on + timedelta(days=10)
    due_dates.extend_due_date(
        db, invoice, DuePart.DEPOSIT, past_balance, reason="Grant", actor=organizer, today=invoice.issue_date
    )
    assert _standing(db, invoice, invoice.issue_date).next_due == (DuePart.BALANCE, invoice.balance_due_on)
    _agree(db, invoice)


def test_the_list_shows_the_next_due_date_and_its_part(client, db, fair, organizer, invoice):
    second = confirmed_booking(db, fair, fair.halls[0].booths[1], billing_name="Second Co.")
    paid_deposit = db.scalar(select(Invoice).where(Invoice.booking_id == second.id))
    _pay(db, paid_deposit, paid_deposit.deposit_jpy, organizer)
    db.commit()
    login(client, organizer.email)
    page = client.get("/organizer/fairs/test-fair/invoices").get_data(as_text=True)
    rows = [chunk.split("</tr>")[0] for chunk in page.split("<tr>")[1:]]
    first_row = next(row for row in rows if "INV-000001" in row)
    second_row = next(row for row in rows if "INV-000002" in row)
    assert f"{invoice.deposit_due_on} <small>(deposit)</small>" in first_row
    assert f"{paid_deposit.balance_due_on} <small>(balance)</small>" in second_row
    assert "Next due" in page
    assert client.get("/organizer/fairs/test-fair/invoices?state=overdue").get_data(as_text=True).count("INV-") == 0
