"""The extras pages: the organizer's extras and packages, the startup's orders with the booth and later, the
invoice's lines in the PDF; bad input and forbidden users."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from eventsys.models import BookingStatus, BoothBooking, Extra, ExtraOrder, FairRole, Invoice, SponsorshipPackage
from eventsys.services.booths import booking
from tests.badges_factories import pdf_text
from tests.booth_factories import approved_startup
from tests.conftest import create_booth_type, create_fair, login
from tests.extras_factories import create_extra
from tests.invoice_factories import confirmed_booking, create_issuer, finance_user

EXTRA = {"name": "Power 1 kW", "kind": "power", "price_jpy": "20000", "rate_percent": "10", "stock": "3"}


def user_of(db, record):
    from eventsys.models import User

    return db.get(User, record.created_by_id)


def test_the_organizer_creates_edits_and_retires_an_extra(client, db, fair, organizer):
    login(client, organizer.email)
    assert client.get("/organizer/fairs/test-fair/extras").status_code == 200
    assert client.post("/organizer/fairs/test-fair/extras/new", data=EXTRA).status_code == 303
    extra = db.scalar(select(Extra).where(Extra.fair_id == fair.id))
    assert (extra.name, extra.stock, extra.price_jpy) == ("Power 1 kW", 3, 20_000)
    edited = EXTRA | {"name": "Power 2 kW", "stock": "", "rate_percent": "8"}
    assert client.post(f"/organizer/fairs/test-fair/extras/{extra.id}", data=edited).status_code == 303
    assert (extra.name, extra.stock, extra.rate_percent) == ("Power 2 kW", None, 8)
    assert client.post(f"/organizer/fairs/test-fair/extras/{extra.id}/active", data={"active": "0"}).status_code == 303
    assert extra.active is False
    page = client.get("/organizer/fairs/test-fair/extras").get_data(as_text=True)
    assert "Power 2 kW" in page and 'aria-current="page">' in page


def test_the_organizer_creates_a_package_with_a_booth_type(client, db, fair, organizer):
    login(client, organizer.email)
    booth_type = fair.booth_types[0]
    data = {"name": "Gold", "price_jpy": "500000", "rate_percent": "10", "booth_type_id": str(booth_type.id)}
    assert client.post("/organizer/fairs/test-fair/packages/new", data=data | {"badge_count": "5"}).status_code == 303
    package = db.scalar(select(SponsorshipPackage).where(SponsorshipPackage.fair_id == fair.id))
    assert (package.booth_type_id, package.badge_count) == (booth_type.id, 5)
    foreign = create_booth_type(db, create_fair(db, slug="other", name="Other"), name="Foreign")
    bad = data | {"badge_count": "1", "booth_type_id": str(foreign.id), "name": "Silver"}
    assert client.post("/organizer/fairs/test-fair/packages/new", data=bad).status_code == 422


@pytest.mark.parametrize(
    ("field", "value"),
    [("name", ""), ("price_jpy", "-1"), ("price_jpy", "9" * 30), ("stock", "-2"), ("rate_percent", "5"), ("kind", "x")],
)
def test_bad_extras_are_422_and_save_nothing(client, db, fair, organizer, field, value):
    login(client, organizer.email)
    assert client.post("/organizer/fairs/test-fair/extras/new", data=EXTRA | {field: value}).status_code == 422
    assert db.scalar(select(Extra)) is None


def test_finance_and_check_in_staff_and_startups_may_not_sell_extras(app, db, fair, organizer_organization, startup):
    finance = finance_user(db, fair, organizer_organization)
    check_in = finance_user(db, fair, organizer_organization, FairRole.CHECK_IN)
    staff = finance_user(db, fair, organizer_organization, FairRole.STAFF)
    for user, status in ((finance, 403), (check_in, 403), (startup, 403), (staff, 303)):
        client = app.test_client()
        login(client, user.email)
        assert client.post("/organizer/fairs/test-fair/extras/new", data=EXTRA).status_code == status


def test_another_fairs_extra_is_404_on_this_fairs_page(client, db, fair, organizer):
    foreign = create_extra(db, create_fair(db, slug="other", name="Other", organizer_id=fair.organizer_id))
    login(client, organizer.email)
    assert client.get(f"/organizer/fairs/test-fair/extras/{foreign.id}").status_code == 404


def test_extras_ordered_with_the_booth_are_on_its_invoice_and_pdf(client, db, fair):
    create_issuer(db, fair)
    power = create_extra(db, fair, stock=5)
    user = approved_startup(db, fair)
    held = booking.hold_booth(db, fair.halls[0].booths[0], user.organization, actor=user)
    login(client, user.email)
    page = client.get(f"/bookings/{held.id}").get_data(as_text=True)
    assert f'name="quantity_extra_{power.id}"' in page
    body = {"billing_name": "Buyer K.K.", "billing_email": "b@example.com", f"quantity_extra_{power.id}": "2"}
    assert client.post(f"/bookings/{held.id}/confirm", data=body).status_code == 303
    invoice = db.scalar(select(Invoice).where(Invoice.booking_id == held.id))
    assert [line.description for line in invoice.lines][1:] == ["オプション / Extra: Power 1 kW"]
    text = pdf_text(client.get(f"/invoices/{invoice.id}.pdf").data)
    assert "オプション/Extra:Power1kW2¥20,00010%" in text  # description, quantity, unit price, rate
    assert "10%対象/10%items¥370,000¥37,000" in text and "¥407,000" in text
    assert power.sold == 2


def test_a_confirmation_with_too_many_extras_confirms_nothing(client, db, fair):
    power = create_extra(db, fair, stock=1)
    user = approved_startup(db, fair)
    held = booking.hold_booth(db, fair.halls[0].booths[0], user.organization, actor=user)
    login(client, user.email)
    body = {"billing_name": "Buyer", "billing_email": "b@example.com", f"quantity_extra_{power.id}": "2"}
    response = client.post(f"/bookings/{held.id}/confirm", data=body)
    assert response.status_code == 409 and "Only 1 of Power 1 kW are left." in response.get_data(as_text=True)
    assert db.get(BoothBooking, held.id).status == BookingStatus.HELD
    assert db.scalar(select(ExtraOrder)) is None
    body[f"quantity_extra_{power.id}"] = "-1"
    assert client.post(f"/bookings/{held.id}/confirm", data=body).status_code == 422


@pytest.fixture
def exhibitor(db, fair):
    create_issuer(db, fair)
    return confirmed_booking(db, fair, fair.halls[0].booths[0])


def test_an_extra_ordered_later_gets_its_own_invoice_and_can_be_cancelled(app, client, db, fair, exhibitor, organizer):
    desk = create_extra(db, fair, name="Desk", price_jpy=3_000, kind="furniture")
    login(client, user_of(db, exhibitor).email)
    assert "Desk" in client.get(f"/bookings/{exhibitor.id}/extras").get_data(as_text=True)
    data = {"offer": f"extra-{desk.id}", "quantity": "2"}
    assert client.post(f"/bookings/{exhibitor.id}/extras", data=data).status_code == 303
    order = db.scalar(select(ExtraOrder))
    invoice = db.get(Invoice, order.invoice_id)
    assert invoice.extras_only and "Extra:Desk" in pdf_text(client.get(f"/invoices/{invoice.id}.pdf").data)
    organizers = app.test_client()
    login(organizers, organizer.email)
    listed = organizers.get("/organizer/fairs/test-fair/extras").get_data(as_text=True)
    assert f"INV-{invoice.number:06d}" in listed and exhibitor.organization.name in listed
    assert client.post(f"/extra-orders/{order.id}/cancel").status_code == 303
    assert order.status.value == "cancelled" and desk.sold == 0
    assert db.scalar(select(Invoice).where(Invoice.original_id == invoice.id)).total_jpy == -invoice.total_jpy


@pytest.mark.parametrize("quantity", ["-1", "0", "1000", "x", ""])
def test_bad_quantities_are_422(client, db, fair, exhibitor, quantity):
    desk = create_extra(db, fair)
    login(client, user_of(db, exhibitor).email)
    data = {"offer": f"extra-{desk.id}", "quantity": quantity}
    assert client.post(f"/bookings/{exhibitor.id}/extras", data=data).status_code == 422
    assert db.scalar(select(ExtraOrder)) is None


def test_over_stock_another_fairs_extra_and_not_exhibiting_are_refused(app, client, db, fair, exhibitor):
    scarce = create_extra(db, fair, stock=1)
    foreign = create_extra(db, create_fair(db, slug="other", name="Other"))
    login(client, user_of(db, exhibitor).email)
    response = client.post(f"/bookings/{exhibitor.id}/extras", data={"offer": f"extra-{scarce.id}", "quantity": "2"})
    assert response.status_code == 409 and "Only 1 of" in response.get_data(as_text=True)
    response = client.post(f"/bookings/{exhibitor.id}/extras", data={"offer": f"extra-{foreign.id}", "quantity": "1"})
    assert response.status_code == 422
    user = approved_startup(db, fair)
    held = booking.hold_booth(db, fair.halls[0].booths[1], user.organization, actor=user)
    client = app.test_client()
    login(client, user.email)
    response = client.post(f"/bookings/{held.id}/extras", data={"offer": f"extra-{scarce.id}", "quantity": "1"})
    assert response.status_code == 409
    assert db.scalar(select(ExtraOrder)) is None


def test_other_companies_and_organizers_cannot_order_or_cancel(app, client, db, fair, exhibitor, organizer):
    extra = create_extra(db, fair)
    login(client, user_of(db, exhibitor).email)
    client.post(f"/bookings/{exhibitor.id}/extras", data={"offer": f"extra-{extra.id}", "quantity": "1"})
    order = db.scalar(select(ExtraOrder))
    other = approved_startup(db, fair)
    client = app.test_client()
    login(client, other.email)
    assert (
        client.post(
            f"/bookings/{exhibitor.id}/extras", data={"offer": f"extra-{extra.id}", "quantity": "1"}
        ).status_code
        == 404
    )
    assert client.post(f"/extra-orders/{order.id}/cancel").status_code == 404
    client = app.test_client()
    login(client, organizer.email)
    seen = client.get(f"/bookings/{exhibitor.id}/extras")
    assert seen.status_code == 200 and f"/organizer/bookings/{exhibitor.id}/extras" in seen.get_data(as_text=True)
    assert (
        client.post(
            f"/bookings/{exhibitor.id}/extras", data={"offer": f"extra-{extra.id}", "quantity": "1"}
        ).status_code
        == 403
    )
    assert client.post(f"/extra-orders/{order.id}/cancel").status_code == 404
    assert len(db.scalars(select(ExtraOrder)).all()) == 1 and order.status.value == "ordered"
