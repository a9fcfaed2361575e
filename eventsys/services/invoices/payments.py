"""Payments recorded against invoices, what each invoice still owes, and the state the finance list filters by."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from eventsys.models import DocumentKind, DueDateExtension, DuePart, Fair, Invoice, Payment, Refund, User
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
    #: Paid against the invoices this one replaced (credited for a price correction, a move, a cancelled extra),
    #: less what was refunded on them: the money stays the startup's and settles the replacement first.
    carried_jpy: int = 0
    #: Refunded against this invoice (Refund).
    refunded_jpy: int = 0
    #: On a credited invoice that no standing invoice replaced (a cancellation, a release): what was paid on it and
    #: the invoices it replaced, less refunds: the startup's money, to refund.
    unreplaced_jpy: int = 0

    @property
    def settled_jpy(self) -> int:
        return self.paid_jpy + self.carried_jpy - self.refunded_jpy

    @property
    def excess_jpy(self) -> int:
        """Paid beyond what is owed and not refunded yet: beyond the total, or all of it once credited."""
        if self.credited:
            return self.unreplaced_jpy
        return max(self.settled_jpy - self.invoice.total_jpy, 0)

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
    def next_due(self) -> tuple[DuePart, date] | None:
        """The earliest due date of a part not settled yet (the deposit until it is paid, the balance until all
        is), after extensions; None once nothing is owed. The invoice is overdue once today is past it."""
        if self.owed_jpy == 0:
            return None
        parts = [(self.balance_due_on, DuePart.BALANCE)]
        if self.deposit_due_on is not None and self.settled_jpy < self.invoice.deposit_jpy:
            parts.append((self.deposit_due_on, DuePart.DEPOSIT))
        due_on, part = min((due_on, part) for due_on, part in parts if due_on is not None)
        return part, due_on

    @property
    def next_due_on(self) -> date | None:
        return self.next_due[1] if self.next_due is not None else None

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
        if self.today > self.next_due_on:
            return PaymentState.OVERDUE
        return PaymentState.PART_PAID if self.settled_jpy > 0 else PaymentState.OPEN


#: The finance list's filter beside the states: invoices with money to refund (paid ones and credited ones alike).
TO_REFUND = "to_refund"
FILTERS = (*(state.value for state in PaymentState), TO_REFUND)


def filter_standings(rows: list[Standing], wanted: str) -> list[Standing]:
    """The rows in state `wanted`, or with money to refund (TO_REFUND); all of them for ""."""
    if wanted == TO_REFUND:
        return [row for row in rows if row.excess_jpy]
    return [row for row in rows if not wanted or row.state.value == wanted]


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


def _sums(session: Session, model: type[Payment] | type[Refund], ids) -> dict[int, int]:
    """The payments' or refunds' amounts by invoice id."""
    rows = session.execute(
        select(model.invoice_id, func.sum(model.amount_jpy)).where(model.invoice_id.in_(ids)).group_by(model.invoice_id)
    )
    return {invoice_id: int(total) for invoice_id, total in rows}


def standings(session: Session, invoices: list[Invoice], today: date) -> list[Standing]:
    """The standing of each invoice (credit notes are left out)."""
    ids = [invoice.id for invoice in invoices]
    paid = _sums(session, Payment, ids)
    refunded = _sums(session, Refund, ids)
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
    carried, unreplaced = carried_payments(session, invoices)
    return [
        Standing(
            invoice,
            paid.get(invoice.id, 0),
            invoice.id in credited,
            today,
            extended.get(invoice.id, {}),
            carried.get(invoice.id, 0),
            refunded.get(invoice.id, 0),
            unreplaced.get(invoice.id, 0),
        )
        for invoice in invoices
        if invoice.kind == DocumentKind.INVOICE
    ]


def carried_payments(session: Session, invoices: list[Invoice]) -> tuple[dict[int, int], dict[int, int]]:
    """What was paid (less refunds) against credited invoices: carried to the invoice that replaced each, and left
    on the last credited invoice of a chain that nothing replaced (to refund), both by invoice id.

    A booking's booth invoices form one chain and its invoices of extras another, each by number: what was paid on a
    credited invoice goes to the next one of its chain that stands (through any credited in between). Without this
    a startup that had paid and then got a price correction would owe the whole new invoice and be released."""
    booking_ids = {invoice.booking_id for invoice in invoices if invoice.booking_id is not None}
    if not booking_ids:
        return {}, {}
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
        return {}, {}
    paid, refunded = _sums(session, Payment, credited), _sums(session, Refund, credited)
    carried: dict[int, int] = {}
    pending: dict[tuple[int, bool], int] = {}
    last_credited: dict[tuple[int, bool], int] = {}
    for invoice_id, booking_id, extras_only in chain:
        key = (booking_id, bool(extras_only))
        if invoice_id in credited:
            pending[key] = pending.get(key, 0) + paid.get(invoice_id, 0) - refunded.get(invoice_id, 0)
            last_credited[key] = invoice_id
        elif pending.get(key):
            carried[invoice_id] = pending.pop(key)
    unreplaced = {last_credited[key]: amount for key, amount in pending.items() if amount > 0}
    return carried, unreplaced


def fair_documents(session: Session, fair: Fair) -> list[Invoice]:
    """Every invoice and credit note of the fair, by number, with their lines and rates."""
    return list(
        session.scalars(
            select(Invoice)
            .where(Invoice.fair_id == fair.id)
            .options(selectinload(Invoice.rates), selectinload(Invoice.issuer), selectinload(Invoice.refunds))
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
    """The fair dashboard's money: invoiced (net of credit notes), received (net of refunds), what is overdue, and
    what was paid beyond what is owed and waits to be refunded."""

    invoiced_jpy: int
    received_jpy: int
    overdue_jpy: int
    overdue_invoices: int
    refunded_jpy: int = 0
    to_refund_jpy: int = 0


def finance_figures(session: Session, fair: Fair, today: date) -> FinanceFigures:
    """Invoiced is every invoice less its credit notes; received is every payment less refunds; overdue is what
    should have been paid by today and was not."""
    invoiced = session.scalar(select(func.coalesce(func.sum(Invoice.total_jpy), 0)).where(Invoice.fair_id == fair.id))
    received, refunded = (
        session.scalar(
            select(func.coalesce(func.sum(model.amount_jpy), 0))
            .join(Invoice, Invoice.id == model.invoice_id)
            .where(Invoice.fair_id == fair.id)
        )
        for model in (Payment, Refund)
    )
    invoices = list(
        session.scalars(select(Invoice).where(Invoice.fair_id == fair.id, Invoice.kind == DocumentKind.INVOICE))
    )
    rows = standings(session, invoices, today)
    overdue = [s for s in rows if s.state == PaymentState.OVERDUE]
    return FinanceFigures(
        invoiced_jpy=int(invoiced),
        received_jpy=int(received) - int(refunded),
        overdue_jpy=sum(s.due_now_jpy - s.settled_jpy for s in overdue),
        overdue_invoices=len(overdue),
        refunded_jpy=int(refunded),
        to_refund_jpy=sum(s.excess_jpy for s in rows),
    )
