"""Booth duty: the one rule the scheduler, the slot picker, booking and the agenda's clash warning share.

A startup with a booking that occupies a booth at a fair (confirmed, or held and not expired) is on booth duty
for the whole of every fair day, midnight to midnight in the fair's zone (fairs keep no opening hours of their
own), unless it said that its team covers the booth at that fair (Exhibitor.team_covers_booth). Every member
of the startup is then busy: no meeting is scheduled, offered or booked for them in those hours.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, false, or_, select
from sqlalchemy.orm import Session

from eventsys.models import BoothBooking, Exhibitor, Fair, Organization, OrganizationKind, User, utcnow
from eventsys.services.audit import record
from eventsys.services.errors import DomainError, NotAllowed
from eventsys.services.fairs.catalog import occupies_booth
from eventsys.services.meetings.requests import is_member

Interval = tuple[datetime, datetime]

#: Why a booking is refused; also shown when the scheduler leaves a request out.
BOOTH_DUTY_MESSAGE = _l("One of you is on booth duty at that time.")


def fair_window(fair: Fair) -> Interval:
    """The fair's days as one UTC interval: from midnight of the first day to midnight after the last."""
    start = datetime.combine(fair.starts_on, datetime.min.time(), fair.zone)
    end = datetime.combine(fair.ends_on + timedelta(days=1), datetime.min.time(), fair.zone)
    return start.astimezone(UTC), end.astimezone(UTC)


def booth_duty_windows(
    session: Session, organization_ids: Iterable[int | None], *, now: datetime | None = None
) -> dict[int, list[Interval]]:
    """For each of these startups that is on booth duty somewhere, its duty intervals (UTC), soonest first."""
    ids = sorted({org for org in organization_ids if org is not None})
    if not ids:
        return {}
    covered = and_(Exhibitor.fair_id == Fair.id, Exhibitor.organization_id == BoothBooking.organization_id)
    rows = session.execute(
        select(BoothBooking.organization_id, Fair)
        .join(Fair, BoothBooking.fair_id == Fair.id)
        .join(Organization, Organization.id == BoothBooking.organization_id)
        .outerjoin(Exhibitor, covered)
        .where(
            BoothBooking.organization_id.in_(ids),
            occupies_booth(now or utcnow()),
            Organization.kind == OrganizationKind.STARTUP,
            or_(Exhibitor.id.is_(None), Exhibitor.team_covers_booth == false()),
        )
        # No DISTINCT: PostgreSQL cannot compare Fair's json columns, and the windows below are a set anyway.
    ).all()
    windows: dict[int, set[Interval]] = defaultdict(set)
    for organization_id, fair in rows:
        windows[organization_id].add(fair_window(fair))
    return {org: sorted(found) for org, found in windows.items()}


def is_on_booth_duty(windows: Iterable[Interval], starts_at: datetime, ends_at: datetime) -> bool:
    """Whether the time from `starts_at` to `ends_at` overlaps one of the duty windows."""
    return any(start < ends_at and starts_at < end for start, end in windows)


def set_team_covers_booth(session: Session, fair: Fair, organization: Organization, *, covers: bool, actor: User):
    """A startup's member says whether the team covers the booth at this fair (so members may meet then)."""
    if organization.kind != OrganizationKind.STARTUP or not is_member(session, actor, organization.id):
        raise NotAllowed(_l("Only the startup's own members can say who covers its booth."))
    exhibitor = session.scalar(
        select(Exhibitor).where(Exhibitor.fair_id == fair.id, Exhibitor.organization_id == organization.id)
    )
    if exhibitor is None:
        raise DomainError(_l("Your company does not exhibit at this fair."))
    exhibitor.team_covers_booth = covers
    session.flush()
    record(session, "exhibitor.booth_cover", exhibitor, actor=actor, fair_id=fair.id, covers=covers)
    return exhibitor
