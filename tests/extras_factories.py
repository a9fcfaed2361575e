"""Factories for tests of extras and packages: offers of a fair, and a confirmed booking's orders."""

from __future__ import annotations

from eventsys.models import Extra, ExtraKind, SponsorshipPackage


def create_extra(db, fair, **fields) -> Extra:
    values = {"name": "Power 1 kW", "price_jpy": 20_000, "kind": ExtraKind.POWER, "rate_percent": 10}
    values.update(fields)
    extra = Extra(fair_id=fair.id, **values)
    db.add(extra)
    db.flush()
    return extra


def create_package(db, fair, **fields) -> SponsorshipPackage:
    values = {"name": "Gold", "price_jpy": 500_000, "badge_count": 5, "rate_percent": 10}
    values.update(fields)
    package = SponsorshipPackage(fair_id=fair.id, **values)
    db.add(package)
    db.flush()
    return package
