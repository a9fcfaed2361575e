"""A fair's life: draft (seen by its organizers only) → published (seen by all, booked) → archived (read-only).

A published fair goes back to draft only while nobody is party to it (no live booking, no exhibitor application,
no meeting request): taking it back later would hide from people what they already took part in. An archived fair
may be published again, by its owners, if it was archived by mistake.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from eventsys.models import (
    LIVE_BOOKING_STATUSES,
    Booth,
    BoothBooking,
    Exhibitor,
    Fair,
    FairStatus,
    Hall,
    MeetingRequest,
    User,
)
from eventsys.services import audit, permissions
from eventsys.services.errors import DomainError


class FairNotOpen(DomainError):
    """A draft or archived fair takes no bookings, applications or holds."""


class StateRefused(DomainError):
    """The fair cannot move to the state asked for, with the reason."""


def is_visible_to(user: User, fair: Fair) -> bool:
    """Published and archived fairs are for everybody; a draft only for the people with a role at it."""
    return is_for_everybody(fair) or permissions.fair_role(user, fair) is not None


def is_for_everybody(fair: Fair) -> bool:
    """Published and archived fairs: what shows them may be shared by everybody (the page cache)."""
    return fair.status != FairStatus.DRAFT


def is_public() -> ColumnElement[bool]:
    """SQL condition: the fairs listed for everybody (published and archived ones, never drafts)."""
    return Fair.status != FairStatus.DRAFT


def check_open(fair: Fair) -> None:
    """Refuse a booking, hold, application or waitlist at a fair that is not published."""
    if fair.status == FairStatus.DRAFT:
        raise FairNotOpen(_l("%(fair)s is not published yet: it takes no bookings.", fair=fair.name))
    if fair.status == FairStatus.ARCHIVED:
        raise FairNotOpen(_l("%(fair)s is archived: it takes no more bookings.", fair=fair.name))


def publish_fair(session: Session, fair: Fair, *, actor: User) -> Fair:
    """Draft or archived → published, once the fair has a hall with booths and a booth type."""
    if fair.status == FairStatus.PUBLISHED:
        raise StateRefused(_l("%(fair)s is already published.", fair=fair.name))
    if not permissions.can_publish_fair(actor, fair):
        # A signed-up organizer's fairs stay drafts until an admin has verified the organization (no look-alikes).
        raise StateRefused(_l("An admin must verify your organization before its fairs can be published."))
    missing = get_missing_for_publishing(session, fair)
    if missing:
        raise StateRefused(
            _l("%(fair)s cannot be published yet: %(missing)s.", fair=fair.name, missing="; ".join(map(str, missing)))
        )
    return _move(session, fair, FairStatus.PUBLISHED, "fair.publish", actor)


def get_missing_for_publishing(session: Session, fair: Fair) -> list[str]:
    """What the fair still needs before startups can book it: a hall, booths in it, a booth type (empty when ready)."""
    halls = session.scalar(select(func.count()).select_from(Hall).where(Hall.fair_id == fair.id))
    booths = session.scalar(select(func.count()).select_from(Booth).where(Booth.fair_id == fair.id))
    missing = []
    if not halls:
        missing.append(_l("add a hall"))
    elif not booths:
        missing.append(_l("draw booths in a hall"))
    if not fair.booth_types:
        missing.append(_l("add a booth type"))
    return missing


def archive_fair(session: Session, fair: Fair, *, actor: User) -> Fair:
    """Published → archived: still readable by everybody, no more bookings."""
    if fair.status != FairStatus.PUBLISHED:
        raise StateRefused(_l("Only a published fair can be archived."))
    return _move(session, fair, FairStatus.ARCHIVED, "fair.archive", actor)


def unpublish_fair(session: Session, fair: Fair, *, actor: User) -> Fair:
    """Published → draft again, while no startup or investor is party to the fair yet."""
    if fair.status != FairStatus.PUBLISHED:
        raise StateRefused(_l("Only a published fair can go back to draft."))
    if has_participants(session, fair):
        raise StateRefused(
            _l(
                "%(fair)s has bookings, applications or meeting requests: it stays published. Archive it instead.",
                fair=fair.name,
            )
        )
    return _move(session, fair, FairStatus.DRAFT, "fair.unpublish", actor)


def has_participants(session: Session, fair: Fair) -> bool:
    """Whether anybody outside the organizers takes part: a live booking, an exhibitor row or a meeting request."""
    booked = select(BoothBooking.id).where(
        BoothBooking.fair_id == fair.id, BoothBooking.status.in_(LIVE_BOOKING_STATUSES)
    )
    applied = select(Exhibitor.id).where(Exhibitor.fair_id == fair.id)
    requested = select(MeetingRequest.id).where(MeetingRequest.fair_id == fair.id)
    return session.scalar(select(booked.exists() | applied.exists() | requested.exists()))


def _move(session: Session, fair: Fair, status: FairStatus, action: str, actor: User) -> Fair:
    previous = fair.status
    fair.status = status
    session.flush()
    audit.record(session, action, fair, actor=actor, fair_id=fair.id, previous=previous.value, status=status.value)
    return fair
