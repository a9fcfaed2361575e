"""Many bookings confirmed at the same moment, each by its own request and connection: the invoice numbers are
1..n with no gap and no duplicate. The negative control numbers by "largest so far plus one" without the counter
and without the UNIQUE constraint, and shows that the test sees the race."""

from __future__ import annotations

import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, text

from eventsys.extensions import db
from eventsys.models import BoothBooking, Invoice
from eventsys.services.booths import booking
from eventsys.services.invoices import issuing
from tests.booth_factories import approved_startup
from tests.conftest import PASSWORD, create_booth, create_booth_type, create_fair, create_hall
from tests.invoice_factories import create_issuer
from tests.live_database import DATABASES, live_app

pytestmark = pytest.mark.timeout(300)
STARTUPS = 30


def _seed(app, startups: int) -> list[tuple[str, int]]:
    """A fair with an issuer and `startups` holds, one per startup: (e-mail, booking id)."""
    with app.app_context():
        now = datetime.now(UTC)
        fair = create_fair(
            db.session, booking_opens_at=now - timedelta(hours=1), booking_closes_at=now + timedelta(days=1)
        )
        create_issuer(db.session, fair)
        hall = create_hall(db.session, fair, width=200, depth=20)
        booth_type = create_booth_type(db.session, fair)
        holds = []
        for n in range(startups):
            booth = create_booth(db.session, hall, booth_type, code=f"R{n:03d}", x=3 * n, y=0)
            user = approved_startup(db.session, fair)
            holds.append((user.email, booking.hold_booth(db.session, booth, user.organization, actor=user).id))
        db.session.commit()
        return holds


def _confirm_all(app, holds) -> Counter:
    clients = []
    for email, _ in holds:
        client = app.test_client()
        assert client.post("/login", data={"email": email, "password": PASSWORD}).status_code == 302
        clients.append(client)
    barrier = threading.Barrier(len(holds), timeout=60)

    def confirm(index: int) -> int:
        barrier.wait()
        body = {"billing_name": f"Company {index}", "billing_email": "billing@example.com"}
        return clients[index].post(f"/api/v1/bookings/{holds[index][1]}/confirm", json=body).status_code

    with ThreadPoolExecutor(max_workers=len(holds)) as pool:
        return Counter(pool.map(confirm, range(len(holds))))


def _numbers(app) -> list[int]:
    with app.app_context():
        return sorted(db.session.scalars(select(Invoice.number)))


@pytest.fixture
def slow_numbering(monkeypatch):
    """Hold the counter a little longer after taking it, as a loaded server might."""
    original = issuing.take_number

    def slowed(session, issuer_id):
        number = original(session, issuer_id)
        time.sleep(0.01)
        return number

    monkeypatch.setattr(issuing, "take_number", slowed)


@pytest.mark.parametrize("kind", DATABASES)
def test_concurrent_confirmations_number_without_gap_or_duplicate(kind, tmp_path, slow_numbering):
    with live_app(kind, tmp_path) as app:
        holds = _seed(app, STARTUPS)
        statuses = _confirm_all(app, holds)
        assert statuses == Counter({200: STARTUPS}), statuses
        assert _numbers(app) == list(range(1, STARTUPS + 1))
        with app.app_context():
            linked = db.session.scalar(select(func.count(func.distinct(Invoice.booking_id))))
            assert linked == db.session.scalar(select(func.count()).select_from(BoothBooking)) == STARTUPS


def _largest_plus_one(session, issuer_id):
    """What the counter prevents: read the largest number, think, use the next."""
    largest = session.scalar(select(func.coalesce(func.max(Invoice.number), 0)).where(Invoice.issuer_id == issuer_id))
    time.sleep(0.02)
    return largest + 1


@pytest.mark.postgres
def test_negative_control_without_the_counter_numbers_collide(tmp_path, monkeypatch):
    with live_app("postgresql", tmp_path) as app:
        with app.app_context():
            db.session.execute(text("ALTER TABLE invoices DROP CONSTRAINT uq_invoices_issuer_id_number"))
            db.session.commit()
        monkeypatch.setattr(issuing, "take_number", _largest_plus_one)
        holds = _seed(app, STARTUPS)
        _confirm_all(app, holds)
        numbers = _numbers(app)
        duplicates = len(numbers) - len(set(numbers))
        gaps = len(set(range(1, max(numbers) + 1)) - set(numbers))
        assert duplicates > 0 or gaps > 0, numbers
