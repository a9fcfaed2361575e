"""A proposal of slots and a booking by the slot picker for the same pair at once, on PostgreSQL: never open slots
beside a booked meeting. Either the booking supersedes the proposal in its own transaction, or the proposal is
refused because the meeting exists.

Each side runs in its own thread, session and connection, released together by a barrier; the slot checks are
slowed so that each is still checking when the other writes. The guarantee is the request's row lock that
propose() and every booking take (proposal_closing.lock_request); the negative control switches it off and shows
an open proposal beside the live meeting.
"""

from __future__ import annotations

import threading
import time as clock
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from eventsys.extensions import db
from eventsys.models import (
    Center,
    Meeting,
    MeetingRequest,
    MeetingStatus,
    OrganizationKind,
    ProposalStatus,
    Role,
    SlotProposal,
    User,
)
from eventsys.services.errors import DomainError
from eventsys.services.meetings import booking, proposal_closing, proposals
from tests.conftest import create_organization, create_user
from tests.live_database import live_app
from tests.meeting_factories import accepted_request, at, create_center, create_meeting_fair, make_available

pytestmark = [pytest.mark.timeout(300), pytest.mark.postgres]


def _seed(app) -> dict:
    """An accepted pair with one common day (day 1) for the booking, and three other slots to propose (day 2)."""
    with app.app_context(), app.test_request_context():
        organizer = create_organization(db.session, OrganizationKind.ORGANIZER)
        fair = create_meeting_fair(db.session, organizer_id=organizer.id)
        center = create_center(db.session, rooms=[("Room A", 2), ("Room B", 2)])
        investor, startup = create_user(db.session, Role.INVESTOR), create_user(db.session, Role.STARTUP)
        for user in (investor, startup):
            make_available(db.session, fair, user, center, fair.starts_on + timedelta(days=1))
        request = accepted_request(db.session, fair, investor, startup)
        db.session.commit()
        return {
            "request": request.id,
            "center": center.id,
            "investor": investor.id,
            "startup": startup.id,
            "book_at": at(fair, 1, 10),
            "propose_at": [at(fair, 2, hour) for hour in (10, 11, 12)],
        }


def _race(app, seed: dict) -> list[str]:
    barrier = threading.Barrier(2, timeout=60)
    outcomes: list[str] = []

    def act(kind: str) -> None:
        with app.app_context(), app.test_request_context():
            request = db.session.get(MeetingRequest, seed["request"])
            center = db.session.get(Center, seed["center"])
            barrier.wait()
            try:
                if kind == "book":
                    actor = db.session.get(User, seed["investor"])
                    booking.book_meeting(
                        db.session, request, actor, center=center, starts_at=seed["book_at"], daily_cap=8
                    )
                else:
                    actor = db.session.get(User, seed["startup"])
                    slots = [(center, start) for start in seed["propose_at"]]
                    proposals.propose(db.session, request, actor, slots, daily_cap=8)
                db.session.commit()
                outcomes.append(f"{kind}: done")
            except DomainError as error:
                db.session.rollback()
                outcomes.append(f"{kind}: refused ({error.message})")
            except Exception as error:  # noqa: BLE001 - reported below
                outcomes.append(f"{kind}: error {error!r}")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=act, args=(kind,)) for kind in ("book", "propose")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


def _state(app, request_id: int) -> tuple[int, int]:
    """(live meetings, open proposals) of the request."""
    with app.app_context():
        live = db.session.scalar(
            select(func.count(Meeting.id)).where(
                Meeting.request_id == request_id, Meeting.status != MeetingStatus.CANCELLED
            )
        )
        open_ = db.session.scalar(
            select(func.count(SlotProposal.id)).where(
                SlotProposal.request_id == request_id, SlotProposal.status == ProposalStatus.OPEN
            )
        )
        return live, open_


@pytest.fixture
def slow_slot_check(monkeypatch):
    """Each side is still checking slots (the proposal three of them) when the other writes."""
    original = booking.check_slot

    def slowed(*args, **kwargs):
        ends = original(*args, **kwargs)
        clock.sleep(0.3)
        return ends

    monkeypatch.setattr(booking, "check_slot", slowed)


@pytest.mark.usefixtures("slow_slot_check")
def test_a_proposal_and_a_booking_at_once_never_leave_open_slots_beside_a_meeting(tmp_path):
    with live_app("postgresql", tmp_path) as app:
        seed = _seed(app)
        outcomes = _race(app, seed)
        assert not any("error" in outcome for outcome in outcomes), outcomes
        assert _state(app, seed["request"]) == (1, 0)
        with app.app_context():
            proposal = db.session.scalar(select(SlotProposal).where(SlotProposal.request_id == seed["request"]))
            if proposal is not None:  # the proposal came first: the booking superseded it
                assert proposal.status == ProposalStatus.SUPERSEDED and proposal.meeting_id is not None
            else:  # the booking came first: the proposal was refused
                assert "propose: refused (This request already has a meeting.)" in outcomes


@pytest.mark.usefixtures("slow_slot_check")
def test_negative_control_without_the_request_lock_slots_stay_open_beside_the_meeting(tmp_path, monkeypatch):
    monkeypatch.setattr(proposal_closing, "lock_request", lambda session, request_id: None)
    monkeypatch.setattr(booking, "lock_request", lambda session, request_id: None)
    monkeypatch.setattr(proposals, "lock_request", lambda session, request_id: None)
    with live_app("postgresql", tmp_path) as app:
        seed = _seed(app)
        assert _race(app, seed) == ["book: done", "propose: done"]  # the race is real
        assert _state(app, seed["request"]) == (1, 1)
