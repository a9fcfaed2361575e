"""What a participant's agenda shows beside the meetings themselves: meetings that clash with booth duty."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from eventsys.models import LIVE_BOOKING_STATUSES, BoothBooking, Fair, Meeting, OrganizationKind, User


def get_booth_duty_clashes(session: Session, user: User, meetings: Iterable[Meeting]) -> set[int]:
    """Ids of the meetings on a day the user's startup has a booth at a fair (someone should be at the booth)."""
    meetings = list(meetings)
    organization = user.organization
    if organization is None or organization.kind != OrganizationKind.STARTUP or not meetings:
        return set()
    fairs = session.scalars(
        select(Fair)
        .join(BoothBooking, BoothBooking.fair_id == Fair.id)
        .where(BoothBooking.organization_id == organization.id, BoothBooking.status.in_(LIVE_BOOKING_STATUSES))
        .distinct()
    ).all()
    clashes = set()
    for meeting in meetings:
        local_day = meeting.starts_at.astimezone(meeting.center.zone).date()
        if any(fair.starts_on <= local_day <= fair.ends_on for fair in fairs):
            clashes.add(meeting.id)
    return clashes
