"""The organizer orders and cancels extras and packages for a startup (/organizer/bookings/<id>/extras): the same
orders, stock and invoices as the startup's own, bad input, and who may not."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from eventsys.models import ExtraOrder, FairRole, Invoice
from eventsys.services.booths import booking
from tests.badges_factories import pdf_text
from tests.booth_factories import approved_startup
from tests.conftest import create_fair, login
from tests.extras_factories import create_extra
from tests.invoice_factories import confirmed_booking, create_issuer, finance_user


@pytest.fixture
def exhibitor(db, fair):
    create_issuer(db, fair)
    return confirmed_booking(db, fair, fair.halls[0].booths[0])


def page_of(record) -> str:
    return f"/organizer/bookings/{record.id}/extras"


def test_the_organizer_orders_for_a_startup_and_cancels_it(app, client, db, fair, exhibitor, organizer):
    desk = create_extra(db, fair, name="Desk", price_jpy=3_000, kind="furniture", stock=4)
    login(client, organizer.email)
    manage = client.get(f"/organizer/bookings/{exhibitor.id}").get_data(as_text=True)
    assert page_of(exhibitor) in manage
    assert "Desk" in client.get(page_of(exhibitor)).get_data(as_text=True)
    assert client.post(page_of(exhibitor), data={"offer": f"extra-{desk.id}", "quantity": "2"}).status_code == 303
    order = db.scalar(select(ExtraOrder))
    assert (order.organization_id, order.ordered_by_id, desk.sold) == (exhibitor.organization_id, organizer.id, 2)
    invoice = db.get(Invoice, order.invoice_id)
    assert invoice.extras_only and invoice.buyer_name == exhibitor.billing_name
    assert "Extra:Desk" in pdf_text(client.get(f"/invoices/{invoice.id}.pdf").data)
    listed = client.get("/organizer/fairs/test-fair/extras").get_data(as_text=True)
    assert page_of(exhibitor) in listed  # the fair's extras page leads to the startup's orders
    startup = app.test_client()
    login(startup, db.get(type(organizer), exhibitor.created_by_id).email)
    assert "ordered by the organizers" in startup.get(f"/bookings/{exhibitor.id}/extras").get_data(as_text=True)
    assert client.post(f"/organizer/extra-orders/{order.id}/cancel").status_code == 303
    assert order.status.value == "cancelled" and desk.sold == 0
    assert db.scalar(select(Invoice).where(Invoice.original_id == invoice.id)).total_jpy == -invoice.total_jpy
    again = client.post(f"/organizer/extra-orders/{order.id}/cancel", follow_redirects=True)
    assert "already cancelled" in again.get_data(as_text=True)


@pytest.mark.parametrize(
    ("data", "status"),
    [
        ({"quantity": "1"}, 422),  # no offer
        ({"offer": "extra-999999", "quantity": "1"}, 422),
        ({"offer": "OWN", "quantity": "0"}, 422),
        ({"offer": "OWN", "quantity": "1000"}, 422),
        ({"offer": "OWN", "quantity": "two"}, 422),
        ({"offer": "OWN", "quantity": "3"}, 409),  # more than the stock of 2
    ],
)
def test_bad_orders_are_refused_and_order_nothing(client, db, fair, exhibitor, organizer, data, status):
    scarce = create_extra(db, fair, stock=2)
    data = data | ({"offer": f"extra-{scarce.id}"} if data.get("offer") == "OWN" else {})
    login(client, organizer.email)
    response = client.post(page_of(exhibitor), data=data)
    assert response.status_code == status
    assert db.scalar(select(ExtraOrder)) is None and scarce.sold == 0


def test_another_fairs_extra_and_a_held_booking_are_refused(app, client, db, fair, exhibitor, organizer):
    foreign = create_extra(db, create_fair(db, slug="other", name="Other", organizer_id=fair.organizer_id))
    own = create_extra(db, fair)
    login(client, organizer.email)
    assert client.post(page_of(exhibitor), data={"offer": f"extra-{foreign.id}", "quantity": "1"}).status_code == 422
    user = approved_startup(db, fair)
    held = booking.hold_booth(db, fair.halls[0].booths[1], user.organization, actor=user)
    with app.app_context():  # the hold's mail goes after the commit
        db.commit()  # the refusal rolls back
    response = client.post(page_of(held), data={"offer": f"extra-{own.id}", "quantity": "1"})
    assert response.status_code == 409 and "confirmed booking" in response.get_data(as_text=True)
    assert db.scalar(select(ExtraOrder)) is None


def test_finance_and_check_in_staff_and_the_startup_may_not(
    app, db, fair, exhibitor, organizer, organizer_organization
):
    extra = create_extra(db, fair)
    order_data = {"offer": f"extra-{extra.id}", "quantity": "1"}
    startup = db.get(type(organizer), exhibitor.created_by_id)
    people = {
        "finance": (finance_user(db, fair, organizer_organization), 404),
        "check-in": (finance_user(db, fair, organizer_organization, FairRole.CHECK_IN), 404),
        "startup": (startup, 403),
    }
    for _who, (user, status) in people.items():
        client = app.test_client()
        login(client, user.email)
        assert client.get(page_of(exhibitor)).status_code == status
        assert client.post(page_of(exhibitor), data=order_data).status_code == status
    assert db.scalar(select(ExtraOrder)) is None
    staff = app.test_client()
    login(staff, finance_user(db, fair, organizer_organization, FairRole.STAFF).email)
    assert staff.post(page_of(exhibitor), data=order_data).status_code == 303
    order = db.scalar(select(ExtraOrder))
    for _who, (user, status) in people.items():
        client = app.test_client()
        login(client, user.email)
        assert client.post(f"/organizer/extra-orders/{order.id}/cancel").status_code == status
    assert order.status.value == "ordered"
    assert staff.post("/organizer/extra-orders/999999/cancel").status_code == 404
