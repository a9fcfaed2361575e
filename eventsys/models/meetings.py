"""Meeting requests between organizations, and the one-on-one meetings scheduled from them."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Table,
    Text,
    event,
    text,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from eventsys.models.base import Model, Timestamped, enum_column, utcnow

if TYPE_CHECKING:
    from eventsys.models.centers import Center, Interpreter, Room
    from eventsys.models.organizations import Organization
    from eventsys.models.users import User


class RequestStatus(enum.StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"


class MeetingStatus(enum.StrEnum):
    """Only a cancelled meeting frees its room and its people."""

    SCHEDULED = "scheduled"
    HELD = "held"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"


class Attendance(enum.StrEnum):
    """One side's answer after the slot."""

    TOOK_PLACE = "took_place"
    OTHER_ABSENT = "other_absent"


class MeetingMode(enum.StrEnum):
    """Where a meeting takes place: in a room of a center, or on a video call at the link the requester gave."""

    IN_PERSON = "in_person"
    ONLINE = "online"


class MeetingOutcome(enum.StrEnum):
    """What came of a meeting that took place, as one side records it."""

    NO_FIT = "no_fit"
    FOLLOW_UP = "follow_up"
    PILOT = "pilot"
    INVESTMENT_TALKS = "investment_talks"


meeting_request_centers = Table(
    "meeting_request_centers",
    Model.metadata,
    Column("meeting_request_id", ForeignKey("meeting_requests.id", ondelete="CASCADE"), primary_key=True),
    Column("center_id", ForeignKey("centers.id", ondelete="CASCADE"), primary_key=True),
)

_OPEN_SQL = text("status = 'open'")
_OCCUPIES_SQL = text("status <> 'cancelled'")
_ACTIVE_SQL = text("is_active")
_INTERPRETED_SQL = text("status <> 'cancelled' AND interpreter_id IS NOT NULL")


def organization_pair(first_id: int, second_id: int) -> str:
    """The same key for A→B and B→A, so one index forbids a second open request either way."""
    low, high = sorted((first_id, second_id))
    return f"{low}-{high}"


class MeetingRequest(Timestamped, Model):
    """One organization asks another for a meeting at a fair."""

    __tablename__ = "meeting_requests"
    __table_args__ = (
        Index(
            "uq_meeting_requests_open_pair",
            "fair_id",
            "pair_key",
            unique=True,
            sqlite_where=_OPEN_SQL,
            postgresql_where=_OPEN_SQL,
        ),
        Index("ix_meeting_requests_fair_status", "fair_id", "status"),
        CheckConstraint("requester_organization_id <> recipient_organization_id", name="two_sides"),
    )

    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"))
    requester_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    requester_organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    #: A named person on the other side, or anybody of that organization when None.
    recipient_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recipient_organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    #: organization_pair() of the two organizations.
    pair_key: Mapped[str] = mapped_column(String(40))
    message: Mapped[str | None] = mapped_column(Text)
    #: Language the requester prefers for the meeting, as an ISO 639-1 code.
    language: Mapped[str | None] = mapped_column(String(8))
    status: Mapped[RequestStatus] = mapped_column(enum_column(RequestStatus), default=RequestStatus.OPEN)
    #: Weight for the scheduler; higher goes first.
    priority: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    responded_at: Mapped[datetime | None]
    decline_reason: Mapped[str | None] = mapped_column(String(255))
    expires_at: Mapped[datetime | None]

    requester: Mapped[User] = relationship(foreign_keys=[requester_id])
    recipient: Mapped[User | None] = relationship(foreign_keys=[recipient_id])
    requester_organization: Mapped[Organization] = relationship(foreign_keys=[requester_organization_id])
    recipient_organization: Mapped[Organization] = relationship(foreign_keys=[recipient_organization_id])
    preferred_centers: Mapped[list[Center]] = relationship(secondary=meeting_request_centers)

    @property
    def current_status(self) -> RequestStatus:
        """The status as of now: an open request past its expiry reads as expired before a write marks it so."""
        if self.status == RequestStatus.OPEN and self.expires_at is not None and self.expires_at <= utcnow():
            return RequestStatus.EXPIRED
        return self.status


class Meeting(Timestamped, Model):
    """A scheduled one-on-one meeting for one slot, in one room or online."""

    __tablename__ = "meetings"
    __table_args__ = (
        Index(
            "uq_meetings_live_request",
            "request_id",
            unique=True,
            sqlite_where=_OCCUPIES_SQL,
            postgresql_where=_OCCUPIES_SQL,
        ),
        # One meeting per room and slot (DESIGN.md §3).
        Index(
            "uq_meetings_room_slot",
            "room_id",
            "starts_at",
            unique=True,
            sqlite_where=_OCCUPIES_SQL,
            postgresql_where=_OCCUPIES_SQL,
        ),
        # One meeting per interpreter and slot: an interpreter works at one center, whose slots do not overlap.
        Index(
            "uq_meetings_interpreter_slot",
            "interpreter_id",
            "starts_at",
            unique=True,
            sqlite_where=_INTERPRETED_SQL,
            postgresql_where=_INTERPRETED_SQL,
        ),
        ForeignKeyConstraint(["room_id", "center_id"], ["rooms.id", "rooms.center_id"]),
        CheckConstraint("ends_at > starts_at", name="times_in_order"),
        CheckConstraint("sequence >= 0", name="sequence_not_negative"),
        # An online meeting has a link and no room; one in person has a room and no link.
        CheckConstraint(
            "(mode = 'online' AND video_url IS NOT NULL AND room_id IS NULL)"
            " OR (mode = 'in_person' AND room_id IS NOT NULL AND video_url IS NULL)",
            name="room_or_link",
        ),
    )

    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"), index=True)
    #: At most one live meeting per request (a partial unique index); a cancelled one frees it to be booked again.
    request_id: Mapped[int | None] = mapped_column(ForeignKey("meeting_requests.id", ondelete="SET NULL"))
    #: The center whose zone and slot length the meeting keeps; an online meeting is held nowhere in it.
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id"), index=True)
    #: The room, for a meeting in person only (the room_or_link check).
    room_id: Mapped[int | None] = mapped_column()
    mode: Mapped[MeetingMode] = mapped_column(
        enum_column(MeetingMode), default=MeetingMode.IN_PERSON, server_default=MeetingMode.IN_PERSON.value
    )
    #: The video call's https address, for an online meeting only.
    video_url: Mapped[str | None] = mapped_column(String(500))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    status: Mapped[MeetingStatus] = mapped_column(enum_column(MeetingStatus), default=MeetingStatus.SCHEDULED)
    #: iCalendar UID: never changes for the meeting.
    uid: Mapped[str] = mapped_column(String(80), unique=True, default=lambda: f"{uuid.uuid4()}@eventsys")
    #: iCalendar SEQUENCE: raised by one on every change sent to the participants.
    sequence: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    subject: Mapped[str | None] = mapped_column(String(255))
    #: The interpreter, when the two sides share no language.
    interpreter_id: Mapped[int | None] = mapped_column(ForeignKey("interpreters.id", ondelete="SET NULL"))

    request: Mapped[MeetingRequest | None] = relationship()
    interpreter: Mapped[Interpreter | None] = relationship()
    center: Mapped[Center] = relationship()
    room: Mapped[Room | None] = relationship(foreign_keys=[room_id], overlaps="center")
    participants: Mapped[list[MeetingParticipant]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan"
    )

    @property
    def is_online(self) -> bool:
        return self.mode == MeetingMode.ONLINE


class MeetingParticipant(Model):
    """A person in a meeting; the slot is copied here so one index forbids a person being in two meetings at once."""

    __tablename__ = "meeting_participants"
    __table_args__ = (
        # One meeting per person and slot (DESIGN.md §3).
        Index(
            "uq_meeting_participants_person_slot",
            "user_id",
            "starts_at",
            unique=True,
            sqlite_where=_ACTIVE_SQL,
            postgresql_where=_ACTIVE_SQL,
        ),
        Index("uq_meeting_participants_meeting_user", "meeting_id", "user_id", unique=True),
        # Nor in two meetings that overlap at all (slots of two grids, online and in person): migration 0029 adds
        # the exclusion constraint ex_meeting_participants_person_overlap on PostgreSQL and two triggers on SQLite
        # (neither can be declared here for both); see copy_meeting_times.
        CheckConstraint("ends_at > starts_at", name="times_in_order"),
    )

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id", ondelete="SET NULL"))
    #: The meeting's start and end, kept equal to Meeting's by copy_meeting_times at every flush.
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    #: False once the meeting is cancelled, which frees the person's slot.
    is_active: Mapped[bool] = mapped_column(default=True, server_default="1")
    #: iCalendar PARTSTAT as last answered by the person.
    response: Mapped[str] = mapped_column(String(16), default="needs-action", server_default="needs-action")
    #: The person's answer after the slot: it took place, or the other side did not come. None: not answered.
    attendance: Mapped[Attendance | None] = mapped_column(enum_column(Attendance))
    #: What came of it, as this person records it (only with attendance "took place").
    outcome: Mapped[MeetingOutcome | None] = mapped_column(enum_column(MeetingOutcome))

    meeting: Mapped[Meeting] = relationship(back_populates="participants")
    user: Mapped[User] = relationship()


@event.listens_for(Session, "before_flush")
def copy_meeting_times(session: Session, _context, _instances) -> None:
    """Give each participant row its meeting's times, which the person indexes and the overlap rule read."""
    for changed in (*session.new, *session.dirty):
        meeting = changed if isinstance(changed, Meeting) else getattr(changed, "meeting", None)
        if not isinstance(meeting, Meeting) or meeting.starts_at is None:
            continue
        for participant in meeting.participants:
            if (participant.starts_at, participant.ends_at) != (meeting.starts_at, meeting.ends_at):
                participant.starts_at, participant.ends_at = meeting.starts_at, meeting.ends_at
