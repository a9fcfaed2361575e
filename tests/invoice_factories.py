"""Factories for invoice tests: a fair's issuer and a confirmed booking."""

from __future__ import annotations

from datetime import UTC, datetime

from eventsys.models import FairRole, FairStaff, InvoiceIssuer, PriceEntry, Role
from eventsys.services.booths import booking, confirmation
from tests.booth_factories import approved_startup
from tests.conftest import create_user

#: The National Tax Agency's worked example of a corporate number (check digit 7).
REGISTRATION = "T7123456789012"


def create_issuer(db, fair, **fields) -> InvoiceIssuer:
    values = {
        "legal_name": "Tokyo Fair Organizing Co., Ltd.",
        "legal_name_local": "東京見本市運営株式会社",
        "address": "3-11-1 Ariake, Koto-ku, Tokyo",
        "address_local": "東京都江東区有明3-11-1",
        "registration_number": REGISTRATION,
        "bank_account": "MUFG Bank, Ariake branch, ordinary 1234567",
        "payment_terms": "Bank transfer; fees borne by the payer",
        "contact": "Hanako Sato, finance@example.com",
        "price_entry": PriceEntry.TAX_EXCLUDED,
        "deposit_percent": 50,
        "deposit_due_days": 14,
        "balance_due_days": 30,
    }
    values.update(fields)
    issuer = InvoiceIssuer(fair_id=fair.id, **values)
    db.add(issuer)
    db.flush()
    return issuer


def confirmed_booking(db, fair, booth, user=None, billing_name="株式会社サンプル"):
    user = user or approved_startup(db, fair)
    held = booking.hold_booth(db, booth, user.organization, actor=user)
    return confirmation.confirm_booking(
        db, held, user.organization, actor=user, billing_name=billing_name, billing_email="billing@example.com"
    )


def finance_user(db, fair, organizer_organization, role=FairRole.FINANCE):
    """An organizer of the fair's organization with the given fair role (not an owner of the organization)."""
    from eventsys.models import MemberRole, Membership

    user = create_user(db, Role.ORGANIZER)
    db.add(Membership(user=user, organization=organizer_organization, role=MemberRole.MEMBER))
    db.add(FairStaff(fair_id=fair.id, user_id=user.id, role=role))
    db.flush()
    db.refresh(user)
    return user


NOW = datetime(2026, 12, 1, 16, 0, tzinfo=UTC)  # 01:00 on 2 December in Tokyo
