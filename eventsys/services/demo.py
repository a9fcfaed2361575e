"""Demo data: SusHi Tech Tokyo and Expo 2025 Osaka with real-looking floor plans, the six centers, and accounts.

Every step looks its rows up by a natural key first, so running the seed twice changes nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import ClassVar
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from eventsys.models import (
    BookingMode,
    BookingStatus,
    Booth,
    BoothBooking,
    BoothType,
    Center,
    Currency,
    Fair,
    Hall,
    InvestorType,
    MemberRole,
    Membership,
    OpeningHours,
    Organization,
    OrganizationKind,
    Region,
    Role,
    Room,
    Sector,
    Stage,
    User,
    Verification,
)
from eventsys.services import demo_names
from eventsys.services.accounts.users import PasswordPolicy, hash_password

TOKYO = ZoneInfo("Asia/Tokyo")

#: The password of every demo account; printed by `seed-demo` and given in README.md.
DEMO_PASSWORD = "Demo-2026-eventsys"

#: Sectors of the SusHi Tech and Expo business programs, as (slug, name).
SECTORS = (
    ("ai-digital", "AI and digital"),
    ("semiconductors", "Semiconductors"),
    ("robotics", "Robotics"),
    ("mobility", "Mobility"),
    ("healthtech", "Healthtech"),
    ("life-sciences", "Life sciences and biomedicine"),
    ("agritech", "Agritech"),
    ("smart-cities", "Smart cities"),
    ("retail-tech", "Retail tech"),
    ("renewable-energy", "Renewable energy"),
    ("greentech", "Greentech"),
    ("smart-infrastructure", "Smart infrastructure"),
    ("manufacturing-automation", "Automation of manufacturing"),
    ("fintech", "Fintech"),
)


@dataclass(frozen=True)
class DemoAccount:
    email: str
    name: str
    role: Role
    organization: str | None
    kind: OrganizationKind | None = None
    name_local: str | None = None
    country: str = "JP"
    verification: Verification = Verification.VERIFIED


#: One or more accounts of every role, all with DEMO_PASSWORD.
DEMO_ACCOUNTS = (
    DemoAccount(
        "admin@example.com", "Aiko Tanaka", Role.ADMIN, "eventsys Operations", OrganizationKind.ORGANIZER, "田中 愛子"
    ),
    DemoAccount(
        "organizer@example.com",
        "Kenji Watanabe",
        Role.ORGANIZER,
        "SusHi Tech Tokyo Secretariat",
        OrganizationKind.ORGANIZER,
        "渡辺 健二",
    ),
    DemoAccount(
        "expo-organizer@example.com",
        "Yuki Nakamura",
        Role.ORGANIZER,
        "Expo 2025 Business Program Office",
        OrganizationKind.ORGANIZER,
        "中村 由紀",
    ),
    DemoAccount(
        "startup@example.com", "Haruto Sato", Role.STARTUP, "Sakura Robotics", OrganizationKind.STARTUP, "佐藤 陽翔"
    ),
    DemoAccount(
        "startup2@example.com",
        "Amélie Laurent",
        Role.STARTUP,
        "GreenLoop Energy",
        OrganizationKind.STARTUP,
        country="FR",
    ),
    DemoAccount(
        "investor@example.com", "Daniel Kim", Role.INVESTOR, "Shibuya Frontier Ventures", OrganizationKind.INVESTOR_FIRM
    ),
    DemoAccount(
        "investor-pending@example.com",
        "Priya Raman",
        Role.INVESTOR,
        "Bayside Seed Partners",
        OrganizationKind.INVESTOR_FIRM,
        country="SG",
        verification=Verification.PENDING,
    ),
    DemoAccount(
        "partner@example.com",
        "Takeshi Yamamoto",
        Role.INVESTOR,
        "Hoshino Heavy Industries",
        OrganizationKind.CORPORATE_PARTNER,
        "山本 武",
    ),
)


@dataclass
class SeedReport:
    """What a seed run created, for the CLI to print."""

    created: dict[str, int] = field(default_factory=dict)

    def add(self, what: str, count: int = 1) -> None:
        self.created[what] = self.created.get(what, 0) + count


def seed_demo(session: Session, *, scale: str | None = None, policy: PasswordPolicy | None = None) -> SeedReport:
    """Create whatever of the demo is missing; `scale="sushitech"` adds 434 startups and 635 investors."""
    report = SeedReport()
    password_hash = hash_password(DEMO_PASSWORD, policy or PasswordPolicy())
    sectors = _seed_sectors(session, report)
    accounts = _seed_accounts(session, password_hash, sectors, report)
    sushi = _seed_sushi_tech(session, sectors, accounts, report)
    expo = _seed_expo(session, sectors, accounts, report)
    _seed_centers(session, report)
    _seed_expo_bookings(session, expo, report)
    if scale == "sushitech":
        _seed_sushitech_scale(session, password_hash, sectors, report)
    elif scale is not None:
        raise ValueError(f"unknown scale {scale!r}")
    session.flush()
    _approve_startups(session, sushi, report)
    return report


def _approve_startups(session: Session, fair: Fair, report: SeedReport) -> None:
    """Every demo startup with an account is an approved exhibitor at SusHi Tech, so it can book at once."""
    from eventsys.models import Exhibitor, ExhibitorStatus

    approved = select(Exhibitor.organization_id).where(Exhibitor.fair_id == fair.id)
    startups = session.scalars(
        select(Organization.id)
        .join(Membership, Membership.organization_id == Organization.id)
        .where(Organization.kind == OrganizationKind.STARTUP, Organization.id.not_in(approved))
        .distinct()
    ).all()
    session.add_all(
        Exhibitor(fair_id=fair.id, organization_id=org_id, status=ExhibitorStatus.APPROVED) for org_id in startups
    )
    if startups:
        report.add("approved exhibitors", len(startups))


def _seed_sectors(session: Session, report: SeedReport) -> dict[str, Sector]:
    existing = {sector.slug: sector for sector in session.scalars(select(Sector))}
    for slug, name in SECTORS:
        if slug not in existing:
            existing[slug] = Sector(slug=slug, name=name)
            session.add(existing[slug])
            report.add("sectors")
    return existing


def _seed_accounts(
    session: Session, password_hash: str, sectors: dict[str, Sector], report: SeedReport
) -> dict[str, Organization]:
    """The demo accounts of every role; returns their organizations by name."""
    organizations: dict[str, Organization] = {}
    for account in DEMO_ACCOUNTS:
        organization = _get_or_create_organization(session, account, sectors, report)
        organizations[organization.name] = organization
        if session.scalar(select(User.id).where(User.email == account.email)) is not None:
            continue
        user = User(
            email=account.email,
            password_hash=password_hash,
            name=account.name,
            name_local=account.name_local,
            role=account.role,
        )
        session.add(user)
        session.add(Membership(user=user, organization=organization, role=MemberRole.OWNER))
        report.add("users")
    return organizations


def _get_or_create_organization(
    session: Session, account: DemoAccount, sectors: dict[str, Sector], report: SeedReport
) -> Organization:
    organization = session.scalar(
        select(Organization).where(Organization.name == account.organization, Organization.kind == account.kind)
    )
    if organization is None:
        organization = Organization(
            kind=account.kind,
            name=account.organization,
            country=account.country,
            verification=account.verification,
            region=Region.KANTO if account.country == "JP" else Region.OVERSEAS,
            website=f"https://{account.organization.lower().replace(' ', '-')}.example.com",
        )
        if account.kind == OrganizationKind.STARTUP:
            organization.stage = Stage.SEED
            organization.year_founded = 2021
            organization.sectors = [sectors["robotics" if account.country == "JP" else "renewable-energy"]]
            organization.description = demo_names.pitch(random.Random(account.email), "robotics", account.organization)
        elif account.kind in (OrganizationKind.INVESTOR_FIRM, OrganizationKind.CORPORATE_PARTNER):
            organization.investor_type = (
                InvestorType.CORPORATE_PARTNER
                if account.kind == OrganizationKind.CORPORATE_PARTNER
                else InvestorType.VENTURE_CAPITAL
            )
            organization.sectors = [sectors["robotics"], sectors["ai-digital"], sectors["mobility"]]
            organization.stages_of_interest = [Stage.SEED, Stage.SERIES_A]
            organization.regions_of_interest = [Region.KANTO, Region.KANSAI, Region.OVERSEAS]
            organization.ticket_min, organization.ticket_max = 50_000_000, 500_000_000
            organization.ticket_currency = Currency.JPY
            organization.description = "Seed and Series A rounds in robotics, AI and mobility, in Japan and abroad."
        session.add(organization)
        report.add("organizations")
    return organization


def _tokyo(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), TOKYO).astimezone(UTC)


@dataclass(frozen=True)
class RowBlocks:
    """Double rows of 3×3 m booths, back to back, in blocks with aisles between: a classic exhibition grid."""

    prefix: str
    origin: tuple[int, int]
    blocks: int
    double_rows: int
    booths_per_side: int
    islands: int = 0
    blocked: tuple[str, ...] = ()

    AISLE: ClassVar[int] = 3
    CROSS_AISLE: ClassVar[int] = 4
    ROW_LETTERS: ClassVar[str] = "ABCDEFGHJKLMNPQRSTUVWXYZ"


def _lay_out(hall: Hall, layout: RowBlocks, types: dict[str, BoothType], zones: list[Sector]) -> list[Booth]:
    """Booths for one hall: corners at each row end, islands in a strip in front of the rows."""
    booths = []
    block_length = layout.booths_per_side * 3
    for row in range(layout.double_rows):
        for block in range(layout.blocks):
            x0 = layout.origin[0] + block * (block_length + layout.CROSS_AISLE)
            y0 = layout.origin[1] + row * (6 + layout.AISLE)
            zone = zones[(row * layout.blocks + block) % len(zones)]
            for side in (0, 1):
                letter = layout.ROW_LETTERS[2 * row + side]
                for i in range(layout.booths_per_side):
                    corner = i in (0, layout.booths_per_side - 1)
                    code = f"{layout.prefix}-{letter}{block * layout.booths_per_side + i + 1:02d}"
                    booths.append(
                        Booth(
                            hall=hall,
                            fair=hall.fair,
                            code=code,
                            x=x0 + 3 * i,
                            y=y0 + 3 * side,
                            width=3,
                            depth=3,
                            booth_type=types["corner" if corner else "standard"],
                            sector=zone,
                            open_sides=2 if corner else 1,
                            is_blocked=code in layout.blocked,
                        )
                    )
    islands_y = layout.origin[1] + layout.double_rows * (6 + layout.AISLE) + 1
    for n in range(layout.islands):
        booths.append(
            Booth(
                hall=hall,
                fair=hall.fair,
                code=f"{layout.prefix}-I{n + 1}",
                x=layout.origin[0] + 4 + n * 12,
                y=islands_y,
                width=6,
                depth=6,
                booth_type=types["island"],
                sector=zones[n % len(zones)],
                open_sides=4,
            )
        )
    return booths


@dataclass(frozen=True)
class HallPlan:
    slug: str
    name: str
    width: int
    depth: int
    layout: RowBlocks


def _seed_fair(
    session: Session, fair: Fair, types: list[BoothType], halls: list[HallPlan], zones: list[Sector], report: SeedReport
) -> Fair:
    """Add a fair with its booth types, halls and booths, unless a fair with its slug exists."""
    existing = session.scalar(select(Fair).where(Fair.slug == fair.slug))
    if existing is not None:
        return existing
    session.add(fair)
    fair.booth_types = types
    by_key = {booth_type.description: booth_type for booth_type in types}
    for position, plan in enumerate(halls):
        hall = Hall(fair=fair, slug=plan.slug, name=plan.name, width=plan.width, depth=plan.depth, position=position)
        session.add(hall)
        session.add_all(_lay_out(hall, plan.layout, by_key, zones))
    session.flush()
    report.add("fairs")
    report.add("booths", session.query(Booth).filter(Booth.fair_id == fair.id).count())
    return fair


def _seed_sushi_tech(
    session: Session, sectors: dict[str, Sector], organizations: dict[str, Organization], report: SeedReport
) -> Fair:
    """SusHi Tech Tokyo 2027 at Tokyo Big Sight: 434 bookable booths in two East halls, first come first served."""
    fair = Fair(
        slug="sushi-tech-tokyo-2027",
        name="SusHi Tech Tokyo 2027",
        name_local="SusHi Tech Tokyo 2027",
        description="Asia's largest startup fair: startups from around the world meet investors and Tokyo's companies.",
        venue="Tokyo Big Sight (East Halls 1–2)",
        address="3-11-1 Ariake, Koto-ku, Tokyo 135-0063",
        city="Tokyo",
        timezone="Asia/Tokyo",
        starts_on=date(2027, 5, 12),
        ends_on=date(2027, 5, 14),
        booking_opens_at=_tokyo(date(2026, 11, 1), 10),
        booking_closes_at=_tokyo(date(2027, 3, 31), 17),
        booking_mode=BookingMode.FIRST_COME,
        hold_minutes=15,
        max_booths_per_organization=1,
        contact_email="exhibitors@sushitech.example.com",
        build_up_starts_at=_tokyo(date(2027, 5, 10), 9),
        build_up_ends_at=_tokyo(date(2027, 5, 11), 20),
        tear_down_starts_at=_tokyo(date(2027, 5, 14), 17),
        tear_down_ends_at=_tokyo(date(2027, 5, 14), 23),
        organizer=organizations["SusHi Tech Tokyo Secretariat"],
    )
    types = [
        BoothType(name="Standard 3×3 m", description="standard", width=3, depth=3, price_jpy=330_000, colour="#4c6ef5"),
        BoothType(name="Corner 3×3 m", description="corner", width=3, depth=3, price_jpy=396_000, colour="#7048e8"),
        BoothType(name="Island 6×6 m", description="island", width=6, depth=6, price_jpy=1_320_000, colour="#d6336c"),
    ]
    zones = [sectors[slug] for slug, _ in SECTORS]
    halls = [
        HallPlan(
            "east-1",
            "East Hall 1",
            94,
            56,
            RowBlocks("E1", (5, 5), blocks=3, double_rows=5, booths_per_side=8, blocked=("E1-C09", "E1-H16")),
        ),
        HallPlan(
            "east-2",
            "East Hall 2",
            94,
            56,
            RowBlocks("E2", (5, 5), blocks=3, double_rows=4, booths_per_side=8, islands=4),
        ),
    ]
    return _seed_fair(session, fair, types, halls, zones, report)


def _seed_expo(
    session: Session, sectors: dict[str, Sector], organizations: dict[str, Organization], report: SeedReport
) -> Fair:
    """Expo 2025 Osaka's business exchange hall at Yumeshima: booths allocated from applications."""
    fair = Fair(
        slug="expo-2025-osaka",
        name="Expo 2025 Osaka, Kansai — Business Exchange",
        name_local="大阪・関西万博 ビジネス交流",
        description="Designing Future Society for Our Lives: companies and startups from 150 countries meet in Osaka.",
        venue="Yumeshima, Expo 2025 site",
        address="Yumeshima, Konohana-ku, Osaka 554-0044",
        city="Osaka",
        timezone="Asia/Tokyo",
        starts_on=date(2025, 4, 13),
        ends_on=date(2025, 10, 13),
        booking_opens_at=_tokyo(date(2024, 9, 2), 10),
        booking_closes_at=_tokyo(date(2025, 2, 28), 17),
        booking_mode=BookingMode.APPLICATION,
        hold_minutes=15,
        max_booths_per_organization=1,
        contact_email="business@expo2025.example.com",
        build_up_starts_at=_tokyo(date(2025, 4, 9), 9),
        build_up_ends_at=_tokyo(date(2025, 4, 12), 18),
        tear_down_starts_at=_tokyo(date(2025, 10, 14), 9),
        tear_down_ends_at=_tokyo(date(2025, 10, 16), 18),
        organizer=organizations["Expo 2025 Business Program Office"],
    )
    types = [
        BoothType(
            name="Pavilion booth 3×3 m", description="standard", width=3, depth=3, price_jpy=275_000, colour="#0ca678"
        ),
        BoothType(
            name="Corner booth 3×3 m", description="corner", width=3, depth=3, price_jpy=330_000, colour="#1098ad"
        ),
        BoothType(name="Island 6×6 m", description="island", width=6, depth=6, price_jpy=990_000, colour="#f08c00"),
    ]
    zones = [sectors[slug] for slug in ("smart-cities", "life-sciences", "greentech", "mobility")]
    halls = [
        HallPlan(
            "business-exchange",
            "Business Exchange Hall",
            62,
            40,
            RowBlocks("BX", (4, 4), blocks=2, double_rows=3, booths_per_side=8, islands=3),
        ),
    ]
    return _seed_fair(session, fair, types, halls, zones, report)


def _seed_expo_bookings(session: Session, expo: Fair, report: SeedReport) -> None:
    """Confirmed bookings at the (past) Expo, so its floor plan shows booked booths."""
    if session.scalar(select(BoothBooking.id).where(BoothBooking.fair_id == expo.id).limit(1)) is not None:
        return
    rng = random.Random(2025)
    booths = session.scalars(select(Booth).where(Booth.fair_id == expo.id).order_by(Booth.code)).all()
    for booth in rng.sample(list(booths), k=min(40, len(booths))):
        country = rng.choice(("JP", "JP", "FR", "IT", "SG", "US", "AE", "KE", "DE"))
        sector = booth.sector.slug if booth.sector else "smart-cities"
        name, name_local = demo_names.startup_name(rng, country, sector)
        exhibitor = Organization(
            kind=OrganizationKind.STARTUP, name=name, name_local=name_local, country=country, stage=Stage.SERIES_A
        )
        confirmed = _tokyo(date(2024, 10, 1), 10) + timedelta(hours=rng.randrange(2000))
        session.add(exhibitor)
        session.add(
            BoothBooking(
                fair_id=expo.id,
                booth=booth,
                organization=exhibitor,
                status=BookingStatus.CONFIRMED,
                confirmed_at=confirmed,
                price_jpy=booth.booth_type.price_jpy,
                billing_name=name,
            )
        )
    report.add("bookings", min(40, len(booths)))


@dataclass(frozen=True)
class CenterPlan:
    slug: str
    city: str
    city_local: str
    address: str
    address_local: str
    rooms: tuple[tuple[str, int], ...]
    hours: tuple[time, time] = (time(9, 0), time(17, 0))
    buffer_minutes: int = 0


#: The six Invest Japan Business Support Centers (demo addresses).
CENTERS = (
    CenterPlan(
        "tokyo",
        "Tokyo",
        "東京",
        "Ark Mori Building 6F, 1-12-32 Akasaka, Minato-ku, Tokyo 107-6006",
        "東京都港区赤坂1-12-32 アーク森ビル6階",
        (("Room A", 6), ("Room B", 6), ("Room C", 4), ("Room D", 4), ("Room E", 10), ("Room F", 2)),
        buffer_minutes=0,
    ),
    CenterPlan(
        "yokohama",
        "Yokohama",
        "横浜",
        "Sangyo Boeki Center Bldg. 2F, 2 Yamashita-cho, Naka-ku, Yokohama 231-0023",
        "神奈川県横浜市中区山下町2 産業貿易センタービル2階",
        (("Harbour", 6), ("Bluff", 4)),
    ),
    CenterPlan(
        "nagoya",
        "Nagoya",
        "名古屋",
        "Nagoya Sakae Building 5F, 3-4-5 Sakae, Naka-ku, Nagoya 460-0008",
        "愛知県名古屋市中区栄3-4-5 名古屋栄ビル5階",
        (("Atsuta", 6), ("Osu", 4), ("Meijo", 4)),
    ),
    CenterPlan(
        "osaka",
        "Osaka",
        "大阪",
        "Osaka International Building 29F, 2-3-13 Azuchimachi, Chuo-ku, Osaka 541-0052",
        "大阪府大阪市中央区安土町2-3-13 大阪国際ビルディング29階",
        (("Umeda", 8), ("Namba", 6), ("Tenma", 4), ("Yodoyabashi", 4)),
        hours=(time(9, 30), time(17, 30)),
    ),
    CenterPlan(
        "kobe",
        "Kobe",
        "神戸",
        "Kobe International Business Center 3F, 5-5-2 Minatojima-minamimachi, Chuo-ku, Kobe",
        "兵庫県神戸市中央区港島南町5-5-2 神戸国際ビジネスセンター3階",
        (("Port", 6), ("Rokko", 4)),
    ),
    CenterPlan(
        "fukuoka",
        "Fukuoka",
        "福岡",
        "Tenjin Business Center 9F, 1-10-20 Tenjin, Chuo-ku, Fukuoka 810-0001",
        "福岡県福岡市中央区天神1-10-20 天神ビジネスセンター9階",
        (("Hakata", 6), ("Tenjin", 4), ("Momochi", 2)),
    ),
)


def _seed_centers(session: Session, report: SeedReport) -> None:
    existing = set(session.scalars(select(Center.slug)))
    for plan in CENTERS:
        if plan.slug in existing:
            continue
        center = Center(
            slug=plan.slug,
            city=plan.city,
            city_local=plan.city_local,
            name=f"Invest Japan Business Support Center {plan.city}",
            address=plan.address,
            address_local=plan.address_local,
            timezone="Asia/Tokyo",
            email=f"ibsc-{plan.slug}@example.com",
            slot_minutes=30,
            buffer_minutes=plan.buffer_minutes,
        )
        center.rooms = [Room(name=name, capacity=capacity) for name, capacity in plan.rooms]
        center.opening_hours = [
            OpeningHours(weekday=weekday, opens_at=plan.hours[0], closes_at=plan.hours[1]) for weekday in range(5)
        ]
        session.add(center)
        report.add("centers")


#: How many investor firms of each type the SusHi Tech scale has, out of 635.
INVESTOR_MIX = (
    (InvestorType.VENTURE_CAPITAL, 290),
    (InvestorType.CORPORATE_VC, 120),
    (InvestorType.CORPORATE_PARTNER, 80),
    (InvestorType.ACCELERATOR, 50),
    (InvestorType.ANGEL, 45),
    (InvestorType.GOVERNMENT_FUND, 30),
    (InvestorType.BANK, 20),
)
INVESTOR_COUNTRIES = ("JP",) * 11 + ("US", "US", "SG", "GB", "FR", "DE", "KR", "TW", "CN", "IN", "AU", "CA", "IL")
JAPAN_REGIONS = (
    (Region.KANTO,) * 5
    + (Region.KANSAI,) * 2
    + (
        Region.CHUBU,
        Region.KYUSHU_OKINAWA,
        Region.HOKKAIDO_TOHOKU,
        Region.CHUGOKU_SHIKOKU,
    )
)


def _seed_sushitech_scale(session: Session, password_hash: str, sectors: dict[str, Sector], report: SeedReport) -> None:
    """434 startups from 82 countries and 635 investors, each with one account; the same every run."""
    existing = set(session.scalars(select(User.email).where(User.email.like("%-____@example.com"))))
    rng = random.Random(434)
    names: set[str] = set()
    for n, country in enumerate(demo_names.startup_countries(rng, 434), start=1):
        sector_slugs = rng.sample([slug for slug, _ in SECTORS], k=rng.randint(1, 3))
        name, name_local = demo_names.startup_name(rng, country, sector_slugs[0])
        name = _distinct(name, names)
        organization = Organization(
            kind=OrganizationKind.STARTUP,
            name=name,
            name_local=name_local,
            country=country,
            region=rng.choice(JAPAN_REGIONS) if country == "JP" else Region.OVERSEAS,
            stage=rng.choice(list(Stage)),
            year_founded=rng.randint(2012, 2025),
            description=demo_names.pitch(rng, sector_slugs[0], name),
            website=f"https://startup-{n:04d}.example.com",
            sectors=[sectors[slug] for slug in sector_slugs],
        )
        _add_scale_member(
            session, existing, f"startup-{n:04d}@example.com", Role.STARTUP, organization, rng, password_hash, report
        )
    investor_types = [kind for kind, count in INVESTOR_MIX for _ in range(count)]
    # A generator of its own, so the profiles leave the names and accounts of earlier seeds unchanged.
    profile_rng = random.Random(635)
    for n, investor_type in enumerate(investor_types, start=1):
        country = rng.choice(INVESTOR_COUNTRIES)
        name, name_local = demo_names.investor_firm_name(rng, country, investor_type.value)
        name = _distinct(name, names)
        organization = Organization(
            kind=OrganizationKind.CORPORATE_PARTNER
            if investor_type == InvestorType.CORPORATE_PARTNER
            else OrganizationKind.INVESTOR_FIRM,
            name=name,
            name_local=name_local,
            country=country,
            investor_type=investor_type,
            region=rng.choice(JAPAN_REGIONS) if country == "JP" else Region.OVERSEAS,
            verification=rng.choices(list(Verification), weights=(8, 90, 2))[0],
            sectors=[sectors[slug] for slug in rng.sample([slug for slug, _ in SECTORS], k=rng.randint(2, 4))],
            website=f"https://investor-{n:04d}.example.com",
        )
        _give_investor_profile(organization, profile_rng)
        _add_scale_member(
            session, existing, f"investor-{n:04d}@example.com", Role.INVESTOR, organization, rng, password_hash, report
        )


#: Ticket ranges (smallest, largest) in yen by investor type; foreign firms state them in dollars.
TICKETS_JPY = {
    InvestorType.ANGEL: (1_000_000, 30_000_000),
    InvestorType.ACCELERATOR: (5_000_000, 50_000_000),
    InvestorType.VENTURE_CAPITAL: (30_000_000, 1_000_000_000),
    InvestorType.CORPORATE_VC: (50_000_000, 1_500_000_000),
    InvestorType.CORPORATE_PARTNER: (10_000_000, 500_000_000),
    InvestorType.GOVERNMENT_FUND: (100_000_000, 3_000_000_000),
    InvestorType.BANK: (100_000_000, 5_000_000_000),
}


def _give_investor_profile(organization: Organization, rng: random.Random) -> None:
    """Ticket size, stages and regions of interest, a thesis and visibility, as a real firm would state them."""
    low, high = TICKETS_JPY[organization.investor_type]
    factor = rng.choice((1, 1, 2, 3))
    # Foreign firms state their tickets in dollars, at about 150 yen to the dollar.
    rate, currency = (1, Currency.JPY) if organization.country == "JP" else (150, Currency.USD)
    organization.ticket_min, organization.ticket_max = low // rate, high * factor // rate
    organization.ticket_currency = currency
    stages = list(Stage)
    first = rng.randrange(len(stages) - 1)
    organization.stages_of_interest = stages[first : first + rng.randint(1, 3)]
    regions = [r for r in Region if r != Region.OVERSEAS]
    chosen = rng.sample(regions, k=rng.randint(1, 3)) + ([Region.OVERSEAS] if rng.random() < 0.4 else [])
    organization.regions_of_interest = chosen
    focus = " and ".join(sector.name.lower() for sector in organization.sectors[:2])
    organization.description = f"We back {focus} companies from {stages[first].value.replace('_', '-')} onwards."
    organization.is_listed = rng.random() < 0.9
    organization.shows_ticket_size = rng.random() < 0.75


def _distinct(name: str, taken: set[str]) -> str:
    """The generated name, numbered if an earlier organization has it already."""
    candidate, n = name, 1
    while candidate in taken:
        n += 1
        candidate = f"{name} {n}"
    taken.add(candidate)
    return candidate


def _add_scale_member(
    session: Session,
    existing: set[str],
    email: str,
    role: Role,
    organization: Organization,
    rng: random.Random,
    password_hash: str,
    report: SeedReport,
) -> None:
    """Add the organization with one owner, unless that owner's account exists already."""
    name, name_local = demo_names.person_name(rng, organization.country)
    if email in existing:
        return
    user = User(email=email, password_hash=password_hash, name=name, name_local=name_local, role=role)
    session.add_all([organization, user, Membership(user=user, organization=organization, role=MemberRole.OWNER)])
    report.add("organizations")
    report.add("users")
