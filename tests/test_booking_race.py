"""Real concurrent requests race for booths, on SQLite and PostgreSQL: never a double booking, never a 5xx.

Every thread has its own logged-in client, so each request runs with its own session and connection, exactly as
under a multi-threaded server. The insert is slowed a little to widen the window between "is it free?" and
"take it"; the negative control then switches the guards off and shows that the test sees the race.
"""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, text

from eventsys.extensions import db
from eventsys.models import BookingStatus, Booth, BoothBooking
from eventsys.services.booths import booking
from tests.booth_factories import approved_startup
from tests.conftest import PASSWORD, create_booth, create_booth_type, create_fair, create_hall
from tests.live_database import DATABASES, live_app

pytestmark = pytest.mark.timeout(300)


def _seed(app, startups: int, booths: int) -> tuple[list[str], list[int]]:
    with app.app_context():
        now = datetime.now(UTC)
        fair = create_fair(
            db.session, booking_opens_at=now - timedelta(hours=1), booking_closes_at=now + timedelta(days=1)
        )
        hall = create_hall(db.session, fair, width=200, depth=20)
        booth_type = create_booth_type(db.session, fair, max_per_organization=1)
        ids = [create_booth(db.session, hall, booth_type, code=f"R{n:03d}", x=3 * n, y=0).id for n in range(booths)]
        emails = [approved_startup(db.session, fair).email for _ in range(startups)]
        db.session.commit()
        return emails, ids


@pytest.fixture
def slow_insert(monkeypatch):
    """Sleep between the availability check and the insert, as a loaded server might."""
    original = booking.insert_guarded

    def slowed(session, record, **options):
        time.sleep(0.02)
        return original(session, record, **options)

    monkeypatch.setattr(booking, "insert_guarded", slowed)


@pytest.fixture
def interleaved_inserts(monkeypatch):
    """Hold the first insert until a second request has also found the booth free and reached its insert (or 5 s
    pass). A fixed sleep left the window to the scheduler: on a loaded machine the first request could commit before
    any other had read, and the negative control then saw no race at all."""
    original = booking.insert_guarded
    first = threading.Lock()
    second_reached_insert = threading.Event()

    def interleaved(session, record, **options):
        if first.acquire(blocking=False):
            second_reached_insert.wait(timeout=5)
        else:
            second_reached_insert.set()
        return original(session, record, **options)

    monkeypatch.setattr(booking, "insert_guarded", interleaved)


def _race(app, emails: list[str], booth_ids: list[int], *, shuffle: bool) -> Counter:
    """Every startup logs in first; then all wait at a barrier and try booths until one is held or none is left."""
    clients = []
    for email in emails:
        client = app.test_client()
        assert client.post("/login", data={"email": email, "password": PASSWORD}).status_code == 302
        clients.append(client)
    barrier = threading.Barrier(len(emails), timeout=60)

    def attempt(index: int) -> list[int]:
        client = clients[index]
        order = booth_ids[:]
        if shuffle:
            random.Random(index).shuffle(order)
        barrier.wait()
        statuses = []
        for booth_id in order:
            response = client.post(f"/api/v1/booths/{booth_id}/hold")
            statuses.append(response.status_code)
            if response.status_code == 409:
                assert "taken" in response.json["error"]["message"]
            if response.status_code != 409:
                break
        return statuses

    with ThreadPoolExecutor(max_workers=len(emails)) as pool:
        results = list(pool.map(attempt, range(len(emails))))
    return Counter(status for statuses in results for status in statuses)


def _live_per_booth(app) -> Counter:
    with app.app_context():
        rows = db.session.scalars(
            select(BoothBooking.booth_id).where(BoothBooking.status.in_([BookingStatus.HELD, BookingStatus.CONFIRMED]))
        ).all()
        return Counter(rows)


@pytest.mark.parametrize("kind", DATABASES)
def test_fifty_startups_one_booth(kind, tmp_path, slow_insert):
    with live_app(kind, tmp_path) as app:
        emails, (booth_id,) = _seed(app, startups=50, booths=1)
        statuses = _race(app, emails, [booth_id], shuffle=False)
        assert statuses == Counter({201: 1, 409: 49})
        assert _live_per_booth(app) == Counter({booth_id: 1})


@pytest.mark.parametrize("kind", DATABASES)
def test_two_hundred_startups_twenty_booths(kind, tmp_path):
    with live_app(kind, tmp_path) as app:
        emails, booth_ids = _seed(app, startups=200, booths=20)
        statuses = _race(app, emails, booth_ids, shuffle=True)
        assert statuses[201] == 20 and set(statuses) <= {201, 409}, statuses
        live = _live_per_booth(app)
        assert set(live) == set(booth_ids) and max(live.values()) == 1


@pytest.mark.parametrize("kind", DATABASES)
def test_negative_control_without_the_guards_the_race_shows(kind, tmp_path, interleaved_inserts):
    """Drop the partial unique index (and, on SQLite, the up-front write lock): the same race now goes wrong."""
    with live_app(kind, tmp_path, SQLITE_BEGIN_IMMEDIATE=False) as app:
        with app.app_context():
            db.session.execute(text("DROP INDEX uq_booth_bookings_live_booth"))
            db.session.commit()
        emails, (booth_id,) = _seed(app, startups=50, booths=1)
        statuses = _race(app, emails, [booth_id], shuffle=False)
        double_bookings = _live_per_booth(app)[booth_id] - 1
        server_errors = sum(count for status, count in statuses.items() if status >= 500)
        assert double_bookings > 0 or server_errors > 0, statuses


def test_booths_stay_single_when_holds_expire_during_the_race(tmp_path):
    """Expired holds are freed inside the taking transaction, so a stale hold never blocks or doubles a booth."""
    with live_app("sqlite", tmp_path) as app:
        emails, (booth_id,) = _seed(app, startups=10, booths=1)
        with app.app_context():
            booth = db.session.get(Booth, booth_id)
            from eventsys.models import User

            first = db.session.scalar(select(User).where(User.email == emails[0]))
            booking.hold_booth(
                db.session,
                booth,
                first.organization,
                actor=first,
                now=datetime.now(UTC) - timedelta(hours=1, minutes=-1),
            )
            db.session.commit()
        statuses = _race(app, emails[1:], [booth_id], shuffle=False)
        assert statuses == Counter({201: 1, 409: 8})
        with app.app_context():
            assert db.session.scalar(select(func.count()).select_from(BoothBooking)) == 2
