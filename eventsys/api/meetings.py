"""Meetings for programs: the Business Support Centers, my meetings, the free slots of a request and booking one."""

from __future__ import annotations

from flask import Blueprint, abort, current_app
from flask_babel import gettext as _
from flask_login import current_user
from pydantic import AwareDatetime, Field

from eventsys.access import load_fair, load_request
from eventsys.api.schemas import Id, Schema, Timestamp
from eventsys.api.spec import answers, login_required, spec
from eventsys.extensions import db
from eventsys.models import Center as CenterRecord
from eventsys.models import Meeting as MeetingRecord
from eventsys.models import MeetingMode, MeetingStatus, Organization, OrganizationKind, PreferenceLevel
from eventsys.services.errors import InvalidInput, NotAllowed
from eventsys.services.meetings import agenda, free_slots
from eventsys.services.meetings import booking as meeting_service
from eventsys.services.meetings import centers as center_service
from eventsys.services.meetings import online as online_service
from eventsys.services.meetings import preferences as preference_service
from eventsys.services.meetings.booking import daily_cap
from eventsys.services.meetings.free_slots import FreeSlot as FreeSlotRecord

bp = Blueprint("meetings", __name__)
TAGS = ("meetings",)


class Room(Schema):
    name: str
    capacity: int


class OpeningHours(Schema):
    weekday: int = Field(description="0 is Monday")
    opens: str = Field(description="HH:MM in the center's zone")
    closes: str = Field(description="HH:MM in the center's zone")


class Center(Schema):
    """A Business Support Center with its rooms and opening hours."""

    slug: str
    city: str
    name: str
    address: str
    timezone: str = Field(description="IANA zone")
    slot_minutes: int
    closed: bool = Field(description="A closed center takes no new availability or meetings")
    rooms: list[Room]
    opening_hours: list[OpeningHours]

    @classmethod
    def of(cls, center: CenterRecord) -> Center:
        hours = [
            OpeningHours(weekday=h.weekday, opens=h.opens_at.strftime("%H:%M"), closes=h.closes_at.strftime("%H:%M"))
            for h in center.opening_hours
        ]
        fields = {name: getattr(center, name) for name in ("slug", "city", "name", "address", "timezone")}
        return cls(
            **fields, slot_minutes=center.slot_minutes, closed=center.is_closed, rooms=center.rooms, opening_hours=hours
        )


class CenterList(Schema):
    centers: list[Center]


class Meeting(Schema):
    id: int
    uid: str = Field(description="iCalendar UID")
    sequence: int = Field(description="iCalendar SEQUENCE, raised on every change sent")
    status: MeetingStatus
    request: int | None = Field(description="The meeting request's id")
    center: str = Field(description="The center's slug (for an online meeting: its zone and slot length)")
    mode: MeetingMode = Field(description="in_person (in a room) or online (at video_url)")
    room: str | None = Field(description="The room's name; null for an online meeting")
    video_url: str | None = Field(description="The video call's https link; null for a meeting in person")
    starts_at: Timestamp
    ends_at: Timestamp
    local_start: Timestamp = Field(description="The start in the center's zone")
    participants: list[str]
    interpreter: str | None = Field(description="The interpreter's name, when the sides share no language")

    @classmethod
    def of(cls, meeting: MeetingRecord) -> Meeting:
        return cls(
            id=meeting.id,
            uid=meeting.uid,
            sequence=meeting.sequence,
            status=meeting.status,
            request=meeting.request_id,
            center=meeting.center.slug,
            mode=meeting.mode,
            room=meeting.room.name if meeting.room else None,
            video_url=meeting.video_url,
            starts_at=meeting.starts_at,
            ends_at=meeting.ends_at,
            local_start=meeting.starts_at.astimezone(meeting.center.zone),
            participants=[p.user.name for p in meeting.participants],
            interpreter=meeting.interpreter.name if meeting.interpreter else None,
        )


class MeetingList(Schema):
    meetings: list[Meeting] = Field(description="Live meetings, soonest first")


class Slot(Schema):
    center: int = Field(description="The center's id")
    starts_at: Timestamp
    ends_at: Timestamp
    rooms_free: int = Field(description="0 for an online slot, which needs no room")
    mode: MeetingMode = Field(description="in_person, or online (booked with a video_url)")

    @classmethod
    def of(cls, slot: FreeSlotRecord, mode: MeetingMode = MeetingMode.IN_PERSON) -> Slot:
        return cls(
            center=slot.center.id,
            starts_at=slot.starts_at,
            ends_at=slot.ends_at,
            rooms_free=slot.rooms_free,
            mode=mode,
        )


class SlotList(Schema):
    slots: list[Slot]


class SlotChoice(Schema):
    """The slot to book, as GET …/slots lists it."""

    center: Id = Field(description="The center's id")
    starts_at: AwareDatetime = Field(description="ISO 8601 with its UTC offset")
    mode: MeetingMode = Field(MeetingMode.IN_PERSON, description="online books an online slot at video_url")
    video_url: str | None = Field(
        None, max_length=2000, description="For an online meeting: https link of the call, at most 500 characters"
    )


class WishChoice(Schema):
    """What my organization wishes of a counterpart at a fair; null clears the mark."""

    level: PreferenceLevel | None = Field(description="must_meet, would_like, no_thanks, or null")


class Wish(Schema):
    fair: str = Field(description="The fair's slug")
    counterpart: int = Field(description="The counterpart organization's id")
    level: PreferenceLevel | None


@bp.get("/centers")
@spec.validate(resp=answers(CenterList), tags=TAGS)
def list_centers():
    """The open Business Support Centers with rooms and opening hours."""
    return CenterList(centers=[Center.of(c) for c in center_service.get_centers(db.session, open_only=True)])


@bp.get("/centers/<slug>")
@spec.validate(resp=answers(Center, 404), tags=TAGS)
def show_center(slug: str):
    """One center."""
    center = center_service.get_center(db.session, slug)
    if center is None:
        abort(404)
    return Center.of(center)


@bp.get("/meetings")
@login_required()
@spec.validate(resp=answers(MeetingList, 401), tags=TAGS)
def list_meetings():
    """My live meetings, soonest first."""
    return MeetingList(meetings=[Meeting.of(m) for m in agenda.get_agenda(db.session, current_user)])


@bp.get("/meetings/requests/<int:request_id>/slots")
@login_required()
@spec.validate(resp=answers(SlotList, 401, 404), tags=TAGS)
def list_slots(request_id: int):
    """Slots an accepted request can be booked into: both free, a room free, travel allows it; then the online
    slots, when the fair offers online meetings (the first 48, on one center's grid)."""
    meeting_request = load_request(request_id)
    centers = center_service.get_centers(db.session)
    cap = daily_cap(current_app.config)
    slots = [Slot.of(s) for s in free_slots.get_free_slots(db.session, meeting_request, centers, daily_cap=cap)]
    online_center = online_service.online_center(db.session, meeting_request, centers)
    if online_center is not None:
        found = online_service.get_free_online_slots(db.session, meeting_request, [online_center], daily_cap=cap)
        slots += [Slot.of(s, MeetingMode.ONLINE) for s in found]
    return SlotList(slots=slots)


@bp.post("/meetings/requests/<int:request_id>/book")
@login_required()
@spec.validate(resp=answers(Meeting, 400, 401, 403, 404, 409, 422, status=201), tags=TAGS)
def book_meeting(request_id: int, json: SlotChoice):
    """Book a slot for an accepted request: the room (none online) and both people in one transaction."""
    meeting_request = load_request(request_id)
    center = db.session.get(CenterRecord, json.center)
    if center is None:
        raise InvalidInput(_("Give a center id and a start time with its UTC offset."), field="center")
    if json.mode == MeetingMode.ONLINE:
        meeting = online_service.book_online_meeting(
            db.session,
            meeting_request,
            current_user,
            center=center,
            starts_at=json.starts_at,
            video_url=json.video_url,
            daily_cap=daily_cap(current_app.config),
        )
    else:
        meeting = meeting_service.book_meeting(
            db.session,
            meeting_request,
            current_user,
            center=center,
            starts_at=json.starts_at,
            daily_cap=daily_cap(current_app.config),
        )
    answer = Meeting.of(meeting)
    db.session.commit()  # the service queued the participants' invitations for this commit
    return answer, 201


@bp.put("/meetings/fairs/<slug>/wishes/<int:organization_id>")
@login_required()
@spec.validate(resp=answers(Wish, 400, 401, 403, 404, 422), tags=TAGS)
def set_wish(slug: str, organization_id: int, json: WishChoice):
    """Mark a counterpart must-meet, would-like or no-thanks (investors mark startups, startups investors)."""
    fair = load_fair(slug)
    counterpart = db.session.get(Organization, organization_id)
    if counterpart is None:
        abort(404)
    own = current_user.organization
    if own is None or not (own.kind == OrganizationKind.STARTUP or own.is_investor):
        raise NotAllowed(_("Only investors and startups mark wishes."))
    preference_service.set_wish(db.session, fair, own, counterpart, json.level, current_user)
    db.session.commit()
    return Wish(fair=fair.slug, counterpart=counterpart.id, level=json.level)
