"""The booth a sponsorship package booked is part of the package: it cannot be cancelled on its own (that would
leave a package paid for without its booth), neither by its startup (booking page, API) nor by an organizer; it is
freed by cancelling the package's order, which credits the invoice and reissues the rest in one mail."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from eventsys.models import BookingStatus, Invoice, OrderStatus, User
from eventsys.services.booths import booking, changes
from eventsys.services.errors import DomainError
from eventsys.services.extras import orders
from tests.conftest import login
from tests.extras_factories import create_package
from tests.invoice_factories import confirmed_booking, create_issuer
from tests.test_invoice_confirmation_mail import sent_mails


@pytest.fixture(autouse=True)
def _app_context(app):
    with app.app_context():
        yield


@pytest.fixture
def package_booth(db, fair):
    """Booth A01 booked and invoiced (INV-000001), then the Gold package ordered for it, which booked A02 and is
    billed on an invoice of its own (INV-000002)."""
    create_issuer(db, fair)
    a01, a02, _blocked = fair.halls[0].booths
    record = confirmed_booking(db, fair, a01)
    member = db.get(User, record.created_by_id)
    order = orders.place_order(
        db,
        record,
        create_package(db, fair, booth_type_id=fair.booth_types[0].id),
        1,
        actor=member,
        organization=record.organization,
    )
    assert order.booth_booking.booth == a02
    db.commit()
    return record, order, member


def test_the_startup_and_an_organizer_cannot_cancel_the_package_booth_alone(db, organizer, package_booth):
    record, order, member = package_booth
    included = order.booth_booking
    with pytest.raises(DomainError, match="Booth A02 comes with the package Gold ordered for booth A01"):
        changes.cancel_booking(db, included, actor=member, organization=record.organization)
    with pytest.raises(DomainError, match="cancel that order on the extras page of booth A01"):
        changes.cancel_booking(db, included, actor=organizer, organization=None, reason="Sponsor withdrew")
    assert included.status == BookingStatus.CONFIRMED and order.status == OrderStatus.ORDERED


def test_the_booking_page_and_the_api_refuse_and_point_to_the_package(client, db, package_booth):
    record, order, member = package_booth
    included = order.booth_booking
    login(client, member.email)
    page = client.get(f"/bookings/{included.id}").get_data(as_text=True)
    assert "comes with the package Gold ordered for booth A01" in page
    assert f'action="/bookings/{included.id}/cancel"' not in page, "no cancel button on the package's booth"
    assert f"/bookings/{record.id}/extras" in page
    refused = client.post(f"/bookings/{included.id}/cancel")
    assert refused.status_code == 303 and refused.location.endswith(f"/bookings/{included.id}")
    assert "comes with the package Gold" in client.get(refused.location).get_data(as_text=True)
    answer = client.post(f"/api/v1/bookings/{included.id}/cancel")
    assert answer.status_code == 409 and "comes with the package Gold" in answer.json["error"]["message"]
    db.expire_all()
    assert included.status == BookingStatus.CONFIRMED and order.status == OrderStatus.ORDERED
    assert "comes with the package" not in client.get(f"/bookings/{record.id}").get_data(as_text=True)


def test_the_organizers_booking_page_points_to_the_package_instead_of_a_cancel_form(
    client, db, organizer, package_booth
):
    record, order, _member = package_booth
    included = order.booth_booking
    login(client, organizer.email)
    page = client.get(f"/organizer/bookings/{included.id}").get_data(as_text=True)
    assert "comes with the package Gold ordered for booth A01" in page
    assert f'action="/organizer/bookings/{included.id}/cancel"' not in page
    assert f"/organizer/bookings/{record.id}/extras" in page
    main = client.get(f"/organizer/bookings/{record.id}").get_data(as_text=True)
    assert f'action="/organizer/bookings/{record.id}/cancel"' in main and "comes with the package" not in main


def test_cancelling_the_package_frees_its_booth_with_one_mail(client, db, package_booth, outbox):
    record, order, member = package_booth
    for old in outbox.glob("*.eml"):
        old.unlink()
    login(client, member.email)
    assert client.post(f"/extra-orders/{order.id}/cancel").status_code == 303
    db.expire_all()
    assert order.status == OrderStatus.CANCELLED and order.booth_booking.status == BookingStatus.CANCELLED
    assert booking.get_live_booking(db, order.booth_booking.booth) is None
    note = db.scalar(select(Invoice).where(Invoice.original_id == order.invoice_id))
    mails = sent_mails(outbox)
    (to_member,) = mails[member.email]
    assert to_member["Subject"] == f"Credit note CN-{note.number:06d}"
    assert [m["Subject"] for m in mails["billing@example.com"]] == [to_member["Subject"]]
