"""Copying a fair as next year's: everything the organizer built, moved in time, and nothing people did."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from eventsys.models import (
    AreaKind,
    BookingStatus,
    Booth,
    BoothBooking,
    Exhibitor,
    Fair,
    FairRole,
    FairStatus,
    HallArea,
    Meeting,
    OrganizationKind,
    Role,
)
from eventsys.services.errors import InvalidInput, NotAllowed
from eventsys.services.fairs import copying
from eventsys.services.fairs.copying import copy_fair
from tests.booth_factories import approve
from tests.calendar_factories import create_meeting, create_room
from tests.conftest import (
    create_booth,
    create_booth_type,
    create_fair,
    create_hall,
    create_organization,
    create_user,
    login,
)
from tests.fair_setup_factories import create_sector, organizer_member
from tests.meeting_factories import create_center


@pytest.fixture
def built(db, organizer_organization):
    """Last year's fair in Berlin (daylight saving time moves between its days and the copy's): two halls, one with
    areas and a venue image; two booth types; zoned and blocked booths; and bookings, exhibitors and a meeting."""
    robotics, fintech = create_sector(db, "Robotics"), create_sector(db, "Fintech")
    zone = "Europe/Berlin"
    fair = create_fair(
        db,
        slug="tech-fair-2030",
        name="Tech Fair 2030",
        organizer_id=organizer_organization.id,
        timezone=zone,
        starts_on=date(2030, 3, 20),
        ends_on=date(2030, 3, 22),
        booking_opens_at=datetime(2029, 11, 1, 9, 0, tzinfo=UTC),  # 10:00 in Berlin (winter time)
        booking_closes_at=datetime(2030, 3, 1, 17, 0, tzinfo=UTC),
        build_up_starts_at=datetime(2030, 3, 19, 7, 0, tzinfo=UTC),
        build_up_ends_at=datetime(2030, 3, 19, 19, 0, tzinfo=UTC),
        hold_minutes=25,
        name_translations={"ja": "テックフェア2030"},
        description_translations={"ja": "説明"},
        venue_local="ベルリン見本市",
    )
    fair.sectors = [robotics, fintech]
    east = create_hall(
        db, fair, slug="east", name="East", name_translations={"ja": "東"}, background_path="halls/e.png"
    )
    west = create_hall(db, fair, slug="west", name="West", width=30.5)
    db.add(HallArea(hall=east, kind=AreaKind.STAGE, label="Main stage", x=1, y=1, width=6, depth=4.5))
    shell = create_booth_type(db, fair, name="Shell", price_jpy=330_000, name_translations={"ja": "シェル"})
    island = create_booth_type(db, fair, name="Island", price_jpy=1_200_000, width=6, depth=6)
    e01 = create_booth(db, east, shell, code="E01", x=10, y=2, sector_id=robotics.id)
    create_booth(db, east, island, code="E02", x=14.5, y=2, is_blocked=True)
    create_booth(db, west, shell, code="W01", x=1, y=1, sector_id=fintech.id, open_sides=2)
    startup = create_user(db, Role.STARTUP)
    approve(db, fair, startup.organization)
    db.add(BoothBooking(fair_id=fair.id, booth=e01, organization=startup.organization, status=BookingStatus.CONFIRMED))
    create_meeting(db, fair, create_room(db, create_center(db)), create_user(db, Role.INVESTOR), startup)
    db.flush()
    return fair


def _count(db, model, fair):
    return db.scalar(select(func.count()).select_from(model).where(model.fair_id == fair.id))


def test_a_copy_takes_halls_types_booths_zones_and_settings_and_nothing_people_did(db, organizer, built):
    booths_before = _count(db, Booth, built)
    copy = copy_fair(
        db, built, slug="tech-fair-2031", name="Tech Fair 2031", starts_on=date(2031, 5, 14), actor=organizer
    )
    db.expire_all()
    assert (copy.status, copy.organizer_id, copy.hold_minutes) == (FairStatus.DRAFT, built.organizer_id, 25)
    assert copy.name_translations == {"ja": "テックフェア2030"} and copy.venue_local == "ベルリン見本市"
    assert [sector.name for sector in copy.sectors] == ["Fintech", "Robotics"]
    assert [(h.slug, h.width, h.background_path) for h in copy.halls] == [
        ("east", 60, "halls/e.png"),
        ("west", 30.5, None),
    ]
    assert copy.halls[0].name_translations == {"ja": "東"}
    assert [(a.kind, a.label, a.depth) for a in copy.halls[0].areas] == [(AreaKind.STAGE, "Main stage", 4.5)]
    assert {(t.name, t.price_jpy, t.width) for t in copy.booth_types} == {
        ("Shell", 330_000, 3),
        ("Island", 1_200_000, 6),
    }
    assert next(t for t in copy.booth_types if t.name == "Shell").name_translations == {"ja": "シェル"}
    booths = db.scalars(select(Booth).where(Booth.fair_id == copy.id).order_by(Booth.code)).all()
    assert len(booths) == booths_before == 3
    e01 = booths[0]
    assert (e01.code, e01.x, e01.hall.fair_id, e01.booth_type.fair_id, e01.sector.name) == (
        "E01",
        10,
        copy.id,
        copy.id,
        "Robotics",
    )
    assert next(b for b in booths if b.code == "E02").is_blocked
    assert next(b for b in booths if b.code == "W01").open_sides == 2
    assert [_count(db, model, copy) for model in (BoothBooking, Exhibitor, Meeting)] == [0, 0, 0]
    assert _count(db, BoothBooking, built) == 1  # the original keeps everything


def test_every_date_moves_by_the_same_days_at_the_same_wall_clock_time(db, organizer, built):
    copy = copy_fair(
        db, built, slug="tech-fair-2031", name="Tech Fair 2031", starts_on=date(2031, 5, 14), actor=organizer
    )
    days = (date(2031, 5, 14) - date(2030, 3, 20)).days
    assert (copy.starts_on, copy.ends_on) == (date(2031, 5, 14), date(2031, 5, 16))
    berlin = copy.zone
    for column in ("booking_opens_at", "booking_closes_at", "build_up_starts_at", "build_up_ends_at"):
        before, after = getattr(built, column).astimezone(berlin), getattr(copy, column).astimezone(berlin)
        assert after.date() - before.date() == timedelta(days=days), column
        assert after.time() == before.time(), column  # 10:00 stays 10:00 though summer time began
    assert copy.booking_opens_at == datetime(2030, 12, 26, 9, 0, tzinfo=UTC)
    assert copy.tear_down_starts_at is None


def test_a_copy_is_refused_a_taken_or_malformed_slug_an_empty_name_or_a_wild_date(db, organizer, built):
    cases = [
        ({"slug": "tech-fair-2030"}, "slug", "Another fair already has the address"),
        ({"slug": "Tech Fair"}, "slug", "lowercase letters"),
        ({"name": "  "}, "name", "required"),
        ({"starts_on": date(2100, 12, 31)}, "starts_on", "between 2000 and 2100"),
        ({"starts_on": date(1999, 1, 1)}, "starts_on", "between 2000 and 2100"),
    ]
    for overrides, field, words in cases:
        arguments = {"slug": "tech-fair-2031", "name": "Tech Fair 2031", "starts_on": date(2031, 5, 14)} | overrides
        with pytest.raises(InvalidInput, match=words) as refused:
            copy_fair(db, built, actor=organizer, **arguments)
        assert refused.value.field == field
    assert db.scalar(select(Fair).where(Fair.slug == "tech-fair-2031")) is None


def test_only_the_fairs_owners_copy_it(db, built, organizer_organization):
    staff = organizer_member(db, organizer_organization, built, FairRole.STAFF)
    with pytest.raises(NotAllowed):
        copy_fair(db, built, slug="tech-fair-2031", name="Tech Fair 2031", starts_on=date(2031, 5, 14), actor=staff)


def test_a_fair_of_a_thousand_booths_copies_well_under_two_seconds(db, organizer, organizer_organization):
    fair = create_fair(db, organizer_id=organizer_organization.id)
    hall = create_hall(db, fair, width=400, depth=400)
    kind = create_booth_type(db, fair)
    db.execute(
        Booth.__table__.insert(),
        [
            {
                "fair_id": fair.id,
                "hall_id": hall.id,
                "booth_type_id": kind.id,
                "code": f"B{n:04}",
                "x": 3 * (n % 100),
                "y": 3 * (n // 100),
                "width": 3,
                "depth": 3,
            }
            for n in range(1000)
        ],
    )
    started = time.perf_counter()
    copy = copy_fair(
        db, fair, slug="big-copy", name="Big copy", starts_on=fair.starts_on + timedelta(days=364), actor=organizer
    )
    seconds = time.perf_counter() - started
    assert _count(db, Booth, copy) == 1000
    assert seconds < 1.0, f"copying 1,000 booths took {seconds:.2f} s"


def test_the_copy_form_suggests_next_year_and_copies(client, db, organizer, built):
    login(client, organizer.email)
    page = client.get(f"/organizer/fairs/{built.slug}/copy").get_data(as_text=True)
    assert 'value="Tech Fair 2031"' in page and 'value="tech-fair-2031"' in page and 'value="2031-03-19"' in page
    data = {"name": "Tech Fair 2031", "slug": "tech-fair-2031", "starts_on": "2031-03-19"}
    response = client.post(f"/organizer/fairs/{built.slug}/copy", data=data)
    assert response.status_code == 303 and response.headers["Location"].endswith(
        "/organizer/fairs/tech-fair-2031/settings"
    )
    assert "copied as a draft" in client.get(response.headers["Location"]).get_data(as_text=True)
    response = client.post(f"/organizer/fairs/{built.slug}/copy", data=data)
    assert response.status_code == 422 and "Another fair already has the address tech-fair-2031" in response.get_data(
        as_text=True
    )
    assert (
        client.post(f"/organizer/fairs/{built.slug}/copy", data=dict(data, starts_on="2031-02-30")).status_code == 422
    )


def test_the_copy_form_is_for_owners_only(client, db, built, organizer_organization):
    other = create_user(db, Role.ORGANIZER, organization=create_organization(db, OrganizationKind.ORGANIZER))
    staff = organizer_member(db, organizer_organization, built, FairRole.STAFF)
    assert "/login" in client.get(f"/organizer/fairs/{built.slug}/copy").headers["Location"]
    for user in (other, staff, create_user(db, Role.STARTUP)):
        login(client, user.email)
        assert client.get(f"/organizer/fairs/{built.slug}/copy").status_code == 403
        assert client.post(f"/organizer/fairs/{built.slug}/copy", data={"name": "x", "slug": "x"}).status_code == 403
        client.post("/logout")


def test_the_suggestion_adds_a_year_where_the_name_has_none(db, fair):
    name, slug, starts_on = copying.suggest_copy(fair)
    year = str(fair.starts_on.year + 1)
    assert name == f"{fair.name} {year}" and slug == f"{fair.slug}-{year}"
    assert starts_on == fair.starts_on + timedelta(weeks=52)
