"""Factories for investor profiles, startups with sectors and confirmed booths, used by the directory tests."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from eventsys.models import (
    BookingStatus,
    BoothBooking,
    Currency,
    InvestorType,
    Organization,
    OrganizationKind,
    Region,
    Role,
    Sector,
    Stage,
    User,
    Verification,
    utcnow,
)
from tests.conftest import create_booth, create_booth_type, create_hall, create_organization, create_user


def sector(db: Session, slug: str, name: str | None = None) -> Sector:
    found = db.scalar(select(Sector).where(Sector.slug == slug))
    if found is None:
        found = Sector(slug=slug, name=name or slug.replace("-", " ").capitalize())
        db.add(found)
        db.flush()
    return found


def startup_org(db: Session, name: str, *, sectors=(), stage=Stage.SEED, region=Region.KANTO, country="JP", **fields):
    return create_organization(
        db,
        OrganizationKind.STARTUP,
        name=name,
        stage=stage,
        region=region,
        country=country,
        sectors=[sector(db, s) for s in sectors],
        **fields,
    )


def investor_org(
    db: Session,
    name: str,
    *,
    sectors=(),
    stages=(Stage.SEED,),
    regions=(Region.KANTO,),
    verification=Verification.VERIFIED,
    **fields,
) -> Organization:
    values = {
        "investor_type": InvestorType.VENTURE_CAPITAL,
        "ticket_min": 10_000_000,
        "ticket_max": 300_000_000,
        "ticket_currency": Currency.JPY,
        "description": f"{name} thesis",
    }
    values.update(fields)
    organization = create_organization(
        db,
        OrganizationKind.INVESTOR_FIRM,
        name=name,
        verification=verification,
        sectors=[sector(db, s) for s in sectors],
        **values,
    )
    organization.stages_of_interest = stages
    organization.regions_of_interest = regions
    db.flush()
    return organization


def investor_user(db: Session, organization: Organization, email: str) -> User:
    return create_user(db, Role.INVESTOR, organization=organization, email=email)


def confirmed_booth(db: Session, fair, organization: Organization, code: str = "Z01") -> BoothBooking:
    hall = fair.halls[0] if fair.halls else create_hall(db, fair)
    booth = create_booth(db, hall, create_booth_type(db, fair), code=code)
    booking = BoothBooking(
        fair_id=fair.id,
        booth=booth,
        organization=organization,
        status=BookingStatus.CONFIRMED,
        confirmed_at=utcnow(),
        price_jpy=330_000,
    )
    db.add(booking)
    db.flush()
    return booking
