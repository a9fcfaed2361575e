"""The booth a sponsorship package includes: booked for the startup that orders the package, as one of the
package's parts, and freed when the order ends.

It is a confirmed BoothBooking like any other, so the partial unique index keeps one live booking per booth: of
two orders that pick the same free booth at once, the index refuses one, which then tries the next free booth of
the type (tests/test_package_booth_race.py). The package pays for it: the booking costs nothing of its own and
has no invoice; the package's invoice names the booth on a line of its own (services/extras/billing.py). Like an
organizer's assignment it goes past the per-company booth limits (the package's stock limits it), not past the
booking period, a blocked booth or the index.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from eventsys.models import BookingStatus, Booth, BoothBooking, BoothType, User, utcnow
from eventsys.services.booths.booking import (
    BoothUnavailable,
    check_booking_window,
    free_or_refuse,
    insert_guarded,
    live_state,
    offer_to_line,
    record_change,
)
from eventsys.services.fairs.catalog import occupies_booth


def free_booths_of_type(session: Session, booth_type: BoothType, now: datetime) -> list[Booth]:
    """The type's booths no live booking occupies now, by code."""
    taken = exists().where(BoothBooking.booth_id == Booth.id, occupies_booth(now))
    return list(
        session.scalars(
            select(Booth)
            .where(Booth.booth_type_id == booth_type.id, Booth.is_blocked.is_(False), ~taken)
            .order_by(Booth.code, Booth.id)
        )
    )


def book_included_booth(
    session: Session, booth_type: BoothType, main: BoothBooking, *, actor: User, now: datetime | None = None
) -> BoothBooking:
    """Book a free booth of the type for the company of `main` (the booking the package is ordered for), billed
    to the same contact; refuse when none is free."""
    now = now or utcnow()
    check_booking_window(booth_type.fair, now)
    for booth in free_booths_of_type(session, booth_type, now):
        try:
            free_or_refuse(session, booth, live_state(session, booth), now)
            booking = BoothBooking(
                fair_id=booth.fair_id,
                booth=booth,
                organization_id=main.organization_id,
                created_by_id=actor.id,
                status=BookingStatus.CONFIRMED,
                confirmed_at=now,
                price_jpy=0,
                billing_name=main.billing_name or main.organization.name,
                billing_email=main.billing_email,
                billing_address=main.billing_address,
            )
            insert_guarded(session, booking)
        except BoothUnavailable:
            continue  # taken a moment ago by a concurrent order: the next one
        record_change(session, booking, "confirm", actor, package=True)
        return booking
    raise BoothUnavailable(_l("No booth of type %(type)s is free any more.", type=booth_type.name), field="offer")


def release_included_booth(session: Session, booking: BoothBooking, *, now: datetime, mailed: bool = True) -> None:
    """The package's order ended: its booth is free again, and offered to the booth's waitlist. `mailed` False when
    the order's end is told in another mail (the credit note that names the booth, or the main booking's notice)."""
    if booking.status != BookingStatus.CONFIRMED:
        return
    booking.status, booking.ended_at = BookingStatus.CANCELLED, now
    session.flush()
    record_change(session, booking, "cancel", None, mailed=mailed, reason="協賛パッケージ取消 / Package cancelled")
    offer_to_line(session, booking.booth, now=now)
