"""A sponsorship package with a booth type books a booth of that type through the booking service: a confirmed
booking of its own, on the package's invoice as a line of its own, freed when the order or its booking ends."""

from __future__ import annotations

import pytest

from eventsys.models import BookingStatus, OrderStatus, User
from eventsys.services.booths import booking, changes
from eventsys.services.booths.booking import BoothUnavailable
from eventsys.services.errors import InvalidInput
from eventsys.services.extras import orders
from tests.extras_factories import create_package
from tests.invoice_factories import confirmed_booking, create_issuer


@pytest.fixture(autouse=True)
def _app_context(app):
    with app.app_context():
        yield


def _order(db, record, package, quantity=1):
    actor = db.get(User, record.created_by_id)
    return orders.place_order(db, record, package, quantity, actor=actor, organization=record.organization)


def test_the_package_books_a_free_booth_of_its_type_and_bills_it_on_its_own_line(db, fair):
    create_issuer(db, fair)
    a01, a02, _blocked = fair.halls[0].booths
    package = create_package(db, fair, booth_type_id=fair.booth_types[0].id, stock=3)
    record = confirmed_booking(db, fair, a01)
    order = _order(db, record, package)
    included = order.booth_booking
    assert (included.booth, included.status, included.organization_id) == (
        a02,
        BookingStatus.CONFIRMED,
        record.organization_id,
    )
    assert included.price_jpy == 0 and booking.get_live_booking(db, a02) is included
    descriptions = [line.description for line in order.invoice.lines]
    assert descriptions[1] == "ブース / Booth A02 (Standard 3×3 m) — 協賛パッケージに含む / in package Gold"
    assert order.invoice.total_jpy == 550_000  # the booth costs nothing beyond the package


def test_cancelling_the_order_frees_its_booth_and_gives_the_package_back(db, fair):
    a01, a02, _blocked = fair.halls[0].booths
    package = create_package(db, fair, booth_type_id=fair.booth_types[0].id, stock=1)
    record = confirmed_booking(db, fair, a01)
    order = _order(db, record, package)
    orders.cancel_order(db, order, actor=db.get(User, record.created_by_id), organization=record.organization)
    assert order.status == OrderStatus.CANCELLED and order.booth_booking.status == BookingStatus.CANCELLED
    assert booking.get_live_booking(db, a02) is None and package.sold == 0


def test_cancelling_the_main_booking_frees_the_package_booth(db, fair):
    a01, a02, _blocked = fair.halls[0].booths
    package = create_package(db, fair, booth_type_id=fair.booth_types[0].id)
    record = confirmed_booking(db, fair, a01)
    order = _order(db, record, package)
    changes.cancel_booking(db, record, actor=db.get(User, record.created_by_id), organization=record.organization)
    assert order.status == OrderStatus.CANCELLED and booking.get_live_booking(db, a02) is None


def test_no_free_booth_of_the_type_refuses_the_order(db, fair):
    a01, a02, _blocked = fair.halls[0].booths  # the blocked booth is never booked for a package
    package = create_package(db, fair, booth_type_id=fair.booth_types[0].id)
    first, second = confirmed_booking(db, fair, a01), confirmed_booking(db, fair, a02)
    with pytest.raises(BoothUnavailable, match="No booth of type Standard"):
        _order(db, first, package)
    assert orders.orders_of(db, first) == [] and second.status == BookingStatus.CONFIRMED


def test_a_booth_package_is_ordered_one_at_a_time(db, fair):
    package = create_package(db, fair, booth_type_id=fair.booth_types[0].id)
    record = confirmed_booking(db, fair, fair.halls[0].booths[0])
    with pytest.raises(InvalidInput) as refused:
        _order(db, record, package, quantity=2)
    assert refused.value.field == "quantity" and package.sold == 0


def test_the_booking_page_orders_a_booth_package_and_refuses_clearly(client, db, fair):
    """Through the startup's extras page: two at once is 422 with the reason, one books A02 (on the invoice's PDF),
    cancelling frees it, and once another company holds A02 there is no booth left (409, nothing sold)."""
    from tests.badges_factories import pdf_text
    from tests.conftest import login

    create_issuer(db, fair)
    a01, a02, _blocked = fair.halls[0].booths
    package = create_package(db, fair, booth_type_id=fair.booth_types[0].id)
    record = confirmed_booking(db, fair, a01)
    login(client, db.get(User, record.created_by_id).email)
    page = f"/bookings/{record.id}/extras"
    twice = client.post(page, data={"offer": f"package-{package.id}", "quantity": "2"})
    assert twice.status_code == 422 and "one at a time" in twice.get_data(as_text=True)
    assert client.post(page, data={"offer": f"package-{package.id}", "quantity": "1"}).status_code == 303
    order = orders.orders_of(db, record)[0]
    assert order.booth_booking.booth == a02
    assert "A02" in pdf_text(client.get(f"/invoices/{order.invoice_id}.pdf").data)
    assert client.post(f"/extra-orders/{order.id}/cancel").status_code == 303  # A02 is free again
    confirmed_booking(db, fair, a02)  # another company takes the freed booth from the floor plan
    refused = client.post(page, data={"offer": f"package-{package.id}", "quantity": "1"})
    assert refused.status_code == 409 and "No booth of type" in refused.get_data(as_text=True)
    assert [o.status.value for o in orders.orders_of(db, record)] == ["cancelled"] and package.sold == 0
