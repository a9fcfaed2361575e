"""When people can meet at which center, and the organizer's scheduler runs."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, Integer, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventsys.models.base import Model, Timestamped, enum_column

if TYPE_CHECKING:
    from eventsys.models.centers import Center
    from eventsys.models.fairs import Fair
    from eventsys.models.users import User


class Availability(Timestamped, Model):
    """A time range in which a person can meet at one center during a fair (entered in the center's zone)."""

    __tablename__ = "availabilities"
    __table_args__ = (
        Index("ix_availabilities_fair_user", "fair_id", "user_id"),
        CheckConstraint("ends_at > starts_at", name="times_in_order"),
    )

    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id", ondelete="CASCADE"))
    #: Start and end in UTC; shown in the center's zone.
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]

    user: Mapped[User] = relationship()
    center: Mapped[Center] = relationship()


class ScheduleRunStatus(enum.StrEnum):
    PREVIEW = "preview"
    PUBLISHED = "published"
    DISCARDED = "discarded"


class ScheduleRun(Timestamped, Model):
    """One run of the scheduler: a preview an organizer can look at, then publish as meetings."""

    __tablename__ = "schedule_runs"

    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    status: Mapped[ScheduleRunStatus] = mapped_column(enum_column(ScheduleRunStatus), default=ScheduleRunStatus.PREVIEW)
    #: Fairness floor used: every startup gets at least this many meetings where possible.
    fair_floor: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    scheduled: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    upper_bound: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    #: {"meetings": [{request, center, room, starts_at, ends_at}], "reasons": {request_id: reason}}.
    result: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    published_at: Mapped[datetime | None]
    #: Until when participants may accept or release their provisional meetings; None while not sent to them.
    answers_due_at: Mapped[datetime | None]

    fair: Mapped[Fair] = relationship()


class PreferenceLevel(enum.StrEnum):
    """What one side wishes of a counterpart (Grip's model)."""

    MUST_MEET = "must_meet"
    WOULD_LIKE = "would_like"
    NO_THANKS = "no_thanks"


class MeetingPreference(Timestamped, Model):
    """An organization's wish about meeting a counterpart at a fair, set by one of its members."""

    __tablename__ = "meeting_preferences"
    __table_args__ = (
        UniqueConstraint("fair_id", "organization_id", "counterpart_id"),
        CheckConstraint("organization_id <> counterpart_id", name="two_sides"),
    )

    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    counterpart_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    level: Mapped[PreferenceLevel] = mapped_column(enum_column(PreferenceLevel))
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class SlotAnswer(Timestamped, Model):
    """A participant's answer to one meeting of a provisional schedule: accepted, or released (not to be booked)."""

    __tablename__ = "schedule_slot_answers"
    __table_args__ = (UniqueConstraint("run_id", "request_id", "user_id"),)

    run_id: Mapped[int] = mapped_column(ForeignKey("schedule_runs.id", ondelete="CASCADE"), index=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("meeting_requests.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    released: Mapped[bool] = mapped_column(default=False, server_default="0")
