"""The issuer of a fair's invoices: who they are, their registration number, bank account, terms and schedule."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from eventsys.models import Fair, InvoiceIssuer, PriceEntry, User
from eventsys.services import audit
from eventsys.services.errors import InvalidInput
from eventsys.services.invoices import registration
from eventsys.services.invoices.issuing import get_issuer


@dataclass(frozen=True)
class IssuerDetails:
    legal_name: str
    legal_name_local: str
    address: str
    address_local: str
    registration_number: str
    bank_account: str
    payment_terms: str
    contact: str
    price_entry: PriceEntry
    deposit_percent: int
    deposit_due_days: int
    balance_due_days: int
    grace_days: int = 7


def save_issuer(session: Session, fair: Fair, details: IssuerDetails, *, actor: User) -> InvoiceIssuer:
    """Create or update the fair's issuer; the counter is kept, so numbering goes on without a gap."""
    number = registration.normalise(details.registration_number)
    if not registration.is_valid(number):
        raise InvalidInput(
            _l("A registration number is T and 13 digits whose first digit checks the others."),
            field="registration_number",
        )
    if not 0 <= details.deposit_percent <= 100:
        raise InvalidInput(_l("The deposit is a percent from 0 to 100."), field="deposit_percent")
    if min(details.deposit_due_days, details.balance_due_days, details.grace_days) < 0:
        raise InvalidInput(_l("Days cannot be negative."), field="deposit_due_days")
    issuer = get_issuer(session, fair.id) or InvoiceIssuer(fair_id=fair.id, next_number=1)
    for name, value in vars(details).items():
        setattr(issuer, name, value.strip() if isinstance(value, str) else value)
    issuer.registration_number = number
    session.add(issuer)
    session.flush()
    audit.record(session, "invoicing.save", fair, actor=actor, fair_id=fair.id, registration=number)
    return issuer
