"""Extras and packages: the organizer's offers, the startup's orders with the booth or later, stock, and the
invoices that bill them (issued invoices never change: credit notes and new invoices instead)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from eventsys.models import DocumentKind, ExtraKind, ExtraOrder, Invoice, OrderStatus, SponsorshipPackage, User
from eventsys.services.badges import allowance
from eventsys.services.booths import booking, changes, confirmation
from eventsys.services.errors import DomainError, InvalidInput, NotAllowed
from eventsys.services.extras import offers, orders
from eventsys.services.invoices import issuing
from tests.booth_factories import approved_startup
from tests.conftest import create_booth_type, create_fair
from tests.extras_factories import create_extra, create_package
from tests.invoice_factories import confirmed_booking, create_issuer, finance_user


@pytest.fixture(autouse=True)
def _app_context(app):
    with app.app_context():
        yield


@pytest.fixture
def booths(fair):
    return fair.halls[0].booths


def documents(db, fair):
    return list(db.scalars(select(Invoice).where(Invoice.fair_id == fair.id).order_by(Invoice.number)))


def who(db, record):
    """The startup's member who made the booking."""
    return db.get(User, record.created_by_id)


def lines(invoice):
    return [(line.description, line.quantity, line.unit_price_jpy, line.rate_percent) for line in invoice.lines]


def test_the_organizer_creates_edits_and_retires_an_extra(db, fair, organizer):
    data = offers.OfferInput(name=" Power 1 kW ", price_jpy=20_000, stock=3, kind=ExtraKind.POWER)
    extra = offers.create_offer(db, fair, offers.Extra, data, actor=organizer)
    assert (extra.name, extra.stock, extra.sold, extra.active, extra.kind) == ("Power 1 kW", 3, 0, True, "power")
    offers.edit_offer(
        db, extra, offers.OfferInput(name="Power 2 kW", price_jpy=30_000, rate_percent=8), actor=organizer
    )
    assert (extra.name, extra.price_jpy, extra.rate_percent, extra.stock) == ("Power 2 kW", 30_000, 8, None)
    offers.set_active(db, extra, False, actor=organizer)
    assert offers.list_offers(db, fair, offers.Extra, active_only=True) == []


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": "  "}, "name"),
        ({"name": "x" * 121}, "name"),
        ({"price_jpy": -1}, "price_jpy"),
        ({"price_jpy": 2**31}, "price_jpy"),
        ({"rate_percent": 5}, "rate_percent"),
        ({"stock": -1}, "stock"),
    ],
)
def test_bad_offers_are_refused(db, fair, organizer, fields, field):
    data = offers.OfferInput(**({"name": "Desk", "price_jpy": 1_000} | fields))
    with pytest.raises(InvalidInput) as refused:
        offers.create_offer(db, fair, offers.Extra, data, actor=organizer)
    assert refused.value.field == field


def test_a_package_names_a_booth_type_of_its_own_fair_only(db, fair, organizer):
    other = create_fair(db, slug="other-fair", name="Other")
    foreign = create_booth_type(db, other, name="Foreign")
    data = offers.OfferInput(name="Gold", price_jpy=1, booth_type_id=foreign.id, badge_count=4)
    with pytest.raises(InvalidInput):
        offers.create_offer(db, fair, SponsorshipPackage, data, actor=organizer)
    own = fair.booth_types[0]
    package = offers.create_offer(
        db, fair, SponsorshipPackage, data.__class__(**{**data.__dict__, "booth_type_id": own.id}), actor=organizer
    )
    assert (package.booth_type_id, package.badge_count) == (own.id, 4)


def test_only_the_fairs_managers_sell_extras(db, fair, organizer_organization, startup):
    data = offers.OfferInput(name="Desk", price_jpy=1_000)
    for user in (startup, finance_user(db, fair, organizer_organization)):
        with pytest.raises(NotAllowed):
            offers.create_offer(db, fair, offers.Extra, data, actor=user)


def test_the_stock_cannot_go_below_what_is_sold(db, fair, organizer, booths):
    create_issuer(db, fair)
    extra = create_extra(db, fair, stock=5)
    record = confirmed_booking(db, fair, booths[0])
    orders.place_order(db, record, extra, 3, actor=who(db, record), organization=record.organization)
    with pytest.raises(InvalidInput):
        offers.edit_offer(db, extra, offers.OfferInput(name="Power", price_jpy=1, stock=2), actor=organizer)


def test_extras_ordered_with_the_booth_are_lines_of_the_booths_invoice(db, fair, booths):
    create_issuer(db, fair)
    power, food = create_extra(db, fair), create_extra(db, fair, name="Catering", price_jpy=5_000, rate_percent=8)
    user = approved_startup(db, fair)
    held = booking.hold_booth(db, booths[0], user.organization, actor=user)
    orders.order_with_booth(db, held, [(power, 2), (food, 3)], actor=user, organization=user.organization)
    confirmation.confirm_booking(
        db, held, user.organization, actor=user, billing_name="Buyer", billing_email="b@example.com"
    )
    (invoice,) = documents(db, fair)
    assert lines(invoice)[1:] == [
        ("オプション / Extra: Power 1 kW", 2, 20_000, 10),
        ("オプション / Extra: Catering", 3, 5_000, 8),
    ]
    # Tax once per rate: the booth and the power at 10%, the catering at 8%.
    assert [(r.rate_percent, r.net_jpy, r.tax_jpy) for r in invoice.rates] == [
        (8, 15_000, 1_200),
        (10, 370_000, 37_000),
    ]
    assert {order.invoice_id for order in orders.orders_of(db, held)} == {invoice.id}


def test_extras_ordered_later_get_an_invoice_of_their_own(db, fair, booths):
    create_issuer(db, fair)
    package = create_package(db, fair, booth_type_id=fair.booth_types[0].id)
    record = confirmed_booking(db, fair, booths[0])
    booth_invoice = issuing.open_invoice(db, record)
    order = orders.place_order(db, record, package, 1, actor=who(db, record), organization=record.organization)
    booth_invoice_again, extras_invoice = documents(db, fair)
    assert booth_invoice_again is booth_invoice and len(booth_invoice.lines) == 1  # unchanged
    assert extras_invoice.extras_only and extras_invoice.number == booth_invoice.number + 1
    assert lines(extras_invoice) == [
        (
            "協賛パッケージ / Sponsorship package: Gold (ブース / booth Standard 3×3 m, バッジ / badges × 5)",
            1,
            500_000,
            10,
        ),
        ("ブース / Booth A02 (Standard 3×3 m) — 協賛パッケージに含む / in package Gold", 1, 0, 10),  # booked for it
    ]
    assert extras_invoice.total_jpy == 550_000
    assert order.invoice_id == extras_invoice.id
    assert issuing.open_invoice(db, record) is booth_invoice  # the booth's invoice is still the booth's
    assert allowance.badges_ordered(db, fair, record.organization_id) == 5


def test_cancelling_an_unbilled_order_gives_the_stock_back(db, fair, booths):
    extra = create_extra(db, fair, stock=2)
    record = confirmed_booking(db, fair, booths[0])  # no issuer: nothing is billed
    order = orders.place_order(db, record, extra, 2, actor=who(db, record), organization=record.organization)
    assert extra.sold == 2 and order.invoice_id is None
    orders.cancel_order(db, order, actor=who(db, record), organization=record.organization)
    assert (order.status, extra.sold) == (OrderStatus.CANCELLED, 0)
    with pytest.raises(DomainError):
        orders.cancel_order(db, order, actor=who(db, record), organization=record.organization)
    assert documents(db, fair) == []


def test_cancelling_a_billed_extra_credits_its_invoice_and_reissues_the_rest(db, fair, booths):
    create_issuer(db, fair)
    power, desk = create_extra(db, fair), create_extra(db, fair, name="Desk", price_jpy=3_000)
    record = confirmed_booking(db, fair, booths[0])
    actor, organization = who(db, record), record.organization
    first = orders.place_order(db, record, power, 1, actor=actor, organization=organization)
    orders.place_order(db, record, desk, 2, actor=actor, organization=organization)
    orders.cancel_order(db, first, actor=actor, organization=organization)
    kinds = [(d.kind, d.total_jpy, d.original_id is not None) for d in documents(db, fair)]
    assert kinds == [
        (DocumentKind.INVOICE, 363_000, False),  # the booth
        (DocumentKind.INVOICE, 22_000, False),  # the power
        (DocumentKind.INVOICE, 6_600, False),  # the desks
        (DocumentKind.CREDIT_NOTE, -22_000, True),  # the power, cancelled
    ]
    assert power.sold == 0


def test_cancelling_an_extra_billed_with_the_booth_reissues_the_booths_invoice(db, fair, booths):
    create_issuer(db, fair)
    power, desk = create_extra(db, fair), create_extra(db, fair, name="Desk", price_jpy=3_000)
    user = approved_startup(db, fair)
    held = booking.hold_booth(db, booths[0], user.organization, actor=user)
    power_order, _desk = orders.order_with_booth(
        db, held, [(power, 1), (desk, 1)], actor=user, organization=user.organization
    )
    confirmation.confirm_booking(
        db, held, user.organization, actor=user, billing_name="Buyer", billing_email="b@example.com"
    )
    orders.cancel_order(db, power_order, actor=user, organization=user.organization)
    original, note, replacement = documents(db, fair)
    assert (note.kind, note.original_id, note.total_jpy) == (DocumentKind.CREDIT_NOTE, original.id, -original.total_jpy)
    assert [line[0] for line in lines(replacement)][1:] == ["オプション / Extra: Desk"]
    assert issuing.open_invoice(db, held) is replacement
    assert _desk.invoice_id == replacement.id


def test_a_cancelled_booking_ends_its_orders_and_credits_their_invoices(db, fair, booths):
    create_issuer(db, fair)
    extra = create_extra(db, fair, stock=4)
    record = confirmed_booking(db, fair, booths[0])
    order = orders.place_order(db, record, extra, 4, actor=who(db, record), organization=record.organization)
    changes.cancel_booking(db, record, actor=who(db, record), organization=record.organization)
    assert (order.status, extra.sold) == (OrderStatus.CANCELLED, 0)
    credits = [d for d in documents(db, fair) if d.kind == DocumentKind.CREDIT_NOTE]
    assert sorted(d.total_jpy for d in credits) == [-363_000, -88_000]


@pytest.mark.parametrize("quantity", [0, -1, 1000])
def test_bad_quantities_are_refused(db, fair, booths, quantity):
    extra = create_extra(db, fair)
    record = confirmed_booking(db, fair, booths[0])
    with pytest.raises(InvalidInput):
        orders.place_order(db, record, extra, quantity, actor=who(db, record), organization=record.organization)
    assert db.scalars(select(ExtraOrder)).all() == [] and extra.sold == 0


def test_orders_are_refused_past_the_stock_for_another_fair_and_for_retired_offers(db, fair, booths):
    record = confirmed_booking(db, fair, booths[0])
    actor, organization = who(db, record), record.organization
    with pytest.raises(orders.OutOfStock):
        orders.place_order(db, record, create_extra(db, fair, stock=1), 2, actor=actor, organization=organization)
    foreign = create_extra(db, create_fair(db, slug="elsewhere", name="Elsewhere"))
    with pytest.raises(InvalidInput):
        orders.place_order(db, record, foreign, 1, actor=actor, organization=organization)
    retired = create_extra(db, fair, active=False)
    with pytest.raises(DomainError):
        orders.place_order(db, record, retired, 1, actor=actor, organization=organization)
    assert db.scalars(select(ExtraOrder)).all() == []


def test_only_a_confirmed_booking_of_ones_own_company_orders(db, fair, booths):
    extra = create_extra(db, fair)
    user = approved_startup(db, fair)
    held = booking.hold_booth(db, booths[0], user.organization, actor=user)
    with pytest.raises(DomainError):  # a hold orders only as it is confirmed
        orders.place_order(db, held, extra, 1, actor=user, organization=user.organization)
    other = approved_startup(db, fair)
    with pytest.raises(NotAllowed):
        orders.place_order(db, held, extra, 1, actor=other, organization=other.organization)
