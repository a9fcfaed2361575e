"""Proposed slots for programs: when an accepted request has no common free slot, one side proposes three, and
the other accepts one (which books the meeting) or declines them; the proposer may withdraw them while open.
The same services as the HTML pages (services.meetings.proposals), so the same rules and the same notices."""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, current_app
from flask_babel import gettext as _
from flask_login import current_user
from pydantic import AwareDatetime, Field

from eventsys.access import load_proposal, load_request
from eventsys.api.meetings import Meeting
from eventsys.api.schemas import Id, Schema, Timestamp
from eventsys.api.spec import answers, login_required, spec
from eventsys.extensions import db
from eventsys.models import SLOTS_PER_PROPOSAL, Center, ProposalStatus
from eventsys.models import SlotProposal as ProposalRecord
from eventsys.services.errors import InvalidInput
from eventsys.services.meetings import proposals as proposal_service
from eventsys.services.meetings.booking import daily_cap

bp = Blueprint("proposals", __name__)
TAGS = ("meetings",)


class ProposedSlot(Schema):
    position: int = Field(description="1 to 3, soonest first; what accept names")
    center: int = Field(description="The center's id")
    center_slug: str
    starts_at: Timestamp
    local_start: Timestamp = Field(description="The start in the center's zone")


class Proposal(Schema):
    """Three slots one side of an accepted request proposed to the other."""

    id: int
    request: int = Field(description="The meeting request's id")
    status: ProposalStatus = Field(description="open, picked, declined, withdrawn (by the proposer) or superseded")
    proposed_by: int = Field(description="The proposing side's organization id")
    answerable: bool = Field(description="Whether I may accept or decline it (open, and proposed to my side)")
    withdrawable: bool = Field(description="Whether I may withdraw it (open, and proposed by my side)")
    picked_position: int | None
    meeting: int | None = Field(description="The meeting picked from it, or booked another way that superseded it")
    created_at: Timestamp
    slots: list[ProposedSlot]

    @classmethod
    def of(cls, proposal: ProposalRecord, my_side: int | None) -> Proposal:
        is_open = proposal.status == ProposalStatus.OPEN
        mine = my_side is not None and my_side == proposal.proposer_organization_id
        return cls(
            id=proposal.id,
            request=proposal.request_id,
            status=proposal.status,
            proposed_by=proposal.proposer_organization_id,
            answerable=is_open and my_side is not None and not mine,
            withdrawable=is_open and mine,
            picked_position=proposal.picked_position,
            meeting=proposal.meeting_id,
            created_at=proposal.created_at,
            slots=[
                ProposedSlot(
                    position=slot.position,
                    center=slot.center_id,
                    center_slug=slot.center.slug,
                    starts_at=slot.starts_at,
                    local_start=slot.starts_at.astimezone(slot.center.zone),
                )
                for slot in proposal.slots
            ],
        )


class ProposalList(Schema):
    proposals: list[Proposal] = Field(description="On requests of my organization, newest first")


class SlotPlace(Schema):
    center: Id = Field(description="The center's id")
    starts_at: AwareDatetime = Field(description="ISO 8601 with its UTC offset, on the center's slot grid")


class SlotsToPropose(Schema):
    slots: list[SlotPlace] = Field(max_length=10, description="Exactly three different slots")


class PositionChoice(Schema):
    position: int = Field(ge=1, le=SLOTS_PER_PROPOSAL, description="The proposed slot's position, 1 to 3")


def _answer(proposal: ProposalRecord) -> Proposal:
    db.session.refresh(proposal)
    return Proposal.of(proposal, proposal_service.side_of(db.session, proposal.request, current_user))


@bp.get("/meetings/proposals")
@login_required()
@spec.validate(resp=answers(ProposalList, 401), tags=TAGS)
def list_proposals():
    """Proposed slots on my organization's requests, open or ended, newest first."""
    found = proposal_service.get_proposals_of(db.session, current_user)
    return ProposalList(
        proposals=[Proposal.of(p, proposal_service.side_of(db.session, p.request, current_user)) for p in found]
    )


@bp.post("/meetings/requests/<int:request_id>/proposals")
@login_required()
@spec.validate(resp=answers(Proposal, 400, 401, 403, 404, 409, 422, status=201), tags=TAGS)
def propose_slots(request_id: int, json: SlotsToPropose):
    """Propose three slots of an accepted request to the other side, who is told."""
    meeting_request = load_request(request_id)
    proposal_service.proposing_side(db.session, meeting_request, current_user)  # who asks, before what they sent
    slots: list[tuple[Center, datetime]] = []
    for number, place in enumerate(json.slots, start=1):
        center = db.session.get(Center, place.center)
        if center is None:
            raise InvalidInput(_("Slot %(number)d: no such center.", number=number), field="slots")
        slots.append((center, place.starts_at))
    proposal = proposal_service.propose(
        db.session, meeting_request, current_user, slots, daily_cap=daily_cap(current_app.config)
    )
    db.session.commit()  # the notice to the other side goes with this commit
    return _answer(proposal), 201


@bp.post("/meetings/proposals/<int:proposal_id>/accept")
@login_required()
@spec.validate(resp=answers(Meeting, 400, 401, 403, 404, 409, 422, status=201), tags=TAGS)
def accept_slot(proposal_id: int, json: PositionChoice):
    """Accept one proposed slot: the meeting is booked with every booking rule, both are sent invitations."""
    proposal = load_proposal(proposal_id)
    meeting = proposal_service.pick(
        db.session, proposal, current_user, json.position, daily_cap=daily_cap(current_app.config)
    )
    answer = Meeting.of(meeting)
    db.session.commit()
    return answer, 201


@bp.post("/meetings/proposals/<int:proposal_id>/decline")
@login_required()
@spec.validate(resp=answers(Proposal, 401, 403, 404, 409), tags=TAGS)
def decline_slots(proposal_id: int):
    """Decline all three proposed slots; the proposer is told."""
    proposal = load_proposal(proposal_id)
    proposal_service.decline(db.session, proposal, current_user)
    db.session.commit()
    return _answer(proposal)


@bp.post("/meetings/proposals/<int:proposal_id>/withdraw")
@login_required()
@spec.validate(resp=answers(Proposal, 401, 403, 404, 409), tags=TAGS)
def withdraw_slots(proposal_id: int):
    """Withdraw my side's open proposal; the other side is told."""
    proposal = load_proposal(proposal_id)
    proposal_service.withdraw(db.session, proposal, current_user)
    db.session.commit()
    return _answer(proposal)
