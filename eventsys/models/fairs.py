"""Fairs, their halls and their booth types."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventsys.models.base import Model, Timestamped, enum_column

if TYPE_CHECKING:
    from eventsys.models.booths import Booth
    from eventsys.models.organizations import Organization


class BookingMode(enum.StrEnum):
    """How booths are given out: first come first served on the floor plan, or allocated from applications."""

    FIRST_COME = "first_come"
    APPLICATION = "application"


class Fair(Timestamped, Model):
    """A trade fair or expo, such as SusHi Tech Tokyo or Expo 2025 Osaka."""

    __tablename__ = "fairs"
    __table_args__ = (
        CheckConstraint("ends_on >= starts_on", name="dates_in_order"),
        CheckConstraint("booking_closes_at > booking_opens_at", name="booking_window_in_order"),
        CheckConstraint("hold_minutes > 0", name="hold_positive"),
        # NULL passes a CHECK, so a fair without build-up or tear-down times is fine.
        CheckConstraint("build_up_ends_at > build_up_starts_at", name="build_up_in_order"),
        CheckConstraint("tear_down_ends_at > tear_down_starts_at", name="tear_down_in_order"),
    )

    #: The fair's address in URLs: /fairs/sushi-tech-tokyo-2027.
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(160))
    name_local: Mapped[str | None] = mapped_column(String(160))
    description: Mapped[str | None] = mapped_column(Text)
    venue: Mapped[str] = mapped_column(String(160))
    address: Mapped[str | None] = mapped_column(String(255))
    city: Mapped[str] = mapped_column(String(80))
    #: IANA zone in which the fair's dates and times are shown.
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Tokyo")
    #: First and last day, as calendar dates in the fair's zone.
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    booking_opens_at: Mapped[datetime]
    booking_closes_at: Mapped[datetime]
    booking_mode: Mapped[BookingMode] = mapped_column(enum_column(BookingMode), default=BookingMode.FIRST_COME)
    #: How long a hold keeps a booth before it frees itself.
    hold_minutes: Mapped[int] = mapped_column(Integer, default=15, server_default="15")
    #: Live bookings one organization may have at this fair, over all booth types.
    max_booths_per_organization: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    #: Mailbox that sends the fair's invitations and answers questions.
    contact_email: Mapped[str | None] = mapped_column(String(254))
    website: Mapped[str | None] = mapped_column(String(255))
    organizer_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id", ondelete="SET NULL"))
    #: When exhibitors may build their booths before the fair opens, and must clear them after it closes (UTC).
    build_up_starts_at: Mapped[datetime | None]
    build_up_ends_at: Mapped[datetime | None]
    tear_down_starts_at: Mapped[datetime | None]
    tear_down_ends_at: Mapped[datetime | None]

    organizer: Mapped[Organization | None] = relationship()
    halls: Mapped[list[Hall]] = relationship(back_populates="fair", order_by="Hall.position, Hall.id")
    booth_types: Mapped[list[BoothType]] = relationship(back_populates="fair", order_by="BoothType.price_jpy")

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def __repr__(self) -> str:
        return f"<Fair {self.slug}>"


class Hall(Model):
    """A hall of a fair's venue, with its own coordinate space in metres for the floor plan."""

    __tablename__ = "halls"
    __table_args__ = (
        UniqueConstraint("fair_id", "slug"),
        # Target of the booths' (hall_id, fair_id) key, so a booth cannot sit in another fair's hall.
        UniqueConstraint("id", "fair_id"),
        CheckConstraint("width > 0 AND depth > 0", name="positive_size"),
    )

    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"))
    slug: Mapped[str] = mapped_column(String(80))
    name: Mapped[str] = mapped_column(String(120))
    #: Size of the hall in metres; booth coordinates lie inside 0..width × 0..depth.
    width: Mapped[int] = mapped_column(Integer)
    depth: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    fair: Mapped[Fair] = relationship(back_populates="halls")
    booths: Mapped[list[Booth]] = relationship(back_populates="hall", order_by="Booth.code")

    def __repr__(self) -> str:
        return f"<Hall {self.fair_id}/{self.slug}>"


class BoothType(Model):
    """A kind of booth with a size and a price, such as a 3×3 m shell scheme or a 6×6 m island."""

    __tablename__ = "booth_types"
    __table_args__ = (
        UniqueConstraint("fair_id", "name"),
        CheckConstraint("price_jpy >= 0", name="price_not_negative"),
        CheckConstraint("width > 0 AND depth > 0", name="positive_size"),
        CheckConstraint("max_per_organization > 0", name="limit_positive"),
    )

    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(80))
    description: Mapped[str | None] = mapped_column(String(255))
    #: Nominal size in metres.
    width: Mapped[int] = mapped_column(Integer)
    depth: Mapped[int] = mapped_column(Integer)
    #: Price in yen, tax included.
    price_jpy: Mapped[int] = mapped_column(Integer)
    #: Bookings of this type one organization may hold at the fair.
    max_per_organization: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    #: Colour for the floor plan legend, as #rrggbb.
    colour: Mapped[str] = mapped_column(String(7), default="#4c6ef5")

    fair: Mapped[Fair] = relationship(back_populates="booth_types")

    def __repr__(self) -> str:
        return f"<BoothType {self.name}>"
