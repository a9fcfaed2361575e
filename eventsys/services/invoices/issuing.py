"""Issuing invoices and credit notes (返還インボイス) for booth bookings.

Numbers are sequential per issuer with no gap and no duplicate: each document takes the issuer's counter with
one UPDATE … RETURNING inside the transaction that confirms the booking (PostgreSQL locks the issuer's row until
that transaction ends; SQLite has one writer at a time), and a UNIQUE (issuer_id, number) constraint refuses any
duplicate that would slip past. A rolled-back confirmation rolls its number back with it, so no gap is left.

An issued document never changes: a flush that would update or delete one of its rows is refused, and a change
of price is a credit note for the whole original followed by a new invoice.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import event, exists, select, update
from sqlalchemy.orm import Session

from eventsys.models import (
    BookingStatus,
    BoothBooking,
    DocumentKind,
    Fair,
    Invoice,
    InvoiceIssuer,
    InvoiceLine,
    InvoiceRate,
    utcnow,
)
from eventsys.services import audit
from eventsys.services.errors import DomainError
from eventsys.services.extras import billing as extras_billing
from eventsys.services.invoices import tax


class InvoiceImmutable(DomainError):
    """An issued invoice or credit note cannot be changed; issue a credit note instead."""


class AlreadyCredited(DomainError):
    pass


_TAKE_NUMBER = (
    update(InvoiceIssuer)
    .values(next_number=InvoiceIssuer.next_number + 1)
    .returning(InvoiceIssuer.next_number)
    .execution_options(synchronize_session=False)
)


def take_number(session: Session, issuer_id: int) -> int:
    """The issuer's next number, taken in the caller's transaction (the row stays locked until it ends)."""
    return session.execute(_TAKE_NUMBER.where(InvoiceIssuer.id == issuer_id)).scalar_one() - 1


def get_issuer(session: Session, fair_id: int) -> InvoiceIssuer | None:
    return session.scalar(select(InvoiceIssuer).where(InvoiceIssuer.fair_id == fair_id))


def local_date(moment: datetime, fair: Fair) -> date:
    """The calendar date of `moment` in the fair's zone."""
    return moment.astimezone(ZoneInfo(fair.timezone)).date()


def booth_lines(booking: BoothBooking) -> list[tax.Line]:
    """What a booking is invoiced for: its booth at the price it was booked at (standard rate)."""
    booth = booking.booth
    description = f"ブース / Booth {booth.code} ({booth.booth_type.name}) — {booth.fair.name}"
    return [tax.Line(description, 1, booking.price_jpy or 0, tax.STANDARD_RATE)]


def issue_for_booking(
    session: Session, booking: BoothBooking, *, now: datetime | None = None, extra: list[tax.Line] = ()
) -> Invoice | None:
    """The invoice of a confirmed booking (its booth, then any `extra` lines, then a line for each order of extras
    that no standing invoice carries), when its fair has an issuer (else None: nothing to issue)."""
    issuer = get_issuer(session, booking.fair_id)
    if issuer is None:
        return None
    orders = extras_billing.orders_to_bill(session, booking)
    lines = booth_lines(booking) + list(extra) + [line for order in orders for line in extras_billing.lines(order)]
    invoice = _issue(session, issuer, booking, lines, now or utcnow(), extras_only=False)
    extras_billing.mark_billed(orders, invoice)
    return invoice


def issue_for_extras(session: Session, booking: BoothBooking, *, now: datetime | None = None) -> Invoice | None:
    """An invoice of its own for the booking's orders of extras that no standing invoice carries (ordered after
    the booth's invoice was issued); None without such orders or without an issuer."""
    issuer = get_issuer(session, booking.fair_id)
    orders = extras_billing.orders_to_bill(session, booking)
    if issuer is None or not orders:
        return None
    lines = [line for order in orders for line in extras_billing.lines(order)]
    invoice = _issue(session, issuer, booking, lines, now or utcnow(), extras_only=True)
    extras_billing.mark_billed(orders, invoice)
    return invoice


def _issue(
    session: Session, issuer: InvoiceIssuer, booking: BoothBooking, lines: list[tax.Line], now: datetime, *, extras_only
) -> Invoice:
    fair = booking.booth.fair
    totals = tax.totals_by_rate(lines, issuer.price_entry)
    invoice = _document(session, issuer, booking, DocumentKind.INVOICE, now)
    invoice.extras_only = extras_only
    # The booth's invoice is for the confirmation; an invoice of extras for the day they were ordered.
    invoice.transaction_date = local_date(now if extras_only else booking.confirmed_at or now, fair)
    invoice.total_jpy = tax.grand_total(totals)
    _schedule(invoice, issuer, fair)
    _add_lines(invoice, lines, totals)
    session.add(invoice)
    session.flush()
    audit.record(session, "invoice.issue", invoice, actor=None, fair_id=fair.id, number=invoice.number)
    return invoice


def _document(
    session: Session, issuer: InvoiceIssuer, booking: BoothBooking, kind: DocumentKind, now: datetime
) -> Invoice:
    fair = booking.booth.fair
    return Invoice(
        issuer_id=issuer.id,
        number=take_number(session, issuer.id),
        kind=kind,
        fair_id=fair.id,
        booking_id=booking.id,
        organization_id=booking.organization_id,
        buyer_name=(booking.billing_name or booking.organization.name).strip(),
        issue_date=local_date(now, fair),
        issued_at=now,
    )


def _schedule(invoice: Invoice, issuer: InvoiceIssuer, fair: Fair) -> None:
    """The deposit (a percent of the total, rounded down) and the balance, each with its due date in the fair's zone.

    The deposit is due deposit_due_days after the invoice; the balance (or the whole, without a deposit)
    balance_due_days before the fair's first day, but never before the deposit's due date."""
    first_due = invoice.issue_date + timedelta(days=issuer.deposit_due_days)
    if issuer.deposit_percent:
        invoice.deposit_jpy = invoice.total_jpy * issuer.deposit_percent // 100
        invoice.deposit_due_on = first_due
    invoice.balance_due_on = max(fair.starts_on - timedelta(days=issuer.balance_due_days), first_due)


def _add_lines(invoice: Invoice, lines: list[tax.Line], totals: list[tax.RateTotal]) -> None:
    for position, line in enumerate(lines, start=1):
        invoice.lines.append(
            InvoiceLine(
                position=position,
                description=line.description,
                quantity=line.quantity,
                unit_price_jpy=line.unit_price_jpy,
                rate_percent=line.rate_percent,
            )
        )
    for total in totals:
        invoice.rates.append(
            InvoiceRate(
                rate_percent=total.rate_percent, net_jpy=total.net_jpy, tax_jpy=total.tax_jpy, gross_jpy=total.gross_jpy
            )
        )


def is_credited(session: Session, invoice: Invoice) -> bool:
    credit = select(Invoice.id).where(Invoice.original_id == invoice.id, Invoice.kind == DocumentKind.CREDIT_NOTE)
    return bool(session.scalar(select(exists(credit))))


def open_invoice(session: Session, booking: BoothBooking) -> Invoice | None:
    """The booking's latest invoice for its booth that no credit note has reversed, if any (an invoice of extras
    ordered later is not the booth's)."""
    invoices = session.scalars(
        select(Invoice)
        .where(Invoice.booking_id == booking.id, Invoice.kind == DocumentKind.INVOICE, Invoice.extras_only.is_(False))
        .order_by(Invoice.number.desc())
    )
    return next((invoice for invoice in invoices if not is_credited(session, invoice)), None)


def credit_invoice(session: Session, invoice: Invoice, *, reason: str, now: datetime | None = None) -> Invoice:
    """A credit note that reverses the whole of `invoice` (its lines and its tax per rate, exactly), referring to it."""
    if invoice.kind != DocumentKind.INVOICE:
        raise DomainError(_l("A credit note cannot itself be credited."))
    if is_credited(session, invoice):
        raise AlreadyCredited(_l("Invoice %(number)s has already been credited.", number=invoice.number))
    now = now or utcnow()
    booking = session.get(BoothBooking, invoice.booking_id)
    note = _document(session, invoice.issuer, booking, DocumentKind.CREDIT_NOTE, now)
    note.buyer_name, note.original_id, note.reason = invoice.buyer_name, invoice.id, reason
    note.transaction_date = invoice.transaction_date
    note.total_jpy = -invoice.total_jpy
    lines = [
        tax.Line(line.description, line.quantity, -line.unit_price_jpy, line.rate_percent) for line in invoice.lines
    ]
    totals = [tax.RateTotal(rate.rate_percent, -rate.net_jpy, -rate.tax_jpy) for rate in invoice.rates]
    _add_lines(note, lines, totals)
    session.add(note)
    session.flush()
    audit.record(session, "invoice.credit", note, actor=None, fair_id=note.fair_id, original=invoice.number)
    return note


def credit_booking(
    session: Session, booking: BoothBooking, *, reason: str, now: datetime | None = None
) -> Invoice | None:
    """Credit the booking's open invoice, if it has one (a cancelled or released booking); returns the credit note."""
    invoice = open_invoice(session, booking)
    return credit_invoice(session, invoice, reason=reason, now=now) if invoice is not None else None


def reissue(session: Session, booking: BoothBooking, *, reason: str, now: datetime | None = None) -> Invoice | None:
    """After a change of price: a credit note for the open invoice, then a new invoice at the booking's price."""
    if booking.status != BookingStatus.CONFIRMED:
        return None
    credit_booking(session, booking, reason=reason, now=now)
    return issue_for_booking(session, booking, now=now)


def _refuse_changes(session: Session, _context, _instances) -> None:
    """The guard that keeps issued documents as they were issued: no update, no delete of their rows."""
    for record in list(session.dirty) + list(session.deleted):
        if isinstance(record, Invoice | InvoiceLine | InvoiceRate) and (
            record in session.deleted or session.is_modified(record, include_collections=False)
        ):
            raise InvoiceImmutable(_l("An issued invoice cannot be changed; issue a credit note instead."))


event.listen(Session, "before_flush", _refuse_changes)


def open_credit_note(session: Session, invoice: Invoice) -> Invoice | None:
    """The credit note that reverses `invoice`, if one does."""
    return session.scalar(
        select(Invoice).where(Invoice.original_id == invoice.id, Invoice.kind == DocumentKind.CREDIT_NOTE)
    )
