"""Two finance people refund the same cancelled booking at the same moment, each in their own session and connection
on PostgreSQL: the row lock on the booking puts them in line, so the second reads the first one's refund and is
refused; never more is refunded than was paid beyond what is owed. The negative control takes the lock away and
shows both refunds going through."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from eventsys.extensions import db
from eventsys.models import Invoice, Refund, User
from eventsys.services.booths import changes
from eventsys.services.errors import InvalidInput
from eventsys.services.invoices import payments, refunds
from tests.conftest import create_booth, create_booth_type, create_fair, create_hall, create_user
from tests.invoice_factories import confirmed_booking, create_issuer
from tests.live_database import live_app

pytestmark = [pytest.mark.timeout(300), pytest.mark.postgres]
RUNS = 2
DEPOSIT = 181_500


def _seed(app) -> tuple[int, int]:
    """A booking whose deposit was paid, then cancelled: (invoice id, finance user id); 181,500 yen to refund."""
    with app.app_context():
        now = datetime.now(UTC)
        fair = create_fair(
            db.session, booking_opens_at=now - timedelta(hours=1), booking_closes_at=now + timedelta(days=1)
        )
        create_issuer(db.session, fair, deposit_percent=50)
        booth = create_booth(db.session, create_hall(db.session, fair), create_booth_type(db.session, fair), code="R1")
        finance = create_user(db.session)
        record = confirmed_booking(db.session, fair, booth)
        invoice = db.session.scalar(select(Invoice).where(Invoice.booking_id == record.id))
        payments.record_payment(
            db.session, invoice, paid_on=date.today(), amount_jpy=DEPOSIT, method="cash", reference="", actor=finance
        )
        changes.cancel_booking(db.session, record, actor=finance, organization=None, reason="withdrawn")
        db.session.commit()
        return invoice.id, finance.id


@pytest.fixture
def slow_check(monkeypatch):
    """Wait a moment between reading what may be refunded and adding the refund, so the other one reads meanwhile."""
    original = refunds.refundable_jpy

    def slowed(session, invoice, today):
        amount = original(session, invoice, today)
        time.sleep(0.3)
        return amount

    monkeypatch.setattr(refunds, "refundable_jpy", slowed)


def _refund_at_once(app, invoice_id: int, finance_id: int) -> list[str]:
    barrier = threading.Barrier(RUNS, timeout=60)

    def run(_) -> str:
        with app.app_context():
            invoice, finance = db.session.get(Invoice, invoice_id), db.session.get(User, finance_id)
            barrier.wait()
            try:
                refunds.record_refund(
                    db.session,
                    invoice,
                    refunded_on=date.today(),
                    amount_jpy=DEPOSIT,
                    method="bank_transfer",
                    reference="",
                    actor=finance,
                    today=date.today(),
                )
            except InvalidInput:
                db.session.rollback()
                return "refused"
            db.session.commit()
            return "refunded"

    with ThreadPoolExecutor(max_workers=RUNS) as pool:
        return sorted(pool.map(run, range(RUNS)))


def _refunded() -> int:
    return db.session.scalar(select(func.coalesce(func.sum(Refund.amount_jpy), 0)))


def test_two_refunds_at_once_refund_the_excess_once(tmp_path, slow_check):
    with live_app("postgresql", tmp_path) as app:
        invoice_id, finance_id = _seed(app)
        assert _refund_at_once(app, invoice_id, finance_id) == ["refunded", "refused"]
        with app.app_context():
            assert _refunded() == DEPOSIT
            (standing,) = payments.standings(db.session, [db.session.get(Invoice, invoice_id)], date.today())
            assert standing.excess_jpy == 0


def test_negative_control_without_the_lock_both_refund(tmp_path, slow_check, monkeypatch):
    monkeypatch.setattr(refunds, "_lock_chain", lambda session, invoice: None)
    with live_app("postgresql", tmp_path) as app:
        invoice_id, finance_id = _seed(app)
        assert _refund_at_once(app, invoice_id, finance_id) == ["refunded", "refunded"]
        with app.app_context():
            assert _refunded() == 2 * DEPOSIT, "the race the lock prevents: twice the money paid back"
