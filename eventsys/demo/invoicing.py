"""The demo's invoice issuer for SusHi Tech Tokyo: a confirmed booth there gets a qualified invoice PDF."""

from __future__ import annotations

from sqlalchemy.orm import Session

from eventsys.demo.report import SeedReport
from eventsys.models import Fair, InvoiceIssuer, PriceEntry
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
