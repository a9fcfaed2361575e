"""Refunds: finance staff pay back what a startup paid beyond what it owes once a credit note reversed an invoice
(a cancelled booking, a cheaper booth, a cancelled extra) or an overpayment came in.

The amount to refund is the invoice's standing excess (payments.Standing.excess_jpy), which refunds reduce; a
refund beyond it is refused. Two finance people refunding the same booking at once are put in line by a row lock
on the booking (every invoice of its chains shares it), so the second one reads the first one's refund."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from eventsys.models import BoothBooking, DocumentKind, Invoice, Refund, User
from eventsys.services import audit
from eventsys.services.errors import DomainError, InvalidInput
from eventsys.services.invoices import payments

METHODS = payments.METHODS


def refundable_jpy(session: Session, invoice: Invoice, today: date) -> int:
    """What may be refunded against `invoice` now: paid beyond what is owed, less refunds already made."""
    standing = next(iter(payments.standings(session, [invoice], today)), None)
    return standing.excess_jpy if standing is not None else 0


def record_refund(
    session: Session,
    invoice: Invoice,
    *,
    refunded_on: date,
    amount_jpy: int,
    method: str,
    reference: str,
    actor: User,
    today: date,
) -> Refund:
    """A refund paid to the buyer of `invoice`, no more than it has paid beyond what it owes."""
    if invoice.kind != DocumentKind.INVOICE:
        raise DomainError(_l("Refunds are recorded against invoices, not credit notes."))
    if amount_jpy <= 0:
        raise InvalidInput(_l("A refund is a positive amount of yen."), field="amount_jpy")
    if method not in METHODS:
        raise InvalidInput(_l("Choose a payment method."), field="method")
    if refunded_on > today:
        raise InvalidInput(_l("A refund is recorded once it is made, not ahead."), field="refunded_on")
    _lock_chain(session, invoice)
    refundable = refundable_jpy(session, invoice, today)
    if amount_jpy > refundable:
        raise InvalidInput(
            _l("At most %(amount)s yen was paid beyond what is owed.", amount=f"{refundable:,}"), field="amount_jpy"
        )
    refund = Refund(
        invoice_id=invoice.id,
        refunded_on=refunded_on,
        amount_jpy=amount_jpy,
        method=method,
        reference=reference.strip(),
        recorded_by_id=actor.id,
    )
    session.add(refund)
    session.flush()
    audit.record(session, "invoice.refund", invoice, actor=actor, fair_id=invoice.fair_id, amount=amount_jpy)
    return refund


def _lock_chain(session: Session, invoice: Invoice) -> None:
    """Lock the row the invoice's chain hangs on (its booking, else the invoice) until the transaction ends."""
    if invoice.booking_id is not None:
        session.get(BoothBooking, invoice.booking_id, with_for_update=True, populate_existing=True)
    else:
        session.get(Invoice, invoice.id, with_for_update=True, populate_existing=True)
