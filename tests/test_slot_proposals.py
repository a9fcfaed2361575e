"""Three proposed slots at the service level: valid when proposed, re-checked when picked, answered once, and the
database's limits (one open proposal per request, at most three slots)."""

from __future__ import annotations

import email
import email.policy
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from eventsys.models import (
    Availability,
    Meeting,
    Notice,
    NoticeKind,
    OrganizationKind,
    ProposalStatus,
    ProposedSlot,
    RequestStatus,
    Role,
    SlotProposal,
)
from eventsys.services.errors import DomainError, InvalidInput, NotAllowed
from eventsys.services.meetings import booking, free_slots, proposals
from tests.conftest import create_organization, create_user
from tests.meeting_factories import accepted_request, at, create_center, create_meeting_fair, make_available

pytestmark = pytest.mark.usefixtures("app_context")
CAP = 8


@pytest.fixture
def setting(db, investor, startup, organizer_organization):
    """An accepted request whose sides are free on different days: no common slot."""
    fair = create_meeting_fair(db, organizer_id=organizer_organization.id)
    center = create_center(db, rooms=(("Room A", 4),))
    make_available(db, fair, investor, center, fair.starts_on)
    make_available(db, fair, startup, center, fair.starts_on + timedelta(days=1))
    request = accepted_request(db, fair, investor, startup)
    return fair, center, request


def three(fair, center, day=2):
    return [(center, at(fair, day, hour)) for hour in (10, 11, 14)]


def notices(db, user, kind) -> list[Notice]:
    return list(db.scalars(select(Notice).where(Notice.user_id == user.id, Notice.kind == kind)))


def test_there_is_no_common_slot_to_begin_with(db, setting):
    fair, center, request = setting
    assert free_slots.get_free_slots(db, request, [center], daily_cap=CAP) == []


def test_propose_three_slots_tells_the_other_side(db, setting, investor, startup, outbox):
    fair, center, request = setting
    proposal = proposals.propose(db, request, startup, three(fair, center), daily_cap=CAP)
    db.commit()
    assert proposal.status == ProposalStatus.OPEN and proposal.proposer_organization_id == startup.organization.id
    assert [slot.position for slot in proposal.slots] == [1, 2, 3]
    assert [slot.starts_at for slot in proposal.slots] == [start for _center, start in three(fair, center)]
    told = notices(db, investor, NoticeKind.SLOTS_PROPOSED)
    assert len(told) == 1 and told[0].params["organization"] == startup.organization.name
    assert notices(db, startup, NoticeKind.SLOTS_PROPOSED) == []
    assert any(investor.email in path.read_text() for path in outbox.glob("*.eml"))


def test_picking_books_the_meeting_with_the_booking_rules(db, setting, investor, startup):
    fair, center, request = setting
    proposal = proposals.propose(db, request, startup, three(fair, center), daily_cap=CAP)
    meeting = proposals.pick(db, proposal, investor, 2, daily_cap=CAP)
    db.commit()
    assert meeting.starts_at == at(fair, 2, 11) and meeting.room.center_id == center.id
    assert proposal.status == ProposalStatus.PICKED and proposal.meeting_id == meeting.id
    assert proposal.picked_position == 2 and proposal.answered_by_id == investor.id
    # Both sides now hold the slot as availability: they have both said they are free then.
    covered = db.scalar(select(func.count(Availability.id)).where(Availability.starts_at == at(fair, 2, 11)))
    assert covered == 2
    assert len(notices(db, startup, NoticeKind.MEETING_BOOKED)) == 1


def test_decline_tells_the_proposer_and_allows_a_new_proposal(db, setting, investor, startup):
    fair, center, request = setting
    proposal = proposals.propose(db, request, startup, three(fair, center), daily_cap=CAP)
    proposals.decline(db, proposal, investor)
    db.commit()
    assert proposal.status == ProposalStatus.DECLINED
    assert len(notices(db, startup, NoticeKind.SLOTS_DECLINED)) == 1
    with pytest.raises(DomainError, match="already been answered"):
        proposals.pick(db, proposal, investor, 1, daily_cap=CAP)
    db.rollback()
    again = proposals.propose(db, request, investor, three(fair, center, day=3), daily_cap=CAP)
    assert again.status == ProposalStatus.OPEN and proposals.get_open_proposal(db, request) == again


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda fair, center, slots: slots[:2], "exactly three"),
        (lambda fair, center, slots: [*slots, (center, at(fair, 3, 10))], "exactly three"),
        (lambda fair, center, slots: [slots[0], slots[0], slots[1]], "three different"),
        (lambda fair, center, slots: [(center, at(fair, 2, 7)), *slots[1:]], "Slot 1: That is not a meeting slot"),
        (lambda fair, center, slots: [*slots[:2], (center, at(fair, 2, 16, 45))], "Slot 3: That is not a meeting"),
        (lambda fair, center, slots: [*slots[:2], (center, at(fair, 2, 10, 10))], "Slot 3: That is not a meeting"),
        (lambda fair, center, slots: [*slots[:2], (center, at(fair, 5, 10))], "Slot 3: Choose a time during"),
    ],
)
def test_bad_slots_are_refused_and_nothing_is_written(db, setting, startup, change, message):
    fair, center, request = setting
    with pytest.raises(InvalidInput, match=message):
        proposals.propose(db, request, startup, change(fair, center, three(fair, center)), daily_cap=CAP)
    assert db.scalar(select(func.count(SlotProposal.id))) == 0


def test_a_past_slot_is_refused(db, setting, startup):
    fair, center, request = setting
    slots = three(fair, center)
    with pytest.raises(InvalidInput, match="Slot 1: That time has passed"):
        proposals.propose(db, request, startup, slots, daily_cap=CAP, now=slots[0][1] + timedelta(minutes=1))


def test_a_slot_where_the_proposer_is_busy_is_refused(db, setting, investor, startup, organizer_organization):
    fair, center, request = setting
    other = create_user(db, Role.INVESTOR)
    make_available(db, fair, other, center)
    make_available(db, fair, startup, center, fair.starts_on + timedelta(days=2))
    booked = accepted_request(db, fair, other, startup)
    booking.book_meeting(db, booked, startup, center=center, starts_at=at(fair, 2, 11), daily_cap=CAP)
    with pytest.raises(DomainError, match="Slot 2: One of you already has a meeting"):
        proposals.propose(db, request, startup, three(fair, center), daily_cap=CAP)


def test_only_the_sides_propose_and_only_the_other_side_answers(db, setting, investor, startup):
    fair, center, request = setting
    outsider = create_user(db, Role.STARTUP)
    organizer = create_user(db, Role.ORGANIZER, organization=create_organization(db, OrganizationKind.ORGANIZER))
    for user in (outsider, organizer):
        with pytest.raises(NotAllowed):
            proposals.propose(db, request, user, three(fair, center), daily_cap=CAP)
    proposal = proposals.propose(db, request, startup, three(fair, center), daily_cap=CAP)
    colleague = create_user(db, Role.STARTUP, organization=startup.organization)
    for user in (startup, colleague, outsider):
        with pytest.raises(NotAllowed):
            proposals.pick(db, proposal, user, 1, daily_cap=CAP)
        with pytest.raises(NotAllowed):
            proposals.decline(db, proposal, user)
    with pytest.raises(InvalidInput, match="one of the proposed"):
        proposals.pick(db, proposal, investor, 4, daily_cap=CAP)
    assert proposal.status == ProposalStatus.OPEN


def test_one_open_proposal_per_request(db, setting, investor, startup):
    fair, center, request = setting
    proposals.propose(db, request, startup, three(fair, center), daily_cap=CAP)
    with pytest.raises(DomainError, match="already waiting"):
        proposals.propose(db, request, investor, three(fair, center, day=3), daily_cap=CAP)


def test_not_for_a_request_that_is_not_accepted_or_already_booked(db, setting, investor, startup):
    fair, center, request = setting
    request.status = RequestStatus.OPEN
    with pytest.raises(InvalidInput, match="accepted"):
        proposals.propose(db, request, startup, three(fair, center), daily_cap=CAP)
    request.status = RequestStatus.ACCEPTED
    make_available(db, fair, investor, center, fair.starts_on + timedelta(days=1))
    booking.book_meeting(db, request, startup, center=center, starts_at=at(fair, 1, 10), daily_cap=CAP)
    with pytest.raises(DomainError, match="already has a meeting"):
        proposals.propose(db, request, startup, three(fair, center), daily_cap=CAP)


def test_a_slot_that_became_impossible_is_refused_when_picked(db, setting, investor, startup):
    """The startup books another meeting at slot 1 after proposing it: picking it says why, the proposal stays
    open and another slot can still be picked."""
    fair, center, request = setting
    proposal = proposals.propose(db, request, startup, three(fair, center), daily_cap=CAP)
    db.commit()
    other = create_user(db, Role.INVESTOR)
    make_available(db, fair, other, center)
    make_available(db, fair, startup, center, fair.starts_on + timedelta(days=2))
    booking.book_meeting(
        db, accepted_request(db, fair, other, startup), startup, center=center, starts_at=at(fair, 2, 10), daily_cap=CAP
    )
    db.commit()
    with pytest.raises(DomainError, match="no longer possible: One of you already has a meeting"):
        proposals.pick(db, proposal, investor, 1, daily_cap=CAP)
    db.rollback()
    proposal = db.get(SlotProposal, proposal.id)
    assert proposal.status == ProposalStatus.OPEN
    assert db.scalar(select(func.count(Meeting.id)).where(Meeting.request_id == request.id)) == 0
    meeting = proposals.pick(db, proposal, investor, 3, daily_cap=CAP)
    assert meeting.starts_at == at(fair, 2, 14)


def test_the_database_allows_one_open_proposal_and_three_slots(db, setting, investor, startup):
    fair, center, request = setting
    proposal = proposals.propose(db, request, startup, three(fair, center), daily_cap=CAP)
    db.commit()
    db.add(ProposedSlot(proposal_id=proposal.id, position=4, center_id=center.id, starts_at=at(fair, 3, 10)))
    with pytest.raises(IntegrityError):
        db.flush()
    db.rollback()
    db.add(ProposedSlot(proposal_id=proposal.id, position=1, center_id=center.id, starts_at=at(fair, 3, 10)))
    with pytest.raises(IntegrityError):
        db.flush()
    db.rollback()
    db.add(
        SlotProposal(
            request_id=request.id,
            proposer_id=investor.id,
            proposer_organization_id=investor.organization.id,
            status=ProposalStatus.OPEN,
        )
    )
    with pytest.raises(IntegrityError):
        db.flush()
    db.rollback()


def test_the_notices_are_mailed_in_the_recipients_language(db, setting, investor, startup, outbox):
    fair, center, request = setting
    investor.locale, startup.locale = "ja", "es"
    proposal = proposals.propose(db, request, startup, three(fair, center), daily_cap=CAP)
    db.commit()
    proposals.decline(db, proposal, investor)
    db.commit()
    texts = {}
    for path in sorted(outbox.glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        texts[str(message["To"])] = message.get_body(preferencelist=("plain",)).get_content()
    [to_investor] = [text for to, text in texts.items() if investor.email in to]
    [to_startup] = [text for to, text in texts.items() if startup.email in to]
    assert "3つの時間枠を提案しました" in to_investor
    assert "rechazó los tres horarios" in to_startup
