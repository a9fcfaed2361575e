"""Self-service booking of accepted requests, rescheduling and cancelling (the slots free to book: free_slots.py;
no-shows: attendance.py).

The checks here give clear refusals; the partial unique indexes on (room, start) and (person, start) are what
make double booking impossible when two people book at the same moment: the loser's insert fails and is
answered with SlotTaken.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from eventsys.models import (
    Availability,
    Center,
    Fair,
    Meeting,
    MeetingMode,
    MeetingParticipant,
    MeetingRequest,
    MeetingStatus,
    RequestStatus,
    Room,
    User,
    utcnow,
)
from eventsys.services import permissions
from eventsys.services.audit import record
from eventsys.services.errors import DomainError, InvalidInput, NotAllowed, NotFound
from eventsys.services.meetings import centers as center_service
from eventsys.services.meetings.booth_duty import BOOTH_DUTY_MESSAGE, booth_duty_windows, is_on_booth_duty
from eventsys.services.meetings.interpreters import choose_interpreter
from eventsys.services.meetings.notices import notify_participants
from eventsys.services.meetings.proposal_closing import lock_request, supersede_open_proposal

LIVE = (MeetingStatus.SCHEDULED, MeetingStatus.HELD, MeetingStatus.NO_SHOW)


def daily_cap(config) -> int:
    """Meetings a person may have on one day (EVENTSYS_MEETING_DAILY_CAP)."""
    return int(config["MEETING_DAILY_CAP"])


class SlotTaken(DomainError):
    """Someone else got the room or the person first."""


def request_people(request: MeetingRequest) -> list[tuple[int, int]]:
    """(user id, organization id) of both sides of an accepted request."""
    return [
        (request.requester_id, request.requester_organization_id),
        (request.recipient_id, request.recipient_organization_id),
    ]


def get_live_meeting(session: Session, request: MeetingRequest) -> Meeting | None:
    return session.scalar(
        select(Meeting).where(Meeting.request_id == request.id, Meeting.status != MeetingStatus.CANCELLED)
    )


def can_manage(session: Session, request: MeetingRequest, actor: User) -> bool:
    """Either side of the request, or an organizer of its fair."""
    return permissions.can_see_request(session, actor, request)


def check_request(session: Session, request: MeetingRequest, actor: User) -> None:
    if not can_manage(session, request, actor):
        raise NotAllowed(_l("This meeting request is not yours."))
    if request.status != RequestStatus.ACCEPTED:
        raise InvalidInput(_l("Only an accepted request can be booked."))


def busy_meetings(
    session: Session, user_ids: list[int], start: datetime, end: datetime, skip: int | None
) -> list[Meeting]:
    """Live meetings of these people between `start` and `end`."""
    query = (
        select(Meeting)
        .join(MeetingParticipant)
        .where(
            MeetingParticipant.user_id.in_(user_ids),
            MeetingParticipant.is_active,
            Meeting.starts_at < end,
            Meeting.ends_at > start,
        )
    )
    if skip is not None:
        query = query.where(Meeting.id != skip)
    return list(session.scalars(query.distinct()))


def lock_people(session: Session, user_ids: list[int]) -> None:
    """Hold these people's rows until the transaction ends, taken in id order so that two bookings never deadlock.

    The daily cap and the one-city rule read a person's meetings of the day and then add one: two bookings of
    the same person must not both read before either has written. PostgreSQL takes FOR NO KEY UPDATE (which
    leaves inserts that refer to the rows alone); SQLite needs nothing, as a transaction that may write already
    holds the database's write lock from its BEGIN IMMEDIATE.
    """
    if user_ids:
        people = select(User.id).where(User.id.in_(sorted(set(user_ids)))).order_by(User.id)
        session.execute(people.with_for_update(key_share=True))


def check_slot(
    session: Session,
    request: MeetingRequest,
    center: Center,
    starts_at: datetime,
    *,
    daily_cap: int,
    now: datetime,
    skip: int | None = None,
    check_availability: bool = True,
) -> datetime:
    """Refuse a slot that breaks a rule; return its end. Without `check_availability`, every rule but the two
    sides' entered availability (a slot one side proposes, which the other has not said it is free for)."""
    center_service.ensure_open(center)
    fair = session.get(Fair, request.fair_id)
    local_day = starts_at.astimezone(center.zone).date()
    if starts_at <= now:
        raise InvalidInput(_l("That time has passed."), field="starts_at")
    if local_day not in center_service.fair_days(fair):
        raise InvalidInput(_l("Choose a time during the fair."), field="starts_at")
    reason = center_service.closure_reason(center, local_day)
    if reason is not None:
        raise InvalidInput(_l("The center is closed that day (%(reason)s).", reason=reason), field="starts_at")
    if not center_service.is_slot_start(center, starts_at):
        raise InvalidInput(_l("That is not a meeting slot within the center's opening hours."), field="starts_at")
    wanted = {c.id for c in request.preferred_centers}
    if wanted and center.id not in wanted:
        raise InvalidInput(_l("Choose one of the centers the request names."), field="center")
    ends_at = starts_at + timedelta(minutes=center.slot_minutes)
    for user_id, _ in request_people(request) if check_availability else ():
        if not _available(session, request.fair_id, user_id, center.id, starts_at, ends_at):
            raise DomainError(_l("One of you is not available at that time."), field="starts_at")
    check_people_free(session, request, center, starts_at, ends_at, daily_cap=daily_cap, now=now, skip=skip)
    return ends_at


def check_people_free(
    session: Session,
    request: MeetingRequest,
    center: Center,
    starts_at: datetime,
    ends_at: datetime,
    *,
    daily_cap: int,
    now: datetime,
    skip: int | None,
    online: bool = False,
) -> None:
    """The rules on the two people that every slot obeys, online or in person: booth duty, an interpreter when
    they share no language, no other meeting within the center's buffer, the daily cap; in person, one city a day
    (other meetings online need no travel)."""
    people = [user_id for user_id, _ in request_people(request)]
    duty = booth_duty_windows(session, [org for _, org in request_people(request)], now=now)
    if any(is_on_booth_duty(windows, starts_at, ends_at) for windows in duty.values()):
        raise DomainError(BOOTH_DUTY_MESSAGE, field="starts_at")
    choose_interpreter(session, request, center, starts_at, ends_at, skip=skip)  # refuses when none is free
    pause = timedelta(minutes=center.buffer_minutes)
    if busy_meetings(session, people, starts_at - pause, ends_at + pause, skip):
        raise SlotTaken(_l("One of you already has a meeting at that time."), field="starts_at")
    day_start = datetime.combine(starts_at.astimezone(center.zone).date(), datetime.min.time(), center.zone)
    same_day = busy_meetings(session, people, day_start, day_start + timedelta(days=1), skip)
    if not online and any(m.center_id != center.id and not m.is_online for m in same_day):
        raise DomainError(_l("One of you meets in another city that day."), field="center")
    for user_id in people:
        if sum(1 for m in same_day if any(p.user_id == user_id and p.is_active for p in m.participants)) >= daily_cap:
            raise DomainError(_l("One of you already has the most meetings allowed that day."), field="starts_at")


def _available(session: Session, fair_id: int, user_id: int, center_id: int, start: datetime, end: datetime) -> bool:
    return (
        session.scalar(
            select(Availability.id).where(
                Availability.fair_id == fair_id,
                Availability.user_id == user_id,
                Availability.center_id == center_id,
                Availability.starts_at <= start,
                Availability.ends_at >= end,
            )
        )
        is not None
    )


def free_rooms(session: Session, center: Center, starts_at: datetime, seats: int = 2) -> list[Room]:
    """Rooms of the center free at `starts_at` that seat `seats`, smallest first."""
    taken = set(
        session.scalars(
            select(Meeting.room_id).where(
                Meeting.center_id == center.id,
                Meeting.starts_at == starts_at,
                Meeting.status != MeetingStatus.CANCELLED,
            )
        )
    )
    rooms = session.scalars(select(Room).where(Room.center_id == center.id, Room.capacity >= seats))
    return sorted((r for r in rooms if r.id not in taken), key=lambda r: (r.capacity, r.name, r.id))


def create_meeting(
    session: Session,
    request: MeetingRequest,
    room: Room,
    starts_at: datetime,
    ends_at: datetime,
    interpreter_id: int | None = None,
) -> Meeting:
    """Insert the meeting and its participants in a savepoint; SlotTaken if an index refuses them. The pair's open
    proposal, if any, is superseded in the same transaction (see proposal_closing)."""
    meeting = new_meeting(request, room.center_id, starts_at, ends_at, interpreter_id, room_id=room.id)
    return insert_meeting(session, meeting, SlotTaken(_l("Someone else just took that slot. Choose another.")))


def new_meeting(
    request: MeetingRequest,
    center_id: int,
    starts_at: datetime,
    ends_at: datetime,
    interpreter_id: int | None,
    *,
    room_id: int | None = None,
    video_url: str | None = None,
) -> Meeting:
    """The meeting of an accepted request with both its people: in a room, or online at `video_url`."""
    return Meeting(
        interpreter_id=interpreter_id,
        fair_id=request.fair_id,
        request_id=request.id,
        center_id=center_id,
        room_id=room_id,
        mode=MeetingMode.ONLINE if video_url else MeetingMode.IN_PERSON,
        video_url=video_url,
        starts_at=starts_at,
        ends_at=ends_at,
        participants=[
            MeetingParticipant(user_id=user_id, organization_id=org_id, starts_at=starts_at, ends_at=ends_at)
            for user_id, org_id in request_people(request)
        ],
    )


def insert_meeting(session: Session, meeting: Meeting, refusal: SlotTaken) -> Meeting:
    """Insert in a savepoint; `refusal` when an index or the overlap rule refuses the room or a person. The request's
    row is locked first, so a proposal answered at the same moment waits (see proposal_closing)."""
    lock_request(session, meeting.request_id)
    try:
        with session.begin_nested():
            session.add(meeting)
            session.flush()
    except IntegrityError:
        raise refusal from None
    supersede_open_proposal(session, meeting)
    return meeting


def move_meeting(
    session: Session,
    meeting: Meeting,
    *,
    center: Center,
    room: Room | None,
    video_url: str | None,
    interpreter_id: int | None,
    starts_at: datetime,
    ends_at: datetime,
) -> bool:
    """Move the meeting to a room or online, in a savepoint; False (the meeting as it was) when the database
    refuses the room or a person. The invitation's sequence goes up by one."""
    try:
        with session.begin_nested():
            meeting.center_id, meeting.room_id = center.id, room.id if room else None
            meeting.mode = MeetingMode.ONLINE if video_url else MeetingMode.IN_PERSON
            meeting.video_url, meeting.interpreter_id = video_url, interpreter_id
            meeting.starts_at, meeting.ends_at = starts_at, ends_at
            for participant in meeting.participants:
                participant.starts_at, participant.ends_at = starts_at, ends_at
            meeting.sequence += 1
            session.flush()
    except IntegrityError:
        session.refresh(meeting)
        return False
    return True


def book_meeting(
    session: Session,
    request: MeetingRequest,
    actor: User,
    *,
    center: Center,
    starts_at: datetime,
    daily_cap: int,
    now: datetime | None = None,
) -> Meeting:
    """Book a slot for an accepted request: room and both people in one transaction; both are mailed on commit."""
    check_request(session, request, actor)
    lock_people(session, [user_id for user_id, _ in request_people(request)])
    live = select(Meeting.id).where(Meeting.request_id == request.id, Meeting.status != MeetingStatus.CANCELLED)
    if session.scalar(live) is not None:
        raise DomainError(_l("This request already has a meeting."))
    ends_at = check_slot(session, request, center, starts_at, daily_cap=daily_cap, now=now or utcnow())
    interpreter = choose_interpreter(session, request, center, starts_at, ends_at)
    for room in free_rooms(session, center, starts_at):
        try:
            meeting = create_meeting(session, request, room, starts_at, ends_at, interpreter and interpreter.id)
        except SlotTaken:
            if busy_meetings(session, [u for u, _ in request_people(request)], starts_at, ends_at, None):
                raise
            continue
        record(session, "meeting.book", meeting, actor=actor, fair_id=request.fair_id, room=room.id)
        notify_participants(session, meeting, "scheduled")
        return meeting
    if interpreter is not None and _interpreter_taken(session, interpreter.id, starts_at):
        raise SlotTaken(_l("The interpreter was just booked by someone else. Choose another slot."), field="starts_at")
    raise SlotTaken(_l("All rooms are taken at that time. Choose another slot."), field="starts_at")


def reschedule_meeting(
    session: Session,
    meeting: Meeting,
    actor: User,
    *,
    center: Center,
    starts_at: datetime,
    daily_cap: int,
    now: datetime | None = None,
) -> Meeting:
    """Move a meeting to another slot (and room); the invitation's sequence goes up by one, mailed on commit."""
    request = meeting_request_of(meeting)
    check_request(session, request, actor)
    check_changeable(meeting, now or utcnow())
    lock_people(session, [user_id for user_id, _ in request_people(request)])
    ends_at = check_slot(session, request, center, starts_at, daily_cap=daily_cap, now=now or utcnow(), skip=meeting.id)
    interpreter = choose_interpreter(session, request, center, starts_at, ends_at, skip=meeting.id)
    for room in free_rooms(session, center, starts_at):
        place = {"center": center, "room": room, "video_url": None, "starts_at": starts_at, "ends_at": ends_at}
        if not move_meeting(session, meeting, interpreter_id=interpreter and interpreter.id, **place):
            continue
        record(
            session,
            "meeting.reschedule",
            meeting,
            actor=actor,
            fair_id=meeting.fair_id,
            starts_at=starts_at.isoformat(),
        )
        notify_participants(session, meeting, "rescheduled")
        return meeting
    raise SlotTaken(_l("All rooms are taken at that time. Choose another slot."), field="starts_at")


def _interpreter_taken(session: Session, interpreter_id: int, starts_at: datetime) -> bool:
    return (
        session.scalar(
            select(Meeting.id).where(
                Meeting.interpreter_id == interpreter_id,
                Meeting.starts_at == starts_at,
                Meeting.status != MeetingStatus.CANCELLED,
            )
        )
        is not None
    )


def meeting_request_of(meeting: Meeting) -> MeetingRequest:
    if meeting.request is None:
        raise NotFound(_l("This meeting has no request."))
    return meeting.request


def check_changeable(meeting: Meeting, now: datetime) -> None:
    if meeting.status != MeetingStatus.SCHEDULED:
        raise DomainError(_l("This meeting can no longer be changed."))
    if meeting.starts_at <= now:
        raise InvalidInput(_l("This meeting has already started."))


def cancel_meeting(session: Session, meeting: Meeting, actor: User, *, reason: str | None = None, now=None) -> None:
    """Cancel: frees the room and both people; the invitation's sequence goes up by one, mailed on commit."""
    request = meeting_request_of(meeting)
    if not can_manage(session, request, actor):
        raise NotAllowed(_l("This meeting is not yours."))
    check_changeable(meeting, now or utcnow())
    meeting.status = MeetingStatus.CANCELLED
    meeting.sequence += 1
    for participant in meeting.participants:
        participant.is_active = False
    session.flush()
    record(session, "meeting.cancel", meeting, actor=actor, fair_id=meeting.fair_id, reason=(reason or "")[:255])
    notify_participants(session, meeting, "cancelled")
