"""Extending an invoice's due dates: an organizer moves the deposit's or the balance's due date later, with a
reason. The issued invoice keeps its dates; the extension is a row of its own, audited, and what reminders, the
overdue state and the release of unpaid bookings go by from then on."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from eventsys.models import DocumentKind, DueDateExtension, DuePart, Invoice, User
from eventsys.services import audit
from eventsys.services.errors import DomainError, InvalidInput
from eventsys.services.invoices import payments

#: Longest reason kept.
REASON_MAX = 500


def extend_due_date(
    session: Session, invoice: Invoice, part: DuePart, due_on: date, *, reason: str, actor: User, today: date
) -> DueDateExtension:
    """Move `part`'s due date of `invoice` to `due_on`, which must be later than it is now and not in the past."""
    if invoice.kind != DocumentKind.INVOICE:
        raise DomainError(_l("Only an invoice has due dates."))
    (standing,) = payments.standings(session, [invoice], today)
    if standing.credited:
        raise DomainError(_l("A credited invoice is not due any more."))
    current = standing.deposit_due_on if part == DuePart.DEPOSIT else standing.balance_due_on
    if current is None:
        raise InvalidInput(_l("This invoice has no deposit."), field="part")
    if due_on <= current:
        raise InvalidInput(
            _l("The new due date must be after the current one (%(date)s).", date=current.isoformat()), field="due_on"
        )
    if due_on < today:
        raise InvalidInput(_l("The new due date cannot be in the past."), field="due_on")
    reason = reason.strip()
    if not reason:
        raise InvalidInput(_l("Give the reason for the extension."), field="reason")
    if len(reason) > REASON_MAX:
        raise InvalidInput(_l("The reason is at most %(count)d characters.", count=REASON_MAX), field="reason")
    extension = DueDateExtension(
        invoice_id=invoice.id, part=part, due_on=due_on, reason=reason, extended_by_id=actor.id
    )
    session.add(extension)
    session.flush()
    audit.record(
        session,
        "invoice.extend_due",
        invoice,
        actor=actor,
        fair_id=invoice.fair_id,
        part=part.value,
        was=current.isoformat(),
        due_on=due_on.isoformat(),
        reason=reason,
    )
    return extension


def extensions(session: Session, invoice: Invoice) -> list[DueDateExtension]:
    return list(
        session.scalars(
            select(DueDateExtension).where(DueDateExtension.invoice_id == invoice.id).order_by(DueDateExtension.id)
        )
    )
