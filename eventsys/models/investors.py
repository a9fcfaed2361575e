"""What investors keep for themselves: their shortlist of startups with private notes."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventsys.models.base import Model, Timestamped, utcnow

if TYPE_CHECKING:
    from eventsys.models.organizations import Organization


class ShortlistEntry(Timestamped, Model):
    """A startup an investor firm saved, with a note only that firm's people can read."""

    __tablename__ = "shortlist_entries"
    __table_args__ = (UniqueConstraint("investor_id", "startup_id"),)

    #: The investor firm whose shortlist this is; its members share it, nobody else sees it.
    investor_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    startup_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: Private to the investor firm.
    note: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    startup: Mapped[Organization] = relationship(foreign_keys=[startup_id])

    def __repr__(self) -> str:
        return f"<ShortlistEntry {self.investor_id}→{self.startup_id}>"
