"""Price corrections: finance staff change a confirmed booking's price; the issued invoice stays as it was, a credit
note reverses it and a new invoice is issued at the corrected price, both mailed to the startup."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from eventsys.models import BookingStatus, BoothBooking, DocumentKind, Invoice, User
from eventsys.services import audit
from eventsys.services.errors import DomainError, InvalidInput
from eventsys.services.invoices import issuing, mailing

#: Longest reason kept; it is printed on the credit note.
REASON_MAX = 300


def correct_price(session: Session, invoice: Invoice, price_jpy: int, *, reason: str, actor: User) -> Invoice:
    """Credit `invoice` and issue a new one at `price_jpy` (the booking's price from now on); returns the new one."""
    if invoice.kind != DocumentKind.INVOICE:
        raise DomainError(_l("Only an invoice's price can be corrected."))
    record = session.get(BoothBooking, invoice.booking_id) if invoice.booking_id is not None else None
    if record is None or record.status != BookingStatus.CONFIRMED:
        raise DomainError(_l("Only the invoice of a confirmed booking can be corrected."))
    if issuing.open_invoice(session, record) is not invoice:
        raise DomainError(_l("This invoice has been credited; correct the booking's current invoice."))
    if price_jpy < 0:
        raise InvalidInput(_l("A price is zero or more yen."), field="price_jpy")
    if price_jpy == record.price_jpy:
        raise InvalidInput(_l("The new price is the price already invoiced."), field="price_jpy")
    reason = reason.strip()
    if not reason:
        raise InvalidInput(_l("Give the reason for the correction."), field="reason")
    if len(reason) > REASON_MAX:
        raise InvalidInput(_l("The reason is at most %(count)d characters.", count=REASON_MAX), field="reason")
    was = record.price_jpy
    record.price_jpy = price_jpy
    session.flush()
    mailing.reissue_and_mail(session, record, reason=reason)
    new = issuing.open_invoice(session, record)
    audit.record(
        session,
        "invoice.correct_price",
        invoice,
        actor=actor,
        fair_id=invoice.fair_id,
        was=was,
        price=price_jpy,
        reason=reason,
        new=new.number,
    )
    return new
