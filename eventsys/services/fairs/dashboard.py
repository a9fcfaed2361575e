"""Figures for the organizer's dashboard."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from eventsys.models import AuditEntry, Booth, BoothBooking, Fair, Role, User, utcnow
from eventsys.services import permissions
from eventsys.services.fairs.catalog import occupies_booth


@dataclass(frozen=True)
class FairFigures:
    fair: Fair
    booths: int
    booked: int


def get_fair_figures(session: Session, now: datetime | None = None) -> list[FairFigures]:
    """Every fair with its bookable booths and live bookings: three queries."""
    now = now or utcnow()
    booths = dict(
        session.execute(select(Booth.fair_id, func.count()).where(Booth.is_blocked.is_(False)).group_by(Booth.fair_id))
        .tuples()
        .all()
    )
    booked = dict(
        session.execute(
            select(BoothBooking.fair_id, func.count()).where(occupies_booth(now)).group_by(BoothBooking.fair_id)
        )
        .tuples()
        .all()
    )
    fairs = session.scalars(select(Fair).order_by(Fair.starts_on.desc())).all()
    return [FairFigures(fair, booths.get(fair.id, 0), booked.get(fair.id, 0)) for fair in fairs]


def count_users_by_role(session: Session) -> dict[Role, int]:
    counts = dict(session.execute(select(User.role, func.count()).group_by(User.role)).tuples().all())
    return {role: counts.get(role, 0) for role in Role}


@dataclass(frozen=True)
class AuditLine:
    entry: AuditEntry
    #: The acting user's name; None for the system (or a deleted account).
    actor_name: str | None


def audit_query(viewer: User) -> Select:
    """The audit entries `viewer` may read, newest first, each with its actor's name: their fairs' for organizers,
    all for admins."""
    return (
        select(AuditEntry, User.name)
        .outerjoin(User, User.id == AuditEntry.actor_id)
        .where(permissions.managed_fair_filter(viewer, AuditEntry.fair_id))
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    )


def get_recent_audit(session: Session, viewer: User, limit: int = 20) -> list[AuditLine]:
    """The latest audit entries `viewer` may read, with actors' names."""
    return [AuditLine(entry, name) for entry, name in session.execute(audit_query(viewer).limit(limit)).tuples()]
