"""Startups applying to exhibit at a fair, waiting for a booth type, or applying for booths in application mode."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, SmallInteger, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventsys.models.base import Model, Timestamped, enum_column

if TYPE_CHECKING:
    from eventsys.models.booths import Booth, BoothBooking
    from eventsys.models.fairs import BoothType, Fair
    from eventsys.models.organizations import Organization, Sector


class ExhibitorStatus(enum.StrEnum):
    """A startup applies to exhibit; the fair's organizers approve or reject it."""

    APPLIED = "applied"
    APPROVED = "approved"
    REJECTED = "rejected"


class Exhibitor(Timestamped, Model):
    """A startup's standing at one fair: only approved exhibitors may hold or apply for booths."""

    __tablename__ = "exhibitors"
    __table_args__ = (UniqueConstraint("fair_id", "organization_id"),)

    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"))
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    status: Mapped[ExhibitorStatus] = mapped_column(enum_column(ExhibitorStatus), default=ExhibitorStatus.APPLIED)
    #: Why an application was rejected; mailed to the startup.
    reason: Mapped[str | None] = mapped_column(String(500))
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: The startup says someone else staffs its booth, so its members may meet during the fair's days.
    team_covers_booth: Mapped[bool] = mapped_column(default=False, server_default="0")

    fair: Mapped[Fair] = relationship()
    organization: Mapped[Organization] = relationship()


class WaitlistStatus(enum.StrEnum):
    """Waiting in line, then offered a booth (a hold); the offer ends booked, declined or lapsed. Declined and
    lapsed entries are out of the line: the startup may join again at its end."""

    WAITING = "waiting"
    OFFERED = "offered"
    BOOKED = "booked"
    DECLINED = "declined"
    LAPSED = "lapsed"
    LEFT = "left"


#: Entries still in play: one per booth type and company, so nobody is offered two booths of a type at once.
_ACTIVE_SQL = text("status IN ('waiting', 'offered')")


class WaitlistEntry(Timestamped, Model):
    """A startup waiting for a sold-out booth type; the first eligible in line is offered each freed booth."""

    __tablename__ = "waitlist_entries"
    __table_args__ = (
        Index(
            "uq_waitlist_entries_active",
            "booth_type_id",
            "organization_id",
            unique=True,
            sqlite_where=_ACTIVE_SQL,
            postgresql_where=_ACTIVE_SQL,
        ),
        Index("ix_waitlist_entries_queue", "booth_type_id", "status", "created_at"),
    )

    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"))
    booth_type_id: Mapped[int] = mapped_column(ForeignKey("booth_types.id", ondelete="CASCADE"))
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    status: Mapped[WaitlistStatus] = mapped_column(enum_column(WaitlistStatus), default=WaitlistStatus.WAITING)
    #: The hold offered when the entry's turn came.
    booking_id: Mapped[int | None] = mapped_column(ForeignKey("booth_bookings.id", ondelete="SET NULL"))

    booth_type: Mapped[BoothType] = relationship()
    organization: Mapped[Organization] = relationship()
    booking: Mapped[BoothBooking | None] = relationship()


class ApplicationStatus(enum.StrEnum):
    SUBMITTED = "submitted"
    ALLOCATED = "allocated"
    UNALLOCATED = "unallocated"
    WITHDRAWN = "withdrawn"


class BoothApplication(Timestamped, Model):
    """In application mode: a startup's booth type and up to three ranked booths or zones."""

    __tablename__ = "booth_applications"
    __table_args__ = (UniqueConstraint("fair_id", "organization_id"),)

    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"))
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    booth_type_id: Mapped[int] = mapped_column(ForeignKey("booth_types.id"))
    status: Mapped[ApplicationStatus] = mapped_column(
        enum_column(ApplicationStatus), default=ApplicationStatus.SUBMITTED
    )
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: Which choice the published allocation gave (1–3), or None.
    allocated_rank: Mapped[int | None] = mapped_column(SmallInteger)

    organization: Mapped[Organization] = relationship()
    booth_type: Mapped[BoothType] = relationship()
    choices: Mapped[list[BoothChoice]] = relationship(
        back_populates="application", order_by="BoothChoice.rank", cascade="all, delete-orphan"
    )


class BoothChoice(Model):
    """One ranked wish of an application: a particular booth or any booth of a sector zone."""

    __tablename__ = "booth_choices"
    __table_args__ = (
        UniqueConstraint("application_id", "rank"),
        CheckConstraint("rank BETWEEN 1 AND 3", name="rank_range"),
        CheckConstraint("(booth_id IS NULL) <> (sector_id IS NULL)", name="booth_or_zone"),
    )

    application_id: Mapped[int] = mapped_column(ForeignKey("booth_applications.id", ondelete="CASCADE"))
    rank: Mapped[int] = mapped_column(SmallInteger)
    booth_id: Mapped[int | None] = mapped_column(ForeignKey("booths.id", ondelete="CASCADE"))
    sector_id: Mapped[int | None] = mapped_column(ForeignKey("sectors.id", ondelete="CASCADE"))

    application: Mapped[BoothApplication] = relationship(back_populates="choices")
    booth: Mapped[Booth | None] = relationship()
    sector: Mapped[Sector | None] = relationship()
