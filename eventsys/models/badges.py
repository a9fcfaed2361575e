"""Badges people wear at a fair, and the check-ins made by scanning them."""

from __future__ import annotations

import enum
import secrets
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventsys.models.base import Model, enum_column, utcnow

if TYPE_CHECKING:
    from eventsys.models.fairs import Fair
    from eventsys.models.users import User


class BadgeRole(enum.StrEnum):
    """The role printed on a badge, each with its own colour band."""

    EXHIBITOR = "exhibitor"
    INVESTOR = "investor"
    PARTNER = "partner"
    ORGANIZER = "organizer"
    PRESS = "press"
    VISITOR = "visitor"


class BadgeStatus(enum.StrEnum):
    ACTIVE = "active"
    REVOKED = "revoked"


_ACTIVE_SQL = text("status = 'active'")


def new_serial() -> str:
    """A random, unguessable badge serial that the signed QR token carries."""
    return secrets.token_urlsafe(9)


class Badge(Model):
    """A person's badge for one fair; reprinting revokes the old one."""

    __tablename__ = "badges"
    __table_args__ = (
        Index(
            "uq_badges_active_person",
            "fair_id",
            "user_id",
            unique=True,
            sqlite_where=_ACTIVE_SQL,
            postgresql_where=_ACTIVE_SQL,
        ),
    )

    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    role: Mapped[BadgeRole] = mapped_column(enum_column(BadgeRole))
    serial: Mapped[str] = mapped_column(String(24), unique=True, default=new_serial)
    status: Mapped[BadgeStatus] = mapped_column(enum_column(BadgeStatus), default=BadgeStatus.ACTIVE)
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]

    fair: Mapped[Fair] = relationship()
    user: Mapped[User] = relationship()


class CheckIn(Model):
    """A scan of a badge at a gate."""

    __tablename__ = "check_ins"
    __table_args__ = (Index("ix_check_ins_fair_time", "fair_id", "checked_in_at"),)

    badge_id: Mapped[int] = mapped_column(ForeignKey("badges.id", ondelete="CASCADE"), index=True)
    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"))
    gate: Mapped[str] = mapped_column(String(40))
    checked_in_at: Mapped[datetime] = mapped_column(default=utcnow)
    scanned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    badge: Mapped[Badge] = relationship()
