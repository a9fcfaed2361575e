"""Booths on a hall's floor plan and the bookings that give them to exhibitors."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    CheckConstraint,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventsys.models.base import Model, Timestamped, enum_column

if TYPE_CHECKING:
    from eventsys.models.fairs import BoothType, Fair, Hall
    from eventsys.models.organizations import Organization, Sector


class BookingStatus(enum.StrEnum):
    """A hold becomes a confirmed booking, or ends cancelled or expired."""

    HELD = "held"
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"
    EXPIRED = "expired"


class BookingSource(enum.StrEnum):
    """How a booking came about."""

    FLOOR_PLAN = "floor_plan"
    WAITLIST = "waitlist"
    ALLOCATION = "allocation"
    ORGANIZER = "organizer"


#: Statuses that occupy a booth; the partial unique index allows one of them per booth.
LIVE_BOOKING_STATUSES = (BookingStatus.HELD, BookingStatus.CONFIRMED)
_LIVE_SQL = text("status IN ('held', 'confirmed')")


class Booth(Model):
    """A rectangle on a hall's floor plan that one exhibitor can book."""

    __tablename__ = "booths"
    __table_args__ = (
        UniqueConstraint("fair_id", "code"),
        # The hall must belong to the booth's fair: a composite key the database checks.
        ForeignKeyConstraint(["hall_id", "fair_id"], ["halls.id", "halls.fair_id"], ondelete="CASCADE"),
        CheckConstraint("width > 0 AND depth > 0", name="positive_size"),
        CheckConstraint("x >= 0 AND y >= 0", name="inside_hall"),
    )

    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"), index=True)
    hall_id: Mapped[int] = mapped_column(index=True)
    booth_type_id: Mapped[int] = mapped_column(ForeignKey("booth_types.id"))
    #: Printed on the floor and the plan, unique within a fair ("E1-A01").
    code: Mapped[str] = mapped_column(String(20))
    #: Top-left corner and size in the hall's metres, on a 0.5 m grid.
    x: Mapped[float] = mapped_column(Float)
    y: Mapped[float] = mapped_column(Float)
    width: Mapped[float] = mapped_column(Float)
    depth: Mapped[float] = mapped_column(Float)
    #: The sector zone this booth belongs to, if the hall is zoned.
    sector_id: Mapped[int | None] = mapped_column(ForeignKey("sectors.id", ondelete="SET NULL"))
    #: Open sides: 1 in a row, 2 on a corner, 3 at a row end (peninsula), 4 for an island.
    open_sides: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    #: Blocked booths (pillars, organizer use) are never bookable.
    is_blocked: Mapped[bool] = mapped_column(default=False, server_default="0")

    fair: Mapped[Fair] = relationship(overlaps="booths")
    hall: Mapped[Hall] = relationship(back_populates="booths", foreign_keys=[hall_id], overlaps="fair")
    booth_type: Mapped[BoothType] = relationship()
    sector: Mapped[Sector | None] = relationship()

    def __repr__(self) -> str:
        return f"<Booth {self.code}>"


class BoothBooking(Timestamped, Model):
    """An organization's hold on, or booking of, a booth."""

    __tablename__ = "booth_bookings"
    __table_args__ = (
        # The guarantee of DESIGN.md §3: at most one live booking per booth, whatever the code does.
        Index(
            "uq_booth_bookings_live_booth",
            "booth_id",
            unique=True,
            sqlite_where=_LIVE_SQL,
            postgresql_where=_LIVE_SQL,
        ),
        Index("ix_booth_bookings_fair_organization", "fair_id", "organization_id"),
        CheckConstraint("status <> 'held' OR held_until IS NOT NULL", name="hold_has_expiry"),
    )

    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"))
    booth_id: Mapped[int] = mapped_column(ForeignKey("booths.id", ondelete="CASCADE"))
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    status: Mapped[BookingStatus] = mapped_column(enum_column(BookingStatus), default=BookingStatus.HELD)
    #: When a hold frees the booth again if not confirmed.
    held_until: Mapped[datetime | None]
    confirmed_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    billing_name: Mapped[str | None] = mapped_column(String(160))
    billing_email: Mapped[str | None] = mapped_column(String(254))
    billing_address: Mapped[str | None] = mapped_column(String(255))
    source: Mapped[BookingSource] = mapped_column(
        enum_column(BookingSource), default=BookingSource.FLOOR_PLAN, server_default=BookingSource.FLOOR_PLAN.value
    )
    #: Price at the moment of booking, in yen.
    price_jpy: Mapped[int | None] = mapped_column(Integer)

    booth: Mapped[Booth] = relationship()
    organization: Mapped[Organization] = relationship()

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_BOOKING_STATUSES

    def __repr__(self) -> str:
        return f"<BoothBooking {self.id} booth={self.booth_id} {self.status}>"
