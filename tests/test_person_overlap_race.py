"""One person, two bookings at once of slots that overlap without sharing a start, on PostgreSQL: one is booked.

The fair's online grid starts at 8:15, so its 9:45–10:15 slot overlaps the center's 10:00–10:30 slot in person;
the person-slot unique index, which compares starts only, cannot see that. Each booking runs its service in its own
thread, session and connection, released together by a barrier; the person lock is taken away and the checks are
slowed, so both pass every check before either inserts. The exclusion constraint of migration 0029
(ex_meeting_participants_person_overlap) still refuses the second; the negative control drops it and shows the
person in both meetings.
"""

from __future__ import annotations

import threading
import time as clock
from datetime import time

import pytest
from sqlalchemy import func, select

from eventsys.extensions import db
from eventsys.models import Center, Fair, MeetingParticipant, MeetingRequest, User
from eventsys.services.errors import DomainError
from eventsys.services.meetings import booking, online
from tests.live_database import live_app
from tests.meeting_factories import at, drop_person_overlap_guard
from tests.test_online_race import LINK, _seed

pytestmark = [pytest.mark.timeout(300), pytest.mark.postgres]


def _book_both(app, request_ids: list[int], center_id: int) -> list[str]:
    """The first request in person at 10:00, the second online at 9:45, both on the fair's second day."""
    barrier = threading.Barrier(2, timeout=60)
    outcomes: list[str] = []

    def book(index: int) -> None:
        with app.app_context(), app.test_request_context():
            request = db.session.get(MeetingRequest, request_ids[index])
            center = db.session.get(Center, center_id)
            fair = db.session.get(Fair, request.fair_id)
            actor = db.session.get(User, request.recipient_id)
            barrier.wait()
            try:
                if index == 0:
                    start = _at(fair, 10, 0)
                    booking.book_meeting(db.session, request, actor, center=center, starts_at=start, daily_cap=8)
                else:
                    start = _at(fair, 9, 45)
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


def _at(fair: Fair, hour: int, minute: int):
    return at(fair, 1, hour, minute)


def _seed_offset_grid(app) -> tuple[list[int], int, int]:
    request_ids, center_id, investor_id = _seed(app)
    with app.app_context():
        fair = db.session.get(Fair, db.session.get(MeetingRequest, request_ids[0]).fair_id)
        fair.online_opens_at = time(8, 15)
        db.session.commit()
    return request_ids, center_id, investor_id


@pytest.fixture
def checks_race(monkeypatch):
    """No person lock, and both bookings pass their checks before either inserts: only the database stands."""
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


def test_overlapping_slots_at_once_book_the_person_once(tmp_path):
    with live_app("postgresql", tmp_path) as app:
        request_ids, center_id, investor_id = _seed_offset_grid(app)
        assert _book_both(app, request_ids, center_id) == ["booked", "refused"]
        assert _investor_seats(app, investor_id) == 1


@pytest.mark.usefixtures("checks_race")
def test_the_exclusion_constraint_refuses_the_second_even_when_both_passed_the_checks(tmp_path):
    with live_app("postgresql", tmp_path) as app:
        request_ids, center_id, investor_id = _seed_offset_grid(app)
        assert _book_both(app, request_ids, center_id) == ["booked", "refused"]
        assert _investor_seats(app, investor_id) == 1


@pytest.mark.usefixtures("checks_race")
def test_negative_control_without_the_constraint_the_person_is_in_both(tmp_path):
    with live_app("postgresql", tmp_path) as app:
        with app.app_context():
            drop_person_overlap_guard(db.session)
            db.session.commit()
        request_ids, center_id, investor_id = _seed_offset_grid(app)
        assert _book_both(app, request_ids, center_id) == ["booked", "booked"]  # the race is real
        assert _investor_seats(app, investor_id) == 2
