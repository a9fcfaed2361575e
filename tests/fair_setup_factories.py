"""Factories for the fair set-up tests: valid settings, the same as form data, organizer members with a role."""

from __future__ import annotations

from datetime import date, datetime

from eventsys.models import FairStaff, MemberRole, Role, Sector
from eventsys.services.fairs.rules import FairSettings
from tests.conftest import _counter, create_user


def fair_settings(**overrides) -> FairSettings:
    """Settings that pass every rule: a three-day fair in Tokyo in 2031, times as typed in Tokyo."""
    values = {
        "name": "Robotics Expo 2031",
        "slug": f"robotics-expo-{next(_counter)}",
        "venue": "Tokyo Big Sight",
        "address": "3-11-1 Ariake, Koto-ku",
        "venue_translations": {"ja": "東京ビッグサイト"},
        "address_translations": {"ja": "江東区有明3-11-1"},
        "city": "Tokyo",
        "timezone": "Asia/Tokyo",
        "starts_on": date(2031, 5, 13),
        "ends_on": date(2031, 5, 15),
        "booking_opens": datetime(2031, 1, 10, 10, 0),
        "booking_closes": datetime(2031, 5, 1, 18, 0),
        "build_up_starts": datetime(2031, 5, 12, 8, 0),
        "build_up_ends": datetime(2031, 5, 12, 20, 0),
        "tear_down_starts": datetime(2031, 5, 15, 18, 0),
        "tear_down_ends": datetime(2031, 5, 16, 12, 0),
        "hold_minutes": 20,
        "max_booths_per_organization": 2,
        "description": "Robots at work.",
        "name_translations": {"ja": "ロボティクス展2031"},
        "description_translations": {"ja": "働くロボット。"},
        "contact_email": "hello@robotics-expo.example",
        "website": "https://robotics-expo.example",
    }
    values.update(overrides)
    return FairSettings(**values)


def form_data(settings: FairSettings | None = None, **overrides) -> dict[str, object]:
    """The settings as the fair form posts them."""
    settings = settings or fair_settings()
    data = {
        name: getattr(settings, name)
        for name in (
            "name",
            "slug",
            "venue",
            "address",
            "city",
            "timezone",
            "hold_minutes",
            "max_booths_per_organization",
            "description",
            "contact_email",
            "website",
        )
    }
    data |= {
        "starts_on": settings.starts_on.isoformat(),
        "ends_on": settings.ends_on.isoformat(),
        "booking_mode": settings.booking_mode.value,
        "sectors": settings.sector_ids,
    }
    for name in ("booking_opens", "booking_closes", "build_up_starts", "build_up_ends"):
        data[name] = _local(getattr(settings, name))
    for name in ("tear_down_starts", "tear_down_ends"):
        data[name] = _local(getattr(settings, name))
    data["online_from"] = settings.online_from.isoformat() if settings.online_from else ""
    for name in ("online_opens_at", "online_closes_at"):
        data[name] = getattr(settings, name).strftime("%H:%M") if getattr(settings, name) else ""
    for text in ("name", "description", "venue", "address"):
        for code, value in getattr(settings, f"{text}_translations").items():
            data[f"{text}_{code}"] = value
    data.update(overrides)
    return data


def _local(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%dT%H:%M") if value else ""


def organizer_member(db, organization, fair, role):
    """An organizer who is a plain member of `organization`, with `role` at `fair` (no row when None)."""
    user = create_user(db, Role.ORGANIZER, organization=organization)
    user.memberships[0].role = MemberRole.MEMBER
    if role is not None:
        db.add(FairStaff(fair=fair, user=user, role=role))
    db.flush()
    db.expire(user)
    return user


def create_sector(db, name: str | None = None) -> Sector:
    n = next(_counter)
    sector = Sector(slug=f"sector-{n}", name=name or f"Sector {n}")
    db.add(sector)
    db.flush()
    return sector
