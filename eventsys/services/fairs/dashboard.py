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


#: The roles that see a fair in the organizer console (check-in staff see only the desk).
CONSOLE_ROLES = permissions.MANAGING | permissions.FINANCE


def get_fair_figures(session: Session, viewer: User, now: datetime | None = None) -> list[FairFigures]:
    """The fairs `viewer` has a console role at (owner, staff, finance) with bookable booths and live bookings:
    three queries."""
    now = now or utcnow()
    theirs = permissions.managed_fair_filter(viewer, Fair.id, CONSOLE_ROLES)
    booths = dict(
        session.execute(
            select(Booth.fair_id, func.count())
            .join(Fair, Fair.id == Booth.fair_id)
            .where(Booth.is_blocked.is_(False), theirs)
            .group_by(Booth.fair_id)
        )
        .tuples()
        .all()
    )
    booked = dict(
        session.execute(
            select(BoothBooking.fair_id, func.count())
            .join(Fair, Fair.id == BoothBooking.fair_id)
            .where(occupies_booth(now), theirs)
            .group_by(BoothBooking.fair_id)
        )
        .tuples()
        .all()
    )
    fairs = session.scalars(select(Fair).where(theirs).order_by(Fair.starts_on.desc())).all()
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
