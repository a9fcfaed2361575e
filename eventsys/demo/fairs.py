"""SusHi Tech Tokyo and Expo 2025 Osaka: booth types, halls laid out as exhibition grids, and the Expo's bookings."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import ClassVar
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from eventsys.demo import names
from eventsys.demo.report import SeedReport
from eventsys.demo.sectors import SECTORS
from eventsys.models import (
    BookingMode,
    BookingStatus,
    Booth,
    BoothBooking,
    BoothType,
    Fair,
    Hall,
    Organization,
    OrganizationKind,
    Sector,
    Stage,
)

TOKYO = ZoneInfo("Asia/Tokyo")
#: What each kind of demo booth type includes, in English, Japanese and Spanish; the layouts name the kinds.
TYPE_DESCRIPTIONS = {
    "standard": (
        "Shell scheme: walls, a fascia with your name, a table, two chairs and a power outlet.",
        {
            "ja": "シェルスキーム小間：壁、社名板、テーブル1台、椅子2脚、電源コンセント付き。",
            "es": "Stand modular: paredes, rótulo con su nombre, una mesa, dos sillas y una toma de corriente.",
        },
    ),
    "corner": (
        "Open on two sides, with walls, a fascia with your name, a table, two chairs and a power outlet.",
        {
            "ja": "2面開放の角小間：壁、社名板、テーブル1台、椅子2脚、電源コンセント付き。",
            "es": "Abierto por dos lados: paredes, rótulo con su nombre, una mesa, dos sillas y una toma de corriente.",
        },
    ),
    "island": (
        "Open on all four sides: bare space for your own stand, power included.",
        {
            "ja": "4面開放の島小間：独自装飾用のスペース渡し、電源付き。",
            "es": "Abierto por los cuatro lados: espacio libre para su propio stand, con electricidad incluida.",
        },
    ),
}


def _described(kind: str, **values) -> BoothType:
    """A booth type of the demo `kind`, described in every language."""
    description, translations = TYPE_DESCRIPTIONS[kind]
    return BoothType(description=description, description_translations=dict(translations), **values)


def booth_type_kind(booth_type: BoothType) -> str | None:
    """The demo kind of a booth type, from its description (databases seeded before it was translated held the kind
    itself as the description)."""
    for kind, (description, _translations) in TYPE_DESCRIPTIONS.items():
        if booth_type.description in (kind, description):
            return kind
    return None


def _tokyo(day: date, hour: int, minute: int = 0) -> datetime:
    """A wall-clock time in Tokyo, in UTC as the database stores it."""
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


def lay_out(hall: Hall, layout: RowBlocks, types: dict[str, BoothType], zones: list[Sector]) -> list[Booth]:
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
    fair.sectors = list(zones)
    by_key = {booth_type_kind(booth_type): booth_type for booth_type in types}
    for position, plan in enumerate(halls):
        hall = Hall(fair=fair, slug=plan.slug, name=plan.name, width=plan.width, depth=plan.depth, position=position)
        session.add(hall)
        session.add_all(lay_out(hall, plan.layout, by_key, zones))
    session.flush()
    report.add("fairs")
    report.add("booths", session.query(Booth).filter(Booth.fair_id == fair.id).count())
    return fair


def seed_sushi_tech(
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
        venue_translations={"ja": "東京ビッグサイト 東展示棟1・2ホール", "es": "Tokyo Big Sight (pabellones Este 1–2)"},
        address_translations={
            "ja": "〒135-0063 東京都江東区有明3-11-1",
            "es": "3-11-1 Ariake, Koto-ku, Tokio 135-0063",
        },
        venue_local="東京ビッグサイト 東展示棟1・2ホール",
        address_local="〒135-0063 東京都江東区有明3-11-1",
        city="Tokyo",
        timezone="Asia/Tokyo",
        starts_on=date(2027, 5, 12),
        ends_on=date(2027, 5, 14),
        # Online meetings from two weeks before, for investors who cannot travel: 8:00–20:00 in the center's zone.
        online_from=date(2027, 4, 26),
        online_opens_at=time(8),
        online_closes_at=time(20),
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
        _described("standard", name="Standard 3×3 m", width=3, depth=3, price_jpy=330_000, colour="#4c6ef5"),
        _described("corner", name="Corner 3×3 m", width=3, depth=3, price_jpy=396_000, colour="#7048e8"),
        _described("island", name="Island 6×6 m", width=6, depth=6, price_jpy=1_320_000, colour="#d6336c"),
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
    fair.sectors = list(sectors.values())  # every program sector is offered, as the migration kept them
    return _seed_fair(session, fair, types, halls, zones, report)


def seed_expo(
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
        venue_translations={"ja": "夢洲 大阪・関西万博会場", "es": "Yumeshima, recinto de la Expo 2025"},
        address_translations={"ja": "〒554-0044 大阪市此花区夢洲"},
        venue_local="夢洲 大阪・関西万博会場",
        address_local="〒554-0044 大阪市此花区夢洲",
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
        _described("standard", name="Pavilion booth 3×3 m", width=3, depth=3, price_jpy=275_000, colour="#0ca678"),
        _described("corner", name="Corner booth 3×3 m", width=3, depth=3, price_jpy=330_000, colour="#1098ad"),
        _described("island", name="Island 6×6 m", width=6, depth=6, price_jpy=990_000, colour="#f08c00"),
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
    fair.sectors = list(sectors.values())  # every program sector is offered, as the migration kept them
    return _seed_fair(session, fair, types, halls, zones, report)


def seed_expo_bookings(session: Session, expo: Fair, report: SeedReport) -> None:
    """Confirmed bookings at the (past) Expo, so its floor plan shows booked booths."""
    if session.scalar(select(BoothBooking.id).where(BoothBooking.fair_id == expo.id).limit(1)) is not None:
        return
    rng = random.Random(2025)
    booths = session.scalars(select(Booth).where(Booth.fair_id == expo.id).order_by(Booth.code)).all()
    for booth in rng.sample(list(booths), k=min(40, len(booths))):
        country = rng.choice(("JP", "JP", "FR", "IT", "SG", "US", "AE", "KE", "DE"))
        sector = booth.sector.slug if booth.sector else "smart-cities"
        name, name_local = names.startup_name(rng, country, sector)
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
