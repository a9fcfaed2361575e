"""Orders of extras and packages by a startup exhibiting at the fair: with its booth (as it confirms its hold) or
later, and cancelled while the order stands.

Stock is taken with one UPDATE … SET sold = sold + quantity in the ordering transaction; the offer's CHECK
(stock IS NULL OR sold <= stock) refuses the one that would oversell, so concurrent orders of the last units never
sell more than there is (tests/test_extras_race.py). A cancelled order gives its units back the same way.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from eventsys.models import (
    BookingStatus,
    BoothBooking,
    Extra,
    ExtraOrder,
    Fair,
    Invoice,
    OrderStatus,
    Organization,
    SponsorshipPackage,
    User,
    utcnow,
)
from eventsys.services import audit
from eventsys.services.badges import allowance
from eventsys.services.booths import included
from eventsys.services.errors import DomainError, InvalidInput, NotAllowed
from eventsys.services.extras import billing as extras_billing
from eventsys.services.extras.offers import Offer, check_seller
from eventsys.services.invoices import issuing, mailing

#: The most units of one offer in one order.
QUANTITY_MAX = 999
CANCEL_REASON = "オプション取消 / Extra cancelled"


class OutOfStock(DomainError):
    pass


def describe(offer: Offer) -> str:
    """The invoice line of an offer, bilingual like the booth's line (a package names what it includes)."""
    if isinstance(offer, Extra):
        return f"オプション / Extra: {offer.name}"
    included = []
    if offer.booth_type is not None:
        included.append(f"ブース / booth {offer.booth_type.name}")
    if offer.badge_count:
        included.append(f"バッジ / badges × {offer.badge_count}")
    suffix = f" ({', '.join(included)})" if included else ""
    return f"協賛パッケージ / Sponsorship package: {offer.name}{suffix}"


def _take_stock(session: Session, offer: Offer, quantity: int) -> None:
    model = type(offer)
    taking = (
        update(model)
        .where(model.id == offer.id, model.active.is_(True))
        .values(sold=model.sold + quantity)
        .execution_options(synchronize_session=False)
    )
    try:
        with session.begin_nested():
            taken = session.execute(taking).rowcount
    except IntegrityError as error:  # CHECK (stock IS NULL OR sold <= stock)
        session.expire(offer, ["sold"])
        raise OutOfStock(
            _l("Only %(count)d of %(name)s are left.", count=offer.left or 0, name=offer.name), field="quantity"
        ) from error
    if not taken:
        raise DomainError(_l("%(name)s is no longer sold.", name=offer.name))
    session.expire(offer, ["sold"])


def _give_back(session: Session, order: ExtraOrder) -> None:
    model = Extra if order.extra_id is not None else SponsorshipPackage
    offer_id = order.extra_id if order.extra_id is not None else order.package_id
    session.execute(
        update(model)
        .where(model.id == offer_id)
        .values(sold=model.sold - order.quantity)
        .execution_options(synchronize_session=False)
    )
    session.expire(order.offer, ["sold"])


def _check_exhibitor(booking: BoothBooking, organization: Organization, *, with_booth: bool) -> None:
    if booking.organization_id != organization.id:
        raise NotAllowed(_l("This booking belongs to another company."))
    allowed = (BookingStatus.HELD, BookingStatus.CONFIRMED) if with_booth else (BookingStatus.CONFIRMED,)
    if booking.status not in allowed:
        raise DomainError(_l("Extras are ordered for a confirmed booking."))


def _book_included_booth(
    session: Session, booking: BoothBooking, offer: Offer, quantity: int, *, actor: User
) -> BoothBooking | None:
    """A package's booth, booked before its stock is taken: the stock's row lock would otherwise queue all orders
    of one package, and the booth must be kept from floor-plan holds and other packages just the same, by the index."""
    if not isinstance(offer, SponsorshipPackage) or offer.booth_type is None:
        return None
    if quantity != 1:
        raise InvalidInput(_l("A package with a booth is ordered one at a time."), field="quantity")
    return included.book_included_booth(session, offer.booth_type, booking, actor=actor)


def _order(
    session: Session,
    booking: BoothBooking,
    offer: Offer,
    quantity: int,
    *,
    actor: User,
    organization: Organization,
    with_booth: bool,
    on_behalf: bool = False,
) -> ExtraOrder:
    _check_exhibitor(booking, organization, with_booth=with_booth)
    if offer.fair_id != booking.fair_id:
        raise InvalidInput(_l("This fair does not sell that."), field="offer")
    if not 1 <= quantity <= QUANTITY_MAX:
        raise InvalidInput(_l("Order 1 to %(count)d.", count=QUANTITY_MAX), field="quantity")
    booth_booking = _book_included_booth(session, booking, offer, quantity, actor=actor)
    _take_stock(session, offer, quantity)
    order = ExtraOrder(
        fair_id=booking.fair_id,
        organization_id=organization.id,
        booking_id=booking.id,
        extra_id=offer.id if isinstance(offer, Extra) else None,
        package_id=offer.id if isinstance(offer, SponsorshipPackage) else None,
        quantity=quantity,
        unit_price_jpy=offer.price_jpy,
        rate_percent=offer.rate_percent,
        description=describe(offer)[:300],
        ordered_by_id=actor.id,
        booth_booking=booth_booking,
    )
    session.add(order)
    session.flush()
    noted = {"on_behalf": True} if on_behalf else {}
    audit.record(session, "extra_order.place", order, actor=actor, fair_id=booking.fair_id, quantity=quantity, **noted)
    return order


def place_order(
    session: Session,
    booking: BoothBooking,
    offer: Offer,
    quantity: int,
    *,
    actor: User,
    organization: Organization,
    now: datetime | None = None,
    on_behalf: bool = False,
) -> ExtraOrder:
    """An order for a confirmed booking; once the booth's invoice is issued it gets an invoice of its own (mailed)."""
    order = _order(
        session, booking, offer, quantity, actor=actor, organization=organization, with_booth=False, on_behalf=on_behalf
    )
    if issuing.open_invoice(session, booking) is not None:
        invoice = issuing.issue_for_extras(session, booking, now=now)
        if invoice is not None:
            mailing.send_document(session, booking, invoice)
    return order


def order_with_booth(
    session: Session,
    booking: BoothBooking,
    wanted: list[tuple[Offer, int]],
    *,
    actor: User,
    organization: Organization,
) -> list[ExtraOrder]:
    """Orders made as the hold is confirmed, in the confirming transaction, before the booth's invoice is issued
    (which then carries them): the caller confirms the booking next, and a refused confirmation rolls them back."""
    return [
        _order(session, booking, offer, quantity, actor=actor, organization=organization, with_booth=True)
        for offer, quantity in wanted
    ]


def place_order_for_startup(
    session: Session, booking: BoothBooking, offer: Offer, quantity: int, *, actor: User, now: datetime | None = None
) -> ExtraOrder:
    """The fair's organizers order for a startup's confirmed booking, as the startup would (same stock, same
    invoices); the order and the audit log name the organizer who made it."""
    check_seller(actor, booking.booth.fair)
    return place_order(
        session, booking, offer, quantity, actor=actor, organization=booking.organization, now=now, on_behalf=True
    )


def cancel_order(
    session: Session, order: ExtraOrder, *, actor: User, organization: Organization, now: datetime | None = None
) -> ExtraOrder:
    """The startup cancels a standing order: its units go back to the stock and, when an invoice billed it, that
    invoice is credited and the rest of it issued again (an issued invoice never changes). Badges already issued
    are not given back: an order whose badges are worn is refused (the organizers may still cancel it)."""
    if order.organization_id != organization.id:
        raise NotAllowed(_l("This order belongs to another company."))
    _check_badges_not_worn(session, order)
    return _cancel(session, order, actor=actor, now=now)


def cancel_order_for_startup(
    session: Session, order: ExtraOrder, *, actor: User, now: datetime | None = None
) -> ExtraOrder:
    """The fair's organizers cancel a startup's order. Badges issued above the lowered allowance stay valid; no new
    badge is issued until the company is below it again (allowance.py)."""
    check_seller(actor, order.booking.booth.fair)
    return _cancel(session, order, actor=actor, now=now, on_behalf=True)


def _check_badges_not_worn(session: Session, order: ExtraOrder) -> None:
    badges = order.quantity * order.offer.badges_each
    if not badges or order.status != OrderStatus.ORDERED:
        return
    allowance.lock_company(session, order.organization_id)  # no badge is issued while this is counted
    left = allowance.allowance_without(session, order.booking.booth.fair, order.organization_id, badges)
    if left.limit is not None and left.held > left.limit:
        raise DomainError(
            _l(
                "%(held)d badges of your company are issued, and without this order it may have %(count)d. Issued "
                "badges are not taken back: ask the fair's organizers to cancel this order.",
                held=left.held,
                count=left.limit,
            )
        )


def _cancel(
    session: Session, order: ExtraOrder, *, actor: User, now: datetime | None, on_behalf: bool = False
) -> ExtraOrder:
    now = now or utcnow()
    invoice = session.get(Invoice, order.invoice_id) if order.invoice_id is not None else None
    billed = invoice is not None and not issuing.is_credited(session, invoice)
    # A billed order's end is told by its credit note's mail (which names a package's booth): one mail.
    if not _end(session, order, now, mailed=not billed):
        raise DomainError(_l("This order is already cancelled."))
    noted = {"on_behalf": True} if on_behalf else {}
    audit.record(session, "extra_order.cancel", order, actor=actor, fair_id=order.fair_id, **noted)
    if not billed:
        return order
    booking = order.booking
    if invoice.extras_only:
        note = issuing.credit_invoice(session, invoice, reason=CANCEL_REASON, now=now)
        again = issuing.issue_for_extras(session, booking, now=now)
        mailing.send_documents(session, booking, [note, again] if again is not None else [note])
    else:
        mailing.reissue_and_mail(session, booking, reason=CANCEL_REASON, now=now)
    return order


def _end(session: Session, order: ExtraOrder, now: datetime, *, mailed: bool = False) -> bool:
    """Cancel the order and give its units back, once: of two cancellations at the same moment, the UPDATE of one
    finds the order already cancelled (False) and gives nothing back. A package's booth is freed with it, its
    notice `mailed` only when no credit note's mail tells of it."""
    ended = session.execute(
        update(ExtraOrder)
        .where(ExtraOrder.id == order.id, ExtraOrder.status == OrderStatus.ORDERED)
        .values(status=OrderStatus.CANCELLED, cancelled_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    session.expire(order, ["status", "cancelled_at"])
    if ended:
        _give_back(session, order)
        if order.booth_booking is not None:
            included.release_included_booth(session, order.booth_booking, now=now, mailed=mailed)
    return bool(ended)


def end_billed_by(session: Session, invoice: Invoice, *, now: datetime | None = None) -> list[ExtraOrder]:
    """End the standing orders `invoice` billed, their units back to the stock (an unpaid invoice of extras released
    after its grace period); the caller credits the invoice. Returns the orders this call ended."""
    now = now or utcnow()
    return [order for order in extras_billing.standing_orders(session, invoice) if _end(session, order, now)]


def end_with_booking(
    session: Session, booking: BoothBooking, *, reason: str, now: datetime | None = None
) -> list[Invoice]:
    """A cancelled or released booking ends its orders: units back to the stock, invoices of extras credited (the
    booth's invoice, with its extras' lines, is credited by the cancellation itself). Returns the credit notes, for
    the cancellation's one mail to carry."""
    now = now or utcnow()
    orders = list(
        session.scalars(
            select(ExtraOrder).where(ExtraOrder.booking_id == booking.id, ExtraOrder.status == OrderStatus.ORDERED)
        )
    )
    own_invoices = {order.invoice_id for order in orders if order.invoice is not None and order.invoice.extras_only}
    for order in orders:
        _end(session, order, now)
    notes = []
    for invoice_id in sorted(own_invoices):
        invoice = session.get(Invoice, invoice_id)
        if not issuing.is_credited(session, invoice):
            notes.append(issuing.credit_invoice(session, invoice, reason=reason, now=now))
    return notes


def package_order_for_booth(session: Session, booking: BoothBooking) -> ExtraOrder | None:
    """The standing order of a package that booked `booking`'s booth, if it is a package's booth."""
    return session.scalar(
        select(ExtraOrder).where(ExtraOrder.booth_booking_id == booking.id, ExtraOrder.status == OrderStatus.ORDERED)
    )


def orders_of(session: Session, booking: BoothBooking) -> list[ExtraOrder]:
    return list(session.scalars(select(ExtraOrder).where(ExtraOrder.booking_id == booking.id).order_by(ExtraOrder.id)))


def standing_orders_of(session: Session, booking: BoothBooking) -> list[ExtraOrder]:
    """The booking's orders that stand (not cancelled), in the order they were made."""
    return [order for order in orders_of(session, booking) if order.status == OrderStatus.ORDERED]


def fair_orders(session: Session, fair: Fair) -> list[ExtraOrder]:
    """The fair's standing orders, newest first, for its organizers."""
    return list(
        session.scalars(
            select(ExtraOrder)
            .where(ExtraOrder.fair_id == fair.id, ExtraOrder.status == OrderStatus.ORDERED)
            .order_by(ExtraOrder.id.desc())
        )
    )
