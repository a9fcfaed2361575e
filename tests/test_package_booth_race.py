"""Many companies order a booth package at the same moment, on PostgreSQL, each in its own thread, session and
connection, released together by a barrier, while one booth of the package's type is free: one company gets it,
the others are told no booth is free, and the booth has one live booking. The partial unique index on live
bookings is the guarantee (each order tries the next free booth after a lost race); the negative control drops
it and shows the double booking."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, text

from eventsys.extensions import db
from eventsys.models import BoothBooking, SponsorshipPackage, User
from eventsys.services.booths import booking, confirmation
from eventsys.services.booths.booking import BoothUnavailable
from eventsys.services.extras import orders
from eventsys.services.fairs.catalog import occupies_booth
from tests.booth_factories import approved_startup
from tests.conftest import create_booth, create_booth_type, create_fair, create_hall
from tests.extras_factories import create_package
from tests.live_database import live_app

pytestmark = [pytest.mark.timeout(300), pytest.mark.postgres]
COMPANIES = 6


def _seed(app) -> tuple[list[int], int, int]:
    """A fair with one free booth of the package's type and COMPANIES confirmed bookings of other booths."""
    with app.app_context():
        now = datetime.now(UTC)
        fair = create_fair(
            db.session, booking_opens_at=now - timedelta(hours=1), booking_closes_at=now + timedelta(days=1)
        )
        hall = create_hall(db.session, fair, width=200, depth=20)
        standard = create_booth_type(db.session, fair)
        corner = create_booth_type(db.session, fair, name="Corner")
        prize = create_booth(db.session, hall, corner, code="C001", x=190, y=0)
        package = create_package(db.session, fair, booth_type_id=corner.id)
        bookings = []
        for n in range(COMPANIES):
            booth = create_booth(db.session, hall, standard, code=f"S{n:03d}", x=3 * n, y=0)
            user = approved_startup(db.session, fair)
            held = booking.hold_booth(db.session, booth, user.organization, actor=user)
            confirmation.confirm_booking(
                db.session, held, user.organization, actor=user, billing_name=f"C{n}", billing_email="b@example.com"
            )
            bookings.append(held.id)
        db.session.commit()
        return bookings, package.id, prize.id


def _order_all(app, booking_ids: list[int], package_id: int) -> Counter:
    barrier = threading.Barrier(len(booking_ids), timeout=60)
    outcomes: Counter = Counter()
    lock = threading.Lock()

    def order(booking_id: int) -> None:
        with app.app_context(), app.test_request_context():
            record = db.session.get(BoothBooking, booking_id)
            actor = db.session.get(User, record.created_by_id)
            organization, package = record.organization, db.session.get(SponsorshipPackage, package_id)
            barrier.wait()
            try:
                orders.place_order(db.session, record, package, 1, actor=actor, organization=organization)
                db.session.commit()
                outcome = "ordered"
            except BoothUnavailable:
                db.session.rollback()
                outcome = "no booth"
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


def _live_on(app, booth_id: int) -> int:
    with app.app_context():
        return db.session.scalar(
            select(func.count())
            .select_from(BoothBooking)
            .where(BoothBooking.booth_id == booth_id, occupies_booth(datetime.now(UTC)))
        )


def test_one_free_booth_goes_to_one_package_order(tmp_path):
    with live_app("postgresql", tmp_path) as app:
        booking_ids, package_id, booth_id = _seed(app)
        outcomes = _order_all(app, booking_ids, package_id)
        assert outcomes == Counter({"ordered": 1, "no booth": COMPANIES - 1})
        assert _live_on(app, booth_id) == 1
        with app.app_context():
            assert db.session.get(SponsorshipPackage, package_id).sold == 1  # refused orders took no package


def test_negative_control_without_the_index_the_booth_is_booked_twice(tmp_path):
    with live_app("postgresql", tmp_path) as app:
        with app.app_context():
            db.session.execute(text("DROP INDEX uq_booth_bookings_live_booth"))
            db.session.commit()
        booking_ids, package_id, booth_id = _seed(app)
        outcomes = _order_all(app, booking_ids, package_id)
        assert outcomes["ordered"] > 1  # the double booking is seen
        assert _live_on(app, booth_id) == outcomes["ordered"]
