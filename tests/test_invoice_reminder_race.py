"""Two senders at once on PostgreSQL send each payment reminder once: the claimed timed_mails row is the guarantee.

Mirrors test_reminder_race.py: both senders run send_payment_reminders in their own thread, session and connection,
released together by a barrier, with the query of open invoices slowed so both see every reminder as unsent. The
negative control swaps the claim for check-then-send and shows the test sees the duplicates.
"""

from __future__ import annotations

import email
import email.policy
import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from eventsys.extensions import db
from eventsys.models import Invoice, TimedMail
from eventsys.services.booths import booking, confirmation
from eventsys.services.invoices import reminders
from tests.booth_factories import approved_startup
from tests.conftest import create_booth, create_booth_type, create_fair, create_hall
from tests.invoice_factories import create_issuer
from tests.live_database import live_app

pytestmark = [pytest.mark.timeout(300), pytest.mark.postgres]
BOOKINGS = 12


def _seed(app) -> datetime:
    """A fair with an issuer and BOOKINGS confirmed bookings; returns a moment their deposits are due in 3 days."""
    with app.app_context():
        now = datetime.now(UTC)
        fair = create_fair(
            db.session, booking_opens_at=now - timedelta(hours=1), booking_closes_at=now + timedelta(days=1)
        )
        create_issuer(db.session, fair, deposit_percent=50, deposit_due_days=14)
        hall = create_hall(db.session, fair, width=200, depth=20)
        booth_type = create_booth_type(db.session, fair)
        for n in range(BOOKINGS):
            booth = create_booth(db.session, hall, booth_type, code=f"R{n:03d}", x=3 * n, y=0)
            user = approved_startup(db.session, fair)
            held = booking.hold_booth(db.session, booth, user.organization, actor=user)
            confirmation.confirm_booking(
                db.session,
                held,
                user.organization,
                actor=user,
                billing_name=f"Company {n}",
                billing_email="billing@example.com",
            )
        db.session.commit()
        due = db.session.scalar(select(func.min(Invoice.deposit_due_on)))
        return datetime.combine(due - timedelta(days=3), datetime.min.time(), UTC) + timedelta(hours=3)


def _two_senders(app, now: datetime) -> Counter:
    barrier = threading.Barrier(2, timeout=60)
    errors = []

    def sender() -> None:
        try:
            with app.app_context():
                barrier.wait()
                reminders.send_payment_reminders(db.session, now)
                db.session.commit()
                db.session.remove()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    paths = Path(app.config["MAIL_OUTBOX"]).glob("*.eml")
    messages = [email.message_from_bytes(p.read_bytes(), policy=email.policy.default) for p in paths]
    return Counter((m["To"], m["Subject"]) for m in messages if m["Subject"].startswith("Payment due"))


@pytest.fixture
def slow_due_query(monkeypatch):
    """Both senders read what is due before either claims anything."""
    original = reminders.open_invoices

    def slowed(session):
        found = original(session)
        time.sleep(0.3)
        return found

    monkeypatch.setattr(reminders, "open_invoices", slowed)


@pytest.mark.usefixtures("slow_due_query")
def test_two_senders_at_once_send_each_payment_reminder_once(tmp_path):
    with live_app("postgresql", tmp_path) as app:
        now = _seed(app)
        sent = _two_senders(app, now)
        assert len(sent) == BOOKINGS and set(sent.values()) == {1}
        with app.app_context():
            claimed = db.session.scalars(select(TimedMail).where(TimedMail.kind == reminders.KIND)).all()
            assert len(claimed) == BOOKINGS


@pytest.mark.usefixtures("slow_due_query")
def test_negative_control_without_the_claimed_row_both_send(tmp_path, monkeypatch):
    def unguarded(session, kind, wanted, now):
        """Check, then send: what a sender without the unique row does."""
        taken = set(session.execute(select(TimedMail.user_id, TimedMail.subject).where(TimedMail.kind == kind)).all())
        return {pair for pair in wanted if pair not in taken}

    monkeypatch.setattr(reminders, "claim", unguarded)
    with live_app("postgresql", tmp_path) as app:
        now = _seed(app)
        sent = _two_senders(app, now)
        assert max(sent.values()) == 2  # the race is real: without the claim, reminders go twice
