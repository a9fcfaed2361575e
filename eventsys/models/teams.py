"""Invitations to join an organization's team, sent by e-mail."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventsys.models.base import Model, Timestamped, enum_column
from eventsys.models.fairs import Fair, FairRole
from eventsys.models.organizations import MemberRole

if TYPE_CHECKING:
    from eventsys.models.organizations import Organization
    from eventsys.models.users import User

_OPEN_SQL = text("accepted_at IS NULL AND revoked_at IS NULL")


class TeamInvitation(Timestamped, Model):
    """An e-mailed invitation to join an organization; the link in the mail is signed and expires."""

    __tablename__ = "team_invitations"
    __table_args__ = (
        # One open invitation per address and organization: inviting again re-sends the same one.
        Index(
            "uq_team_invitations_open",
            "organization_id",
            "email",
            unique=True,
            sqlite_where=_OPEN_SQL,
            postgresql_where=_OPEN_SQL,
        ),
    )

    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    #: Normalised like User.email.
    email: Mapped[str] = mapped_column(String(254))
    role: Mapped[MemberRole] = mapped_column(enum_column(MemberRole), default=MemberRole.MEMBER)
    #: Job title the new member gets, shown on badges.
    title: Mapped[str | None] = mapped_column(String(120))
    #: For an organizer's staff: the fair the new member gets a role at, and that role.
    fair_id: Mapped[int | None] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"))
    fair_role: Mapped[FairRole | None] = mapped_column(enum_column(FairRole))
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: When the last mail went out; the link's age counts from here.
    sent_at: Mapped[datetime | None]
    accepted_at: Mapped[datetime | None]
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    revoked_at: Mapped[datetime | None]

    organization: Mapped[Organization] = relationship()
    fair: Mapped[Fair | None] = relationship()
    invited_by: Mapped[User | None] = relationship(foreign_keys=[invited_by_id])

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None

    def __repr__(self) -> str:
        return f"<TeamInvitation {self.id} {self.email} → {self.organization_id}>"
