"""One person, one slot, two bookings at once on PostgreSQL: one in person, one online. Exactly one is booked.

Each booking runs its service (booking.book_meeting, online.book_online_meeting) in its own thread, session and
connection, released together by a barrier. The whole path is tried first (the person lock serializes the two).
Then the lock is taken away and the checks are slowed, so both bookings pass every check before either inserts:
the partial unique index uq_meeting_participants_person_slot, which covers online meetings too, still refuses the
second (and so does the overlap constraint of test_person_overlap_race). The negative control drops both and
shows the person double-booked.
"""

from __future__ import annotations

import threading
import time as clock
from datetime import time

import pytest
from sqlalchemy import func, select, text

from eventsys.extensions import db
from eventsys.models import Center, Fair, MeetingParticipant, MeetingRequest, OrganizationKind, Role, User
from eventsys.services.errors import DomainError
from eventsys.services.meetings import booking, online
from tests.conftest import create_organization, create_user
from tests.live_database import live_app
from tests.meeting_factories import (
    accepted_request,
    at,
    create_center,
    create_meeting_fair,
    drop_person_overlap_guard,
    make_available,
)

pytestmark = [pytest.mark.timeout(300), pytest.mark.postgres]
LINK = "https://meet.example.com/race"


def _seed(app) -> tuple[list[int], int, int]:
    """An investor with two accepted requests (two startups), all free at one center during the fair."""
    with app.app_context():
        organizer = create_organization(db.session, OrganizationKind.ORGANIZER)
        fair = create_meeting_fair(db.session, organizer_id=organizer.id)
        fair.online_from, fair.online_opens_at, fair.online_closes_at = fair.starts_on, time(8), time(20)
        center = create_center(db.session, rooms=[("Room A", 2)])
        investor = create_user(db.session, Role.INVESTOR)
        make_available(db.session, fair, investor, center)
        requests = []
        for _ in range(2):
            startup = create_user(db.session, Role.STARTUP)
            make_available(db.session, fair, startup, center)
            requests.append(accepted_request(db.session, fair, investor, startup).id)
        db.session.commit()
        return requests, center.id, investor.id


def _book_both(app, request_ids: list[int], center_id: int) -> list[str]:
    """The first request is booked in person and the second online, for the same slot, at the same moment."""
    barrier = threading.Barrier(2, timeout=60)
    outcomes: list[str] = []

    def book(index: int) -> None:
        with app.app_context(), app.test_request_context():
            request = db.session.get(MeetingRequest, request_ids[index])
            center = db.session.get(Center, center_id)
            start = at(db.session.get(Fair, request.fair_id), 1, 10)
            actor = db.session.get(User, request.recipient_id)
            barrier.wait()
            try:
                if index == 0:
                    booking.book_meeting(db.session, request, actor, center=center, starts_at=start, daily_cap=8)
                else:
                    online.book_online_meeting(
                        db.session, request, actor, center=center, starts_at=start, video_url=LINK, daily_cap=8
                    )
                db.session.commit()
                outcomes.append("booked")
            except booking.SlotTaken:
                db.session.rollback()
                outcomes.append("refused")
            except DomainError as error:
                db.session.rollback()
                outcomes.append(f"refused otherwise: {error.message}")
            except Exception as error:  # noqa: BLE001 - reported below
                outcomes.append(f"error: {error!r}")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=book, args=(index,)) for index in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


@pytest.fixture
def checks_race(monkeypatch):
    """No person lock, and both bookings pass their checks before either inserts: only the index stands."""
    monkeypatch.setattr(booking, "lock_people", lambda session, user_ids: None)
    for module, name in ((booking, "check_slot"), (online, "check_online_slot")):
        original = getattr(module, name)

        def slowed(*args, _original=original, **kwargs):
            found = _original(*args, **kwargs)
            clock.sleep(0.5)
            return found

        monkeypatch.setattr(module, name, slowed)


def _investor_seats(app, investor_id: int) -> int:
    with app.app_context():
        return db.session.scalar(
            select(func.count(MeetingParticipant.id)).where(
                MeetingParticipant.user_id == investor_id, MeetingParticipant.is_active
            )
        )


def test_in_person_and_online_at_once_book_the_person_once(tmp_path):
    with live_app("postgresql", tmp_path) as app:
        request_ids, center_id, investor_id = _seed(app)
        assert _book_both(app, request_ids, center_id) == ["booked", "refused"]
        assert _investor_seats(app, investor_id) == 1


@pytest.mark.usefixtures("checks_race")
def test_the_person_slot_index_refuses_the_second_even_when_both_passed_the_checks(tmp_path):
    with live_app("postgresql", tmp_path) as app:
        request_ids, center_id, investor_id = _seed(app)
        assert _book_both(app, request_ids, center_id) == ["booked", "refused"]
        assert _investor_seats(app, investor_id) == 1


@pytest.mark.usefixtures("checks_race")
def test_negative_control_without_the_index_the_person_is_in_both(tmp_path):
    with live_app("postgresql", tmp_path) as app:
        with app.app_context():
            db.session.execute(text("DROP INDEX uq_meeting_participants_person_slot"))
            drop_person_overlap_guard(db.session)  # the overlap constraint refuses equal starts too
            db.session.commit()
        request_ids, center_id, investor_id = _seed(app)
        assert _book_both(app, request_ids, center_id) == ["booked", "booked"]  # the race is real
        assert _investor_seats(app, investor_id) == 2
