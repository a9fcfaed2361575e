"""One person, one slot, two bookings at once on PostgreSQL: one in person, one online. Exactly one is booked.

Each booking runs its service (booking.book_meeting, online.book_online_meeting) in its own thread, session and
connection, released together by a barrier (tests.person_booking_race). The whole path is tried first (the person
lock serializes the two). Then the lock is taken away and each check waits for the other, so both pass every check
before either inserts: the partial unique index uq_meeting_participants_person_slot, which covers online meetings
too, still refuses the second (and so does the overlap constraint of test_person_overlap_race). The negative control
drops both and shows the person double-booked.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from eventsys.extensions import db
from tests.live_database import live_app
from tests.meeting_factories import drop_person_overlap_guard
from tests.person_booking_race import book_both_at_once, investor_seats, pass_both_checks, seed_two_requests

pytestmark = [pytest.mark.timeout(300), pytest.mark.postgres]
#: Both at 10:00 on the fair's second day: the same slot in person and online.
SAME_SLOT = {"in_person": (10, 0), "online_at": (10, 0)}


def test_in_person_and_online_at_once_book_the_person_once(tmp_path):
    with live_app("postgresql", tmp_path) as app:
        request_ids, center_id, investor_id = seed_two_requests(app)
        assert book_both_at_once(app, request_ids, center_id, **SAME_SLOT) == ["booked", "refused"]
        assert investor_seats(app, investor_id) == 1


def test_the_person_slot_index_refuses_the_second_even_when_both_passed_the_checks(tmp_path, monkeypatch):
    pass_both_checks(monkeypatch)
    with live_app("postgresql", tmp_path) as app:
        request_ids, center_id, investor_id = seed_two_requests(app)
        assert book_both_at_once(app, request_ids, center_id, **SAME_SLOT) == ["booked", "refused"]
        assert investor_seats(app, investor_id) == 1


def test_negative_control_without_the_index_the_person_is_in_both(tmp_path, monkeypatch):
    pass_both_checks(monkeypatch)
    with live_app("postgresql", tmp_path) as app:
        with app.app_context():
            db.session.execute(text("DROP INDEX uq_meeting_participants_person_slot"))
            drop_person_overlap_guard(db.session)  # the overlap constraint refuses equal starts too
            db.session.commit()
        request_ids, center_id, investor_id = seed_two_requests(app)
        assert book_both_at_once(app, request_ids, center_id, **SAME_SLOT) == ["booked", "booked"]  # the race is real
        assert investor_seats(app, investor_id) == 2
