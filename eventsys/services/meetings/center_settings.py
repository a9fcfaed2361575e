"""Organizers set up the Business Support Centers: create and edit a center, its rooms, weekly hours and
closures, and close it for good (or reopen it). A closed center takes no new availability or meetings
(centers.ensure_open) and keeps its past meetings."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from eventsys.models import Center, CenterClosure, Meeting, MeetingStatus, OpeningHours, Room, User, utcnow
from eventsys.models.base import stored_translations
from eventsys.services.audit import record
from eventsys.services.errors import ConfirmationNeeded, InvalidInput, NotFound
from eventsys.time_zones import time_zones

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_PHONE = re.compile(r"\+?[0-9][0-9 ()./-]{2,38}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
#: Words the organizer pages use after /organizer/centers/, which a center's slug would hide.
RESERVED_SLUGS = frozenset({"new"})
#: The texts entered per interface language beyond English ({"ja": "…", "es": "…"} each), with their longest.
TRANSLATED_TEXTS = {"city": 80, "name": 160, "address": 255}


@dataclass(frozen=True)
class CenterValues:
    """What an organizer enters for a center."""

    city: str
    name: str
    address: str
    timezone: str
    slot_minutes: int
    buffer_minutes: int
    #: City, name and address in the interface languages other than English, keyed by locale ("ja").
    city_translations: dict[str, str] = field(default_factory=dict)
    name_translations: dict[str, str] = field(default_factory=dict)
    address_translations: dict[str, str] = field(default_factory=dict)
    phone: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class AffectedMeeting:
    """A booked meeting as a change of slot length or zone leaves it: same instant, perhaps off the new grid."""

    meeting: Meeting
    local_start_before: datetime
    local_start_after: datetime
    lasts_minutes: int


def create_center(session: Session, *, slug: str, values: CenterValues, actor: User) -> Center:
    """A new center, open, without rooms or hours yet."""
    slug = (slug or "").strip().lower()
    if not _SLUG.fullmatch(slug) or len(slug) > 40 or slug in RESERVED_SLUGS:
        raise InvalidInput(
            _l("The short name has at most 40 lower-case letters, digits and hyphens, such as sendai."), field="slug"
        )
    if session.scalar(select(Center.id).where(Center.slug == slug)) is not None:
        raise InvalidInput(_l("There is already a center with the short name %(slug)s.", slug=slug), field="slug")
    center = Center(slug=slug)
    _assign(center, _checked(values))
    try:
        with session.begin_nested():
            session.add(center)
            session.flush()
    except IntegrityError:
        raise InvalidInput(
            _l("There is already a center with the short name %(slug)s.", slug=slug), field="slug"
        ) from None
    record(session, "center.create", center, actor=actor, slug=slug, city=center.city, timezone=center.timezone)
    return center


def update_center(
    session: Session, center: Center, values: CenterValues, *, actor: User, confirmed: bool = False
) -> Center:
    """Change a center's details. Booked meetings keep their times; a new slot length or zone that touches
    them is made only when `confirmed`, after the organizer saw get_affected_meetings."""
    values = _checked(values)
    if not confirmed and _changes_grid(center, values):
        affected = get_affected_meetings(session, center, values)
        if affected:
            raise ConfirmationNeeded(
                _l(
                    "%(count)d booked meetings at this center keep their times, listed below. Tick the box and save "
                    "again to change the slot length or time zone.",
                    count=len(affected),
                ),
                field="confirm_changes",
            )
    before = {"slot_minutes": center.slot_minutes, "timezone": center.timezone}
    _assign(center, values)
    session.flush()
    record(session, "center.update", center, actor=actor, before=before, **_audited(values))
    return center


def _changes_grid(center: Center, values: CenterValues) -> bool:
    return values.slot_minutes != center.slot_minutes or values.timezone != center.timezone


def get_affected_meetings(session: Session, center: Center, values: CenterValues) -> list[AffectedMeeting]:
    """The center's booked meetings to come, with their start in the zone before and after the change."""
    after = ZoneInfo(values.timezone) if values.timezone in time_zones() else center.zone
    return [
        AffectedMeeting(
            meeting,
            meeting.starts_at.astimezone(center.zone),
            meeting.starts_at.astimezone(after),
            int((meeting.ends_at - meeting.starts_at).total_seconds() // 60),
        )
        for meeting in session.scalars(_booked(center).order_by(Meeting.starts_at))
    ]


def _booked(center: Center, now: datetime | None = None):
    """Meetings at the center still to come and not cancelled."""
    return select(Meeting).where(
        Meeting.center_id == center.id, Meeting.status == MeetingStatus.SCHEDULED, Meeting.ends_at > (now or utcnow())
    )


def _checked(values: CenterValues) -> CenterValues:
    """The values tidied, or the first refusal."""
    tidy = {f.name: _strip(getattr(values, f.name)) for f in fields(values)}
    for name, limit in (("city", 80), ("name", 160), ("address", 255)):
        if not tidy[name] or len(tidy[name]) > limit:
            raise InvalidInput(_l("Fill in this field (at most %(count)d characters).", count=limit), field=name)
    if tidy["timezone"] not in time_zones():
        raise InvalidInput(_l("Choose a time zone from the list."), field="timezone")
    if not isinstance(tidy["slot_minutes"], int) or not 5 <= tidy["slot_minutes"] <= 240:
        raise InvalidInput(_l("A slot lasts between 5 and 240 minutes."), field="slot_minutes")
    if not isinstance(tidy["buffer_minutes"], int) or not 0 <= tidy["buffer_minutes"] <= 120:
        raise InvalidInput(_l("The buffer lasts between 0 and 120 minutes."), field="buffer_minutes")
    if tidy["phone"] and not _PHONE.fullmatch(tidy["phone"]):
        raise InvalidInput(_l("Enter a phone number of digits, spaces, +, -, ( and )."), field="phone")
    if tidy["email"] and (len(tidy["email"]) > 254 or not _EMAIL.fullmatch(tidy["email"])):
        raise InvalidInput(_l("Enter a valid e-mail address."), field="email")
    for text, limit in TRANSLATED_TEXTS.items():
        translations = _clean(tidy[f"{text}_translations"])
        for language, words in translations.items():
            if len(words) > limit:
                raise InvalidInput(_l("At most %(count)d characters.", count=limit), field=f"{text}_{language}")
        tidy[f"{text}_translations"] = translations
    return CenterValues(**tidy)


def _strip(value):
    return (value.strip() or None) if isinstance(value, str) else value


def _clean(translations: dict[str, str] | None) -> dict[str, str]:
    return {language: text.strip() for language, text in (translations or {}).items() if text and text.strip()}


def _assign(center: Center, values: CenterValues) -> None:
    for f in fields(values):
        value = getattr(values, f.name)
        setattr(center, f.name, dict(value) if isinstance(value, dict) else value)
    # The local-script city and address the API and older readers know are the Japanese ones.
    center.city_local = center.city_translations.get("ja")
    center.address_local = center.address_translations.get("ja")


def values_of(center: Center) -> CenterValues:
    """A center's details as its form shows them; a center from before translations has its Japanese city and
    address only in city_local and address_local."""
    translations = stored_translations(center, TRANSLATED_TEXTS)
    plain = {f.name: getattr(center, f.name) for f in fields(CenterValues) if not f.name.endswith("_translations")}
    return CenterValues(**plain, **translations)


def _audited(values: CenterValues) -> dict[str, object]:
    return {
        "city": values.city,
        "timezone": values.timezone,
        "slot_minutes": values.slot_minutes,
        "buffer_minutes": values.buffer_minutes,
    }


# Rooms


def add_room(session: Session, center: Center, *, name: str, capacity: int, actor: User) -> Room:
    """A new meeting room; names are unique within a center."""
    name = _room_name(center, name, None)
    _check_capacity(capacity)
    room = Room(center=center, name=name, capacity=capacity)
    session.add(room)
    session.flush()
    record(session, "room.create", room, actor=actor, center=center.slug, capacity=capacity)
    return room


def get_room(center: Center, room_id: int) -> Room:
    room = next((room for room in center.rooms if room.id == room_id), None)
    if room is None:
        raise NotFound(_l("No such room."))
    return room


def update_room(session: Session, center: Center, room: Room, *, name: str, capacity: int, actor: User) -> Room:
    """Rename a room or change its seats; its meetings stay in it."""
    room.name = _room_name(center, name, room.id)
    _check_capacity(capacity)
    room.capacity = capacity
    session.flush()
    record(session, "room.update", room, actor=actor, center=center.slug, name=room.name, capacity=capacity)
    return room


def delete_room(session: Session, center: Center, room: Room, *, actor: User) -> None:
    """Delete a room without booked meetings; a room with past ones keeps their record and is refused too."""
    booked = session.scalar(
        select(func.count()).select_from(_booked(center).where(Meeting.room_id == room.id).subquery())
    )
    if booked:
        raise InvalidInput(
            _l("%(count)d booked meetings are in %(room)s. Move or cancel them first.", count=booked, room=room.name)
        )
    past = session.scalar(select(func.count(Meeting.id)).where(Meeting.room_id == room.id))
    if past:
        raise InvalidInput(
            _l(
                "%(room)s keeps the record of %(count)d earlier meetings, so it cannot be deleted; rename it instead.",
                count=past,
                room=room.name,
            )
        )
    record(session, "room.delete", room, actor=actor, center=center.slug, name=room.name)
    center.rooms.remove(room)
    session.delete(room)
    session.flush()


def _room_name(center: Center, name: str, own_id: int | None) -> str:
    name = (name or "").strip()
    if not name or len(name) > 80:
        raise InvalidInput(_l("Give the room a name."), field="name")
    if any(room.name == name and room.id != own_id for room in center.rooms):
        raise InvalidInput(_l("This center already has a room of that name."), field="name")
    return name


def _check_capacity(capacity: int) -> None:
    if not 2 <= capacity <= 500:
        raise InvalidInput(_l("A meeting room seats at least two people."), field="capacity")


# Weekly hours and closures


def set_opening_hours(
    session: Session, center: Center, *, weekday: int, opens_at: time | None, closes_at: time | None, actor: User
) -> None:
    """Set a weekday's hours, or close the weekday when both times are None."""
    if not 0 <= weekday <= 6:
        raise InvalidInput(_l("Choose a weekday."), field="weekday")
    current = next((hours for hours in center.opening_hours if hours.weekday == weekday), None)
    if opens_at is None and closes_at is None:
        if current is not None:
            center.opening_hours.remove(current)
    elif opens_at is None or closes_at is None or closes_at <= opens_at:
        raise InvalidInput(_l("The center must close after it opens."), field="closes_at")
    elif current is None:
        center.opening_hours.append(OpeningHours(weekday=weekday, opens_at=opens_at, closes_at=closes_at))
    else:
        current.opens_at, current.closes_at = opens_at, closes_at
    session.flush()
    record(session, "center.hours", center, actor=actor, weekday=weekday, opens_at=str(opens_at), closes=str(closes_at))


def add_closure(session: Session, center: Center, *, on: date, reason: str | None, actor: User) -> CenterClosure:
    """Close the center on one date (public holidays are closed anyway); refused on a day with booked meetings."""
    if not date(2000, 1, 1) <= on <= date(2100, 12, 31):
        raise InvalidInput(_l("Choose a date between 2000 and 2100."), field="on")
    if any(closure.on == on for closure in center.closures):
        raise InvalidInput(_l("The center is already closed on that day."), field="on")
    start = datetime.combine(on, time(), center.zone)
    that_day = _booked(center).where(Meeting.starts_at >= start, Meeting.starts_at < start + timedelta(days=1))
    booked = session.scalar(select(func.count()).select_from(that_day.subquery()))
    if booked:
        raise InvalidInput(
            _l("%(count)d meetings are booked at this center that day. Move or cancel them first.", count=booked),
            field="on",
        )
    closure = CenterClosure(on=on, reason=(reason or "").strip() or None)
    center.closures.append(closure)
    session.flush()
    record(session, "center.closure", center, actor=actor, on=on.isoformat())
    return closure


def remove_closure(session: Session, center: Center, closure_id: int, *, actor: User) -> None:
    closure = next((c for c in center.closures if c.id == closure_id), None)
    if closure is None:
        raise NotFound(_l("No such closure."))
    center.closures.remove(closure)
    session.flush()
    record(session, "center.reopen", center, actor=actor, on=closure.on.isoformat())


# Closing for good


def close_center(session: Session, center: Center, *, actor: User, now: datetime | None = None) -> None:
    """Close the center: no new availability or meetings; refused while meetings to come are booked there."""
    if center.is_closed:
        raise InvalidInput(_l("The center is already closed."))
    booked = session.scalar(select(func.count()).select_from(_booked(center, now).subquery()))
    if booked:
        raise InvalidInput(
            _l("%(count)d meetings to come are booked at this center. Move or cancel them first.", count=booked)
        )
    center.closed_at = now or utcnow()
    session.flush()
    record(session, "center.close", center, actor=actor, city=center.city)


def reopen_center(session: Session, center: Center, *, actor: User) -> None:
    """Open a closed center again, with the rooms, hours and closures it had."""
    if not center.is_closed:
        raise InvalidInput(_l("The center is open."))
    center.closed_at = None
    session.flush()
    record(session, "center.reopen_center", center, actor=actor, city=center.city)
