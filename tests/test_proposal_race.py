"""Two people of the answering side pick two of the three proposed slots at once, on PostgreSQL: one meeting is
booked and the other click is refused; the proposal is answered once.

Each pick runs proposals.pick in its own thread, session and connection, released together by a barrier; the
booking's slot check is slowed so that a pick that got past the answer would still be checking when the other
arrives. The guarantee is the answer's conditional UPDATE from open: the second waits on the proposal's row and
then finds nothing open. The second test shows that it alone suffices (the booking's own guards, the people's and
the request's row locks and the one-live-meeting-per-request index, switched off); the negative control also
replaces the conditional UPDATE by a check in Python and shows that the test then sees two meetings for one request.
"""

from __future__ import annotations

import threading
import time as clock
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text

from eventsys.extensions import db
from eventsys.models import Meeting, MeetingRequest, OrganizationKind, ProposalStatus, Role, SlotProposal, User
from eventsys.services.errors import DomainError
from eventsys.services.meetings import booking, free_slots, proposals
from eventsys.services.meetings import centers as center_service
from tests.conftest import create_organization, create_user
from tests.live_database import live_app
from tests.meeting_factories import accepted_request, at, create_center, create_meeting_fair, make_available

pytestmark = [pytest.mark.timeout(300), pytest.mark.postgres]


def _seed(app) -> tuple[int, list[int]]:
    """A proposal by the startup, and the investor and a colleague of the investor's firm to pick."""
    with app.app_context(), app.test_request_context():
        organizer = create_organization(db.session, OrganizationKind.ORGANIZER)
        fair = create_meeting_fair(db.session, organizer_id=organizer.id)
        center = create_center(db.session, rooms=[("Room A", 2), ("Room B", 2)])
        investor, startup = create_user(db.session, Role.INVESTOR), create_user(db.session, Role.STARTUP)
        colleague = create_user(db.session, Role.INVESTOR, organization=investor.organization)
        make_available(db.session, fair, investor, center, fair.starts_on)
        make_available(db.session, fair, startup, center, fair.starts_on + timedelta(days=1))
        request = accepted_request(db.session, fair, investor, startup)
        slots = [(center, at(fair, 2, hour)) for hour in (10, 11, 12)]
        proposal = proposals.propose(db.session, request, startup, slots, daily_cap=8)
        db.session.commit()
        return proposal.id, [investor.id, colleague.id]


def _pick_both(app, proposal_id: int, picker_ids: list[int]) -> list[str]:
    barrier = threading.Barrier(2, timeout=60)
    outcomes: list[str] = []

    def pick(user_id: int, position: int) -> None:
        with app.app_context(), app.test_request_context():
            proposal = db.session.get(SlotProposal, proposal_id)
            actor = db.session.get(User, user_id)
            barrier.wait()
            try:
                proposals.pick(db.session, proposal, actor, position, daily_cap=8)
                db.session.commit()
                outcomes.append("booked")
            except DomainError as error:
                db.session.rollback()
                outcomes.append("refused" if "already been answered" in str(error.message) else str(error.message))
            except Exception as error:  # noqa: BLE001 - reported below
                outcomes.append(f"error: {error!r}")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=pick, args=(user_id, n)) for n, user_id in enumerate(picker_ids, start=1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


def _meetings_of_the_request(app, proposal_id: int) -> int:
    with app.app_context():
        request_id = db.session.get(SlotProposal, proposal_id).request_id
        return db.session.scalar(select(func.count(Meeting.id)).where(Meeting.request_id == request_id))


@pytest.fixture
def slow_slot_check(monkeypatch):
    """A pick that got past the answer is still checking its slot when the other pick arrives."""
    original = booking.check_slot

    def slowed(*args, **kwargs):
        ends = original(*args, **kwargs)
        clock.sleep(0.3)
        return ends

    monkeypatch.setattr(booking, "check_slot", slowed)


def _without_the_bookings_guards(app, monkeypatch) -> None:
    """No people's or request's row locks and no one-live-meeting-per-request index: only the proposal's answer
    is left."""
    monkeypatch.setattr(booking, "lock_people", lambda session, user_ids: None)
    monkeypatch.setattr(booking, "lock_request", lambda session, request_id: None)
    monkeypatch.setattr(proposals, "lock_request", lambda session, request_id: None)
    with app.app_context():
        db.session.execute(text("DROP INDEX uq_meetings_live_request"))
        db.session.commit()


@pytest.mark.usefixtures("slow_slot_check")
def test_two_picks_at_once_book_one_meeting(tmp_path):
    with live_app("postgresql", tmp_path) as app:
        proposal_id, pickers = _seed(app)
        assert _pick_both(app, proposal_id, pickers) == ["booked", "refused"]
        assert _meetings_of_the_request(app, proposal_id) == 1
        with app.app_context():
            proposal = db.session.get(SlotProposal, proposal_id)
            assert proposal.status == ProposalStatus.PICKED and proposal.meeting_id is not None


@pytest.mark.usefixtures("slow_slot_check")
def test_the_answer_alone_holds_without_the_bookings_guards(tmp_path, monkeypatch):
    with live_app("postgresql", tmp_path) as app:
        _without_the_bookings_guards(app, monkeypatch)
        proposal_id, pickers = _seed(app)
        assert _pick_both(app, proposal_id, pickers) == ["booked", "refused"]
        assert _meetings_of_the_request(app, proposal_id) == 1


@pytest.mark.usefixtures("slow_slot_check")
def test_negative_control_a_check_in_python_books_twice(tmp_path, monkeypatch):
    with live_app("postgresql", tmp_path) as app:
        _without_the_bookings_guards(app, monkeypatch)

        def checked_in_python(session, proposal, actor, status, **values):
            if proposal.status != ProposalStatus.OPEN:
                raise DomainError("These slots have already been answered.")

        monkeypatch.setattr(proposals, "_answer", checked_in_python)
        proposal_id, pickers = _seed(app)
        assert _pick_both(app, proposal_id, pickers) == ["booked", "booked"]  # the race is real
        assert _meetings_of_the_request(app, proposal_id) == 2


def test_the_seed_has_no_common_slot(tmp_path):
    """The picks book only through the proposal: without it the two sides have no slot in common."""
    with live_app("postgresql", tmp_path) as app:
        proposal_id, _pickers = _seed(app)
        with app.app_context():
            request = db.session.get(MeetingRequest, db.session.get(SlotProposal, proposal_id).request_id)
            centers = center_service.get_centers(db.session)
            assert free_slots.get_free_slots(db.session, request, centers, daily_cap=8) == []
