"""Two release runs at the same moment (two hosts' cron), each in its own session and connection on PostgreSQL:
an unpaid invoice of extras is credited once, its units go back once, an unpaid booth is released once, and the
organizers get one list. The negative control drops the unique index uq_invoices_one_credit_note and shows the
second run crediting the same invoice again."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select, text

from eventsys.extensions import db
from eventsys.models import (
    AuditEntry,
    BookingStatus,
    BoothBooking,
    DocumentKind,
    Extra,
    ExtraOrder,
    Fair,
    Invoice,
    OrderStatus,
)
from eventsys.services.extras import orders
from eventsys.services.invoices import issuing, payments, release
from tests.booth_factories import approved_startup
from tests.conftest import create_booth, create_booth_type, create_fair, create_hall, create_user
from tests.extras_factories import create_extra
from tests.invoice_factories import confirmed_booking, create_issuer
from tests.live_database import live_app

pytestmark = [pytest.mark.timeout(300), pytest.mark.postgres]
RUNS = 2


def _seed(app) -> tuple[int, int, date]:
    """A fair whose first startup paid its booth but not the extras it ordered later, and whose second startup paid
    nothing: (fair id, extras invoice id, a day past every grace period)."""
    with app.app_context():
        now = datetime.now(UTC)
        organizer = create_user(db.session)
        fair = create_fair(
            db.session, booking_opens_at=now - timedelta(hours=1), booking_closes_at=now + timedelta(days=1)
        )
        create_issuer(db.session, fair, grace_days=7)
        hall = create_hall(db.session, fair)
        booth_type = create_booth_type(db.session, fair)
        first, second = (create_booth(db.session, hall, booth_type, code=f"R{n}", x=3 * n, y=0) for n in range(2))
        owner = approved_startup(db.session, fair)
        paid = confirmed_booking(db.session, fair, first, user=owner)
        booth_invoice = db.session.scalar(select(Invoice).where(Invoice.booking_id == paid.id))
        payments.record_payment(
            db.session,
            booth_invoice,
            paid_on=date.today(),
            amount_jpy=booth_invoice.total_jpy,
            method="card",
            reference="",
            actor=organizer,
        )
        orders.place_order(
            db.session, paid, create_extra(db.session, fair, stock=5), 2, actor=owner, organization=owner.organization
        )
        confirmed_booking(db.session, fair, second)
        extras_invoice = db.session.scalar(select(Invoice).where(Invoice.extras_only))
        db.session.commit()
        late = max(booth_invoice.balance_due_on, extras_invoice.balance_due_on) + timedelta(days=8)
        return fair.id, extras_invoice.id, late


@pytest.fixture
def slow_numbering(monkeypatch):
    """Hold the issuer's counter a moment after taking it, so the other run reads the invoices meanwhile."""
    original = issuing.take_number

    def slowed(session, issuer_id):
        number = original(session, issuer_id)
        time.sleep(0.3)
        return number

    monkeypatch.setattr(issuing, "take_number", slowed)


def _release_at_once(app, fair_id: int, today: date) -> list[release.Released]:
    barrier = threading.Barrier(RUNS, timeout=60)

    def run(_) -> release.Released:
        with app.app_context():
            fair = db.session.get(Fair, fair_id)
            barrier.wait()
            released = release.release_unpaid(db.session, fair, today)
            db.session.commit()
            return released

    with ThreadPoolExecutor(max_workers=RUNS) as pool:
        return list(pool.map(run, range(RUNS)))


def _credit_notes(extras_invoice_id: int) -> int:
    query = select(func.count()).where(
        Invoice.original_id == extras_invoice_id, Invoice.kind == DocumentKind.CREDIT_NOTE
    )
    return db.session.scalar(query)


def test_two_runs_at_once_release_each_thing_once(tmp_path, slow_numbering):
    with live_app("postgresql", tmp_path) as app:
        fair_id, extras_invoice_id, late = _seed(app)
        runs = _release_at_once(app, fair_id, late)
        assert sorted(len(r.extras_invoices) for r in runs) == [0, 1]
        assert sum(len(r.bookings) for r in runs) == 1
        with app.app_context():
            assert _credit_notes(extras_invoice_id) == 1
            assert db.session.scalar(select(Extra.sold)) == 0
            assert db.session.scalar(select(ExtraOrder.status)) == OrderStatus.CANCELLED
            statuses = sorted(db.session.scalars(select(BoothBooking.status)))
            assert statuses == sorted([BookingStatus.CONFIRMED, BookingStatus.CANCELLED])
            cancels = select(func.count()).where(AuditEntry.action == "booking.cancel")
            assert db.session.scalar(cancels) == 1
            numbers = sorted(db.session.scalars(select(Invoice.number)))
            assert numbers == list(range(1, len(numbers) + 1)), "the refused credit note left no gap"


def test_negative_control_without_the_index_the_invoice_is_credited_twice(tmp_path, slow_numbering):
    with live_app("postgresql", tmp_path) as app:
        with app.app_context():
            db.session.execute(text("DROP INDEX uq_invoices_one_credit_note"))
            db.session.commit()
        fair_id, extras_invoice_id, late = _seed(app)
        runs = _release_at_once(app, fair_id, late)
        assert sorted(len(r.extras_invoices) for r in runs) == [1, 1]
        with app.app_context():
            assert _credit_notes(extras_invoice_id) == 2
