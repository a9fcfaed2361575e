"""Lead scanning: exhibitors and investors scan badges at their booth; what the scanned person shares depends on
the consent they gave (recorded with time and wording)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, Index, SmallInteger, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventsys.models.base import Model, utcnow

if TYPE_CHECKING:
    from eventsys.models.badges import Badge
    from eventsys.models.fairs import Fair
    from eventsys.models.organizations import Organization
    from eventsys.models.users import User


class LeadScanning(Model):
    """A fair whose organizer allows lead scanning: the row's presence is the permission."""

    __tablename__ = "lead_scanning"

    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"), unique=True)
    enabled_at: Mapped[datetime] = mapped_column(default=utcnow)
    enabled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class LeadConsent(Model):
    """One decision of a person about sharing their details when their badge is scanned; the latest counts.
    Kept, never changed, as APPI expects: who, when, yes or no, and the wording they saw in their language."""

    __tablename__ = "lead_consents"
    __table_args__ = (
        Index("ix_lead_consents_user", "user_id", "recorded_at"),
        Index("ix_lead_consents_badge", "badge_id", "recorded_at"),
    )

    #: The account's holder; None for a walk-in without an account, whose badge is named instead.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    badge_id: Mapped[int | None] = mapped_column(ForeignKey("badges.id", ondelete="CASCADE"))
    shares: Mapped[bool]
    #: Whether the wording covered the job title: decisions recorded before it did (migration 0026) share none.
    covers_title: Mapped[bool] = mapped_column(default=True, server_default="0")
    #: The sentence the person agreed or declined to, as shown to them.
    wording: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class LeadQuestion(Model):
    """One of an exhibitor's own short questions, asked at each scan."""

    __tablename__ = "lead_questions"
    __table_args__ = (UniqueConstraint("fair_id", "organization_id", "position"),)

    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"))
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(SmallInteger)
    text: Mapped[str] = mapped_column(String(200))


class Lead(Model):
    """A badge an exhibitor's or investor firm's member scanned at a fair, with their rating, notes and answers."""

    __tablename__ = "leads"
    __table_args__ = (
        # One lead per person per collecting organization: scanning again updates it.
        UniqueConstraint("fair_id", "organization_id", "badge_id"),
    )

    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"))
    #: Whose lead it is: the scanner's startup or investor firm.
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    badge_id: Mapped[int] = mapped_column(ForeignKey("badges.id", ondelete="CASCADE"))
    scanned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    scanned_at: Mapped[datetime]
    #: The scanning device's id for the scan, so that a batch sent twice is one lead.
    client_scan_id: Mapped[str] = mapped_column(String(64))
    #: 1 to 5 stars; None when not rated.
    rating: Mapped[int | None] = mapped_column(SmallInteger)
    notes: Mapped[str] = mapped_column(Text, default="", server_default="")
    #: {question id (as text): answer}.
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    badge: Mapped[Badge] = relationship()
    fair: Mapped[Fair] = relationship()
    organization: Mapped[Organization] = relationship()
    scanned_by: Mapped[User | None] = relationship()
