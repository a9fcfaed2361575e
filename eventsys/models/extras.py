"""Extras (power, furniture, extra badges, listing upgrades) and sponsorship packages a fair sells, and the orders
of them by exhibiting companies.

Stock is the database's to keep: each offer counts what it has `sold`, an order takes its units with one
UPDATE … SET sold = sold + quantity, and CHECK (stock IS NULL OR sold <= stock) refuses the update that would
oversell (PostgreSQL locks the row for the rest of the transaction, so concurrent orders queue on it).
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from eventsys.models.base import Model, Timestamped, enum_column


class ExtraKind(enum.StrEnum):
    POWER = "power"
    FURNITURE = "furniture"
    BADGES = "badges"
    LISTING = "listing"
    OTHER = "other"


class OrderStatus(enum.StrEnum):
    """An order stands (billed once an invoice carries it) until it is cancelled."""

    ORDERED = "ordered"
    CANCELLED = "cancelled"


class _Offer(Timestamped):
    """What extras and packages share: a fair, a name, a price with its tax rate, and a stock that is kept."""

    @declared_attr.directive
    def __table_args__(cls):  # noqa: N805 - a declared attribute takes the class
        return (
            CheckConstraint("price_jpy >= 0", name="price_not_negative"),
            CheckConstraint("rate_percent IN (8, 10)", name="known_rate"),
            CheckConstraint("stock IS NULL OR stock >= 0", name="stock_not_negative"),
            CheckConstraint("sold >= 0", name="sold_not_negative"),
            CheckConstraint("stock IS NULL OR sold <= stock", name="not_oversold"),
        )

    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(String(500), default="", server_default="")
    price_jpy: Mapped[int] = mapped_column(Integer)
    #: 10 (standard) or 8 (reduced), as on invoice lines.
    rate_percent: Mapped[int] = mapped_column(Integer, default=10, server_default="10")
    #: None: as many as are ordered.
    stock: Mapped[int | None] = mapped_column(Integer)
    #: Units taken by standing orders; only ever changed by one UPDATE in the ordering transaction.
    sold: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    #: A retired offer is no longer sold; its orders stand.
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")

    @property
    def left(self) -> int | None:
        return None if self.stock is None else max(self.stock - self.sold, 0)


class Extra(_Offer, Model):
    __tablename__ = "extras"

    kind: Mapped[ExtraKind] = mapped_column(enum_column(ExtraKind), default=ExtraKind.OTHER)

    #: What an ordered unit adds to the company's badges at the fair (extra badges: 1, else 0).
    @property
    def badges_each(self) -> int:
        return 1 if self.kind == ExtraKind.BADGES else 0


class SponsorshipPackage(_Offer, Model):
    __tablename__ = "sponsorship_packages"

    #: The booth type the package includes (shown and billed with the package; the booth is booked as usual).
    booth_type_id: Mapped[int | None] = mapped_column(ForeignKey("booth_types.id", ondelete="SET NULL"))
    badge_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    booth_type = relationship("BoothType")

    @property
    def badges_each(self) -> int:
        return self.badge_count


class ExtraOrder(Timestamped, Model):
    """An exhibiting company's order of an extra or a package (exactly one), at the price of the moment it was made.

    `invoice_id` is the invoice that billed it: the booth's invoice when ordered with the booth, else one of its own;
    a credited invoice's orders are billed again on the invoice that replaces it."""

    __tablename__ = "extra_orders"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("unit_price_jpy >= 0", name="price_not_negative"),
        CheckConstraint("(extra_id IS NULL) <> (package_id IS NULL)", name="one_offer"),
    )

    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("booth_bookings.id", ondelete="CASCADE"), index=True)
    extra_id: Mapped[int | None] = mapped_column(ForeignKey("extras.id", ondelete="RESTRICT"), index=True)
    package_id: Mapped[int | None] = mapped_column(ForeignKey("sponsorship_packages.id", ondelete="RESTRICT"))
    quantity: Mapped[int] = mapped_column(Integer)
    unit_price_jpy: Mapped[int] = mapped_column(Integer)
    rate_percent: Mapped[int] = mapped_column(Integer)
    #: The line's description at the time of the order (the offer may be renamed later).
    description: Mapped[str] = mapped_column(String(300))
    status: Mapped[OrderStatus] = mapped_column(enum_column(OrderStatus), default=OrderStatus.ORDERED)
    invoice_id: Mapped[int | None] = mapped_column(ForeignKey("invoices.id", ondelete="SET NULL"), index=True)
    ordered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    cancelled_at: Mapped[datetime | None]
    #: The booth a package's booth type booked for this order (its own confirmed booking, freed with the order);
    #: unique, so two orders never claim one booking.
    booth_booking_id: Mapped[int | None] = mapped_column(
        ForeignKey("booth_bookings.id", ondelete="SET NULL"), unique=True
    )

    extra: Mapped[Extra | None] = relationship()
    package: Mapped[SponsorshipPackage | None] = relationship()
    booking = relationship("BoothBooking", foreign_keys=[booking_id])
    booth_booking = relationship("BoothBooking", foreign_keys=[booth_booking_id])
    invoice = relationship("Invoice")
    #: The startup's member, or the fair's organizer who ordered on its behalf.
    ordered_by = relationship("User", foreign_keys=[ordered_by_id])

    @property
    def offer(self) -> Extra | SponsorshipPackage:
        return self.extra if self.extra is not None else self.package

    @property
    def by_organizers(self) -> bool:
        """Ordered by someone outside the company: the fair's organizers, on its behalf."""
        person = self.ordered_by
        return person is not None and all(m.organization_id != self.organization_id for m in person.memberships)

    @property
    def amount_jpy(self) -> int:
        return self.quantity * self.unit_price_jpy
