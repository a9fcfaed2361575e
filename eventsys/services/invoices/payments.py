"""Payments recorded against invoices, what each invoice still owes, and the state the finance list filters by."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from eventsys.models import DocumentKind, DueDateExtension, DuePart, Fair, Invoice, Payment, User
from eventsys.services import audit
from eventsys.services.errors import DomainError, InvalidInput

METHODS = ("bank_transfer", "card", "cash", "other")


class PaymentState(enum.StrEnum):
    OPEN = "open"
    PART_PAID = "part_paid"
    PAID = "paid"
    OVERDUE = "overdue"
    CREDITED = "credited"


@dataclass(frozen=True)
class Standing:
    """An invoice with what has been paid, what is owed and its state on a given day."""

    invoice: Invoice
    paid_jpy: int
    credited: bool
    today: date
    #: Due dates moved by an organizer (DueDateExtension), by part; the invoice's own dates otherwise.
    extended: dict[DuePart, date] = field(default_factory=dict)
    #: Paid against the invoices this one replaced (credited for a price correction, a move, a cancelled extra):
    #: the money stays the startup's and settles the replacement first.
    carried_jpy: int = 0

    @property
    def settled_jpy(self) -> int:
        return self.paid_jpy + self.carried_jpy

    @property
    def excess_jpy(self) -> int:
        """Paid beyond the total (to refund or to settle otherwise), once payments and carried money exceed it."""
        return 0 if self.credited else max(self.settled_jpy - self.invoice.total_jpy, 0)

    @property
    def deposit_due_on(self) -> date | None:
        return self.extended.get(DuePart.DEPOSIT, self.invoice.deposit_due_on)

    @property
    def balance_due_on(self) -> date | None:
        return self.extended.get(DuePart.BALANCE, self.invoice.balance_due_on)

    @property
    def owed_jpy(self) -> int:
        return 0 if self.credited else max(self.invoice.total_jpy - self.settled_jpy, 0)

    @property
    def due_now_jpy(self) -> int:
        """What should have been paid by today: the deposit once due, the whole once the balance is due."""
        invoice = self.invoice
        if self.balance_due_on is not None and self.today > self.balance_due_on:
            return invoice.total_jpy
        if self.deposit_due_on is not None and self.today > self.deposit_due_on:
            return invoice.deposit_jpy
        return 0

    @property
    def state(self) -> PaymentState:
        if self.credited:
            return PaymentState.CREDITED
        if self.owed_jpy == 0:
            return PaymentState.PAID
        if self.settled_jpy < self.due_now_jpy:
            return PaymentState.OVERDUE
        return PaymentState.PART_PAID if self.settled_jpy > 0 else PaymentState.OPEN


def record_payment(
    session: Session,
    invoice: Invoice,
    *,
    paid_on: date,
    amount_jpy: int,
    method: str,
    reference: str,
    actor: User,
) -> Payment:
    """A payment received against an invoice (not a credit note), entered by hand."""
    payment = add_payment(
        session, invoice, paid_on=paid_on, amount_jpy=amount_jpy, method=method, reference=reference, actor=actor
    )
    session.flush()
    return payment


def add_payment(
    session: Session,
    invoice: Invoice,
    *,
    paid_on: date,
    amount_jpy: int,
    method: str,
    reference: str,
    actor: User,
) -> Payment:
    """What record_payment checks and adds, without its flush: a bank import adds every row's payment and audit
    entry, then flushes once (a few multi-row INSERTs rather than two round trips per row)."""
    if invoice.kind != DocumentKind.INVOICE:
        raise DomainError(_l("Payments are recorded against invoices, not credit notes."))
    if amount_jpy <= 0:
        raise InvalidInput(_l("A payment is a positive amount of yen."), field="amount_jpy")
    if method not in METHODS:
        raise InvalidInput(_l("Choose a payment method."), field="method")
    payment = Payment(
        invoice_id=invoice.id,
        paid_on=paid_on,
        amount_jpy=amount_jpy,
        method=method,
        reference=reference.strip(),
        recorded_by_id=actor.id,
    )
    session.add(payment)
    audit.record(session, "invoice.payment", invoice, actor=actor, fair_id=invoice.fair_id, amount=amount_jpy)
    return payment


def standings(session: Session, invoices: list[Invoice], today: date) -> list[Standing]:
    """The standing of each invoice (credit notes are left out)."""
    ids = [invoice.id for invoice in invoices]
    paid = dict(
        session.execute(
            select(Payment.invoice_id, func.sum(Payment.amount_jpy))
            .where(Payment.invoice_id.in_(ids))
            .group_by(Payment.invoice_id)
        ).all()
    )
    credited = set(
        session.scalars(
            select(Invoice.original_id).where(Invoice.original_id.in_(ids), Invoice.kind == DocumentKind.CREDIT_NOTE)
        )
    )
    extended: dict[int, dict[DuePart, date]] = {}
    for extension in session.scalars(
        select(DueDateExtension).where(DueDateExtension.invoice_id.in_(ids)).order_by(DueDateExtension.id)
    ):
        extended.setdefault(extension.invoice_id, {})[extension.part] = extension.due_on
    carried = carried_payments(session, invoices)
    return [
        Standing(
            invoice,
            int(paid.get(invoice.id, 0)),
            invoice.id in credited,
            today,
            extended.get(invoice.id, {}),
            carried.get(invoice.id, 0),
        )
        for invoice in invoices
        if invoice.kind == DocumentKind.INVOICE
    ]


def carried_payments(session: Session, invoices: list[Invoice]) -> dict[int, int]:
    """What was paid against credited invoices, carried to the invoice that replaced each (by invoice id).

    A booking's booth invoices form one chain and its invoices of extras another, each by number: what was paid on a
    credited invoice goes to the next one of its chain that stands (through any credited in between). Without this
    a startup that had paid and then got a price correction would owe the whole new invoice and be released."""
    booking_ids = {invoice.booking_id for invoice in invoices if invoice.booking_id is not None}
    if not booking_ids:
        return {}
    chain = session.execute(
        select(Invoice.id, Invoice.booking_id, Invoice.extras_only)
        .where(Invoice.booking_id.in_(booking_ids), Invoice.kind == DocumentKind.INVOICE)
        .order_by(Invoice.number)
    ).all()
    credited = set(
        session.scalars(
            select(Invoice.original_id).where(
                Invoice.kind == DocumentKind.CREDIT_NOTE, Invoice.booking_id.in_(booking_ids)
            )
        )
    )
    if not credited:
        return {}
    paid = dict(
        session.execute(
            select(Payment.invoice_id, func.sum(Payment.amount_jpy))
            .where(Payment.invoice_id.in_(credited))
            .group_by(Payment.invoice_id)
        ).all()
    )
    carried: dict[int, int] = {}
    pending: dict[tuple[int, bool], int] = {}
    for invoice_id, booking_id, extras_only in chain:
        key = (booking_id, bool(extras_only))
        if invoice_id in credited:
            pending[key] = pending.get(key, 0) + int(paid.get(invoice_id, 0))
        elif pending.get(key):
            carried[invoice_id] = pending.pop(key)
    return carried


def fair_documents(session: Session, fair: Fair) -> list[Invoice]:
    """Every invoice and credit note of the fair, by number, with their lines and rates."""
    return list(
        session.scalars(
            select(Invoice)
            .where(Invoice.fair_id == fair.id)
            .options(selectinload(Invoice.rates), selectinload(Invoice.issuer))
            .order_by(Invoice.number)
        )
    )


def organization_documents(session: Session, fair_id: int, organization_id: int) -> list[Invoice]:
    return list(
        session.scalars(
            select(Invoice)
            .where(Invoice.fair_id == fair_id, Invoice.organization_id == organization_id)
            .order_by(Invoice.number)
        )
    )


@dataclass(frozen=True)
class FinanceFigures:
    """The fair dashboard's money: invoiced (net of credit notes), received, and what is overdue."""

    invoiced_jpy: int
    received_jpy: int
    overdue_jpy: int
    overdue_invoices: int


def finance_figures(session: Session, fair: Fair, today: date) -> FinanceFigures:
    """Invoiced is every invoice less its credit notes; overdue is what should have been paid by today and was not."""
    invoiced = session.scalar(select(func.coalesce(func.sum(Invoice.total_jpy), 0)).where(Invoice.fair_id == fair.id))
    received = session.scalar(
        select(func.coalesce(func.sum(Payment.amount_jpy), 0))
        .join(Invoice, Invoice.id == Payment.invoice_id)
        .where(Invoice.fair_id == fair.id)
    )
    invoices = list(
        session.scalars(select(Invoice).where(Invoice.fair_id == fair.id, Invoice.kind == DocumentKind.INVOICE))
    )
    overdue = [s for s in standings(session, invoices, today) if s.state == PaymentState.OVERDUE]
    return FinanceFigures(
        invoiced_jpy=int(invoiced),
        received_jpy=int(received),
        overdue_jpy=sum(s.due_now_jpy - s.settled_jpy for s in overdue),
        overdue_invoices=len(overdue),
    )
