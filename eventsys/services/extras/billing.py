"""How orders of extras and packages reach invoices: as lines of their own, each at its price and tax rate.

Orders made with the booth (before its invoice exists) are lines of the booth's invoice when it is issued; orders
made after it get an invoice of their own (`Invoice.extras_only`), numbered and taxed like any other. Issued
invoices never change: an order whose invoice is credited is billed again on the invoice that replaces it.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from eventsys.models import BoothBooking, DocumentKind, ExtraOrder, Invoice, OrderStatus
from eventsys.services.invoices import tax


def _credited_invoices():
    return select(Invoice.original_id).where(Invoice.kind == DocumentKind.CREDIT_NOTE, Invoice.original_id.is_not(None))


def orders_to_bill(session: Session, booking: BoothBooking) -> list[ExtraOrder]:
    """The booking's standing orders that no standing invoice carries: never billed, or billed and credited."""
    return list(
        session.scalars(
            select(ExtraOrder)
            .where(
                ExtraOrder.booking_id == booking.id,
                ExtraOrder.status == OrderStatus.ORDERED,
                ExtraOrder.invoice_id.is_(None) | ExtraOrder.invoice_id.in_(_credited_invoices()),
            )
            .order_by(ExtraOrder.id)
        )
    )


def lines(order: ExtraOrder) -> list[tax.Line]:
    """The order's line; a package's booth adds one of its own, naming the booth, at no price of its own."""
    own = [tax.Line(order.description, order.quantity, order.unit_price_jpy, order.rate_percent)]
    booked = order.booth_booking
    if booked is None:
        return own
    booth = booked.booth
    name = order.package.name if order.package is not None else ""
    description = f"ブース / Booth {booth.code} ({booth.booth_type.name}) — 協賛パッケージに含む / in package {name}"
    return own + [tax.Line(description[:300], 1, 0, order.rate_percent)]


def mark_billed(orders: list[ExtraOrder], invoice: Invoice) -> None:
    for order in orders:
        order.invoice_id = invoice.id


def standing_orders(session: Session, invoice: Invoice) -> list[ExtraOrder]:
    """The standing orders an invoice billed."""
    return list(
        session.scalars(
            select(ExtraOrder)
            .where(ExtraOrder.invoice_id == invoice.id, ExtraOrder.status == OrderStatus.ORDERED)
            .order_by(ExtraOrder.id)
        )
    )
