"""An organizer extends a due date with a reason: audited, followed by the overdue state and the release; refusals."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from eventsys.models import AuditEntry, DueDateExtension, DuePart, FairRole, Invoice
from eventsys.services.errors import DomainError, InvalidInput
from eventsys.services.invoices import due_dates, issuing, payments, release
from tests.conftest import login
from tests.invoice_factories import confirmed_booking, create_issuer, finance_user


@pytest.fixture
def invoiced(app, db, fair):
    with app.app_context():
        create_issuer(db, fair, deposit_percent=50, deposit_due_days=14, grace_days=7)
        record = confirmed_booking(db, fair, fair.halls[0].booths[0])
        db.commit()
        return db.scalar(select(Invoice).where(Invoice.booking_id == record.id))


def test_an_extension_moves_overdue_and_release(app, db, fair, organizer, invoiced):
    with app.app_context():
        invoice = db.get(Invoice, invoiced.id)
        late = invoice.deposit_due_on + timedelta(days=8)
        later = invoice.deposit_due_on + timedelta(days=30)
        due_dates.extend_due_date(
            db, invoice, DuePart.DEPOSIT, later, reason="Board approval pending", actor=organizer, today=late
        )
        (standing,) = payments.standings(db, [invoice], late)
        assert standing.deposit_due_on == later and standing.state == payments.PaymentState.OPEN
        assert invoice.deposit_due_on == later - timedelta(days=30), "the issued invoice keeps its own date"
        assert not release.release_unpaid(db, fair, late)
        entry = db.scalar(select(AuditEntry).where(AuditEntry.action == "invoice.extend_due"))
        assert entry.details["reason"] == "Board approval pending" and entry.actor_id == organizer.id
        released = release.release_unpaid(db, fair, later + timedelta(days=8))
        assert [r.id for r in released.bookings] == [invoice.booking_id]


@pytest.mark.parametrize(
    ("part", "days", "reason", "error"),
    [
        (DuePart.DEPOSIT, 0, "same day", InvalidInput),
        (DuePart.DEPOSIT, -1, "earlier", InvalidInput),
        (DuePart.BALANCE, 5, "   ", InvalidInput),
        (DuePart.BALANCE, 5, "x" * 501, InvalidInput),
    ],
)
def test_refusals(app, db, fair, organizer, invoiced, part, days, reason, error):
    with app.app_context():
        invoice = db.get(Invoice, invoiced.id)
        base = invoice.deposit_due_on if part == DuePart.DEPOSIT else invoice.balance_due_on
        with pytest.raises(error):
            due_dates.extend_due_date(
                db, invoice, part, base + timedelta(days=days), reason=reason, actor=organizer, today=invoice.issue_date
            )


def test_no_deposit_and_credited_are_refused(app, db, fair, organizer, invoiced):
    with app.app_context():
        invoice = db.get(Invoice, invoiced.id)
        note = issuing.credit_invoice(db, invoice, reason="cancelled")
        with pytest.raises(DomainError):
            due_dates.extend_due_date(
                db,
                invoice,
                DuePart.BALANCE,
                invoice.balance_due_on + timedelta(days=3),
                reason="r",
                actor=organizer,
                today=invoice.issue_date,
            )
        with pytest.raises(DomainError):
            due_dates.extend_due_date(
                db,
                note,
                DuePart.BALANCE,
                invoice.balance_due_on + timedelta(days=3),
                reason="r",
                actor=organizer,
                today=invoice.issue_date,
            )


def test_the_form(client, db, fair, organizer, organizer_organization, invoiced):
    path = f"/organizer/invoices/{invoiced.id}/due-date"
    new = (invoiced.balance_due_on + timedelta(days=10)).isoformat()
    staff = finance_user(db, fair, organizer_organization, FairRole.STAFF)
    db.commit()
    login(client, staff.email)
    assert client.post(path, data={"part": "balance", "due_on": new, "reason": "r"}).status_code == 404
    client.post("/logout")
    login(client, organizer.email)
    for bad in (
        {"part": "balance", "due_on": "soon", "reason": "r"},
        {"part": "gold", "due_on": new, "reason": "r"},
        {"part": "balance", "due_on": new, "reason": ""},
        {"part": "balance", "due_on": invoiced.issue_date.isoformat(), "reason": "r"},
    ):
        response = client.post(path, data=bad)
        assert response.status_code == 422, bad
    assert db.scalar(select(DueDateExtension)) is None
    response = client.post(path, data={"part": "balance", "due_on": new, "reason": "Waiting for the PO"})
    assert response.status_code == 303
    page = client.get(f"/organizer/invoices/{invoiced.id}").get_data(as_text=True)
    assert "Waiting for the PO" in page and new in page
    finance = finance_user(db, fair, organizer_organization)
    db.commit()
    client.post("/logout")
    login(client, finance.email)
    later = (invoiced.balance_due_on + timedelta(days=20)).isoformat()
    assert client.post(path, data={"part": "balance", "due_on": later, "reason": "again"}).status_code == 303
