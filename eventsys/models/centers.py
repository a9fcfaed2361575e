"""The Invest Japan Business Support Centers, their rooms, hours and closures."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Integer, SmallInteger, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventsys.models.base import Model, translations_column

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class Center(Model):
    """A Business Support Center in one city, with meeting rooms."""

    __tablename__ = "centers"
    __table_args__ = (
        CheckConstraint("slot_minutes BETWEEN 5 AND 240", name="slot_length"),
        CheckConstraint("buffer_minutes >= 0", name="buffer_not_negative"),
    )

    #: The city in lower case, used in URLs and the CLI (--center osaka).
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    city: Mapped[str] = mapped_column(String(80))
    name: Mapped[str] = mapped_column(String(160))
    address: Mapped[str] = mapped_column(String(255))
    #: The city, name and address in the other interface languages, keyed by locale, as a fair's venue.
    city_translations: Mapped[dict[str, str]] = translations_column()
    name_translations: Mapped[dict[str, str]] = translations_column()
    address_translations: Mapped[dict[str, str]] = translations_column()
    #: The Japanese city and address, kept equal to their "ja" translations for the API and older readers.
    city_local: Mapped[str | None] = mapped_column(String(80))
    address_local: Mapped[str | None] = mapped_column(String(255))
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Tokyo")
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(254))
    #: Length of a meeting slot and the pause kept between one person's meetings.
    slot_minutes: Mapped[int] = mapped_column(Integer, default=30, server_default="30")
    buffer_minutes: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    #: When an organizer closed the center for good: it takes no new meetings, and its past ones stay.
    closed_at: Mapped[datetime | None]

    rooms: Mapped[list[Room]] = relationship(back_populates="center", order_by="Room.name")
    opening_hours: Mapped[list[OpeningHours]] = relationship(
        back_populates="center", order_by="OpeningHours.weekday", cascade="all, delete-orphan"
    )
    interpreters: Mapped[list[Interpreter]] = relationship(
        back_populates="center", order_by="Interpreter.name", cascade="all, delete-orphan"
    )
    closures: Mapped[list[CenterClosure]] = relationship(
        back_populates="center", order_by="CenterClosure.on", cascade="all, delete-orphan"
    )

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    def __repr__(self) -> str:
        return f"<Center {self.slug}>"


class Room(Model):
    """A meeting room of a center."""

    __tablename__ = "rooms"
    __table_args__ = (
        UniqueConstraint("center_id", "name"),
        # Target of the meetings' (room_id, center_id) key, so a meeting cannot use another center's room.
        UniqueConstraint("id", "center_id"),
        CheckConstraint("capacity > 0", name="capacity_positive"),
    )

    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(80))
    #: Seats around the table.
    capacity: Mapped[int] = mapped_column(Integer)

    center: Mapped[Center] = relationship(back_populates="rooms")

    def __repr__(self) -> str:
        return f"<Room {self.center_id}/{self.name}>"


class Interpreter(Model):
    """An interpreter of a center: the languages they interpret between, the days and the hours (center's zone)."""

    __tablename__ = "interpreters"
    __table_args__ = (
        UniqueConstraint("center_id", "name"),
        CheckConstraint("ends_at > starts_at", name="hours_in_order"),
    )

    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    #: ISO 639-1 codes, e.g. ["ja", "es", "en"].
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: The days they work, as ISO dates ("2027-05-13"), from starts_at to ends_at on each.
    days: Mapped[list[str]] = mapped_column(JSON, default=list)
    starts_at: Mapped[time]
    ends_at: Mapped[time]

    center: Mapped[Center] = relationship(back_populates="interpreters")

    def __repr__(self) -> str:
        return f"<Interpreter {self.center_id}/{self.name}>"


class OpeningHours(Model):
    """When a center is open on one weekday, in the center's zone."""

    __tablename__ = "opening_hours"
    __table_args__ = (
        UniqueConstraint("center_id", "weekday"),
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday_range"),
        CheckConstraint("closes_at > opens_at", name="hours_in_order"),
    )

    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id", ondelete="CASCADE"))
    #: 0 is Monday, as in datetime.weekday().
    weekday: Mapped[int] = mapped_column(SmallInteger)
    opens_at: Mapped[time]
    closes_at: Mapped[time]

    center: Mapped[Center] = relationship(back_populates="opening_hours")

    @property
    def weekday_name(self) -> str:
        return WEEKDAY_NAMES[self.weekday]


class CenterClosure(Model):
    """A day an organizer closed a center, beyond Japan's public holidays."""

    __tablename__ = "center_closures"
    __table_args__ = (UniqueConstraint("center_id", "on"),)

    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id", ondelete="CASCADE"))
    on: Mapped[date]
    reason: Mapped[str | None] = mapped_column(String(160))

    center: Mapped[Center] = relationship(back_populates="closures")
