"""Online meetings: held at a video link the requester gives, in no room, on the days and hours the fair allows.

A fair allows them from Fair.online_from to its last day, between Fair.online_opens_at and online_closes_at in
the zone of the center the meeting keeps; that center's slot length and buffer make the grid, as for meetings
in person. The person rules are the same: no clash with the person's other meetings (online or not, with the
center's buffer), the daily cap, booth duty, an interpreter when the two sides share no language. An online
meeting needs no declared availability (that says where a person is) and is outside the one-city rule.
The partial unique index on (person, start) and the overlap rule of migration 0029 hold for online meetings as
for the others. The person rules and the inserts are booking's (check_people_free, new_meeting, move_meeting).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from eventsys.formatting import translated
from eventsys.models import (
    Center,
    Fair,
    Meeting,
    MeetingMode,
    MeetingRequest,
    MeetingStatus,
    User,
    utcnow,
)
from eventsys.services.audit import record
from eventsys.services.errors import DomainError, InvalidInput
from eventsys.services.meetings import booking
from eventsys.services.meetings import centers as center_service
from eventsys.services.meetings.booth_duty import booth_duty_windows, is_on_booth_duty
from eventsys.services.meetings.free_slots import FreeSlot
from eventsys.services.meetings.interpreters import choose_interpreter
from eventsys.services.meetings.notices import notify_participants

#: Longest video link kept (the meetings.video_url column).
VIDEO_URL_MAX = 500
#: Characters a link may not hold: spaces, controls, quotes and angle brackets.
_UNSAFE = re.compile(r"[\s\x00-\x1f\x7f\"'<>\\`]")


def check_video_url(value: str | None) -> str:
    """The link tidied, or a refusal: https only, with a host name, no user name or password, at most 500."""
    link = (value or "").strip()
    if not link:
        raise InvalidInput(_l("Give the link of the video call."), field="video_url")
    if len(link) > VIDEO_URL_MAX:
        raise InvalidInput(_l("The link has at most %(count)d characters.", count=VIDEO_URL_MAX), field="video_url")
    try:
        parts = urlsplit(link)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        host = None
    if parts.scheme.lower() != "https" or not host or "." not in host or "@" in parts.netloc or _UNSAFE.search(link):
        raise InvalidInput(
            _l("Enter the video call's address, starting with https:// (such as https://meet.example.com/abc)."),
            field="video_url",
        )
    return link


def set_online_meeting_url(session: Session, user: User, value: str | None) -> None:
    """Keep the person's video call link (they meet online), or none (in person only)."""
    try:
        link = check_video_url(value) if (value or "").strip() else None
    except InvalidInput as error:
        raise InvalidInput(error.message, field="online_meeting_url") from None
    if link != user.online_meeting_url:
        user.online_meeting_url = link
        session.flush()
        record(session, "user.online_meeting_url", user, actor=user, meets_online=link is not None)


def is_offered(fair: Fair) -> bool:
    return fair.online_from is not None


def online_days(fair: Fair) -> list[date]:
    """The days online meetings may take place: from the fair's online_from to its last day."""
    if not is_offered(fair):
        return []
    return [fair.online_from + timedelta(days=n) for n in range((fair.ends_on - fair.online_from).days + 1)]


def day_slots(fair: Fair, center: Center, day: date) -> list[tuple[datetime, datetime]]:
    """The online slots of `day` on the center's grid within the fair's online hours, as (start, end) in UTC."""
    if not is_offered(fair) or day not in online_days(fair):
        return []
    zone = center.zone
    start = datetime.combine(day, fair.online_opens_at, zone)
    closes = datetime.combine(day, fair.online_closes_at, zone)
    length = timedelta(minutes=center.slot_minutes)
    step = timedelta(minutes=center.slot_minutes + center.buffer_minutes)
    slots = []
    while start + length <= closes:
        slots.append((start.astimezone(UTC), (start + length).astimezone(UTC)))
        start += step
    return slots


def online_center(session: Session, request: MeetingRequest, centers: list[Center]) -> Center | None:
    """The center whose zone and slot grid the request's online slots follow: its first preferred open center,
    else the first open one; None when the fair offers no online meetings."""
    if not is_offered(session.get(Fair, request.fair_id)):
        return None
    wanted = {c.id for c in request.preferred_centers}
    open_centers = [c for c in centers if not c.is_closed and (not wanted or c.id in wanted)]
    return open_centers[0] if open_centers else None


def check_online_slot(
    session: Session,
    request: MeetingRequest,
    center: Center,
    starts_at: datetime,
    *,
    daily_cap: int,
    now: datetime,
    skip: int | None = None,
) -> datetime:
    """Refuse an online slot that breaks a rule; return its end."""
    center_service.ensure_open(center)
    fair = session.get(Fair, request.fair_id)
    if not is_offered(fair):
        raise InvalidInput(_l("This fair offers no online meetings."), field="mode")
    if starts_at <= now:
        raise InvalidInput(_l("That time has passed."), field="starts_at")
    local_day = starts_at.astimezone(center.zone).date()
    if local_day not in online_days(fair):
        raise InvalidInput(
            _l(
                "Online meetings take place from %(first)s to %(last)s.",
                first=fair.online_from.isoformat(),
                last=fair.ends_on.isoformat(),
            ),
            field="starts_at",
        )
    if not any(start == starts_at for start, _ in day_slots(fair, center, local_day)):
        raise InvalidInput(
            _l(
                "That is not an online meeting slot: they take place between %(opens)s and %(closes)s, %(city)s time.",
                opens=fair.online_opens_at.strftime("%H:%M"),
                closes=fair.online_closes_at.strftime("%H:%M"),
                city=translated(center.city, center.city_translations),
            ),
            field="starts_at",
        )
    wanted = {c.id for c in request.preferred_centers}
    if wanted and center.id not in wanted:
        raise InvalidInput(_l("Choose one of the centers the request names."), field="center")
    ends_at = starts_at + timedelta(minutes=center.slot_minutes)
    booking.check_people_free(
        session, request, center, starts_at, ends_at, daily_cap=daily_cap, now=now, skip=skip, online=True
    )
    return ends_at


def online_link(request: MeetingRequest) -> str | None:
    """The link a meeting the scheduler puts online is held at: the requester's, else the recipient's."""
    for person in (request.requester, request.recipient):
        if person is not None and person.online_meeting_url:
            return person.online_meeting_url
    return None


def create_online_meeting(
    session: Session,
    request: MeetingRequest,
    center: Center,
    starts_at: datetime,
    ends_at: datetime,
    interpreter_id: int | None,
    video_url: str,
) -> Meeting:
    """Insert the online meeting and its participants in a savepoint; SlotTaken if the database refuses a person."""
    meeting = booking.new_meeting(request, center.id, starts_at, ends_at, interpreter_id, video_url=video_url)
    return booking.insert_meeting(session, meeting, _refused_by_index())


def _refused_by_index() -> booking.SlotTaken:
    return booking.SlotTaken(_l("One of you was just booked at that time. Choose another slot."), field="starts_at")


def book_online_meeting(
    session: Session,
    request: MeetingRequest,
    actor: User,
    *,
    center: Center,
    starts_at: datetime,
    video_url: str | None,
    daily_cap: int,
    now: datetime | None = None,
) -> Meeting:
    """Book an online slot for an accepted request; both sides are mailed the link on commit."""
    link = check_video_url(video_url)
    booking.check_request(session, request, actor)
    booking.lock_people(session, [user_id for user_id, _ in booking.request_people(request)])
    if booking.get_live_meeting(session, request) is not None:
        raise DomainError(_l("This request already has a meeting."))
    ends_at = check_online_slot(session, request, center, starts_at, daily_cap=daily_cap, now=now or utcnow())
    interpreter = choose_interpreter(session, request, center, starts_at, ends_at)
    meeting = create_online_meeting(session, request, center, starts_at, ends_at, interpreter and interpreter.id, link)
    record(session, "meeting.book", meeting, actor=actor, fair_id=request.fair_id, mode=MeetingMode.ONLINE.value)
    notify_participants(session, meeting, "scheduled")
    return meeting


def move_online(
    session: Session,
    meeting: Meeting,
    actor: User,
    *,
    center: Center,
    starts_at: datetime,
    video_url: str | None,
    daily_cap: int,
    now: datetime | None = None,
) -> Meeting:
    """Move a meeting (online or in person) to an online slot; its room is freed and the sequence goes up."""
    link = check_video_url(video_url)
    now = now or utcnow()
    request = booking.meeting_request_of(meeting)
    booking.check_request(session, request, actor)
    booking.check_changeable(meeting, now)
    booking.lock_people(session, [user_id for user_id, _ in booking.request_people(request)])
    ends_at = check_online_slot(session, request, center, starts_at, daily_cap=daily_cap, now=now, skip=meeting.id)
    interpreter = choose_interpreter(session, request, center, starts_at, ends_at, skip=meeting.id)
    place = {"center": center, "room": None, "video_url": link, "starts_at": starts_at, "ends_at": ends_at}
    if not booking.move_meeting(session, meeting, interpreter_id=interpreter and interpreter.id, **place):
        raise _refused_by_index()
    record(session, "meeting.reschedule", meeting, actor=actor, fair_id=meeting.fair_id, mode="online")
    notify_participants(session, meeting, "rescheduled")
    return meeting


def get_free_online_slots(
    session: Session,
    request: MeetingRequest,
    centers: list[Center],
    *,
    daily_cap: int,
    now: datetime | None = None,
    limit: int = 48,
) -> list[FreeSlot]:
    """The first `limit` online slots both sides could book now, soonest first (rooms_free 0: no room needed).

    The same rules as check_online_slot, read in a few queries for the whole window: the people's meetings and
    booth duty once; the interpreters per slot only when the two sides share no language.
    """
    now = now or utcnow()
    fair = session.get(Fair, request.fair_id)
    days = online_days(fair)
    if not days:
        return []
    wanted = {c.id for c in request.preferred_centers}
    people = [user_id for user_id, _ in booking.request_people(request)]
    duty = booth_duty_windows(session, [org for _, org in booking.request_people(request)], now=now)
    on_duty = [window for windows in duty.values() for window in windows]
    window_start = datetime.combine(days[0], datetime.min.time(), UTC) - timedelta(days=1)
    window_end = datetime.combine(days[-1], datetime.min.time(), UTC) + timedelta(days=2)
    booked = booking.busy_meetings(session, people, window_start, window_end, None)
    seats = [(m, {p.user_id for p in m.participants if p.is_active}) for m in booked]
    found: list[FreeSlot] = []
    for center in centers:
        if (wanted and center.id not in wanted) or center.is_closed:
            continue
        pause = timedelta(minutes=center.buffer_minutes)
        for day in days:
            that_day = [(m, who) for m, who in seats if m.starts_at.astimezone(center.zone).date() == day]
            if any(sum(1 for _, who in that_day if user_id in who) >= daily_cap for user_id in people):
                continue
            for start, end in day_slots(fair, center, day):
                if start <= now or is_on_booth_duty(on_duty, start, end):
                    continue
                if any(m.starts_at < end + pause and m.ends_at > start - pause for m, _ in seats):
                    continue
                try:
                    choose_interpreter(session, request, center, start, end)
                except DomainError:
                    continue
                found.append(FreeSlot(center, start, end, 0))
    found.sort(key=lambda slot: (slot.starts_at, slot.center.id))
    return found[:limit]


def live_online(meeting: Meeting) -> bool:
    """Whether the meeting is online and not cancelled (its link is worth showing)."""
    return meeting.is_online and meeting.status != MeetingStatus.CANCELLED
