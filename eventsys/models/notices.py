"""What the system tells a person: notices in their inbox, how they want each kind, and timed mails already sent."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from eventsys.models.base import Model, Timestamped, enum_column


class NoticeKind(enum.StrEnum):
    REQUEST_RECEIVED = "request_received"
    REQUEST_ACCEPTED = "request_accepted"
    REQUEST_DECLINED = "request_declined"
    REQUEST_WITHDRAWN = "request_withdrawn"
    REQUEST_EXPIRING = "request_expiring"
    AVAILABILITY_NEEDED = "availability_needed"
    MEETING_BOOKED = "meeting_booked"
    MEETING_RESCHEDULED = "meeting_rescheduled"
    MEETING_CANCELLED = "meeting_cancelled"
    SCHEDULE_PROVISIONAL = "schedule_provisional"
    SLOTS_PROPOSED = "slots_proposed"
    SLOTS_DECLINED = "slots_declined"
    SLOTS_WITHDRAWN = "slots_withdrawn"
    MEETING_REMINDER = "meeting_reminder"
    DAILY_AGENDA = "daily_agenda"


#: Kinds nobody can turn off or put in a digest: a meeting booked, moved or cancelled changes one's day.
ALWAYS_AT_ONCE = frozenset({NoticeKind.MEETING_BOOKED, NoticeKind.MEETING_RESCHEDULED, NoticeKind.MEETING_CANCELLED})


#: Kinds sent by the clock (timed.py) that lose their point when late: at once or off, never in a digest.
TIMED_KINDS = frozenset({NoticeKind.MEETING_REMINDER, NoticeKind.DAILY_AGENDA})


class Delivery(enum.StrEnum):
    AT_ONCE = "at_once"
    DIGEST = "digest"
    OFF = "off"


class Notice(Timestamped, Model):
    """One thing a person was told: in the inbox until read, and mailed at once, in a digest or not at all."""

    __tablename__ = "notices"
    __table_args__ = (Index("ix_notices_user_read", "user_id", "read_at"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[NoticeKind] = mapped_column(enum_column(NoticeKind))
    fair_id: Mapped[int | None] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"))
    request_id: Mapped[int | None] = mapped_column(ForeignKey("meeting_requests.id", ondelete="SET NULL"))
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id", ondelete="SET NULL"))
    #: Values the text is worded from in the reader's language: {"organization": "Acme", "reason": "…"}.
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: How it reaches the person by mail, as chosen when it was created.
    delivery: Mapped[Delivery] = mapped_column(enum_column(Delivery), default=Delivery.AT_ONCE)
    read_at: Mapped[datetime | None]
    #: When a digest carried it (digest notices only).
    digested_at: Mapped[datetime | None]
    #: The claim a timed notice (reminder, agenda) was made under: unique, so one claim makes one notice at most.
    timed_mail_id: Mapped[int | None] = mapped_column(ForeignKey("timed_mails.id", ondelete="CASCADE"), unique=True)


class NoticePreference(Model):
    """How one person wants notices of one kind; without a row, at once."""

    __tablename__ = "notice_preferences"
    __table_args__ = (UniqueConstraint("user_id", "kind"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[NoticeKind] = mapped_column(enum_column(NoticeKind))
    delivery: Mapped[Delivery] = mapped_column(enum_column(Delivery))


class TimedMail(Model):
    """A timed mail (reminder, agenda, expiry warning, digest) claimed for one person and one subject.

    The unique row is the guarantee: a sender inserts it with ON CONFLICT DO NOTHING and mails only if it got the
    row, so two senders at once, or one run twice, never mail twice.
    """

    __tablename__ = "timed_mails"
    __table_args__ = (UniqueConstraint("kind", "user_id", "subject"),)

    kind: Mapped[str] = mapped_column(String(24))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    #: What it is about: "meeting:12", "request:5", "day:2026-05-13".
    subject: Mapped[str] = mapped_column(String(40))
    sent_at: Mapped[datetime]
