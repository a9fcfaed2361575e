"""Booth types and sector zones of a fair: the services' refusals, the pages as owners and as everybody else."""

from __future__ import annotations

import pytest

from eventsys.models import (
    AuditEntry,
    BookingStatus,
    BoothApplication,
    BoothBooking,
    BoothType,
    FairRole,
    FairStaff,
    MemberRole,
    Membership,
    OrganizationKind,
    Role,
    Sector,
    utcnow,
)
from eventsys.services.booths import types as type_service
from eventsys.services.booths import zones as zone_service
from eventsys.services.booths.types import BoothTypeValues
from eventsys.services.errors import ConfirmationNeeded, InvalidInput
from tests.conftest import (
    create_booth,
    create_booth_type,
    create_fair,
    create_hall,
    create_organization,
    create_user,
    login,
)

GOOD = {
    "name": "Premium 6×3 m",
    "name_ja": "プレミアム",
    "description": "Two open sides",
    "width": "6",
    "depth": "2.5",
    "price_jpy": "550000",
    "max_per_organization": "1",
    "colour": "#12AB34",
}


def values(**changes) -> BoothTypeValues:
    fields = {
        "name": "Premium",
        "width": 6.0,
        "depth": 3.0,
        "price_jpy": 500_000,
        "max_per_organization": 1,
        "colour": "#123456",
    }
    return BoothTypeValues(**(fields | changes))


def booked(db, booth_type: BoothType, status=BookingStatus.CONFIRMED) -> BoothBooking:
    """A live booking of a new booth of `booth_type`, at the price of the moment."""
    hall = create_hall(db, booth_type.fair)
    booth = create_booth(db, hall, booth_type)
    booking = BoothBooking(
        fair_id=booth_type.fair_id,
        booth_id=booth.id,
        organization_id=create_organization(db).id,
        status=status,
        confirmed_at=utcnow(),
        price_jpy=booth_type.price_jpy,
    )
    db.add(booking)
    db.flush()
    return booking


@pytest.fixture
def owner_client(client, db, fair, organizer):
    """The fair's owner, logged in. Tests commit what they make before a request that a refusal rolls back."""
    assert login(client, organizer.email).status_code == 302
    return client


# The services


def test_create_and_count_booths_and_bookings(db, fair, organizer):
    premium = type_service.create_booth_type(
        db, fair, values(name_translations={"ja": " プレミアム ", "es": ""}), actor=organizer
    )
    assert premium.name_translations == {"ja": "プレミアム"}
    booked(db, premium)
    usage = {row.booth_type.name: (row.booths, row.booked) for row in type_service.get_booth_type_usage(db, fair)}
    assert usage == {"Standard 3×3 m": (3, 0), "Premium": (1, 1)}


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"name": "  "}, "name", "name"),
        ({"name": "standard 3×3 M"}, "name", "already has a booth type"),
        ({"width": 2.3}, "width", "0.5 m"),
        ({"depth": float("nan")}, "depth", "0.5 m"),
        ({"width": float("inf")}, "width", "0.5 m"),
        ({"width": 0.0}, "width", "0.5 m"),
        ({"depth": 100.5}, "depth", "0.5 m"),
        ({"price_jpy": -1}, "price_jpy", "whole number of yen"),
        ({"max_per_organization": 0}, "max_per_organization", "at least one"),
        ({"max_per_organization": 2}, "max_per_organization", "at most 1 booths at this fair"),
        ({"colour": "red"}, "colour", "#rrggbb"),
        ({"colour": "#12345g"}, "colour", "#rrggbb"),
    ],
)
def test_create_refuses_bad_values(db, fair, organizer, changes, field, words):
    with pytest.raises(InvalidInput) as refusal:
        type_service.create_booth_type(db, fair, values(**changes), actor=organizer)
    assert refusal.value.field == field and words in str(refusal.value)


def test_a_price_change_of_a_booked_type_needs_confirmation_and_keeps_bookings_prices(app_context, db, fair, organizer):
    standard = fair.booth_types[0]
    booking = booked(db, standard)
    same = values(name=standard.name, width=3.0, depth=3.0, price_jpy=standard.price_jpy)
    type_service.update_booth_type(db, standard, same, actor=organizer)  # no price change: no question
    with pytest.raises(ConfirmationNeeded) as question:
        type_service.update_booth_type(db, standard, values(name=standard.name, price_jpy=400_000), actor=organizer)
    assert "1 held or confirmed bookings" in str(question.value) and question.value.status == 409
    assert "¥400,000" in str(question.value)
    type_service.update_booth_type(
        db, standard, values(name=standard.name, price_jpy=400_000), actor=organizer, confirmed=True
    )
    assert standard.price_jpy == 400_000 and booking.price_jpy == 330_000
    entry = (
        db.query(AuditEntry)
        .filter_by(action="booth_type.update", subject_id=standard.id)
        .order_by(AuditEntry.id.desc())
        .first()
    )
    assert entry.details["old_price_jpy"] == 330_000 and entry.details["price_jpy"] == 400_000


def test_a_price_change_without_live_bookings_needs_no_confirmation(db, fair, organizer):
    standard = fair.booth_types[0]
    booked(db, standard, status=BookingStatus.CANCELLED)
    type_service.update_booth_type(db, standard, values(name=standard.name, price_jpy=1), actor=organizer)
    assert standard.price_jpy == 1


def test_delete_is_refused_while_booths_or_applications_use_the_type(db, fair, organizer):
    standard = fair.booth_types[0]
    with pytest.raises(InvalidInput, match="3 booths are of this type"):
        type_service.delete_booth_type(db, standard, actor=organizer)
    spare = create_booth_type(db, fair, name="Spare")
    db.add(BoothApplication(fair_id=fair.id, organization_id=create_organization(db).id, booth_type_id=spare.id))
    db.flush()
    with pytest.raises(InvalidInput, match="1 booth applications"):
        type_service.delete_booth_type(db, spare, actor=organizer)
    unused = create_booth_type(db, fair, name="Unused")
    type_service.delete_booth_type(db, unused, actor=organizer)
    assert db.get(BoothType, unused.id) is None
    assert db.query(AuditEntry).filter_by(action="booth_type.delete", subject_id=unused.id).count() == 1


def _sector(db, slug="robotics", name="Robotics") -> Sector:
    sector = Sector(slug=slug, name=name)
    db.add(sector)
    db.flush()
    return sector


def test_zones_add_create_and_remove(db, fair, organizer):
    robotics = _sector(db)
    zone_service.add_zone(db, fair, robotics, actor=organizer)
    with pytest.raises(InvalidInput, match="already offers"):
        zone_service.add_zone(db, fair, robotics, actor=organizer)
    space = zone_service.create_sector(
        db, fair, slug="Space-Tech", name="Space tech", name_translations={"ja": "宇宙"}, actor=organizer
    )
    assert space.slug == "space-tech" and space in fair.sectors and space.name_translations == {"ja": "宇宙"}
    for booth in fair.halls[0].booths[:2]:
        booth.sector_id = robotics.id
    db.flush()
    usage = {zone.sector.slug: zone.booth_codes for zone in zone_service.get_zone_usage(db, fair)}
    assert usage == {"robotics": ["A01", "A02"], "space-tech": []}
    with pytest.raises(InvalidInput, match="2 booths are zoned to Robotics"):
        zone_service.remove_zone(db, fair, robotics, actor=organizer)
    zone_service.remove_zone(db, fair, space, actor=organizer)
    assert space not in fair.sectors
    # A sector that booths are zoned to but the fair no longer offers is listed, to be offered again.
    fair.sectors.remove(robotics)
    db.flush()
    (stray,) = zone_service.get_zone_usage(db, fair)
    assert stray.sector == robotics and not stray.offered and stray.booths == 2


@pytest.mark.parametrize(
    ("slug", "name", "field", "words"),
    [
        ("no spaces", "X", "slug", "lower-case"),
        ("-x", "X", "slug", "lower-case"),
        ("a" * 41, "X", "slug", "lower-case"),
        ("robotics", "Other", "slug", "exists"),
        ("other", "ROBOTICS", "name", "exists"),
        ("other", " ", "name", "name"),
    ],
)
def test_create_sector_refusals(db, fair, organizer, slug, name, field, words):
    _sector(db)
    with pytest.raises(InvalidInput) as refusal:
        zone_service.create_sector(db, fair, slug=slug, name=name, name_translations={}, actor=organizer)
    assert refusal.value.field == field and words in str(refusal.value)


# The pages


def test_owner_creates_a_booth_type_with_a_japanese_name(owner_client, db, fair):
    page = owner_client.get(f"/organizer/fairs/{fair.slug}/booth-types").get_data(as_text=True)
    assert 'type="color"' in page and 'name="name_ja"' in page and 'href="/organizer/fairs/test-fair/halls"' in page
    response = owner_client.post(f"/organizer/fairs/{fair.slug}/booth-types", data=GOOD)
    assert response.status_code == 303
    created = db.query(BoothType).filter_by(fair_id=fair.id, name="Premium 6×3 m").one()
    assert (created.width, created.depth, created.colour) == (6, 2.5, "#12ab34")
    assert created.name_translations == {"ja": "プレミアム"}
    page = owner_client.get(f"/organizer/fairs/{fair.slug}/booth-types").get_data(as_text=True)
    assert "Premium 6×3 m" in page and "6 × 2.5 m" in page and "¥550,000" in page
    assert db.query(AuditEntry).filter_by(action="booth_type.create", subject_id=created.id).count() == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": "Standard 3×3 m"}, "This fair already has a booth type named Standard 3×3 m."),
        ({"name": ""}, "This field is required."),
        ({"width": "2.25"}, "Sizes are in steps of 0.5 m"),
        ({"depth": "nan"}, "Sizes are in steps of 0.5 m"),
        ({"width": "1e309"}, "Sizes are in steps of 0.5 m"),
        ({"width": "wide"}, "Not a valid float value."),
        ({"price_jpy": "-5"}, "Number must be between 0 and 1000000000."),
        ({"price_jpy": "9" * 30}, "Number must be between 0 and 1000000000."),
        ({"max_per_organization": "0"}, "Number must be between 1 and 1000."),
        ({"max_per_organization": "3"}, "A company may book at most 1 booths at this fair"),
        ({"colour": "blue"}, "Choose a colour as #rrggbb."),
        ({"badges_included": "-1"}, "Number must be between 0 and 1000."),
        ({"badges_included": "1001"}, "Number must be between 0 and 1000."),
        ({"badges_included": "two"}, "Not a valid integer value."),
    ],
)
def test_new_type_form_refusals_are_422_with_the_message(owner_client, db, fair, changes, message):
    response = owner_client.post(f"/organizer/fairs/{fair.slug}/booth-types", data=GOOD | changes)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.query(BoothType).filter_by(fair_id=fair.id).count() == 1


def test_a_booth_type_includes_a_number_of_badges_or_none(owner_client, db, fair):
    assert (
        owner_client.post(f"/organizer/fairs/{fair.slug}/booth-types", data=GOOD | {"badges_included": "3"}).status_code
        == 303
    )
    created = db.query(BoothType).filter_by(fair_id=fair.id, name="Premium 6×3 m").one()
    assert created.badges_included == 3
    page = owner_client.get(f"/organizer/fairs/{fair.slug}/booth-types").get_data(as_text=True)
    assert "one per member" in page  # the fair's standard type sets no number
    url = f"/organizer/fairs/{fair.slug}/booth-types/{created.id}"
    assert owner_client.post(url, data=GOOD | {"badges_included": ""}).status_code == 303
    assert created.badges_included is None


def test_the_service_refuses_a_negative_number_of_badges(db, fair, organizer):
    with pytest.raises(InvalidInput) as refusal:
        type_service.create_booth_type(db, fair, values(badges_included=-1), actor=organizer)
    assert refusal.value.field == "badges_included"


def test_edit_page_asks_to_confirm_a_new_price_of_a_booked_type(owner_client, db, fair):
    standard = fair.booth_types[0]
    booking = booked(db, standard)
    db.commit()
    url = f"/organizer/fairs/{fair.slug}/booth-types/{standard.id}"
    page = owner_client.get(url).get_data(as_text=True)
    assert 'value="Standard 3×3 m"' in page and "keeps the price it was booked at" in page
    form = GOOD | {"name": standard.name, "name_ja": "標準", "price_jpy": "300000"}
    answer = owner_client.post(url, data=form)
    assert answer.status_code == 409
    text = answer.get_data(as_text=True)
    assert "keep the price they were booked at" in text and 'name="confirm_price"' in text
    assert db.get(BoothType, standard.id).price_jpy == 330_000
    assert owner_client.post(url, data=form | {"confirm_price": "y"}).status_code == 303
    assert db.get(BoothType, standard.id).price_jpy == 300_000 and booking.price_jpy == 330_000
    assert db.get(BoothType, standard.id).name_translations == {"ja": "標準"}
    assert owner_client.post(url, data=form | {"colour": "x"}).status_code == 422


def test_delete_page_refusal_and_success(owner_client, db, fair):
    standard = fair.booth_types[0]
    refused = owner_client.post(f"/organizer/fairs/{fair.slug}/booth-types/{standard.id}/delete")
    assert refused.status_code == 422
    assert "3 booths are of this type" in refused.get_data(as_text=True)
    spare = create_booth_type(db, fair, name="Spare")
    assert owner_client.post(f"/organizer/fairs/{fair.slug}/booth-types/{spare.id}/delete").status_code == 303
    assert db.get(BoothType, spare.id) is None
    other_fair_type = create_booth_type(db, create_fair(db))
    assert owner_client.get(f"/organizer/fairs/{fair.slug}/booth-types/{other_fair_type.id}").status_code == 404


def test_the_booth_list_links_owners_to_types_and_zones(owner_client, app, db, fair):
    assert f"/organizer/fairs/{fair.slug}/booth-types" in owner_client.get(f"/organizer/fairs/{fair.slug}/booths").text
    staff = create_user(db, Role.ORGANIZER)
    db.add(Membership(user=staff, organization=fair.organizer, role=MemberRole.MEMBER))
    db.add(FairStaff(fair_id=fair.id, user_id=staff.id, role=FairRole.STAFF))
    db.commit()
    client = app.test_client()
    login(client, staff.email)
    page = client.get(f"/organizer/fairs/{fair.slug}/booths")
    assert page.status_code == 200 and "/booth-types" not in page.text


def test_zone_pages(owner_client, db, fair):
    robotics = _sector(db)
    db.commit()
    page = owner_client.get(f"/organizer/fairs/{fair.slug}/zones").get_data(as_text=True)
    assert "Robotics" in page and "offers no sectors yet" in page
    assert owner_client.post(f"/organizer/fairs/{fair.slug}/zones", data={"sector": robotics.id}).status_code == 303
    assert robotics in fair.sectors
    assert owner_client.post(f"/organizer/fairs/{fair.slug}/zones", data={"sector": robotics.id}).status_code == 422
    assert owner_client.post(f"/organizer/fairs/{fair.slug}/zones", data={"sector": "x"}).status_code == 422
    new = {"slug": "space-tech", "name": "Space tech", "name_ja": "宇宙"}
    assert owner_client.post(f"/organizer/fairs/{fair.slug}/zones/new", data=new).status_code == 303
    again = owner_client.post(f"/organizer/fairs/{fair.slug}/zones/new", data=new)
    assert again.status_code == 422 and "A sector with the short name space-tech exists" in again.get_data(as_text=True)
    bad = owner_client.post(f"/organizer/fairs/{fair.slug}/zones/new", data=new | {"slug": "Space Tech"})
    assert bad.status_code == 422 and "Use a-z, 0-9 and -." in bad.get_data(as_text=True)
    fair.halls[0].booths[0].sector_id = robotics.id
    db.commit()
    refused = owner_client.post(f"/organizer/fairs/{fair.slug}/zones/{robotics.id}/remove")
    assert refused.status_code == 422 and "1 booths are zoned to Robotics" in refused.get_data(as_text=True)
    assert robotics in fair.sectors
    space = db.query(Sector).filter_by(slug="space-tech").one()
    assert owner_client.post(f"/organizer/fairs/{fair.slug}/zones/{space.id}/remove").status_code == 303
    assert space not in fair.sectors
    assert owner_client.post(f"/organizer/fairs/{fair.slug}/zones/999999/remove").status_code == 404


ROUTES = [
    ("get", "/booth-types"),
    ("post", "/booth-types"),
    ("get", "/booth-types/{type_id}"),
    ("post", "/booth-types/{type_id}"),
    ("post", "/booth-types/{type_id}/delete"),
    ("get", "/zones"),
    ("post", "/zones"),
    ("post", "/zones/new"),
    ("post", "/zones/{sector_id}/remove"),
]


def _forbidden_users(db, fair):
    """Everybody who may not edit the fair's booth types: 403 each (anonymous users are sent to log in)."""
    staff_org = fair.organizer
    check_in = create_user(db, Role.ORGANIZER)
    staff = create_user(db, Role.ORGANIZER)
    for user, role in ((check_in, FairRole.CHECK_IN), (staff, FairRole.STAFF)):
        db.add(Membership(user=user, organization=staff_org, role=MemberRole.MEMBER))
        db.add(FairStaff(fair_id=fair.id, user_id=user.id, role=role))
    other_organizer = create_user(db, Role.ORGANIZER, organization=create_organization(db, OrganizationKind.ORGANIZER))
    db.flush()
    return [create_user(db, Role.STARTUP), create_user(db, Role.INVESTOR), other_organizer, check_in, staff]


def test_only_the_fairs_owners_may_use_the_pages(app, db, fair, admin):
    robotics = _sector(db)
    fair.sectors.append(robotics)
    db.flush()
    type_id, sector_id = fair.booth_types[0].id, robotics.id
    paths = [
        (method, f"/organizer/fairs/{fair.slug}" + path.format(type_id=type_id, sector_id=sector_id))
        for method, path in ROUTES
    ]
    anonymous = app.test_client()
    for method, path in paths:
        response = getattr(anonymous, method)(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"], path
    for user in _forbidden_users(db, fair):
        client = app.test_client()
        assert login(client, user.email).status_code == 302
        for method, path in paths:
            assert getattr(client, method)(path, data=GOOD).status_code == 403, (user.email, method, path)
    client = app.test_client()
    login(client, admin.email)
    assert client.get(paths[0][1]).status_code == 200
    assert client.get("/organizer/fairs/no-such-fair/booth-types").status_code == 404


def test_types_and_zones_appear_in_the_public_hall_legend(client, db, fair):
    standard = fair.booth_types[0]
    standard.colour, standard.name_translations = "#ff8800", {"ja": "標準ブース"}
    robotics = _sector(db)
    fair.halls[0].booths[0].sector_id = robotics.id
    db.flush()
    page = client.get(f"/fairs/{fair.slug}/halls/main/plan?lang=en").get_data(as_text=True)
    assert f'data-legend-type="{standard.id}"' in page and 'fill="#ff8800"' in page and 'stroke="#ff8800"' in page
    assert 'data-legend-zone="robotics"' in page
    shell = client.get(f"/fairs/{fair.slug}/halls/main", headers={"Accept-Language": "ja"}).get_data(as_text=True)
    assert f'data-plan-src="/fairs/{fair.slug}/halls/main/plan?lang=ja"' in shell
    assert "標準ブース" in client.get(f"/fairs/{fair.slug}/halls/main/plan?lang=ja").get_data(as_text=True)
