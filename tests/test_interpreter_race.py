"""Two pairs book the same interpreter for the same slot at once, on PostgreSQL: one gets the interpreter, the other
is refused; the partial unique index uq_meetings_interpreter_slot is the guarantee.

Each booking runs book_meeting in its own thread, session and connection, released together by a barrier; the
interpreter check is slowed so both see the interpreter free. The pairs are different people and the center has a
room for each, so nothing but the interpreter stands between them. The negative control drops the index and shows
that the test sees the double booking.
"""

from __future__ import annotations

import threading
import time as clock
from datetime import time

import pytest
from sqlalchemy import func, select, text

from eventsys.extensions import db
from eventsys.models import Interpreter, Meeting, MeetingRequest, OrganizationKind, Role, User
from eventsys.services.errors import DomainError
from eventsys.services.meetings import booking
from tests.conftest import create_organization, create_user
from tests.live_database import live_app
from tests.meeting_factories import accepted_request, at, create_center, create_meeting_fair, make_available

pytestmark = [pytest.mark.timeout(300), pytest.mark.postgres]


def _seed(app) -> tuple[list[int], int, int]:
    with app.app_context():
        organizer = create_organization(db.session, OrganizationKind.ORGANIZER)
        fair = create_meeting_fair(db.session, organizer_id=organizer.id)
        center = create_center(db.session, rooms=[("Room A", 2), ("Room B", 2)])
        db.session.add(
            Interpreter(
                center_id=center.id,
                name="Only one",
                languages=["ja", "es"],
                days=[fair.starts_on.isoformat()],
                starts_at=time(9),
                ends_at=time(17),
            )
        )
        requests = []
        for _ in range(2):
            investor, startup = create_user(db.session, Role.INVESTOR), create_user(db.session, Role.STARTUP)
            investor.meeting_languages, startup.meeting_languages = ["ja"], ["es"]
            make_available(db.session, fair, investor, center)
            make_available(db.session, fair, startup, center)
            requests.append(accepted_request(db.session, fair, investor, startup).id)
        db.session.commit()
        return requests, center.id, fair.id


def _book_both(app, request_ids: list[int], center_id: int) -> list[str]:
    barrier = threading.Barrier(2, timeout=60)
    outcomes: list[str] = []

    def book(request_id: int) -> None:
        with app.app_context(), app.test_request_context():
            request = db.session.get(MeetingRequest, request_id)
            center = db.session.get(booking.Center, center_id)
            fair = db.session.get(booking.Fair, request.fair_id)
            actor = db.session.get(User, request.requester_id)
            barrier.wait()
            try:
                booking.book_meeting(db.session, request, actor, center=center, starts_at=at(fair, 0, 10), daily_cap=8)
                db.session.commit()
                outcomes.append("booked")
            except DomainError as error:
                db.session.rollback()
                outcomes.append("refused" if "interpreter" in str(error.message) else f"refused: {error.message}")
            except Exception as error:  # noqa: BLE001 - reported below
                outcomes.append(f"error: {error!r}")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=book, args=(request_id,)) for request_id in request_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


@pytest.fixture
def slow_interpreter_check(monkeypatch):
    """Both bookings see the interpreter free before either inserts its meeting."""
    original = booking.choose_interpreter

    def slowed(*args, **kwargs):
        found = original(*args, **kwargs)
        clock.sleep(0.3)
        return found

    monkeypatch.setattr(booking, "choose_interpreter", slowed)


def _interpreted_at_once(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Meeting.id)).where(Meeting.interpreter_id.is_not(None)))


@pytest.mark.usefixtures("slow_interpreter_check")
def test_two_bookings_at_once_never_share_the_interpreter(tmp_path):
    with live_app("postgresql", tmp_path) as app:
        request_ids, center_id, _fair_id = _seed(app)
        assert _book_both(app, request_ids, center_id) == ["booked", "refused"]
        assert _interpreted_at_once(app) == 1


@pytest.mark.usefixtures("slow_interpreter_check")
def test_negative_control_without_the_index_both_get_the_interpreter(tmp_path):
    with live_app("postgresql", tmp_path) as app:
        with app.app_context():
            db.session.execute(text("DROP INDEX uq_meetings_interpreter_slot"))
            db.session.commit()
        request_ids, center_id, _fair_id = _seed(app)
        assert _book_both(app, request_ids, center_id) == ["booked", "booked"]  # the race is real
        assert _interpreted_at_once(app) == 2
