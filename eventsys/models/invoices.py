"""Qualified invoices (適格請求書) for booth sales: the issuer per fair, invoices and credit notes with their lines
and tax per rate, and payments recorded against them. An issued document's amounts never change."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventsys.models.base import Model, Timestamped, enum_column


class PriceEntry(enum.StrEnum):
    """Whether the fair's prices are entered with consumption tax included or excluded."""

    TAX_INCLUDED = "tax_included"
    TAX_EXCLUDED = "tax_excluded"


class DocumentKind(enum.StrEnum):
    INVOICE = "invoice"
    CREDIT_NOTE = "credit_note"


class InvoiceIssuer(Timestamped, Model):
    """Who issues a fair's invoices, with the counter that numbers them (one row per fair)."""

    __tablename__ = "invoice_issuers"
    __table_args__ = (
        CheckConstraint("next_number >= 1", name="next_number_positive"),
        CheckConstraint("deposit_percent >= 0 AND deposit_percent <= 100", name="deposit_percent_range"),
    )

    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"), unique=True)
    legal_name: Mapped[str] = mapped_column(String(200))
    legal_name_local: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(300))
    address_local: Mapped[str] = mapped_column(String(300))
    #: T followed by the 13-digit corporate number (check digit validated on entry).
    registration_number: Mapped[str] = mapped_column(String(14))
    bank_account: Mapped[str] = mapped_column(String(300))
    payment_terms: Mapped[str] = mapped_column(String(300))
    contact: Mapped[str] = mapped_column(String(200))
    price_entry: Mapped[PriceEntry] = mapped_column(enum_column(PriceEntry), default=PriceEntry.TAX_EXCLUDED)
    #: 0 means payment in full; the deposit is due deposit_due_days after the invoice, the balance
    #: balance_due_days before the fair (never before the first due date).
    deposit_percent: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    deposit_due_days: Mapped[int] = mapped_column(Integer, default=14, server_default="14")
    balance_due_days: Mapped[int] = mapped_column(Integer, default=30, server_default="30")
    #: Days after a missed due date before the unpaid booking is released (`invoices release-unpaid`).
    grace_days: Mapped[int] = mapped_column(Integer, default=7, server_default="7")
    #: The number the next document gets; taken with UPDATE … RETURNING in the issuing transaction.
    next_number: Mapped[int] = mapped_column(Integer, default=1, server_default="1")


_CREDIT_NOTE_SQL = text("kind = 'credit_note'")


class Invoice(Model):
    """An invoice or a credit note (返還インボイス, referring to `original`). Never updated once issued."""

    __tablename__ = "invoices"
    __table_args__ = (
        UniqueConstraint("issuer_id", "number"),
        # An invoice is credited once, whoever credits it at the same moment (two release runs, a cancellation).
        Index(
            "uq_invoices_one_credit_note",
            "original_id",
            unique=True,
            sqlite_where=_CREDIT_NOTE_SQL,
            postgresql_where=_CREDIT_NOTE_SQL,
        ),
    )

    issuer_id: Mapped[int] = mapped_column(ForeignKey("invoice_issuers.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    kind: Mapped[DocumentKind] = mapped_column(enum_column(DocumentKind), default=DocumentKind.INVOICE)
    original_id: Mapped[int | None] = mapped_column(ForeignKey("invoices.id", ondelete="CASCADE"), index=True)
    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"), index=True)
    booking_id: Mapped[int | None] = mapped_column(ForeignKey("booth_bookings.id", ondelete="SET NULL"), index=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    buyer_name: Mapped[str] = mapped_column(String(200))
    transaction_date: Mapped[date]
    issue_date: Mapped[date]
    issued_at: Mapped[datetime]
    #: Sum of the lines' amounts as entered, tax per rate and the total payable (negative on a credit note).
    total_jpy: Mapped[int] = mapped_column(Integer)
    deposit_jpy: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    deposit_due_on: Mapped[date | None]
    balance_due_on: Mapped[date | None]
    reason: Mapped[str | None] = mapped_column(Text)
    #: An invoice of extras ordered after the booth's invoice was issued (never the booth's own invoice).
    extras_only: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")

    issuer: Mapped[InvoiceIssuer] = relationship()
    original: Mapped[Invoice | None] = relationship(remote_side="Invoice.id")
    lines: Mapped[list[InvoiceLine]] = relationship(order_by="InvoiceLine.position", cascade="all, delete-orphan")
    rates: Mapped[list[InvoiceRate]] = relationship(order_by="InvoiceRate.rate_percent", cascade="all, delete-orphan")
    payments: Mapped[list[Payment]] = relationship(order_by="Payment.paid_on")
    refunds: Mapped[list[Refund]] = relationship(order_by="Refund.refunded_on")


class InvoiceLine(Model):
    __tablename__ = "invoice_lines"

    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(String(300))
    quantity: Mapped[int] = mapped_column(Integer)
    unit_price_jpy: Mapped[int] = mapped_column(Integer)
    rate_percent: Mapped[int] = mapped_column(Integer)


class InvoiceRate(Model):
    """The amounts of one tax rate on one invoice: the tax is computed once here, per rate per invoice."""

    __tablename__ = "invoice_rates"
    __table_args__ = (UniqueConstraint("invoice_id", "rate_percent"),)

    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id", ondelete="CASCADE"))
    rate_percent: Mapped[int] = mapped_column(Integer)
    net_jpy: Mapped[int] = mapped_column(Integer)
    tax_jpy: Mapped[int] = mapped_column(Integer)
    gross_jpy: Mapped[int] = mapped_column(Integer)


class Payment(Timestamped, Model):
    __tablename__ = "invoice_payments"

    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id", ondelete="CASCADE"), index=True)
    paid_on: Mapped[date]
    amount_jpy: Mapped[int] = mapped_column(Integer)
    method: Mapped[str] = mapped_column(String(40))
    reference: Mapped[str] = mapped_column(String(120), default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class Refund(Timestamped, Model):
    """Money paid back to the buyer: what was paid beyond what is owed once a credit note reversed an invoice (a
    cancellation, a cheaper booth). Recorded against the invoice whose standing shows the excess, never beyond it."""

    __tablename__ = "invoice_refunds"
    __table_args__ = (CheckConstraint("amount_jpy > 0", name="amount_positive"),)

    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id", ondelete="CASCADE"), index=True)
    refunded_on: Mapped[date]
    amount_jpy: Mapped[int] = mapped_column(Integer)
    method: Mapped[str] = mapped_column(String(40))
    reference: Mapped[str] = mapped_column(String(120), default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class DuePart(enum.StrEnum):
    DEPOSIT = "deposit"
    BALANCE = "balance"


class DueDateExtension(Timestamped, Model):
    """A due date of an invoice moved later by an organizer, with the reason; the invoice itself never changes.

    The latest extension of a part (by id) is the part's due date; reminders and the release follow it."""

    __tablename__ = "invoice_due_extensions"

    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id", ondelete="CASCADE"), index=True)
    part: Mapped[DuePart] = mapped_column(enum_column(DuePart))
    due_on: Mapped[date]
    reason: Mapped[str] = mapped_column(Text)
    extended_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
