"""Turning a hold into a booking with its billing contact, and the audit, invoice and single mail of a confirmation
or of an organizer's assignment (changes.py). Above booking.py, whose rules and audit it uses: never imported by it.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from eventsys.models import BookingSource, BookingStatus, BoothBooking, Organization, User, WaitlistStatus, utcnow
from eventsys.services.booths import offers
from eventsys.services.booths.booking import HoldExpired, check_owner, record_change
from eventsys.services.booths.notices import Notice
from eventsys.services.errors import DomainError, InvalidInput
from eventsys.services.fairs.states import check_open
from eventsys.services.invoices import mailing as invoice_mailing


def confirm_booking(
    session: Session,
    booking: BoothBooking,
    organization: Organization,
    *,
    actor: User,
    billing_name: str,
    billing_email: str,
    billing_address: str | None = None,
    now: datetime | None = None,
) -> BoothBooking:
    """Turn the organization's unexpired hold into a booking with a billing contact."""
    now = now or utcnow()
    check_owner(booking, organization)
    check_open(booking.booth.fair)
    if booking.status == BookingStatus.CONFIRMED:
        raise DomainError(_l("This booking is already confirmed."))
    if booking.status != BookingStatus.HELD:
        raise HoldExpired(_l("This hold has ended; hold the booth again if it is still free."))
    if booking.held_until <= now:
        raise HoldExpired(_l("Your hold on booth %(code)s expired before you confirmed it.", code=booking.booth.code))
    if not billing_name.strip() or not billing_email.strip():
        raise InvalidInput(_l("A billing contact name and e-mail are needed to confirm."), field="billing_name")
    booking.status = BookingStatus.CONFIRMED
    booking.confirmed_at = now
    booking.held_until = None
    booking.billing_name = billing_name.strip()
    booking.billing_email = billing_email.strip()
    booking.billing_address = (billing_address or "").strip() or None
    if booking.source == BookingSource.WAITLIST:
        offers.settle_offer(session, booking, WaitlistStatus.BOOKED)
    confirm_and_invoice(session, booking, "confirm", actor, now=now)
    return booking


def confirm_and_invoice(
    session: Session, booking: BoothBooking, verb: str, actor: User | None, *, now: datetime | None = None, **details
) -> None:
    """Audit a booking's confirmation (`verb`), issue its invoice and send its startup one mail: the notice with
    the invoice's PDF attached (the notice alone while the fair has no issuer)."""
    record_change(session, booking, verb, actor, mailed=False, **details)
    notice = Notice(verb, details.get("reason"))
    invoice_mailing.issue_and_mail(session, booking, notice=notice, now=now)
