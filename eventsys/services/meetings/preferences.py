"""Must-meet, would-like, no-thanks (Grip's model): what each side wishes of a counterpart, and what a request is
worth to the scheduler.

A request's value is its priority (set by the organizers) times the sum over its two sides of that side's weight
(the organizers may weight investors or startups more) times the points of its wish. A must-meet from either side
puts the request in the scheduler's first tier; a no-thanks from either side keeps it out of the schedule.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from eventsys.models import (
    Fair,
    MeetingPreference,
    MeetingRequest,
    Organization,
    OrganizationKind,
    PreferenceLevel,
    User,
)
from eventsys.services import permissions
from eventsys.services.audit import record
from eventsys.services.errors import InvalidInput, NotAllowed
from eventsys.services.meetings.requests import is_member

#: Points of each wish; a side that marked nothing counts as POINTS[None].
POINTS = {PreferenceLevel.MUST_MEET: 10, PreferenceLevel.WOULD_LIKE: 3, None: 1, PreferenceLevel.NO_THANKS: 0}


def request_value(priority: int, wishes: tuple, weights: tuple[int, int] = (1, 1)) -> dict:
    """The scheduler's view of a request: {"value", "must_meet", "no_thanks"} from its two sides' wishes."""
    value = priority * sum(weight * POINTS[wish] for weight, wish in zip(weights, wishes, strict=True))
    return {
        "value": max(value, 1),
        "must_meet": PreferenceLevel.MUST_MEET in wishes,
        "no_thanks": PreferenceLevel.NO_THANKS in wishes,
    }


def wishes_at(session: Session, fair: Fair) -> dict[tuple[int, int], PreferenceLevel]:
    """{(organization, counterpart): level} of every wish at the fair."""
    rows = session.execute(
        select(MeetingPreference.organization_id, MeetingPreference.counterpart_id, MeetingPreference.level).where(
            MeetingPreference.fair_id == fair.id
        )
    )
    return {(org, counterpart): level for org, counterpart, level in rows}


def wishes_of(session: Session, fair: Fair, organization: Organization | None) -> dict[int, PreferenceLevel]:
    """{counterpart id: level} of the organization's wishes at the fair."""
    if organization is None:
        return {}
    return {
        counterpart: level for (org, counterpart), level in wishes_at(session, fair).items() if org == organization.id
    }


def get_wish(session: Session, fair: Fair, organization_id: int, counterpart_id: int) -> PreferenceLevel | None:
    return session.scalar(
        select(MeetingPreference.level).where(
            MeetingPreference.fair_id == fair.id,
            MeetingPreference.organization_id == organization_id,
            MeetingPreference.counterpart_id == counterpart_id,
        )
    )


def set_wish(
    session: Session, fair: Fair, organization: Organization, counterpart: Organization, level, actor: User
) -> MeetingPreference | None:
    """A member of `organization` marks `counterpart` must-meet, would-like or no-thanks (None clears the mark).

    Only investors and startups mark, and only the other kind: investors mark startups and startups investors.
    """
    if not is_member(session, actor, organization.id):
        raise NotAllowed(_l("Only the company's own members can mark its wishes."))
    startups = [org.kind == OrganizationKind.STARTUP for org in (organization, counterpart)]
    investors = [org.is_investor for org in (organization, counterpart)]
    if organization.id == counterpart.id or not (any(startups) and any(investors)):
        raise InvalidInput(_l("Investors mark startups, and startups mark investors."), field="level")
    wish = session.scalar(
        select(MeetingPreference).where(
            MeetingPreference.fair_id == fair.id,
            MeetingPreference.organization_id == organization.id,
            MeetingPreference.counterpart_id == counterpart.id,
        )
    )
    if level is None:
        if wish is not None:
            session.delete(wish)
    elif wish is None:
        wish = MeetingPreference(
            fair_id=fair.id, organization_id=organization.id, counterpart_id=counterpart.id, level=level
        )
        session.add(wish)
    else:
        wish.level = level
    if wish is not None and level is not None:
        wish.set_by_id = actor.id
    session.flush()
    record(
        session,
        "meeting.wish",
        counterpart,
        actor=actor,
        fair_id=fair.id,
        organization=organization.id,
        level=str(level) if level else None,
    )
    return wish if level is not None else None


def set_priority(session: Session, request: MeetingRequest, priority: int, actor: User) -> None:
    """An organizer of the request's fair sets its priority for the scheduler (1–5)."""
    if not permissions.manages_fair(actor, session.get(Fair, request.fair_id)):
        raise NotAllowed(_l("Only the fair's organizers set priorities."))
    if not 1 <= priority <= 5:
        raise InvalidInput(_l("Priority runs from 1 to 5."), field="priority")
    request.priority = priority
    session.flush()
    record(session, "meeting_request.priority", request, actor=actor, fair_id=request.fair_id, priority=priority)
