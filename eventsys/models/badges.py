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
        Index("ix_badges_fair_role", "fair_id", "role"),
    )

    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"))
    #: The account of the wearer; None for press and visitors entered by organizers.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    role: Mapped[BadgeRole] = mapped_column(enum_column(BadgeRole))
    serial: Mapped[str] = mapped_column(String(24), unique=True, default=new_serial)
    status: Mapped[BadgeStatus] = mapped_column(enum_column(BadgeStatus), default=BadgeStatus.ACTIVE)
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]
    #: What is printed, copied when the badge is issued so a reprint shows what the person looked like then.
    name: Mapped[str] = mapped_column(String(120), default="", server_default="")
    #: The name in local script ("山田 太郎"), printed beside the Latin one.
    name_local: Mapped[str | None] = mapped_column(String(120))
    organization_name: Mapped[str | None] = mapped_column(String(160))
    #: ISO 3166-1 alpha-2.
    country: Mapped[str | None] = mapped_column(String(2))
    #: The badge this one replaced on reprint.
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("badges.id", ondelete="SET NULL"))

    fair: Mapped[Fair] = relationship()
    user: Mapped[User | None] = relationship()

    @property
    def is_active(self) -> bool:
        return self.status == BadgeStatus.ACTIVE


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
