"""How an open proposal ends besides a pick or a decline: withdrawn by its proposer, or superseded in the same
transaction when the pair gets a meeting another way (slot picker, organizer, scheduler); the scheduler leaves a
pair with open slots to the people; and the database's one-picked-slot and one-meeting-per-proposal rules."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from eventsys.models import Notice, NoticeKind, OrganizationKind, ProposalStatus, Role, SlotProposal
from eventsys.services.errors import DomainError, NotAllowed
from eventsys.services.meetings import booking, proposals
from eventsys.services.meetings import runs as schedule_runs
from tests.conftest import create_organization, create_user
from tests.meeting_factories import accepted_request, at, create_center, create_meeting_fair, make_available

pytestmark = pytest.mark.usefixtures("app_context")
CAP = 8


@pytest.fixture
def setting(db, investor, startup, organizer_organization):
    """An accepted request whose sides are free on different days, and an open proposal by the startup."""
    fair = create_meeting_fair(db, organizer_id=organizer_organization.id)
    center = create_center(db, rooms=(("Room A", 4),))
    make_available(db, fair, investor, center, fair.starts_on)
    make_available(db, fair, startup, center, fair.starts_on + timedelta(days=1))
    request = accepted_request(db, fair, investor, startup)
    proposal = proposals.propose(db, request, startup, [(center, at(fair, 2, h)) for h in (10, 11, 14)], daily_cap=CAP)
    db.commit()
    return fair, center, request, proposal


def notices_of(db, user, kind) -> list[Notice]:
    return list(db.scalars(select(Notice).where(Notice.user_id == user.id, Notice.kind == kind)))


def test_the_proposer_withdraws_and_the_other_side_is_told(db, setting, investor, startup, outbox):
    fair, center, request, proposal = setting
    mails_before = len(list(outbox.glob("*.eml")))
    proposals.withdraw(db, proposal, startup)
    db.commit()
    assert proposal.status == ProposalStatus.WITHDRAWN and proposal.answered_by_id == startup.id
    [told] = notices_of(db, investor, NoticeKind.SLOTS_WITHDRAWN)
    assert told.params["organization"] == startup.organization.name and told.params["request_id"] == request.id
    assert notices_of(db, startup, NoticeKind.SLOTS_WITHDRAWN) == []
    assert len(list(outbox.glob("*.eml"))) == mails_before + 1
    # Nothing is left to pick, and either side may propose again.
    with pytest.raises(DomainError, match="already been answered"):
        proposals.pick(db, proposal, investor, 1, daily_cap=CAP)
    db.rollback()
    again = proposals.propose(db, request, investor, [(center, at(fair, 3, h)) for h in (10, 11, 12)], daily_cap=CAP)
    assert again.status == ProposalStatus.OPEN


def test_a_colleague_of_the_proposer_may_withdraw_but_nobody_else(db, setting, investor, startup):
    fair, center, request, proposal = setting
    outsider = create_user(db, Role.STARTUP)
    organizer = create_user(db, Role.ORGANIZER, organization=create_organization(db, OrganizationKind.ORGANIZER))
    for user in (investor, outsider, organizer):
        with pytest.raises(NotAllowed, match="Only the side that proposed"):
            proposals.withdraw(db, proposal, user)
    assert db.get(SlotProposal, proposal.id).status == ProposalStatus.OPEN
    assert notices_of(db, investor, NoticeKind.SLOTS_WITHDRAWN) == []
    colleague = create_user(db, Role.STARTUP, organization=startup.organization)
    proposals.withdraw(db, proposal, colleague)
    assert proposal.status == ProposalStatus.WITHDRAWN


def test_an_answered_proposal_cannot_be_withdrawn(db, setting, investor, startup, outbox):
    fair, center, request, proposal = setting
    proposals.decline(db, proposal, investor)
    db.commit()
    with pytest.raises(DomainError, match="already been answered"):
        proposals.withdraw(db, proposal, startup)
    db.rollback()
    assert db.get(SlotProposal, proposal.id).status == ProposalStatus.DECLINED
    assert notices_of(db, investor, NoticeKind.SLOTS_WITHDRAWN) == []


def test_a_meeting_booked_in_the_slot_picker_supersedes_the_proposal(db, setting, investor, startup):
    fair, center, request, proposal = setting
    make_available(db, fair, investor, center, fair.starts_on + timedelta(days=1))  # now a common day
    meeting = booking.book_meeting(db, request, investor, center=center, starts_at=at(fair, 1, 10), daily_cap=CAP)
    db.commit()
    db.refresh(proposal)
    assert proposal.status == ProposalStatus.SUPERSEDED and proposal.meeting_id == meeting.id
    assert proposal.picked_position is None and proposal.answered_by_id is None
    assert proposals.get_open_proposal(db, request) is None


def test_a_refused_booking_leaves_the_proposal_open(db, setting, investor):
    fair, center, request, proposal = setting
    with pytest.raises(DomainError, match="not available"):
        booking.book_meeting(db, request, investor, center=center, starts_at=at(fair, 1, 10), daily_cap=CAP)
    db.rollback()
    assert db.get(SlotProposal, proposal.id).status == ProposalStatus.OPEN


def test_an_organizer_booking_supersedes_it_too(db, setting, organizer):
    fair, center, request, proposal = setting
    make_available(db, fair, request.requester, center, fair.starts_on + timedelta(days=1))
    meeting = booking.book_meeting(db, request, organizer, center=center, starts_at=at(fair, 1, 11), daily_cap=CAP)
    db.commit()
    db.refresh(proposal)
    assert proposal.status == ProposalStatus.SUPERSEDED and proposal.meeting_id == meeting.id


def test_a_pick_is_not_superseded_by_its_own_meeting(db, setting, investor):
    fair, center, request, proposal = setting
    meeting = proposals.pick(db, proposal, investor, 2, daily_cap=CAP)
    db.commit()
    db.refresh(proposal)
    assert proposal.status == ProposalStatus.PICKED and proposal.meeting_id == meeting.id


def test_the_scheduler_leaves_a_pair_with_open_slots_to_the_people(db, setting, investor, startup, organizer):
    """Even with common time the scheduler books nothing for the pair while its slots await an answer; once
    they are withdrawn it books the pair."""
    fair, center, request, proposal = setting
    make_available(db, fair, investor, center, fair.starts_on + timedelta(days=1))
    run = schedule_runs.run_scheduler(db, fair, organizer, daily_cap=CAP)
    assert run.scheduled == 0 and run.result["reasons"] == {str(request.id): "proposal_open"}
    assert run.result["violations"] == [] and run.upper_bound == 0
    proposals.withdraw(db, proposal, startup)
    run = schedule_runs.run_scheduler(db, fair, organizer, daily_cap=CAP)
    assert run.scheduled == 1 and run.upper_bound == 1


def test_publishing_skips_a_pair_that_proposed_since_the_preview(db, setting, investor, startup, organizer):
    fair, center, request, proposal = setting
    proposals.withdraw(db, proposal, startup)
    make_available(db, fair, investor, center, fair.starts_on + timedelta(days=1))
    run = schedule_runs.run_scheduler(db, fair, organizer, daily_cap=CAP)
    assert run.scheduled == 1
    again = proposals.propose(db, request, investor, [(center, at(fair, 3, h)) for h in (10, 11, 12)], daily_cap=CAP)
    created, skipped = schedule_runs.publish_run(db, run, organizer, daily_cap=CAP)
    assert created == [] and skipped == 1 and again.status == ProposalStatus.OPEN


def test_the_publishers_create_meeting_supersedes_a_proposal_too(db, setting, investor, startup):
    """publish_run inserts through create_meeting, which closes the pair's open proposal in its transaction."""
    fair, center, request, proposal = setting
    meeting = booking.create_meeting(db, request, center.rooms[0], at(fair, 1, 10), at(fair, 1, 10, 30))
    db.refresh(proposal)
    assert proposal.status == ProposalStatus.SUPERSEDED and proposal.meeting_id == meeting.id


def test_the_database_holds_one_picked_slot_and_one_meeting_per_proposal(db, setting, investor, startup):
    fair, center, request, proposal = setting
    meeting = proposals.pick(db, proposal, investor, 1, daily_cap=CAP)
    db.commit()
    # Only a picked proposal holds a picked position.
    proposal.status = ProposalStatus.WITHDRAWN
    with pytest.raises(IntegrityError):
        db.flush()
    db.rollback()
    # A meeting comes of one proposal only.
    other = SlotProposal(
        request_id=request.id,
        proposer_id=investor.id,
        proposer_organization_id=investor.organization.id,
        status=ProposalStatus.DECLINED,
        meeting_id=meeting.id,
    )
    db.add(other)
    with pytest.raises(IntegrityError):
        db.flush()
    db.rollback()
