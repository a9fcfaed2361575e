"""Changes that free a booth or give one out of turn: cancelling (the startup's or an organizer's), and
organizers' assign and move. A freed booth is offered to its waitlist at once, so this module sits above
waitlist.py, which holds booths through booking.py: the dependency runs one way.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from eventsys.models import (
    BookingSource,
    BookingStatus,
    Booth,
    BoothBooking,
    Organization,
    User,
    WaitlistStatus,
    utcnow,
)
from eventsys.services.booths import offers
from eventsys.services.booths.booking import (
    BoothUnavailable,
    check_owner,
    free_or_refuse,
    insert_guarded,
    live_state,
    record_change,
)
from eventsys.services.booths.confirmation import confirm_and_invoice
from eventsys.services.booths.notices import Notice
from eventsys.services.booths.waitlist import offer_freed_booth
from eventsys.services.errors import DomainError, InvalidInput
from eventsys.services.extras import orders as extra_orders
from eventsys.services.fairs.states import check_open
from eventsys.services.invoices import issuing
from eventsys.services.invoices import mailing as invoice_mailing


def cancel_booking(
    session: Session,
    booking: BoothBooking,
    *,
    actor: User,
    organization: Organization | None,
    reason: str | None = None,
    now: datetime | None = None,
    verb: str = "cancel",
) -> BoothBooking:
    """End a hold or booking: by its startup (`organization`) or by an organizer (None, with a reason); `verb`
    "release" when it was released for non-payment.

    The startup gets one mail: the notice with the credit notes of the booth's invoice and of its extras attached.
    A booth that came with a sponsorship package is not cancelled on its own: it ends with the package's order."""
    now = now or utcnow()
    if organization is not None:
        check_owner(booking, organization)
    else:
        _require_reason(reason)
    if booking.status not in (BookingStatus.HELD, BookingStatus.CONFIRMED):
        raise DomainError(_l("This booking has already ended."))
    _refuse_package_booth(session, booking)
    was_confirmed = booking.status == BookingStatus.CONFIRMED
    booking.status = BookingStatus.CANCELLED
    booking.ended_at = now
    booking.held_until = None
    if booking.source == BookingSource.WAITLIST:
        offers.settle_offer(session, booking, WaitlistStatus.DECLINED)  # a cancelled offer is a declined one
    session.flush()
    record_change(session, booking, "cancel", actor, mailed=False, reason=reason)
    printed = reason or "キャンセル / Cancelled"
    note = issuing.credit_booking(session, booking, reason=printed, now=now) if was_confirmed else None
    notes = [note] if note is not None else []
    notes += extra_orders.end_with_booking(session, booking, reason=printed, now=now)
    invoice_mailing.send_notice(session, booking, Notice(verb, reason), notes)
    offer_freed_booth(session, booking.booth, now=now)
    return booking


def _refuse_package_booth(session: Session, booking: BoothBooking) -> None:
    """The booth a package booked is part of the package: cancelling it alone would leave a package paid for without
    its booth, so it is freed by cancelling the package's order (credited and reissued as one) or its booking."""
    order = extra_orders.package_order_for_booth(session, booking)
    if order is not None:
        raise DomainError(
            _l(
                "Booth %(code)s comes with the package %(package)s ordered for booth %(main)s: cancel that order "
                "on the extras page of booth %(main)s to free it.",
                code=booking.booth.code,
                package=order.package.name if order.package is not None else "",
                main=order.booking.booth.code,
            )
        )


def assign_booth(
    session: Session, booth: Booth, organization: Organization, *, actor: User, reason: str, now: datetime | None = None
) -> BoothBooking:
    """An organizer gives a free booth to a startup as a confirmed booking, past the usual rules (the waitlist
    included: a booth free by a lapsed hold is theirs to give) but not the index."""
    now = now or utcnow()
    _require_reason(reason)
    check_open(booth.fair)
    if booth.is_blocked:
        raise BoothUnavailable(_l("Booth %(code)s is blocked; unblock it first.", code=booth.code))
    free_or_refuse(session, booth, live_state(session, booth), now)
    booking = BoothBooking(
        fair_id=booth.fair_id,
        booth=booth,
        organization=organization,
        created_by_id=actor.id,
        status=BookingStatus.CONFIRMED,
        confirmed_at=now,
        price_jpy=booth.booth_type.price_jpy,
        source=BookingSource.ORGANIZER,
        billing_name=organization.name,
    )
    insert_guarded(session, booking)
    confirm_and_invoice(session, booking, "assign", actor, now=now, reason=reason)
    return booking


def move_booking(
    session: Session, booking: BoothBooking, target: Booth, *, actor: User, reason: str, now: datetime | None = None
) -> BoothBooking:
    """An organizer moves a live booking to another free booth of the same fair."""
    now = now or utcnow()
    _require_reason(reason)
    if not booking.is_live:
        raise DomainError(_l("Only a live booking can be moved."))
    if target.fair_id != booking.fair_id or target.is_blocked or target.id == booking.booth_id:
        raise BoothUnavailable(_l("Booth %(code)s cannot take this booking.", code=target.code))
    free_or_refuse(session, target, live_state(session, target), now)
    previous = booking.booth
    try:
        with session.begin_nested():
            booking.booth = target
    except IntegrityError as error:
        raise BoothUnavailable(_l("Booth %(code)s was taken a moment ago.", code=target.code)) from error
    cheaper = target.booth_type.price_jpy
    reissue = booking.status == BookingStatus.CONFIRMED and cheaper < (booking.price_jpy or 0)
    record_change(session, booking, "move", actor, mailed=not reissue, reason=reason, from_booth=previous.code)
    if reissue:
        # A move to a cheaper booth: credit note, then an invoice at the new price, in the move's one mail.
        booking.price_jpy = cheaper
        invoice_mailing.reissue_and_mail(session, booking, reason=reason, now=now, notice=Notice("move", reason))
    offer_freed_booth(session, previous, now=now)
    return booking


def _require_reason(reason: str | None) -> None:
    """Organizers' changes keep their reason in the audit log, so one is required."""
    if not (reason or "").strip():
        raise InvalidInput(_l("Give a reason; it is kept in the audit log."), field="reason")
