"""What a startup sees of its own standing at a fair: approval, live bookings, waitlist places, application."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from eventsys.models import (
    Booth,
    BoothApplication,
    BoothBooking,
    Exhibitor,
    ExhibitorStatus,
    Fair,
    Organization,
    WaitlistEntry,
    WaitlistStatus,
    utcnow,
)
from eventsys.services.fairs.catalog import occupies_booth


@dataclass
class StartupDesk:
    exhibitor: Exhibitor | None = None
    bookings: list[BoothBooking] = field(default_factory=list)
    waiting: list[WaitlistEntry] = field(default_factory=list)
    application: BoothApplication | None = None

    @property
    def is_approved(self) -> bool:
        return self.exhibitor is not None and self.exhibitor.status == ExhibitorStatus.APPROVED


def get_startup_desk(session: Session, fair: Fair, organization: Organization | None, now: datetime | None = None):
    """The organization's standing at the fair, in four small queries; empty for visitors."""
    if organization is None:
        return StartupDesk()
    now = now or utcnow()
    exhibitor = session.scalar(
        select(Exhibitor).where(Exhibitor.fair_id == fair.id, Exhibitor.organization_id == organization.id)
    )
    bookings = session.scalars(
        select(BoothBooking)
        .where(BoothBooking.fair_id == fair.id, BoothBooking.organization_id == organization.id, occupies_booth(now))
        .options(joinedload(BoothBooking.booth).joinedload(Booth.booth_type))
    ).all()
    waiting = session.scalars(
        select(WaitlistEntry).where(
            WaitlistEntry.fair_id == fair.id,
            WaitlistEntry.organization_id == organization.id,
            WaitlistEntry.status == WaitlistStatus.WAITING,
        )
    ).all()
    application = session.scalar(
        select(BoothApplication).where(
            BoothApplication.fair_id == fair.id, BoothApplication.organization_id == organization.id
        )
    )
    return StartupDesk(exhibitor, list(bookings), list(waiting), application)


def get_own_standing(session: Session, fair: Fair, organization: Organization | None, now: datetime | None = None):
    """The organization's approval and live bookings at the fair (no waitlist, no application), in two queries:
    the hall page's own part, which every startup reloads in a rush."""
    if organization is None:
        return StartupDesk()
    now = now or utcnow()
    exhibitor = session.scalar(
        select(Exhibitor).where(Exhibitor.fair_id == fair.id, Exhibitor.organization_id == organization.id)
    )
    bookings = session.scalars(
        select(BoothBooking).where(
            BoothBooking.fair_id == fair.id, BoothBooking.organization_id == organization.id, occupies_booth(now)
        )
    ).all()
    return StartupDesk(exhibitor, list(bookings))


def get_neighbours(session: Session, booth: Booth) -> list[Booth]:
    """Booths of the same hall whose sides touch this one's, for the booth's detail."""
    candidates = session.scalars(
        select(Booth)
        .where(
            Booth.hall_id == booth.hall_id,
            Booth.id != booth.id,
            Booth.x <= booth.x + booth.width,
            Booth.x + Booth.width >= booth.x,
            Booth.y <= booth.y + booth.depth,
            Booth.y + Booth.depth >= booth.y,
        )
        .order_by(Booth.code)
    ).all()
    return [other for other in candidates if _shares_a_side(booth, other)]


def _shares_a_side(a: Booth, b: Booth) -> bool:
    overlap_x = min(a.x + a.width, b.x + b.width) - max(a.x, b.x)
    overlap_y = min(a.y + a.depth, b.y + b.depth) - max(a.y, b.y)
    return (overlap_x > 0 and overlap_y == 0) or (overlap_y > 0 and overlap_x == 0)
