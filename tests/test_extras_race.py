"""Many exhibiting companies order the last units of an extra at the same moment, on PostgreSQL, each in its own
thread, session and connection, released together by a barrier: no more are sold than the stock, and each refused
order is told so. The extra's CHECK (stock IS NULL OR sold <= stock) is the guarantee, with the row lock the
UPDATE takes; the negative control drops the CHECK and shows that the test sees the oversale."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, text

from eventsys.extensions import db
from eventsys.models import BoothBooking, Extra, ExtraOrder, OrderStatus, User
from eventsys.services.booths import booking, confirmation
from eventsys.services.errors import DomainError
from eventsys.services.extras import orders
from tests.booth_factories import approved_startup
from tests.conftest import create_booth, create_booth_type, create_fair, create_hall
from tests.extras_factories import create_extra
from tests.invoice_factories import create_issuer
from tests.live_database import live_app

pytestmark = [pytest.mark.timeout(300), pytest.mark.postgres]
COMPANIES, STOCK = 12, 5


def _seed(app) -> tuple[list[int], int]:
    """A fair with an issuer, an extra with STOCK units left of STOCK + 3, and COMPANIES confirmed bookings."""
    with app.app_context():
        now = datetime.now(UTC)
        fair = create_fair(
            db.session, booking_opens_at=now - timedelta(hours=1), booking_closes_at=now + timedelta(days=1)
        )
        create_issuer(db.session, fair)
        hall = create_hall(db.session, fair, width=200, depth=20)
        booth_type = create_booth_type(db.session, fair)
        extra = create_extra(db.session, fair, stock=STOCK + 3, sold=3)
        bookings = []
        for n in range(COMPANIES):
            booth = create_booth(db.session, hall, booth_type, code=f"X{n:03d}", x=3 * n, y=0)
            user = approved_startup(db.session, fair)
            held = booking.hold_booth(db.session, booth, user.organization, actor=user)
            confirmation.confirm_booking(
                db.session, held, user.organization, actor=user, billing_name=f"C{n}", billing_email="b@example.com"
            )
            bookings.append(held.id)
        db.session.commit()
        return bookings, extra.id


def _order_all(app, booking_ids: list[int], extra_id: int) -> Counter:
    barrier = threading.Barrier(len(booking_ids), timeout=60)
    outcomes: Counter = Counter()
    lock = threading.Lock()

    def order(booking_id: int) -> None:
        with app.app_context(), app.test_request_context():
            record = db.session.get(BoothBooking, booking_id)
            actor = db.session.get(User, record.created_by_id)
            organization, extra = record.organization, db.session.get(Extra, extra_id)
            barrier.wait()
            try:
                orders.place_order(db.session, record, extra, 1, actor=actor, organization=organization)
                db.session.commit()
                outcome = "ordered"
            except orders.OutOfStock:
                db.session.rollback()
                outcome = "out of stock"
            except Exception as error:  # noqa: BLE001 - reported below
                db.session.rollback()
                outcome = f"error: {error!r}"
            finally:
                db.session.remove()
            with lock:
                outcomes[outcome] += 1

    threads = [threading.Thread(target=order, args=(booking_id,)) for booking_id in booking_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def _sold(app, extra_id: int) -> tuple[int, int]:
    with app.app_context():
        standing = db.session.scalar(
            select(func.coalesce(func.sum(ExtraOrder.quantity), 0)).where(
                ExtraOrder.extra_id == extra_id, ExtraOrder.status == OrderStatus.ORDERED
            )
        )
        return db.session.get(Extra, extra_id).sold, standing


def test_the_last_units_ordered_at_once_are_never_oversold(tmp_path):
    with live_app("postgresql", tmp_path) as app:
        booking_ids, extra_id = _seed(app)
        outcomes = _order_all(app, booking_ids, extra_id)
        assert outcomes == Counter({"ordered": STOCK, "out of stock": COMPANIES - STOCK})
        assert _sold(app, extra_id) == (STOCK + 3, STOCK)  # the counter and the standing orders agree


def test_negative_control_without_the_check_the_extra_is_oversold(tmp_path):
    with live_app("postgresql", tmp_path) as app:
        with app.app_context():
            db.session.execute(text("ALTER TABLE extras DROP CONSTRAINT ck_extras_not_oversold"))
            db.session.commit()
        booking_ids, extra_id = _seed(app)
        assert _order_all(app, booking_ids, extra_id) == Counter({"ordered": COMPANIES})  # the oversale is seen
        assert _sold(app, extra_id) == (COMPANIES + 3, COMPANIES)


def test_one_order_cancelled_twice_at_once_gives_its_units_back_once(tmp_path):
    """Two tabs of the same startup cancel one order at the same moment: one cancels, the other is told it is
    already cancelled, and the stock gets the units back once (the UPDATE … WHERE status = 'ordered' decides)."""
    with live_app("postgresql", tmp_path) as app:
        booking_ids, extra_id = _seed(app)
        with app.app_context():
            record = db.session.get(BoothBooking, booking_ids[0])
            actor = db.session.get(User, record.created_by_id)
            extra = db.session.get(Extra, extra_id)
            order_id = orders.place_order(
                db.session, record, extra, 2, actor=actor, organization=record.organization
            ).id
            db.session.commit()
        barrier, outcomes = threading.Barrier(2, timeout=60), []

        def cancel() -> None:
            with app.app_context(), app.test_request_context():
                order = db.session.get(ExtraOrder, order_id)
                actor, organization = db.session.get(User, order.ordered_by_id), order.booking.organization
                barrier.wait()
                try:
                    orders.cancel_order(db.session, order, actor=actor, organization=organization)
                    db.session.commit()
                    outcomes.append("cancelled")
                except DomainError:
                    db.session.rollback()
                    outcomes.append("already cancelled")
                finally:
                    db.session.remove()

        threads = [threading.Thread(target=cancel) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(outcomes) == ["already cancelled", "cancelled"]
        assert _sold(app, extra_id) == (3, 0)
