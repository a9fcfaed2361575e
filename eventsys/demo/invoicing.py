"""The demo's invoice issuer for SusHi Tech Tokyo (a confirmed booth there gets a qualified invoice PDF), and the
extras and sponsorship packages it sells."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from eventsys.demo.fairs import booth_type_kind
from eventsys.demo.report import SeedReport
from eventsys.models import Extra, ExtraKind, Fair, InvoiceIssuer, PriceEntry, SponsorshipPackage
from eventsys.services.invoices.issuing import get_issuer

#: A made-up corporate number whose check digit is right (8 checks 010401098765).
REGISTRATION = "T8010401098765"


def seed_sushi_tech_issuer(session: Session, fair: Fair, report: SeedReport) -> InvoiceIssuer:
    """The secretariat as issuer: half the price within 14 days, the balance 30 days before the fair."""
    issuer = get_issuer(session, fair.id)
    if issuer is not None:
        return issuer
    issuer = InvoiceIssuer(
        fair_id=fair.id,
        legal_name="SusHi Tech Tokyo Secretariat",
        legal_name_local="SusHi Tech Tokyo 事務局",
        address="2-8-1 Nishi-Shinjuku, Shinjuku-ku, Tokyo 163-8001",
        address_local="東京都新宿区西新宿2-8-1",
        registration_number=REGISTRATION,
        bank_account="MUFG Bank, Shinjuku branch, ordinary 0123456, SusHi Tech Tokyo Secretariat",
        payment_terms="Bank transfer; transfer fees borne by the payer / 振込手数料はご負担ください",
        contact="Exhibitor finance desk, exhibitors@sushitech.example.com",
        price_entry=PriceEntry.TAX_EXCLUDED,
        deposit_percent=50,
        deposit_due_days=14,
        balance_due_days=30,
        grace_days=7,
        next_number=1,
    )
    session.add(issuer)
    session.flush()
    report.add("invoice issuers")
    return issuer


#: What SusHi Tech Tokyo sells besides booths: (name, kind, price, tax rate, stock).
SUSHI_TECH_EXTRAS = (
    ("Power 1 kW (100 V)", ExtraKind.POWER, 22_000, 10, None),
    ("Extra table and two chairs", ExtraKind.FURNITURE, 8_800, 10, 120),
    ("Extra exhibitor badge", ExtraKind.BADGES, 5_500, 10, 300),
    ("Featured listing in the startup directory", ExtraKind.LISTING, 55_000, 10, 20),
    ("Bento lunch for the booth team (per day)", ExtraKind.OTHER, 1_620, 8, None),
)
#: Its sponsorship packages: (name, price, stock, booth type by its demo kind, badges).
SUSHI_TECH_PACKAGES = (
    ("Gold sponsor", 2_200_000, 3, "island", 10),
    ("Silver sponsor", 880_000, 8, "corner", 4),
)


def seed_sushi_tech_extras(session: Session, fair: Fair, report: SeedReport) -> None:
    """A few extras and two sponsorship packages, each created once (by name)."""
    have = {name for name in session.scalars(select(Extra.name).where(Extra.fair_id == fair.id))}
    for name, kind, price, rate, stock in SUSHI_TECH_EXTRAS:
        if name not in have:
            session.add(Extra(fair_id=fair.id, name=name, kind=kind, price_jpy=price, rate_percent=rate, stock=stock))
            report.add("extras")
    have = {
        name for name in session.scalars(select(SponsorshipPackage.name).where(SponsorshipPackage.fair_id == fair.id))
    }
    types = {booth_type_kind(booth_type): booth_type for booth_type in fair.booth_types}
    for name, price, stock, booth_type, badges in SUSHI_TECH_PACKAGES:
        if name not in have:
            session.add(
                SponsorshipPackage(
                    fair_id=fair.id,
                    name=name,
                    price_jpy=price,
                    stock=stock,
                    booth_type_id=types[booth_type].id if booth_type in types else None,
                    badge_count=badges,
                )
            )
            report.add("sponsorship packages")
    session.flush()
