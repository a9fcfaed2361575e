"""Private subscription feeds and organizer exports: which rows go in, and the feeds' secret tokens."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session, aliased, selectinload

from eventsys.formatting import translated
from eventsys.models import (
    BookingStatus,
    Booth,
    BoothBooking,
    Center,
    Fair,
    FairStatus,
    Meeting,
    MeetingParticipant,
    MeetingRequest,
    MeetingStatus,
    Membership,
    Organization,
    Room,
    User,
    new_calendar_token,
    utcnow,
)
from eventsys.services import audit, mail
from eventsys.services.calendars import invitations as calendars
from eventsys.services.errors import InvalidInput

#: The longest organizer export, in days.
MAX_EXPORT_DAYS = 400


# Tokens


def calendar_token(session: Session, user: User) -> str:
    """The user's feed token; every account gets one when it is made, so this only writes for one not yet saved."""
    if user.calendar_token is None:
        user.calendar_token = new_calendar_token()
        session.flush()
    return user.calendar_token


def regenerate_calendar_token(session: Session, user: User, *, actor: User) -> str:
    """A fresh token; the old feed URL stops working at once."""
    user.calendar_token = new_calendar_token()
    audit.record(session, "calendar.token_regenerated", user, actor=actor)
    session.flush()
    return user.calendar_token


def get_user_by_token(session: Session, token: str) -> User | None:
    """The active user whose feed this is, or None for any unknown, old or malformed token."""
    if not token or len(token) > 64:
        return None
    user = session.scalar(select(User).where(User.calendar_token == token))
    if user is None or not user.is_active or not secrets.compare_digest(user.calendar_token, token):
        return None
    return user


# A user's feed


def meetings_of(user: User):
    """Meetings the user is in; one they were taken out of leaves their feed (clients then drop it)."""
    return (
        select(MeetingParticipant.meeting_id)
        .join(Meeting, Meeting.id == MeetingParticipant.meeting_id)
        .where(
            MeetingParticipant.user_id == user.id,
            MeetingParticipant.is_active | (Meeting.status == MeetingStatus.CANCELLED),
        )
    )


def _organizations_of(user: User):
    return select(Membership.organization_id).where(Membership.user_id == user.id)


def confirmed_bookings_of(user: User):
    """The confirmed booth bookings of the user's organizations, as a query."""
    return select(BoothBooking).where(
        BoothBooking.organization_id.in_(_organizations_of(user)), BoothBooking.status == BookingStatus.CONFIRMED
    )


def fair_ids_of(user: User):
    """Fairs where the user's organization has a confirmed booth, or where the user has a meeting."""
    booked = select(BoothBooking.fair_id).where(
        BoothBooking.organization_id.in_(_organizations_of(user)), BoothBooking.status == BookingStatus.CONFIRMED
    )
    met = select(Meeting.fair_id).where(Meeting.id.in_(meetings_of(user)))
    return booked.union(met)


def user_feed(session: Session, user: User, *, base_url: str = "") -> bytes:
    """The user's feed: their meetings, their fairs' days, and their booths' build-up and tear-down, with the venues
    in the user's language."""
    with mail.in_language_of(user):
        return _user_feed(session, user, base_url)


def _user_feed(session: Session, user: User, base_url: str) -> bytes:
    stamp = utcnow()
    meetings = meeting_facts(session, Meeting.id.in_(meetings_of(user)))
    listed = select(Fair).where(Fair.id.in_(fair_ids_of(user)), Fair.status != FairStatus.DRAFT)
    fairs = session.scalars(listed.order_by(Fair.starts_on)).all()
    events = [calendars.fair_days_event(fair, base_url=base_url, stamp=stamp) for fair in fairs]
    bookings = session.scalars(
        confirmed_bookings_of(user).options(selectinload(BoothBooking.booth).selectinload(Booth.hall))
    ).all()
    for booking in bookings:
        events += calendars.booking_events(booking, base_url=base_url, stamp=stamp)[1:]
    return calendars.calendar_bytes(events, name=f"eventsys: {user.name}", meetings=meetings, base_url=base_url)


def meeting_facts(session: Session, *conditions) -> list[calendars.MeetingFacts]:
    """The facts of the meetings that match, from two plain row queries: thousands in a fraction of a second."""
    requester, recipient = aliased(Organization), aliased(Organization)
    rows = session.execute(
        select(
            Meeting.id,
            Meeting.uid,
            Meeting.sequence,
            Meeting.starts_at,
            Meeting.ends_at,
            Meeting.status,
            Meeting.subject,
            Center.name,
            Center.address,
            Center.timezone,
            Center.email,
            Room.name,
            Center.name_translations,
            Center.address_translations,
            Meeting.video_url,
            requester.name,
            recipient.name,
            MeetingRequest.message,
            MeetingRequest.language,
            Fair.name,
            Fair.contact_email,
            Fair.name_translations,
        )
        .join(Center, Center.id == Meeting.center_id)
        .outerjoin(Room, Room.id == Meeting.room_id)
        .join(Fair, Fair.id == Meeting.fair_id)
        .outerjoin(MeetingRequest, MeetingRequest.id == Meeting.request_id)
        .outerjoin(requester, requester.id == MeetingRequest.requester_organization_id)
        .outerjoin(recipient, recipient.id == MeetingRequest.recipient_organization_id)
        .where(*conditions)
        .order_by(Meeting.starts_at, Meeting.id)
    ).all()
    people = _people(session, select(Meeting.id).where(*conditions))
    return [_facts(row, people.get(row[0], [])) for row in rows]


def _people(session: Session, meeting_ids) -> dict[int, list[tuple[calendars.Person, str | None]]]:
    """Each meeting's participants (as calendars.attending() picks them) with their organization, in order."""
    people: dict[int, list[tuple[calendars.Person, str | None]]] = {}
    rows = session.execute(
        select(MeetingParticipant.meeting_id, User.email, User.name, User.name_local, Organization.name)
        .join(User, User.id == MeetingParticipant.user_id)
        .join(Meeting, Meeting.id == MeetingParticipant.meeting_id)
        .outerjoin(Organization, Organization.id == MeetingParticipant.organization_id)
        .where(
            MeetingParticipant.meeting_id.in_(meeting_ids),
            MeetingParticipant.is_active | (Meeting.status == MeetingStatus.CANCELLED),
        )
        .order_by(MeetingParticipant.id)
    )
    for meeting_id, email, name, name_local, organization in rows:
        people.setdefault(meeting_id, []).append((calendars.Person(email, name, name_local), organization))
    return people


def _facts(row, people: list[tuple[calendars.Person, str | None]]) -> calendars.MeetingFacts:
    id_, uid, sequence, starts_at, ends_at, status, subject, center, address, zone, center_email, room = row[:12]
    name_translations, address_translations = row[12:14]
    video_url, requester, recipient, message, language, fair_name, fair_email, fair_names = row[14:]
    # In the current language: a feed's owner's, or an export's page's.
    center, address = translated(center, name_translations), translated(address, address_translations)
    if requester is None:  # no request: the sides are the participants' organizations
        names = list(dict.fromkeys(organization or person.name for person, organization in people)) + ["?", "?"]
        requester, recipient = names[0], names[1]
    fair_name = translated(fair_name, fair_names)
    organizer_email, organizer_name = (fair_email, fair_name) if fair_email else (center_email, center)
    return calendars.MeetingFacts(
        id=id_,
        uid=uid,
        sequence=sequence,
        starts_at=starts_at,
        ends_at=ends_at,
        cancelled=status == MeetingStatus.CANCELLED,
        subject=subject,
        center_name=center,
        center_address=address,
        center_timezone=zone,
        room_name=room,
        video_url=video_url,
        sides=(requester, recipient),
        message=message,
        language=language,
        organizer_email=organizer_email or "no-reply@eventsys.local",
        organizer_name=organizer_name,
        people=tuple(person for person, _ in people),
    )


# Organizer exports


@dataclass(frozen=True)
class ExportScope:
    """What an organizer exports: a fair, optionally one center or one room, over days in the fair's zone."""

    fair: Fair
    center: Center | None = None
    room: Room | None = None
    first_day: date | None = None
    last_day: date | None = None


def export_scope(
    fair: Fair,
    *,
    center: Center | None = None,
    room: Room | None = None,
    first_day: date | None = None,
    last_day: date | None = None,
) -> ExportScope:
    """Check an export's filters: the room in the center, the days in order and not too many."""
    if room is not None and center is not None and room.center_id != center.id:
        raise InvalidInput(_l("That room is not in that center."), field="room")
    if first_day and last_day and last_day < first_day:
        raise InvalidInput(_l("The last day comes before the first day."), field="last_day")
    if first_day and last_day and (last_day - first_day).days >= MAX_EXPORT_DAYS:
        raise InvalidInput(_l("Export at most %(days)s days at a time.", days=MAX_EXPORT_DAYS), field="last_day")
    return ExportScope(fair, center or (room.center if room else None), room, first_day, last_day)


def export_meetings(session: Session, scope: ExportScope) -> list[calendars.MeetingFacts]:
    """The fair's meetings in the scope, cancelled ones included so subscribers drop them, by start."""
    return meeting_facts(session, *export_conditions(scope))


def export_conditions(scope: ExportScope) -> list:
    """Which meetings an export holds, as conditions on Meeting (its build and its ETag read the same)."""
    conditions = [Meeting.fair_id == scope.fair.id]
    if scope.center is not None:
        conditions.append(Meeting.center_id == scope.center.id)
    if scope.room is not None:
        conditions.append(Meeting.room_id == scope.room.id)
    zone = ZoneInfo(scope.fair.timezone)
    if scope.first_day is not None:
        conditions.append(Meeting.starts_at >= _day_start(scope.first_day, zone))
    if scope.last_day is not None:
        conditions.append(Meeting.starts_at < _day_start(scope.last_day + timedelta(days=1), zone))
    return conditions


def organizer_export(
    session: Session, scope: ExportScope, *, base_url: str = "", meetings: list[calendars.MeetingFacts] | None = None
) -> bytes:
    """The export's .ics: the fair's days and every meeting in the scope, times in UTC."""
    fair = scope.fair
    meetings = export_meetings(session, scope) if meetings is None else meetings
    city = scope.center and translated(scope.center.city, scope.center.city_translations)
    name = " / ".join(filter(None, (fair.name, city, scope.room and scope.room.name)))
    days = calendars.fair_days_event(fair, base_url=base_url)
    return calendars.calendar_bytes([days], name=name, meetings=meetings, base_url=base_url)


def export_filename(scope: ExportScope) -> str:
    parts = [scope.fair.slug, scope.center and scope.center.slug, scope.room and f"room-{scope.room.id}"]
    return "-".join(filter(None, parts)) + ".ics"


def _day_start(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time.min, tzinfo=zone).astimezone(UTC)
