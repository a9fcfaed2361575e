"""A participant's agenda: their live meetings, and those that clash with their booth duty."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from eventsys.models import Meeting, MeetingParticipant, MeetingStatus, User
from eventsys.services.meetings.booth_duty import booth_duty_windows, is_on_booth_duty


def get_booth_duty_clashes(session: Session, user: User, meetings: Iterable[Meeting]) -> set[int]:
    """Ids of the meetings during the booth duty of the user's startup (see services.meetings.booth_duty)."""
    meetings = list(meetings)
    organization = user.organization
    if organization is None or not meetings:
        return set()
    windows = booth_duty_windows(session, [organization.id]).get(organization.id, [])
    return {meeting.id for meeting in meetings if is_on_booth_duty(windows, meeting.starts_at, meeting.ends_at)}


def get_agenda(session: Session, user: User, fair_id: int | None = None) -> list[Meeting]:
    """The user's live meetings, soonest first."""
    query = (
        select(Meeting)
        .join(MeetingParticipant)
        .where(MeetingParticipant.user_id == user.id, Meeting.status != MeetingStatus.CANCELLED)
        .options(selectinload(Meeting.participants).selectinload(MeetingParticipant.user))
        .order_by(Meeting.starts_at)
    )
    if fair_id is not None:
        query = query.where(Meeting.fair_id == fair_id)
    return list(session.scalars(query))
