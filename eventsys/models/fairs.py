"""Fairs, their halls and their booth types."""

from __future__ import annotations

import enum
from datetime import date, datetime, time
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy import (
    CheckConstraint,
    Column,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventsys.models.base import Model, Timestamped, enum_column, translations_column

if TYPE_CHECKING:
    from eventsys.models.booths import Booth
    from eventsys.models.organizations import Organization, Sector
    from eventsys.models.users import User


class FairStatus(enum.StrEnum):
    """A draft is seen by its organizers only; a published fair by everybody; an archived one is read-only history."""

    DRAFT = "draft"
    PUBLISHED = "published"
    ARCHIVED = "archived"


class FairRole(enum.StrEnum):
    """What a member of the organizer organization may do at one fair."""

    #: Everything, including the fair's settings, staff and publishing.
    OWNER = "owner"
    #: Exhibitors, booths, meetings and badges.
    STAFF = "staff"
    #: The check-in desk only.
    CHECK_IN = "check_in"
    #: Invoices and payments.
    FINANCE = "finance"


class AreaKind(enum.StrEnum):
    """A labelled part of a hall's plan that nobody books."""

    STAGE = "stage"
    LOUNGE = "lounge"
    PILLAR = "pillar"
    ENTRANCE = "entrance"
    OTHER = "other"


fair_sectors = Table(
    "fair_sectors",
    Model.metadata,
    Column("fair_id", ForeignKey("fairs.id", ondelete="CASCADE"), primary_key=True),
    Column("sector_id", ForeignKey("sectors.id", ondelete="CASCADE"), primary_key=True),
)


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
        # Online meetings are allowed from a day to the fair's end between two times, or not at all.
        CheckConstraint(
            "(online_from IS NULL AND online_opens_at IS NULL AND online_closes_at IS NULL)"
            " OR (online_from IS NOT NULL AND online_opens_at IS NOT NULL AND online_closes_at IS NOT NULL"
            " AND online_from <= ends_on AND online_closes_at > online_opens_at)",
            name="online_window",
        ),
    )

    #: The fair's address in URLs: /fairs/sushi-tech-tokyo-2027.
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(160))
    name_local: Mapped[str | None] = mapped_column(String(160))
    description: Mapped[str | None] = mapped_column(Text)
    #: The name and description in the other interface languages, keyed by locale.
    name_translations: Mapped[dict[str, str]] = translations_column()
    description_translations: Mapped[dict[str, str]] = translations_column()
    venue: Mapped[str] = mapped_column(String(160))
    address: Mapped[str | None] = mapped_column(String(255))
    #: The venue and address in the other interface languages, keyed by locale, as the name's.
    venue_translations: Mapped[dict[str, str]] = translations_column()
    address_translations: Mapped[dict[str, str]] = translations_column()
    #: The Japanese venue and address, kept equal to their "ja" translations for the API and older readers.
    venue_local: Mapped[str | None] = mapped_column(String(160))
    address_local: Mapped[str | None] = mapped_column(String(255))
    status: Mapped[FairStatus] = mapped_column(
        enum_column(FairStatus), default=FairStatus.PUBLISHED, server_default=FairStatus.PUBLISHED.value
    )
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
    #: Online meetings may be booked from this day to the fair's last day, between these times in the zone of
    #: the center the meeting keeps (its slot length and buffer). None: online meetings are not offered.
    online_from: Mapped[date | None]
    online_opens_at: Mapped[time | None]
    online_closes_at: Mapped[time | None]

    organizer: Mapped[Organization | None] = relationship()
    halls: Mapped[list[Hall]] = relationship(back_populates="fair", order_by="Hall.position, Hall.id")
    booth_types: Mapped[list[BoothType]] = relationship(back_populates="fair", order_by="BoothType.price_jpy")
    #: The sectors exhibitors choose from, and the zones of its halls.
    sectors: Mapped[list[Sector]] = relationship(secondary=fair_sectors, order_by="Sector.name")
    staff: Mapped[list[FairStaff]] = relationship(back_populates="fair", cascade="all, delete-orphan")

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
    name_translations: Mapped[dict[str, str]] = translations_column()
    #: Size of the hall in metres (on a 0.5 m grid); booth coordinates lie inside 0..width × 0..depth.
    width: Mapped[float] = mapped_column(Float)
    depth: Mapped[float] = mapped_column(Float)
    position: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    #: Path of the re-encoded venue image traced over in the editor, under instance/uploads/.
    background_path: Mapped[str | None] = mapped_column(String(255))

    fair: Mapped[Fair] = relationship(back_populates="halls")
    booths: Mapped[list[Booth]] = relationship(back_populates="hall", order_by="Booth.code")
    areas: Mapped[list[HallArea]] = relationship(
        back_populates="hall", order_by="HallArea.id", cascade="all, delete-orphan"
    )

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
    name_translations: Mapped[dict[str, str]] = translations_column()
    #: What the type includes, in the fair's main language; `description_translations` holds it per other language.
    description: Mapped[str | None] = mapped_column(String(255))
    description_translations: Mapped[dict[str, str]] = translations_column()
    #: Nominal size in metres.
    width: Mapped[float] = mapped_column(Float)
    depth: Mapped[float] = mapped_column(Float)
    #: Price in yen, tax included.
    price_jpy: Mapped[int] = mapped_column(Integer)
    #: Bookings of this type one organization may hold at the fair.
    max_per_organization: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    #: Exhibitor badges a booked booth of this type includes (services/badges/allowance.py); None: one for each of
    #: the company's members, however many.
    badges_included: Mapped[int | None] = mapped_column(Integer)
    #: Colour for the floor plan legend, as #rrggbb.
    colour: Mapped[str] = mapped_column(String(7), default="#4c6ef5")

    fair: Mapped[Fair] = relationship(back_populates="booth_types")

    def __repr__(self) -> str:
        return f"<BoothType {self.name}>"


class HallArea(Model):
    """A stage, lounge, pillar or entrance drawn on a hall's plan: shown with its label, never bookable."""

    __tablename__ = "hall_areas"
    __table_args__ = (
        CheckConstraint("width > 0 AND depth > 0", name="positive_size"),
        CheckConstraint("x >= 0 AND y >= 0", name="inside_hall"),
    )

    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id", ondelete="CASCADE"), index=True)
    kind: Mapped[AreaKind] = mapped_column(enum_column(AreaKind))
    label: Mapped[str | None] = mapped_column(String(80))
    #: Top-left corner and size in the hall's metres.
    x: Mapped[float] = mapped_column(Float)
    y: Mapped[float] = mapped_column(Float)
    width: Mapped[float] = mapped_column(Float)
    depth: Mapped[float] = mapped_column(Float)

    hall: Mapped[Hall] = relationship(back_populates="areas")

    def __repr__(self) -> str:
        return f"<HallArea {self.hall_id}/{self.kind}>"


class FairStaff(Timestamped, Model):
    """A member of the organizer organization and their role at one of its fairs."""

    __tablename__ = "fair_staff"
    __table_args__ = (UniqueConstraint("fair_id", "user_id"),)

    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[FairRole] = mapped_column(enum_column(FairRole))

    fair: Mapped[Fair] = relationship(back_populates="staff")
    user: Mapped[User] = relationship(back_populates="fair_roles")

    def __repr__(self) -> str:
        return f"<FairStaff {self.fair_id}/{self.user_id} {self.role}>"
