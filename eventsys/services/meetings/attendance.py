"""After a meeting's slot each side says whether it took place and what came of it, and an organizer may record a
no-show; repeated no-shows cost requests, and the outcomes are counted for the fair's dashboard."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, aliased

from eventsys.models import Attendance, Fair, Meeting, MeetingOutcome, MeetingParticipant, MeetingStatus, User, utcnow
from eventsys.services import permissions
from eventsys.services.audit import record
from eventsys.services.errors import DomainError, InvalidInput, NotAllowed


def answer_attendance(
    session: Session,
    meeting: Meeting,
    actor: User,
    attendance: Attendance,
    outcome: MeetingOutcome | None = None,
    *,
    now: datetime | None = None,
) -> MeetingParticipant:
    """The actor's answer for `meeting` once its slot is over; a later answer replaces an earlier one."""
    participant = next((p for p in meeting.participants if p.user_id == actor.id and p.is_active), None)
    if participant is None:
        raise NotAllowed(_l("Only the meeting's participants answer whether it took place."))
    if meeting.status == MeetingStatus.CANCELLED:
        raise DomainError(_l("This meeting was cancelled."))
    if meeting.ends_at > (now or utcnow()):
        raise InvalidInput(_l("Answer once the meeting's slot is over."), field="attendance")
    if outcome is not None and attendance != Attendance.TOOK_PLACE:
        raise InvalidInput(_l("An outcome goes with a meeting that took place."), field="outcome")
    participant.attendance, participant.outcome = attendance, outcome
    session.flush()
    record(
        session,
        "meeting.attendance",
        meeting,
        actor=actor,
        fair_id=meeting.fair_id,
        attendance=attendance.value,
        outcome=outcome.value if outcome else None,
    )
    return participant


def _missed():
    """(user_id, meeting_id) of each person another participant said did not come."""
    other = aliased(MeetingParticipant)
    return (
        select(MeetingParticipant.user_id, MeetingParticipant.meeting_id)
        .join(
            other,
            and_(
                other.meeting_id == MeetingParticipant.meeting_id,
                other.user_id != MeetingParticipant.user_id,
                other.attendance == Attendance.OTHER_ABSENT,
            ),
        )
        .where(MeetingParticipant.is_active.is_(True))
        .distinct()
    )


def no_show_count(session: Session, user_id: int) -> int:
    """In how many meetings the other side said this person did not come."""
    missed = _missed().where(MeetingParticipant.user_id == user_id).subquery()
    return session.scalar(select(func.count()).select_from(missed)) or 0


def open_request_limit(limit: int, no_shows: int, *, allowed: int, penalty: int) -> int:
    """The open-request limit after no-shows: `allowed` are forgiven, each further one costs `penalty` (at least 1
    request stays, so a person can still make amends)."""
    return max(1, limit - max(0, no_shows - allowed) * penalty)


def get_repeated_no_shows(session: Session, fair_id: int, *, allowed: int) -> list[tuple[User, int]]:
    """The fair's people with more than `allowed` no-shows, most first: what organizers see."""
    missed = _missed().join(Meeting, Meeting.id == MeetingParticipant.meeting_id).where(Meeting.fair_id == fair_id)
    counts = Counter(user_id for user_id, _meeting in session.execute(missed))
    repeated = sorted(((n, user_id) for user_id, n in counts.items() if n > allowed), reverse=True)
    if not repeated:
        return []
    users = {u.id: u for u in session.scalars(select(User).where(User.id.in_([u for _n, u in repeated])))}
    return [(users[user_id], n) for n, user_id in repeated]


def get_outcome_counts(session: Session, fair_id: int) -> dict[MeetingOutcome, int]:
    """How many answers recorded each outcome at the fair's meetings (each side's answer counts once)."""
    rows = session.execute(
        select(MeetingParticipant.outcome, func.count())
        .join(Meeting, Meeting.id == MeetingParticipant.meeting_id)
        .where(Meeting.fair_id == fair_id, MeetingParticipant.outcome.is_not(None))
        .group_by(MeetingParticipant.outcome)
    )
    found = dict(rows.all())
    return {outcome: found.get(outcome, 0) for outcome in MeetingOutcome}


def mark_no_show(session: Session, meeting: Meeting, actor: User, *, held: bool = False) -> None:
    """An organizer records that a meeting did not happen (or did); participants are not notified."""
    if not permissions.manages_fair(actor, session.get(Fair, meeting.fair_id)):
        raise NotAllowed(_l("Only organizers record no-shows."))
    if meeting.status == MeetingStatus.CANCELLED:
        raise DomainError(_l("This meeting was cancelled."))
    if meeting.starts_at > utcnow():
        raise InvalidInput(_l("This meeting has not started yet."))
    meeting.status = MeetingStatus.HELD if held else MeetingStatus.NO_SHOW
    session.flush()
    record(session, "meeting.no_show" if not held else "meeting.held", meeting, actor=actor, fair_id=meeting.fair_id)
