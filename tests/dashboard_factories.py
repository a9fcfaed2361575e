"""A fair with a known amount of everything the dashboard counts, and fairs of any size for the query counts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from eventsys.models import (
    Badge,
    BadgeRole,
    BookingStatus,
    BoothApplication,
    BoothBooking,
    ExhibitorStatus,
    Fair,
    Meeting,
    MeetingRequest,
    MeetingStatus,
    OrganizationKind,
    RequestStatus,
    Role,
    Sector,
    User,
    Verification,
    organization_pair,
    utcnow,
)
from tests.booth_factories import approve
from tests.calendar_factories import create_center, create_room
from tests.conftest import create_booth, create_booth_type, create_fair, create_hall, create_organization, create_user

TOKYO = ZoneInfo("Asia/Tokyo")


@dataclass
class Show:
    """The fair and the people of `build_show`, by name."""

    fair: Fair
    people: dict[str, User] = field(default_factory=dict)


def startup(db: Session, country: str, sectors=()) -> User:
    organization = create_organization(db, OrganizationKind.STARTUP, country=country)
    organization.sectors = list(sectors)
    return create_user(db, Role.STARTUP, organization=organization)


def investor(db: Session, verification=Verification.VERIFIED, kind=OrganizationKind.INVESTOR_FIRM) -> User:
    return create_user(db, Role.INVESTOR, organization=create_organization(db, kind, verification=verification))


def book(db, fair, booth, user, status=BookingStatus.CONFIRMED, *, confirmed_at=None, ended_at=None) -> BoothBooking:
    booking = BoothBooking(
        fair_id=fair.id,
        booth_id=booth.id,
        organization_id=user.organization.id,
        status=status,
        held_until=utcnow() + timedelta(minutes=15) if status == BookingStatus.HELD else None,
        confirmed_at=confirmed_at,
        ended_at=ended_at,
    )
    db.add(booking)
    db.flush()
    return booking


def ask(db, fair, requester: User, recipient: User, status=RequestStatus.ACCEPTED, **fields) -> MeetingRequest:
    request = MeetingRequest(
        fair_id=fair.id,
        requester=requester,
        requester_organization_id=requester.organization.id,
        recipient_organization_id=recipient.organization.id,
        pair_key=organization_pair(requester.organization.id, recipient.organization.id),
        status=status,
        **fields,
    )
    db.add(request)
    db.flush()
    return request


def meet(db, fair, room, starts_at: datetime, status: MeetingStatus, request=None) -> Meeting:
    meeting = Meeting(
        fair_id=fair.id,
        request=request,
        center=room.center,
        room_id=room.id,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=30),
        status=status,
    )
    db.add(meeting)
    db.flush()
    return meeting


def local(fair: Fair, day: int, hour: int, minute: int = 0, zone: ZoneInfo = TOKYO) -> datetime:
    """`hour`:`minute` on the fair's `day`-th day (0-based) in `zone`."""
    return datetime.combine(fair.starts_on + timedelta(days=day), time(hour, minute), zone)


def scan(db, fair, badge: Badge, gate: str, at: datetime) -> None:
    """A scan as a desk records it: the badge's first is its entry, later ones point to it."""
    from eventsys.services.badges.checkin import record_entry

    assert badge.fair_id == fair.id
    record_entry(db, badge, gate=gate, at=at, actor=None)


def build_show(db: Session, organizer_organization) -> Show:
    """Two halls of seven booths (one blocked), four sold (two foreign), one held, one sold then cancelled;
    applications, investors, six meeting requests, four meetings at two centers, four scans at two gates.
    The tests' expected figures follow from the comments here."""
    today = utcnow().astimezone(TOKYO).date()
    # The window opened ten days ago at 09:00 in Tokyo, so the hours added below stay on their days.
    fair = create_fair(
        db,
        organizer_id=organizer_organization.id,
        booking_opens_at=datetime.combine(today - timedelta(days=10), time(9), TOKYO),
        booking_closes_at=datetime.combine(today + timedelta(days=20), time(17), TOKYO),
    )
    show = Show(fair)
    east, west = create_hall(db, fair, name="East Hall"), create_hall(db, fair, name="West Hall")
    standard = create_booth_type(db, fair, name="Standard", price_jpy=330_000)
    island = create_booth_type(db, fair, name="Island", price_jpy=1_320_000)
    e1, e2, e3, e4 = (create_booth(db, east, standard, code=f"E{n}", x=4 * n) for n in range(1, 5))
    w1, _w2, _w3 = (create_booth(db, west, island, code=f"W{n}", x=7 * n, is_blocked=n == 2) for n in range(1, 4))
    names = ("Robotics", "Fintech", "Health")
    robotics, fintech, health = (Sector(slug=f"{name.lower()}-{fair.id}", name=name) for name in names)
    p = show.people
    p["a"] = startup(db, "JP", [robotics, fintech])
    p["b"] = startup(db, "FR", [robotics])
    p["c"] = startup(db, "US", [health])
    p["d"] = startup(db, "KR")
    p["e"] = startup(db, "JP")
    p["f"] = startup(db, "JP")
    opens = fair.booking_opens_at
    # Sold: A and B on the window's first day, C on its third, F on its fourth; E sold on the second day and
    # cancelled on the fourth (so the fourth nets 0); D holds E3.
    book(db, fair, e1, p["a"], confirmed_at=opens + timedelta(hours=1))
    book(db, fair, e2, p["b"], confirmed_at=opens + timedelta(hours=2))
    book(db, fair, w1, p["c"], confirmed_at=opens + timedelta(days=2))
    book(db, fair, e3, p["d"], BookingStatus.HELD)
    day = timedelta(days=1)
    book(db, fair, e4, p["e"], BookingStatus.CANCELLED, confirmed_at=opens + day, ended_at=opens + 3 * day)
    book(db, fair, e4, p["f"], confirmed_at=opens + 3 * day + timedelta(hours=1))
    for key in "abcdf":
        approve(db, fair, p[key].organization)
    for status in (ExhibitorStatus.APPLIED, ExhibitorStatus.APPLIED, ExhibitorStatus.REJECTED):
        approve(db, fair, startup(db, "DE").organization, status=status)
    db.add(BoothApplication(fair_id=fair.id, organization_id=p["e"].organization.id, booth_type_id=standard.id))
    _investors_and_meetings(db, show)
    _badges_and_scans(db, show)
    db.flush()
    return show


def _investors_and_meetings(db: Session, show: Show) -> None:
    """Verified: V1 and V2 firms and a partner (V1 and the partner meet here); one firm pending."""
    fair, p = show.fair, show.people
    p["v1"], p["v2"] = investor(db), investor(db)
    p["partner"] = investor(db, kind=OrganizationKind.CORPORATE_PARTNER)
    p["pending"] = investor(db, Verification.PENDING)
    r1 = ask(db, fair, p["v1"], p["a"])
    r2 = ask(db, fair, p["v1"], p["b"])
    r3 = ask(db, fair, p["partner"], p["c"])
    ask(db, fair, p["v1"], p["f"], RequestStatus.OPEN, expires_at=utcnow() - timedelta(hours=1))  # expired
    ask(db, fair, p["a"], p["partner"], RequestStatus.OPEN)
    ask(db, fair, p["v1"], p["d"], RequestStatus.DECLINED)
    tokyo = create_room(db, create_center(db, city="Tokyo"))
    osaka = create_room(db, create_center(db, city="Osaka"))
    # Day 0 in Tokyo: one held, one no-show at 08:30 (the day before in UTC); day 1: Osaka held, Tokyo cancelled.
    meet(db, fair, tokyo, local(fair, 0, 10), MeetingStatus.HELD, r1)
    meet(db, fair, tokyo, local(fair, 0, 8, 30), MeetingStatus.NO_SHOW, r2)
    meet(db, fair, osaka, local(fair, 1, 10), MeetingStatus.HELD, r3)
    meet(db, fair, tokyo, local(fair, 1, 11), MeetingStatus.CANCELLED)


def _badges_and_scans(db: Session, show: Show) -> None:
    """A twice (East, then West a day later), B and V1 once at East; the visitor not at all."""
    fair, p = show.fair, show.people
    badges = {
        key: Badge(fair_id=fair.id, user_id=user.id, role=role, name=user.name)
        for key, user, role in (
            ("a", p["a"], BadgeRole.EXHIBITOR),
            ("b", p["b"], BadgeRole.EXHIBITOR),
            ("v1", p["v1"], BadgeRole.INVESTOR),
        )
    }
    visitor = Badge(fair_id=fair.id, role=BadgeRole.VISITOR, name="A. Visitor")
    db.add_all([*badges.values(), visitor])
    db.flush()
    scan(db, fair, badges["a"], "East", local(fair, 0, 9, 10))
    scan(db, fair, badges["b"], "East", local(fair, 0, 9, 50))
    scan(db, fair, badges["v1"], "East", local(fair, 0, 10, 0))  # on the hour: counts in 10:00
    scan(db, fair, badges["a"], "West", local(fair, 1, 14, 5))


def build_fair_of_size(db: Session, organizer_organization, booths: int) -> Fair:
    """A fair with `booths` booths, every other one sold, a meeting and a scan per booth: for query counts."""
    fair = create_fair(db, organizer_id=organizer_organization.id)
    hall = create_hall(db, fair, width=2000)
    booth_type = create_booth_type(db, fair)
    center = create_center(db)
    room = create_room(db, center)
    investor_user = investor(db)
    for n in range(booths):
        booth = create_booth(db, hall, booth_type, code=f"S{n}", x=4 * n)
        user = startup(db, "JP" if n % 3 else "SG", [])
        approve(db, fair, user.organization, ExhibitorStatus.APPROVED if n % 4 else ExhibitorStatus.APPLIED)
        if n % 2:
            book(db, fair, booth, user, confirmed_at=fair.booking_opens_at + timedelta(hours=n))
        request = ask(db, fair, investor_user, user)
        meet(db, fair, room, local(fair, 0, 9) + timedelta(minutes=30 * n), MeetingStatus.HELD, request)
        badge = Badge(fair_id=fair.id, user_id=user.id, role=BadgeRole.EXHIBITOR, name=user.name)
        db.add(badge)
        db.flush()
        scan(db, fair, badge, f"Gate {n % 4}", local(fair, n % 3, 9, n % 60))
    db.add(BoothApplication(fair_id=fair.id, organization_id=user.organization.id, booth_type_id=booth_type.id))
    db.flush()
    return fair
