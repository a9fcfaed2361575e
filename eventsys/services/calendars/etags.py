"""Weak ETags of feeds and organizer exports, from a few aggregate and DISTINCT queries, without building the files.

Meetings only ever raise their SEQUENCE when they move or are cancelled, so counts, sums and SEQUENCE catch those;
what a file shows but no SEQUENCE tracks (people's and organizations' names, centers and rooms, the fairs) is read
as the few distinct rows it is — a feed of 5,000 meetings has some fifty people and a few dozen rooms.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from eventsys.formatting import current_language
from eventsys.models import (
    Booth,
    BoothBooking,
    Center,
    Fair,
    Hall,
    Meeting,
    MeetingParticipant,
    MeetingStatus,
    Organization,
    Room,
    User,
)
from eventsys.services.calendars import feeds

#: Raise when the files' layout changes, so subscribed clients fetch them again (2: PUBLISH without ATTENDEE;
#: 3: fair names and build-up/tear-down summaries in the owner's language).
FORMAT_VERSION = 3
#: What a fair's own events and the meetings' ORGANIZER show of it.
FAIR_COLUMNS = (
    Fair.id,
    Fair.slug,
    Fair.name,
    Fair.name_translations,
    Fair.venue,
    Fair.venue_translations,
    Fair.address,
    Fair.address_translations,
    Fair.city,
    Fair.description,
    Fair.description_translations,
    Fair.contact_email,
    Fair.timezone,
    Fair.starts_on,
    Fair.ends_on,
    Fair.build_up_starts_at,
    Fair.build_up_ends_at,
    Fair.tear_down_starts_at,
    Fair.tear_down_ends_at,
)


def feed_etag(session: Session, user: User) -> str:
    """A fingerprint of everything in the user's feed: their meetings, fairs and booths."""
    bookings = session.execute(
        feeds.confirmed_bookings_of(user)
        .with_only_columns(BoothBooking.id, Booth.id, Booth.code, Hall.name, Hall.name_translations)
        .join(Booth, Booth.id == BoothBooking.booth_id)
        .join(Hall, Hall.id == Booth.hall_id)
    ).all()
    fairs = session.execute(select(*FAIR_COLUMNS).where(Fair.id.in_(feeds.fair_ids_of(user)))).all()
    # The user is named in every meeting of their feed, so their own group counts and sums all of them.
    in_feed = Meeting.id.in_(feeds.meetings_of(user))
    meetings = _people_key(session, in_feed), _places_key(session, in_feed)
    # The feed names the fairs, halls and venues and words the build-up and tear-down in the user's language.
    key = (FORMAT_VERSION, "feed", user.id, user.calendar_token, user.locale, meetings, sorted(bookings), sorted(fairs))
    return _digest(key)


def export_etag(session: Session, scope: feeds.ExportScope) -> str:
    """A fingerprint of an organizer export: its scope, its fair as loaded, and the meetings in it."""
    fair = tuple(getattr(scope.fair, column.key) for column in FAIR_COLUMNS)
    center = scope.center and (scope.center.id, scope.center.city, scope.center.city_translations)
    room = scope.room and (scope.room.id, scope.room.name)
    conditions = feeds.export_conditions(scope)
    totals = session.execute(
        select(func.count(Meeting.id), func.sum(Meeting.id), func.sum(Meeting.sequence)).where(*conditions)
    ).one()
    meetings = tuple(totals), _people_key(session, *conditions), _places_key(session, *conditions)
    # The export names the venue in the language of the page that asks for it.
    language = current_language()
    return _digest((FORMAT_VERSION, "export", language, fair, center, room, scope.first_day, scope.last_day, meetings))


def _people_key(session: Session, *conditions) -> list:
    """Who a file names in the matching meetings (active, or all once cancelled): their names, how often, and
    the sums of those meetings' ids and SEQUENCEs, grouped on ids so it costs one pass over the participants."""
    named = MeetingParticipant.is_active | (Meeting.status == MeetingStatus.CANCELLED)
    groups = (
        select(
            MeetingParticipant.user_id,
            MeetingParticipant.organization_id,
            func.count().label("meetings"),
            func.sum(MeetingParticipant.meeting_id).label("meeting_ids"),
            func.sum(Meeting.sequence).label("sequences"),
        )
        .join(Meeting, Meeting.id == MeetingParticipant.meeting_id)
        .where(named, *conditions)
        .group_by(MeetingParticipant.user_id, MeetingParticipant.organization_id)
        .subquery()
    )
    people = session.execute(
        select(groups, User.email, User.name, User.name_local, Organization.name)
        .join(User, User.id == groups.c.user_id)
        .outerjoin(Organization, Organization.id == groups.c.organization_id)
    )
    return sorted(people.all(), key=repr)


def _places_key(session: Session, *conditions) -> list:
    """The rooms and centers of the matching meetings, as the files show them."""
    places = session.execute(
        select(
            Room.id,
            Room.name,
            Center.id,
            Center.name,
            Center.name_translations,
            Center.address,
            Center.address_translations,
            Center.timezone,
            Center.email,
        )
        .join(Center, Center.id == Room.center_id)
        .where(Room.id.in_(select(Meeting.room_id).where(*conditions)))
    )
    return sorted(places.all(), key=repr)


def _digest(key: tuple) -> str:
    return hashlib.sha256(repr(key).encode()).hexdigest()[:32]
