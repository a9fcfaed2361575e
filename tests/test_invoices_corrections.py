"""Price corrections: a credit note for the invoice and a new invoice at the corrected price; refusals."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from eventsys.models import AuditEntry, DocumentKind, FairRole, Invoice
from eventsys.services.errors import DomainError, InvalidInput
from eventsys.services.invoices import corrections, issuing
from tests.conftest import login
from tests.invoice_factories import confirmed_booking, create_issuer, finance_user


@pytest.fixture
def invoiced(app, db, fair):
    with app.app_context():
        create_issuer(db, fair)
        record = confirmed_booking(db, fair, fair.halls[0].booths[0])
        db.commit()
        return db.scalar(select(Invoice).where(Invoice.booking_id == record.id))


def documents(db):
    return list(db.scalars(select(Invoice).order_by(Invoice.number)))


def test_a_correction_credits_and_reissues(app, db, organizer, invoiced, outbox):
    with app.app_context():
        invoice = db.get(Invoice, invoiced.id)
        new = corrections.correct_price(db, invoice, 300_000, reason="Early-bird rate", actor=organizer)
        db.commit()
        first, note, second = documents(db)
        assert (note.kind, note.original_id, note.reason, note.total_jpy) == (
            DocumentKind.CREDIT_NOTE,
            first.id,
            "Early-bird rate",
            -363_000,
        )
        assert second.id == new.id and second.total_jpy == 330_000 and second.number == 3
        assert db.scalar(select(AuditEntry).where(AuditEntry.action == "invoice.correct_price")).details["new"] == 3
        subjects = sorted(p.read_text(errors="replace") for p in outbox.glob("*.eml"))
        assert any("CN-000002" in s for s in subjects) and any("INV-000003" in s for s in subjects)


@pytest.mark.parametrize(
    ("price", "reason"), [(-1, "r"), (330_000, "same price"), (300_000, "  "), (300_000, "x" * 301)]
)
def test_bad_input_changes_nothing(app, db, organizer, invoiced, price, reason):
    with app.app_context():
        invoice = db.get(Invoice, invoiced.id)
        with pytest.raises(InvalidInput):
            corrections.correct_price(db, invoice, price, reason=reason, actor=organizer)
        db.rollback()
        assert len(documents(db)) == 1


def test_a_credited_invoice_or_a_credit_note_cannot_be_corrected(app, db, organizer, invoiced):
    with app.app_context():
        invoice = db.get(Invoice, invoiced.id)
        corrections.correct_price(db, invoice, 300_000, reason="r", actor=organizer)
        note = issuing.open_credit_note(db, invoice)
        for target in (invoice, note):
            with pytest.raises(DomainError):
                corrections.correct_price(db, target, 200_000, reason="r", actor=organizer)


def test_the_form(client, db, fair, organizer, organizer_organization, invoiced):
    path = f"/organizer/invoices/{invoiced.id}/correction"
    staff = finance_user(db, fair, organizer_organization, FairRole.STAFF)
    db.commit()
    login(client, staff.email)
    assert client.post(path, data={"price_jpy": "300000", "reason": "r"}).status_code == 404
    client.post("/logout")
    login(client, organizer.email)
    assert "Correct the price" in client.get(f"/organizer/invoices/{invoiced.id}").get_data(as_text=True)
    for bad in ({"price_jpy": "cheap", "reason": "r"}, {"price_jpy": "-5", "reason": "r"}, {"price_jpy": "1"}):
        assert client.post(path, data=bad).status_code == 422, bad
    assert client.post(path, data={"price_jpy": "330000", "reason": "r"}).status_code == 422
    assert len(documents(db)) == 1
    response = client.post(path, data={"price_jpy": "300000", "reason": "Discount"})
    assert response.status_code == 303
    assert len(documents(db)) == 3
    assert client.post(path, data={"price_jpy": "200000", "reason": "again"}).status_code == 409
