"""One person, two bookings at once of slots that overlap without sharing a start, on PostgreSQL: one is booked.

The fair's online grid starts at 8:15, so its 9:45–10:15 slot overlaps the center's 10:00–10:30 slot in person;
the person-slot unique index, which compares starts only, cannot see that. Each booking runs its service in its own
thread, session and connection, released together by a barrier (tests.person_booking_race); the person lock is taken
away and each check waits for the other, so both pass every check before either inserts. The exclusion constraint of
migration 0029 (ex_meeting_participants_person_overlap) still refuses the second; the negative control drops it and
shows the person in both meetings.
"""

from __future__ import annotations

from datetime import time

import pytest

from eventsys.extensions import db
from tests.live_database import live_app
from tests.meeting_factories import drop_person_overlap_guard
from tests.person_booking_race import book_both_at_once, investor_seats, pass_both_checks, seed_two_requests

pytestmark = [pytest.mark.timeout(300), pytest.mark.postgres]
#: In person at 10:00, online at 9:45 on the grid that starts at 8:15, both on the fair's second day.
OFFSET = {"in_person": (10, 0), "online_at": (9, 45)}


def _seed_offset_grid(app) -> tuple[list[int], int, int]:
    return seed_two_requests(app, online_opens_at=time(8, 15))


def test_overlapping_slots_at_once_book_the_person_once(tmp_path):
    with live_app("postgresql", tmp_path) as app:
        request_ids, center_id, investor_id = _seed_offset_grid(app)
        assert book_both_at_once(app, request_ids, center_id, **OFFSET) == ["booked", "refused"]
        assert investor_seats(app, investor_id) == 1


def test_the_exclusion_constraint_refuses_the_second_even_when_both_passed_the_checks(tmp_path, monkeypatch):
    pass_both_checks(monkeypatch)
    with live_app("postgresql", tmp_path) as app:
        request_ids, center_id, investor_id = _seed_offset_grid(app)
        assert book_both_at_once(app, request_ids, center_id, **OFFSET) == ["booked", "refused"]
        assert investor_seats(app, investor_id) == 1


def test_negative_control_without_the_constraint_the_person_is_in_both(tmp_path, monkeypatch):
    pass_both_checks(monkeypatch)
    with live_app("postgresql", tmp_path) as app:
        with app.app_context():
            drop_person_overlap_guard(db.session)
            db.session.commit()
        request_ids, center_id, investor_id = _seed_offset_grid(app)
        assert book_both_at_once(app, request_ids, center_id, **OFFSET) == ["booked", "booked"]  # the race is real
        assert investor_seats(app, investor_id) == 2
