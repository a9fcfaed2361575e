"""`seed-demo --scale sushitech`: 434 startups from 82 countries and 635 investor firms, each with one account."""

from __future__ import annotations

import random

from sqlalchemy import select
from sqlalchemy.orm import Session

from eventsys.demo import names
from eventsys.demo.report import SeedReport
from eventsys.demo.sectors import SECTORS
from eventsys.models import (
    Currency,
    InvestorType,
    MemberRole,
    Membership,
    Organization,
    OrganizationKind,
    Region,
    Role,
    Sector,
    Stage,
    User,
    Verification,
)

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


def seed_sushitech_scale(session: Session, password_hash: str, sectors: dict[str, Sector], report: SeedReport) -> None:
    """434 startups from 82 countries and 635 investors, each with one account; the same every run."""
    existing = set(session.scalars(select(User.email).where(User.email.like("%-____@example.com"))))
    rng = random.Random(434)
    taken: set[str] = set()
    for n, country in enumerate(names.startup_countries(rng, 434), start=1):
        sector_slugs = rng.sample([slug for slug, _ in SECTORS], k=rng.randint(1, 3))
        name, name_local = names.startup_name(rng, country, sector_slugs[0])
        name = _distinct(name, taken)
        organization = Organization(
            kind=OrganizationKind.STARTUP,
            name=name,
            name_local=name_local,
            country=country,
            region=rng.choice(JAPAN_REGIONS) if country == "JP" else Region.OVERSEAS,
            stage=rng.choice(list(Stage)),
            year_founded=rng.randint(2012, 2025),
            description=names.pitch(rng, sector_slugs[0], name),
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
        name, name_local = names.investor_firm_name(rng, country, investor_type.value)
        name = _distinct(name, taken)
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
    name, name_local = names.person_name(rng, organization.country)
    if email in existing:
        return
    user = User(email=email, password_hash=password_hash, name=name, name_local=name_local, role=role)
    session.add_all([organization, user, Membership(user=user, organization=organization, role=MemberRole.OWNER)])
    report.add("organizations")
    report.add("users")
