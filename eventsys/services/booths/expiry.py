"""The timed job that expires lapsed holds and offers their booths to the waitlists (`booths release-expired`).

Reads treat a lapsed hold as free by themselves, but only this job, or a request that takes the booth, offers it to
the line. It runs every minute on any number of servers at once and passes each lapsed hold on once (DESIGN §8).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from eventsys.models import BookingStatus, BoothBooking, utcnow
from eventsys.services import page_cache
from eventsys.services.booths.booking import offer_to_line, record_expiry


def expire_holds(session: Session, now: datetime | None = None) -> list[BoothBooking]:
    """Mark holds past their time as expired and offer their booths to the waitlists; audited and mailed. Safe to
    run on several servers at once: each lapsed hold is claimed, and so passed on, by one of them only."""
    now = now or utcnow()
    expired = claim_lapsed_holds(session, now)
    page_cache.note_bookings(session, expired)  # pages showed them free already; their entries are rebuilt anyway
    for record in expired:
        record_expiry(session, record)
    for record in expired:
        offer_to_line(session, record.booth, now=now)
    session.flush()
    return expired


def claim_lapsed_holds(session: Session, now: datetime) -> list[BoothBooking]:
    """Expire every hold past its time in one UPDATE and return them, each to one claimant only: on PostgreSQL
    rows another run (or a taking request) has locked are skipped, so runs neither wait nor deadlock, and the
    condition is checked again on the locked row; on SQLite the write lock serialises the runs."""
    lapsed = (BoothBooking.status == BookingStatus.HELD, BoothBooking.held_until <= now)
    free = select(BoothBooking.id).where(*lapsed).order_by(BoothBooking.id).with_for_update(skip_locked=True)
    claim = (
        update(BoothBooking)
        .where(BoothBooking.id.in_(free), *lapsed)
        .values(status=BookingStatus.EXPIRED, ended_at=now)
        .returning(BoothBooking)
        .execution_options(populate_existing=True, synchronize_session=False, **{page_cache.NOTED: True})
    )
    return sorted(session.scalars(claim).all(), key=lambda record: record.id)
