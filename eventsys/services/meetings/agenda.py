"""What a participant's agenda shows beside the meetings themselves: meetings that clash with booth duty."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from eventsys.models import Meeting, User
from eventsys.services.meetings.booth_duty import booth_duty_windows, is_on_booth_duty


def get_booth_duty_clashes(session: Session, user: User, meetings: Iterable[Meeting]) -> set[int]:
    """Ids of the meetings during the booth duty of the user's startup (see services.meetings.booth_duty)."""
    meetings = list(meetings)
    organization = user.organization
    if organization is None or not meetings:
        return set()
    windows = booth_duty_windows(session, [organization.id]).get(organization.id, [])
    return {meeting.id for meeting in meetings if is_on_booth_duty(windows, meeting.starts_at, meeting.ends_at)}
