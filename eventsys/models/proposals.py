"""Three slots one side of an accepted request proposes when the two have no common free time; the other side
picks one (which books the meeting) or declines them all."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventsys.models.base import Model, Timestamped, enum_column

if TYPE_CHECKING:
    from eventsys.models.centers import Center
    from eventsys.models.meetings import MeetingRequest
    from eventsys.models.users import User

#: Slots in one proposal; the check on proposed_slots.position makes a fourth impossible.
SLOTS_PER_PROPOSAL = 3


class ProposalStatus(enum.StrEnum):
    OPEN = "open"
    PICKED = "picked"
    DECLINED = "declined"
    #: The proposer took the slots back before an answer.
    WITHDRAWN = "withdrawn"
    #: The pair got a meeting another way (slot picker, organizer, scheduler) while the slots were open.
    SUPERSEDED = "superseded"


_OPEN_SQL = text("status = 'open'")
_HAS_MEETING_SQL = text("meeting_id IS NOT NULL")


class SlotProposal(Timestamped, Model):
    """One side's three slots for a request; at most one open proposal per request (a partial unique index).

    It ends picked or declined (by the other side), withdrawn (by the proposer) or superseded (a meeting booked
    another way, in the same transaction as that booking)."""

    __tablename__ = "slot_proposals"
    __table_args__ = (
        Index(
            "uq_slot_proposals_open_request",
            "request_id",
            unique=True,
            sqlite_where=_OPEN_SQL,
            postgresql_where=_OPEN_SQL,
        ),
        CheckConstraint("status <> 'picked' OR picked_position IS NOT NULL", name="picked_has_slot"),
        # One picked slot per proposal: the position is a single column, and only a picked proposal holds one.
        CheckConstraint("status = 'picked' OR picked_position IS NULL", name="position_only_when_picked"),
        # A meeting comes of at most one proposal (the one picked, or the one it superseded).
        Index(
            "uq_slot_proposals_meeting",
            "meeting_id",
            unique=True,
            sqlite_where=_HAS_MEETING_SQL,
            postgresql_where=_HAS_MEETING_SQL,
        ),
    )

    request_id: Mapped[int] = mapped_column(ForeignKey("meeting_requests.id", ondelete="CASCADE"))
    proposer_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    #: The side that proposed; the other side answers.
    proposer_organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    status: Mapped[ProposalStatus] = mapped_column(enum_column(ProposalStatus), default=ProposalStatus.OPEN)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    answered_at: Mapped[datetime | None]
    picked_position: Mapped[int | None] = mapped_column(Integer)
    #: The meeting picked from the slots, or the one booked another way that superseded them.
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id", ondelete="SET NULL"))

    request: Mapped[MeetingRequest] = relationship()
    proposer: Mapped[User] = relationship(foreign_keys=[proposer_id])
    slots: Mapped[list[ProposedSlot]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", order_by="ProposedSlot.position"
    )


class ProposedSlot(Model):
    """One of a proposal's slots: a center and a start on its slot grid, stored in UTC."""

    __tablename__ = "proposed_slots"
    __table_args__ = (
        UniqueConstraint("proposal_id", "position"),
        UniqueConstraint("proposal_id", "center_id", "starts_at"),
        CheckConstraint(f"position BETWEEN 1 AND {SLOTS_PER_PROPOSAL}", name="at_most_three"),
    )

    proposal_id: Mapped[int] = mapped_column(ForeignKey("slot_proposals.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id", ondelete="CASCADE"))
    starts_at: Mapped[datetime]

    proposal: Mapped[SlotProposal] = relationship(back_populates="slots")
    center: Mapped[Center] = relationship()
