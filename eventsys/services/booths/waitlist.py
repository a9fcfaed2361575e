"""Waitlists per booth type: startups queue for a sold-out type; every freed booth is offered to the first eligible
in line as a hold that lasts the offer's life (offers.py). Declining an offer, or letting it lapse, takes the startup
out of the line and passes the booth on to the next; the startup may join again at the end of the line."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from eventsys.models import (
    BookingSource,
    BookingStatus,
    Booth,
    BoothBooking,
    BoothType,
    Organization,
    User,
    WaitlistEntry,
    WaitlistStatus,
    utcnow,
)
from eventsys.services import audit
from eventsys.services.booths import offers
from eventsys.services.booths.booking import (
    NotApproved,
    check_owner,
    is_approved_exhibitor,
    offer_to_line,
    record_change,
)
from eventsys.services.errors import DomainError, NotAllowed, NotFound
from eventsys.services.fairs.catalog import occupies_booth
from eventsys.services.fairs.states import check_open


class AlreadyWaiting(DomainError):
    pass


class OfferEnded(DomainError):
    pass


def count_free_booths(session: Session, booth_type: BoothType, now: datetime | None = None) -> int:
    """Bookable booths of the type that nobody occupies now."""
    taken = exists().where(and_(BoothBooking.booth_id == Booth.id, occupies_booth(now or utcnow())))
    return session.scalar(
        select(func.count(Booth.id)).where(Booth.booth_type_id == booth_type.id, Booth.is_blocked.is_(False), ~taken)
    )


def join_waitlist(
    session: Session, booth_type: BoothType, organization: Organization, *, actor: User, now: datetime | None = None
) -> WaitlistEntry:
    """Queue an approved startup for a sold-out booth type."""
    fair = booth_type.fair
    check_open(fair)
    if not is_approved_exhibitor(session, fair, organization):
        raise NotApproved(_l("Only startups approved for %(fair)s can join a waitlist.", fair=fair.name))
    if count_free_booths(session, booth_type, now):
        raise DomainError(_l("%(type)s booths are still free: book one on the floor plan.", type=booth_type.name))
    entry = WaitlistEntry(fair_id=fair.id, booth_type=booth_type, organization=organization)
    try:
        with session.begin_nested():
            session.add(entry)
    except IntegrityError as error:
        raise AlreadyWaiting(
            _l("Your company is already on the waitlist for %(type)s.", type=booth_type.name)
        ) from error
    audit.record(session, "waitlist.join", entry, actor=actor, fair_id=fair.id, booth_type=booth_type.name)
    return entry


def leave_waitlist(session: Session, entry: WaitlistEntry, organization: Organization, *, actor: User) -> None:
    """Take the startup's entry off the waitlist."""
    if entry.organization_id != organization.id:
        raise NotAllowed(_l("This waitlist entry belongs to another company."))
    entry.status = WaitlistStatus.LEFT
    audit.record(session, "waitlist.leave", entry, actor=actor, fair_id=entry.fair_id)


def get_waitlist(session: Session, booth_type: BoothType) -> list[WaitlistEntry]:
    """Entries still waiting, first in line first."""
    return offers.get_line(session, booth_type.id)


def offer_freed_booth(session: Session, booth: Booth, *, now: datetime | None = None) -> BoothBooking | None:
    """Hold a freed booth for the first waiting startup that may still take it; skip those that may not."""
    return offer_to_line(session, booth, now=now)


def get_offer_for_token(session: Session, token: str, secret_key: str) -> BoothBooking:
    """The offer a decline link names, if the link is genuine and young enough; the offer may have ended since."""
    offer_id = offers.read_decline_token(token, secret_key, offers.offer_life() + timedelta(hours=1))
    offer = session.get(BoothBooking, offer_id)
    if offer is None or offer.source != BookingSource.WAITLIST:
        raise NotFound(_l("There is no such offer."))
    return offer


def is_open_offer(booking: BoothBooking, now: datetime | None = None) -> bool:
    """Whether the booking is a waitlist offer that can still be confirmed or declined."""
    live = booking.status == BookingStatus.HELD and booking.held_until > (now or utcnow())
    return booking.source == BookingSource.WAITLIST and live


def decline_offer(
    session: Session, offer: BoothBooking, organization: Organization, *, actor: User, now: datetime | None = None
) -> BoothBooking:
    """The startup turns its offer down: it leaves the line, and the booth goes to the next in line at once."""
    now = now or utcnow()
    check_owner(offer, organization)
    if not is_open_offer(offer, now):
        raise OfferEnded(_l("This offer has already ended."))
    offer.status, offer.ended_at, offer.held_until = BookingStatus.CANCELLED, now, None
    offers.settle_offer(session, offer, WaitlistStatus.DECLINED)
    session.flush()
    record_change(session, offer, "decline", actor)
    offer_to_line(session, offer.booth, now=now)
    return offer
