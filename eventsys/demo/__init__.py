"""Demo data: SusHi Tech Tokyo and Expo 2025 Osaka with real-looking floor plans, the six centers, and accounts.

Every step looks its rows up by a natural key first, so running the seed twice changes nothing.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from eventsys.demo.centers import seed_centers
from eventsys.demo.fairs import seed_expo, seed_expo_bookings, seed_sushi_tech
from eventsys.demo.invoicing import seed_sushi_tech_extras, seed_sushi_tech_issuer
from eventsys.demo.people import DEMO_PASSWORD, approve_startups, seed_accounts, seed_fair_staff
from eventsys.demo.report import SeedReport
from eventsys.demo.scale import seed_sushitech_scale
from eventsys.demo.sectors import seed_sectors
from eventsys.services.accounts.users import PasswordPolicy, hash_password


def seed_demo(session: Session, *, scale: str | None = None, policy: PasswordPolicy | None = None) -> SeedReport:
    """Create whatever of the demo is missing; `scale="sushitech"` adds 434 startups and 635 investors."""
    report = SeedReport()
    password_hash = hash_password(DEMO_PASSWORD, policy or PasswordPolicy())
    sectors = seed_sectors(session, report)
    accounts = seed_accounts(session, password_hash, sectors, report)
    sushi = seed_sushi_tech(session, sectors, accounts, report)
    seed_sushi_tech_issuer(session, sushi, report)
    seed_sushi_tech_extras(session, sushi, report)
    expo = seed_expo(session, sectors, accounts, report)
    seed_centers(session, report)
    seed_expo_bookings(session, expo, report)
    if scale == "sushitech":
        seed_sushitech_scale(session, password_hash, sectors, report)
    elif scale is not None:
        raise ValueError(f"unknown scale {scale!r}")
    session.flush()
    approve_startups(session, sushi, report)
    seed_fair_staff(session, sushi, report)
    return report
