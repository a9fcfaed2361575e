"""The six Invest Japan Business Support Centers with their rooms and opening hours."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from sqlalchemy import select
from sqlalchemy.orm import Session

from eventsys.demo.report import SeedReport
from eventsys.models import (
    Center,
    OpeningHours,
    Room,
)


@dataclass(frozen=True)
class CenterPlan:
    slug: str
    city: str
    city_local: str
    address: str
    address_local: str
    #: The city and the address as a Spanish-speaking visitor reads them.
    city_es: str
    address_es: str
    rooms: tuple[tuple[str, int], ...]
    hours: tuple[time, time] = (time(9, 0), time(17, 0))
    buffer_minutes: int = 0

    @property
    def name(self) -> str:
        return f"Invest Japan Business Support Center {self.city}"

    @property
    def name_translations(self) -> dict[str, str]:
        return {
            "ja": f"対日投資・ビジネスサポートセンター {self.city_local}",
            "es": f"Centro de Apoyo Empresarial Invest Japan {self.city_es}",
        }


#: The six Invest Japan Business Support Centers (demo addresses).
CENTERS = (
    CenterPlan(
        "tokyo",
        "Tokyo",
        "東京",
        "Ark Mori Building 6F, 1-12-32 Akasaka, Minato-ku, Tokyo 107-6006",
        "東京都港区赤坂1-12-32 アーク森ビル6階",
        "Tokio",
        "Ark Mori Building, planta 6, 1-12-32 Akasaka, Minato-ku, Tokio 107-6006",
        (("Room A", 6), ("Room B", 6), ("Room C", 4), ("Room D", 4), ("Room E", 10), ("Room F", 2)),
        buffer_minutes=0,
    ),
    CenterPlan(
        "yokohama",
        "Yokohama",
        "横浜",
        "Sangyo Boeki Center Bldg. 2F, 2 Yamashita-cho, Naka-ku, Yokohama 231-0023",
        "神奈川県横浜市中区山下町2 産業貿易センタービル2階",
        "Yokohama",
        "Edificio Sangyo Boeki Center, planta 2, 2 Yamashita-cho, Naka-ku, Yokohama 231-0023",
        (("Harbour", 6), ("Bluff", 4)),
    ),
    CenterPlan(
        "nagoya",
        "Nagoya",
        "名古屋",
        "Nagoya Sakae Building 5F, 3-4-5 Sakae, Naka-ku, Nagoya 460-0008",
        "愛知県名古屋市中区栄3-4-5 名古屋栄ビル5階",
        "Nagoya",
        "Edificio Nagoya Sakae, planta 5, 3-4-5 Sakae, Naka-ku, Nagoya 460-0008",
        (("Atsuta", 6), ("Osu", 4), ("Meijo", 4)),
    ),
    CenterPlan(
        "osaka",
        "Osaka",
        "大阪",
        "Osaka International Building 29F, 2-3-13 Azuchimachi, Chuo-ku, Osaka 541-0052",
        "大阪府大阪市中央区安土町2-3-13 大阪国際ビルディング29階",
        "Osaka",
        "Edificio Internacional de Osaka, planta 29, 2-3-13 Azuchimachi, Chuo-ku, Osaka 541-0052",
        (("Umeda", 8), ("Namba", 6), ("Tenma", 4), ("Yodoyabashi", 4)),
        hours=(time(9, 30), time(17, 30)),
    ),
    CenterPlan(
        "kobe",
        "Kobe",
        "神戸",
        "Kobe International Business Center 3F, 5-5-2 Minatojima-minamimachi, Chuo-ku, Kobe",
        "兵庫県神戸市中央区港島南町5-5-2 神戸国際ビジネスセンター3階",
        "Kobe",
        "Centro Internacional de Negocios de Kobe, planta 3, 5-5-2 Minatojima-minamimachi, Chuo-ku, Kobe",
        (("Port", 6), ("Rokko", 4)),
    ),
    CenterPlan(
        "fukuoka",
        "Fukuoka",
        "福岡",
        "Tenjin Business Center 9F, 1-10-20 Tenjin, Chuo-ku, Fukuoka 810-0001",
        "福岡県福岡市中央区天神1-10-20 天神ビジネスセンター9階",
        "Fukuoka",
        "Tenjin Business Center, planta 9, 1-10-20 Tenjin, Chuo-ku, Fukuoka 810-0001",
        (("Hakata", 6), ("Tenjin", 4), ("Momochi", 2)),
    ),
)


def seed_centers(session: Session, report: SeedReport) -> None:
    """The six centers with their rooms and weekday hours, those missing by slug."""
    existing = set(session.scalars(select(Center.slug)))
    for plan in CENTERS:
        if plan.slug in existing:
            continue
        center = Center(
            slug=plan.slug,
            city=plan.city,
            city_local=plan.city_local,
            name=plan.name,
            address=plan.address,
            address_local=plan.address_local,
            city_translations={"ja": plan.city_local, "es": plan.city_es},
            name_translations=plan.name_translations,
            address_translations={"ja": plan.address_local, "es": plan.address_es},
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
