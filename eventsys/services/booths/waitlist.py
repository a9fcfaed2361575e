"""Waitlists per booth type: startups queue for a sold-out type; a freed booth goes to the first in line as a hold."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from eventsys.models import (
    BookingSource,
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
from eventsys.services.booths.booking import NotApproved, hold_booth, is_approved_exhibitor
from eventsys.services.errors import DomainError, NotAllowed
from eventsys.services.fairs.catalog import occupies_booth


class AlreadyWaiting(DomainError):
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
    return list(
        session.scalars(
            select(WaitlistEntry)
            .where(WaitlistEntry.booth_type_id == booth_type.id, WaitlistEntry.status == WaitlistStatus.WAITING)
            .order_by(WaitlistEntry.created_at, WaitlistEntry.id)
        )
    )


def offer_freed_booth(session: Session, booth: Booth, *, now: datetime | None = None) -> BoothBooking | None:
    """Hold a freed booth for the first waiting startup that may still take it; skip those that may not."""
    if booth.is_blocked:
        return None
    for entry in get_waitlist(session, booth.booth_type):
        try:
            with session.begin_nested():
                booking = hold_booth(
                    session, booth, entry.organization, actor=None, now=now, source=BookingSource.WAITLIST
                )
        except DomainError:
            continue
        entry.status = WaitlistStatus.OFFERED
        entry.booking = booking
        return booking
    return None
