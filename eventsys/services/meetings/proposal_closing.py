"""A meeting booked another way (slot picker, organizer, scheduler, online) closes the pair's open proposal.

Both sides of that race take the request's row first: propose() before it looks for a live meeting, and every
booking before it inserts the meeting. So either the proposal is committed first and the booking then marks it
superseded in its own transaction, or the booking is committed first and propose() then finds the meeting and
refuses. Without the lock both could pass their checks, leaving open slots beside a booked meeting.

This module needs neither booking nor proposals, so both import it.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from eventsys.models import Meeting, MeetingRequest, ProposalStatus, SlotProposal, utcnow


def lock_request(session: Session, request_id: int) -> None:
    """Hold the request's row until the transaction ends (FOR NO KEY UPDATE: inserts that refer to it go on).

    Take it after the people's rows (booking.lock_people), never before, so that no two transactions wait on
    each other. SQLite needs nothing: a writing transaction already holds the database's write lock.
    """
    session.execute(select(MeetingRequest.id).where(MeetingRequest.id == request_id).with_for_update(key_share=True))


def supersede_open_proposal(session: Session, meeting: Meeting) -> int:
    """Mark the request's open proposal superseded by `meeting`; return how many were (0 or 1)."""
    if meeting.request_id is None:
        return 0
    closed = session.execute(
        update(SlotProposal)
        .where(SlotProposal.request_id == meeting.request_id, SlotProposal.status == ProposalStatus.OPEN)
        .values(status=ProposalStatus.SUPERSEDED, meeting_id=meeting.id, answered_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return closed.rowcount
