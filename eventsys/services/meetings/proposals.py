"""Three slots one side proposes when an accepted request has no common free slot; the other side picks one or
declines them all.

A slot must be bookable when proposed by every rule but the other side's entered availability (center open, a
fair day, on the center's slot grid, in the future, neither side busy, on booth duty or at the daily cap, a room
free). Picking one re-checks everything through the booking service, after adding the slot to both sides'
availability (they have now both said they are free then); a slot that has meanwhile become impossible is
refused with the reason and the proposal stays open.

The database keeps the rules that must never break: one open proposal per request (a partial unique index), at
most three slots each (a check on the position), one picked slot (a single column, held only when picked), one
meeting per proposal (a unique index on meeting_id), and a proposal is answered once: the answer (pick, decline,
withdraw) is a conditional UPDATE from open, so of two clicks at once the second waits for the first and then
finds nothing to answer. A meeting booked another way supersedes the open proposal (proposal_closing).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from eventsys.models import (
    SLOTS_PER_PROPOSAL,
    Availability,
    Center,
    Fair,
    Meeting,
    MeetingRequest,
    NoticeKind,
    ProposalStatus,
    ProposedSlot,
    RequestStatus,
    SlotProposal,
    User,
    utcnow,
)
from eventsys.services.audit import record
from eventsys.services.errors import DomainError, InvalidInput, NotAllowed
from eventsys.services.meetings import availability as availability_service
from eventsys.services.meetings import booking
from eventsys.services.meetings.notices import notify_about_slots
from eventsys.services.meetings.proposal_closing import lock_request
from eventsys.services.meetings.requests import is_member


def get_open_proposal(session: Session, request: MeetingRequest) -> SlotProposal | None:
    return session.scalar(
        select(SlotProposal).where(SlotProposal.request_id == request.id, SlotProposal.status == ProposalStatus.OPEN)
    )


def get_last_proposal(session: Session, request: MeetingRequest) -> SlotProposal | None:
    """The request's newest proposal, open or answered."""
    return session.scalar(
        select(SlotProposal)
        .where(SlotProposal.request_id == request.id)
        .order_by(SlotProposal.created_at.desc(), SlotProposal.id.desc())
        .limit(1)
    )


def get_proposals_of(session: Session, user: User, *, open_only: bool = False) -> list[SlotProposal]:
    """Proposals on requests either side of which is one of the user's organizations, newest first."""
    org_ids = [membership.organization_id for membership in user.memberships]
    query = (
        select(SlotProposal)
        .join(MeetingRequest, MeetingRequest.id == SlotProposal.request_id)
        .where(
            or_(
                MeetingRequest.requester_organization_id.in_(org_ids),
                MeetingRequest.recipient_organization_id.in_(org_ids),
            )
        )
        .options(selectinload(SlotProposal.slots).selectinload(ProposedSlot.center))
        .order_by(SlotProposal.created_at.desc(), SlotProposal.id.desc())
    )
    if open_only:
        query = query.where(SlotProposal.status == ProposalStatus.OPEN)
    return list(session.scalars(query))


def side_of(session: Session, request: MeetingRequest, user: User) -> int | None:
    """The organization id of the side `user` belongs to, or None for everybody else (organizers included)."""
    for organization_id in (request.requester_organization_id, request.recipient_organization_id):
        if is_member(session, user, organization_id):
            return organization_id
    return None


def other_side(request: MeetingRequest, organization_id: int) -> int:
    if organization_id == request.requester_organization_id:
        return request.recipient_organization_id
    return request.requester_organization_id


def person_of(request: MeetingRequest, organization_id: int) -> User:
    """The person who meets for that side of an accepted request."""
    return request.requester if organization_id == request.requester_organization_id else request.recipient


def proposing_side(session: Session, request: MeetingRequest, actor: User) -> int:
    """The organization id `actor` proposes for, or NotAllowed (the request's fair's organizers included)."""
    side = side_of(session, request, actor)
    if side is None:
        raise NotAllowed(_l("Only the two sides of the request propose slots."))
    return side


def propose(
    session: Session,
    request: MeetingRequest,
    actor: User,
    slots: list[tuple[Center, datetime]],
    *,
    daily_cap: int,
    now: datetime | None = None,
) -> SlotProposal:
    """Propose exactly three different slots to the other side, each bookable now; they are told after commit."""
    now = now or utcnow()
    side = proposing_side(session, request, actor)
    if request.status != RequestStatus.ACCEPTED or request.recipient_id is None:
        raise InvalidInput(_l("Only an accepted request can be booked."))
    lock_request(session, request.id)  # a booking at this moment waits, then supersedes what we insert
    if booking.get_live_meeting(session, request) is not None:
        raise DomainError(_l("This request already has a meeting."))
    if len(slots) != SLOTS_PER_PROPOSAL:
        raise InvalidInput(_l("Propose exactly three slots."), field="slots")
    if len({(center.id, start) for center, start in slots}) != len(slots):
        raise InvalidInput(_l("Propose three different slots."), field="slots")
    if get_open_proposal(session, request) is not None:
        raise DomainError(_l("Your slots, or the other side's, are already waiting for an answer."))
    for number, (center, start) in enumerate(slots, start=1):
        _check_proposed(session, request, center, start, number, daily_cap=daily_cap, now=now)
    proposal = SlotProposal(
        request_id=request.id,
        proposer_id=actor.id,
        proposer_organization_id=side,
        status=ProposalStatus.OPEN,
        slots=[
            ProposedSlot(position=number, center_id=center.id, starts_at=start)
            for number, (center, start) in enumerate(sorted(slots, key=lambda slot: slot[1]), start=1)
        ],
    )
    try:
        with session.begin_nested():
            session.add(proposal)
            session.flush()
    except IntegrityError:
        raise DomainError(_l("Your slots, or the other side's, are already waiting for an answer.")) from None
    record(session, "meeting.propose_slots", proposal, actor=actor, fair_id=request.fair_id, request=request.id)
    answering = other_side(request, side)
    notify_about_slots(session, request, NoticeKind.SLOTS_PROPOSED, person_of(request, answering), side)
    return proposal


def _check_proposed(
    session: Session, request: MeetingRequest, center: Center, start: datetime, number: int, *, daily_cap, now
) -> None:
    try:
        booking.check_slot(session, request, center, start, daily_cap=daily_cap, now=now, check_availability=False)
        if not booking.free_rooms(session, center, start):
            raise DomainError(_l("All rooms are taken at that time. Choose another slot."))
    except DomainError as error:
        message = _l("Slot %(number)d: %(reason)s", number=number, reason=error.message)
        raise type(error)(message, field="slots") from None


def pick(
    session: Session,
    proposal: SlotProposal,
    actor: User,
    position: int,
    *,
    daily_cap: int,
    now: datetime | None = None,
) -> Meeting:
    """The other side picks one slot: it is booked with every booking rule, or refused and the proposal stays open."""
    request = proposal.request
    _check_answerer(session, proposal, actor)
    slot = next((s for s in proposal.slots if s.position == position), None)
    if slot is None:
        raise InvalidInput(_l("Choose one of the proposed slots."), field="position")
    # The booking's lock order (people, request, proposal), so a pick and a booking at once never deadlock.
    booking.lock_people(session, [user_id for user_id, _org in booking.request_people(request)])
    lock_request(session, request.id)
    _answer(session, proposal, actor, ProposalStatus.PICKED, picked_position=position)
    center, fair = session.get(Center, slot.center_id), session.get(Fair, request.fair_id)
    ends_at = slot.starts_at + timedelta(minutes=center.slot_minutes)
    for user_id, _org in booking.request_people(request):
        if not availability_service.is_available(session, fair, user_id, center.id, slot.starts_at, ends_at):
            session.add(
                Availability(
                    fair_id=request.fair_id,
                    user_id=user_id,
                    center_id=center.id,
                    starts_at=slot.starts_at,
                    ends_at=ends_at,
                )
            )
    session.flush()
    try:
        meeting = booking.book_meeting(
            session, request, actor, center=center, starts_at=slot.starts_at, daily_cap=daily_cap, now=now
        )
    except DomainError as error:
        raise type(error)(
            _l("That slot is no longer possible: %(reason)s Pick another or decline them.", reason=error.message),
            field="position",
        ) from None
    proposal.meeting_id = meeting.id
    session.flush()
    record(session, "meeting.pick_slot", proposal, actor=actor, fair_id=request.fair_id, meeting=meeting.id)
    return meeting


def decline(session: Session, proposal: SlotProposal, actor: User) -> None:
    """The other side declines all three slots; the proposer is told after commit."""
    request = proposal.request
    _check_answerer(session, proposal, actor)
    _answer(session, proposal, actor, ProposalStatus.DECLINED)
    record(session, "meeting.decline_slots", proposal, actor=actor, fair_id=request.fair_id)
    answering = other_side(request, proposal.proposer_organization_id)
    notify_about_slots(session, request, NoticeKind.SLOTS_DECLINED, proposal.proposer, answering)


def withdraw(session: Session, proposal: SlotProposal, actor: User) -> None:
    """The proposer's side takes its open slots back; the other side is told after commit."""
    request = proposal.request
    if side_of(session, request, actor) != proposal.proposer_organization_id:
        raise NotAllowed(_l("Only the side that proposed the slots withdraws them."))
    _answer(session, proposal, actor, ProposalStatus.WITHDRAWN)
    record(session, "meeting.withdraw_slots", proposal, actor=actor, fair_id=request.fair_id)
    answering = other_side(request, proposal.proposer_organization_id)
    notify_about_slots(
        session, request, NoticeKind.SLOTS_WITHDRAWN, person_of(request, answering), proposal.proposer_organization_id
    )


def _check_answerer(session: Session, proposal: SlotProposal, actor: User) -> None:
    side = side_of(session, proposal.request, actor)
    if side is None or side == proposal.proposer_organization_id:
        raise NotAllowed(_l("Only the other side answers proposed slots."))


def _answer(session: Session, proposal: SlotProposal, actor: User, status: ProposalStatus, **values) -> None:
    """Move the proposal from open to `status`, or refuse: a second answer (two clicks at once) finds none open.

    On PostgreSQL the second UPDATE waits for the first transaction and then re-reads the row; if the first
    rolled back (its booking was refused), the second goes ahead.
    """
    answered = session.execute(
        update(SlotProposal)
        .where(SlotProposal.id == proposal.id, SlotProposal.status == ProposalStatus.OPEN)
        .values(status=status, answered_by_id=actor.id, answered_at=utcnow(), **values)
        .execution_options(synchronize_session=False)
    )
    if answered.rowcount != 1:
        session.expire(proposal)
        raise DomainError(_l("These slots have already been answered."))
    session.expire(proposal)
