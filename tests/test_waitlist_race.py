"""Several app servers run `booths release-expired` at the same moment, on SQLite and PostgreSQL: a lapsed offer is
passed on once (one expiry, one new offer, one mail each), never twice.

Each thread is one server: its own app context, session and connection, all released together at a barrier. The
negative control replaces the claim (an UPDATE ... WHERE status = 'held' RETURNING) by a plain read, and on SQLite
lets transactions begin without the write lock: the same race then handles the lapse more than once, or fails.
A second negative control also takes away the two guards behind the claim (the entry's claim and the booth's
partial unique index) and the re-checks under lock: then the booth is offered twice.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from eventsys.extensions import db
from eventsys.models import (
    AuditEntry,
    BookingSource,
    BookingStatus,
    BoothBooking,
    WaitlistEntry,
    WaitlistStatus,
)
from eventsys.services.booths import booking, expiry, offers
from tests.booth_factories import approved_startup
from tests.conftest import create_booth, create_booth_type, create_fair, create_hall
from tests.live_database import DATABASES, live_app

pytestmark = pytest.mark.timeout(300)
SERVERS = 8


def _seed(app) -> int:
    """One booth, offered to w1 an hour ago and lapsed a minute ago; w2 and then w3 wait behind. Returns its id."""
    with app.app_context():
        now = datetime.now(UTC)
        fair = create_fair(
            db.session, booking_opens_at=now - timedelta(days=2), booking_closes_at=now + timedelta(days=1)
        )
        booth_type = create_booth_type(db.session, fair, max_per_organization=1)
        booth = create_booth(db.session, create_hall(db.session, fair), booth_type, code="W01")
        w1, w2, w3 = (approved_startup(db.session, fair) for _ in range(3))
        offer = BoothBooking(
            fair_id=fair.id,
            booth=booth,
            organization=w1.organization,
            status=BookingStatus.HELD,
            held_until=now - timedelta(minutes=1),
            source=BookingSource.WAITLIST,
        )
        db.session.add(offer)
        db.session.flush()
        for minutes, user in ((30, w1), (20, w2), (10, w3)):
            entry = WaitlistEntry(fair_id=fair.id, booth_type=booth_type, organization=user.organization)
            entry.created_at = now - timedelta(minutes=minutes)
            if user is w1:
                entry.status, entry.booking_id = WaitlistStatus.OFFERED, offer.id
            db.session.add(entry)
        db.session.commit()
        return booth.id


def _release_on_every_server(app) -> int:
    """All servers run the release at once; returns how many failed."""
    barrier = threading.Barrier(SERVERS, timeout=60)

    def server(_index: int) -> bool:
        with app.app_context():
            barrier.wait()
            try:
                expiry.expire_holds(db.session)
                db.session.commit()
                return True
            except Exception:  # noqa: BLE001 - a server that fails is what the negative control may show
                db.session.rollback()
                return False
            finally:
                db.session.remove()

    with ThreadPoolExecutor(max_workers=SERVERS) as pool:
        return sum(not ok for ok in pool.map(server, range(SERVERS)))


def _outcome(app, booth_id: int) -> dict:
    with app.app_context():
        offers = db.session.scalars(
            select(BoothBooking.organization_id).where(
                BoothBooking.booth_id == booth_id, BoothBooking.status == BookingStatus.HELD
            )
        ).all()
        expiries = db.session.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "booking.expire")
        )
        statuses = db.session.scalars(select(WaitlistEntry.status).order_by(WaitlistEntry.created_at)).all()
        return {"live_offers": len(offers), "expiries": expiries, "entries": statuses}


def _subjects(outbox: Path) -> list[str]:
    parser = BytesParser(policy=policy.default)
    return sorted(parser.parsebytes(path.read_bytes())["Subject"] for path in outbox.glob("*.eml"))


@pytest.mark.parametrize("kind", DATABASES)
def test_servers_racing_to_release_a_lapsed_offer_pass_it_on_once(kind, tmp_path):
    with live_app(kind, tmp_path) as app:
        booth_id = _seed(app)
        assert _release_on_every_server(app) == 0
        assert _outcome(app, booth_id) == {
            "live_offers": 1,
            "expiries": 1,
            "entries": [WaitlistStatus.LAPSED, WaitlistStatus.OFFERED, WaitlistStatus.WAITING],
        }
        assert _subjects(Path(app.config["MAIL_OUTBOX"])) == [
            "A booth became free: W01 is held for you",
            "Your hold on booth W01 has expired",
        ]


@pytest.fixture
def unguarded_claim(monkeypatch):
    """The claim as a plain read of lapsed holds, slowed so that every server has read before any writes."""

    def read_only(session, now):
        lapsed = session.scalars(
            select(BoothBooking).where(BoothBooking.status == BookingStatus.HELD, BoothBooking.held_until <= now)
        ).all()
        time.sleep(0.2)
        for record in lapsed:
            record.status, record.ended_at = BookingStatus.EXPIRED, now
        return lapsed

    monkeypatch.setattr(expiry, "claim_lapsed_holds", read_only)


@pytest.mark.parametrize("kind", DATABASES)
def test_negative_control_without_the_claim_the_lapse_is_passed_on_twice(kind, tmp_path, unguarded_claim):
    """PostgreSQL: every server expires the offer again (audited, and mailed to its startup, once per server); the
    booth's index and the entry's claim still keep the new offer single. SQLite without the write lock: servers
    that read before another wrote cannot upgrade their lock and fail."""
    with live_app(kind, tmp_path, SQLITE_BEGIN_IMMEDIATE=False) as app:
        booth_id = _seed(app)
        failures = _release_on_every_server(app)
        outcome = _outcome(app, booth_id)
        assert failures > 0 or outcome["expiries"] > 1 or outcome["live_offers"] > 1, outcome


@pytest.mark.parametrize("kind", DATABASES)
def test_negative_control_without_any_guard_the_booth_is_offered_twice(kind, tmp_path, unguarded_claim, monkeypatch):
    """Also without the entry's claim, the booth's index and the re-check of the booth: two startups get offers."""

    def claim_any(session, entry, offer):
        entry.status, entry.booking_id = WaitlistStatus.OFFERED, offer.id
        return True

    monkeypatch.setattr(offers, "claim_entry", claim_any)
    monkeypatch.setattr(booking, "free_or_refuse", lambda *args, **kwargs: False)
    with live_app(kind, tmp_path, SQLITE_BEGIN_IMMEDIATE=False) as app:
        with app.app_context():
            db.session.execute(text("DROP INDEX uq_booth_bookings_live_booth"))
            db.session.commit()
        booth_id = _seed(app)
        failures = _release_on_every_server(app)
        outcome = _outcome(app, booth_id)
        assert outcome["live_offers"] > 1 or (kind == "sqlite" and failures > 0), outcome
