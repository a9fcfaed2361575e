"""iCalendar files (RFC 5545, iTIP RFC 5546) for meetings, fair days and booth bookings: request-free, bytes out."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from icalendar import Alarm, Calendar, Event, vCalAddress, vText
from sqlalchemy.orm import object_session

from eventsys.formatting import meeting_time, translated
from eventsys.models import BoothBooking, Fair, Meeting, MeetingStatus, User, utcnow
from eventsys.services.calendars.lines import LineWriter, param_value, utc_stamp

PRODID = "-//eventsys//eventsys calendars//EN"
#: iTIP methods an invitation may carry.
METHODS = ("REQUEST", "CANCEL", "PUBLISH")
REMINDER = timedelta(minutes=15)


@dataclass(frozen=True, slots=True)
class Person:
    """A participant as calendars name them."""

    email: str
    name: str
    name_local: str | None = None
    #: The person's own zone, for the time in theirs beside the center's.
    timezone: str | None = None

    @property
    def display_name(self) -> str:
        return display_name(self)


@dataclass(frozen=True, slots=True)
class MeetingFacts:
    """What a meeting's VEVENT says, read from the ORM for one file or from plain rows for a feed of thousands."""

    id: int
    uid: str
    sequence: int
    starts_at: datetime
    ends_at: datetime
    cancelled: bool
    subject: str | None
    center_name: str
    center_address: str
    center_timezone: str
    #: None for an online meeting, which has video_url instead.
    room_name: str | None
    sides: tuple[str, str]
    message: str | None
    language: str | None
    organizer_email: str
    organizer_name: str
    people: tuple[Person, ...]
    video_url: str | None = None

    @property
    def summary(self) -> str:
        return f"{self.sides[0]} × {self.sides[1]}"

    @property
    def location(self) -> str:
        """The room's address, or the link of an online meeting (calendar clients make it clickable)."""
        if self.video_url:
            return self.video_url
        return ", ".join(filter(None, (self.center_name, self.room_name, self.center_address)))

    @property
    def description(self) -> str:
        """Who meets whom about what, in plain text."""
        lines = [f"Meeting: {self.summary}"]
        if self.subject:
            lines.append(f"Subject: {self.subject}")
        lines.append("Participants:")
        lines += [f"- {person.display_name} <{person.email}>" for person in self.people]
        if self.video_url:
            lines.append(f"Online: {self.video_url}")
        else:
            lines.append(f"Room: {self.room_name}, {self.center_name}")
        lines.append(f"When: {meeting_time(self.starts_at, self.center_timezone)}")
        for person in self.people:
            theirs = meeting_time(self.starts_at, self.center_timezone, person.timezone)
            if person.timezone and theirs != meeting_time(self.starts_at, self.center_timezone):
                lines.append(f"When for {person.display_name}: {theirs}")
        if self.language:
            lines.append(f"Language: {self.language}")
        if self.message:
            lines += ["", self.message]
        return "\n".join(lines)

    def url(self, base_url: str) -> str:
        """The participant's meeting agenda (meetings.agenda), at this meeting's entry."""
        return f"{base_url}/meetings/#meeting-{self.id}"


def meeting_invitation(meeting: Meeting, method: str = "REQUEST", *, base_url: str = "") -> bytes:
    """The iTIP message for one meeting: REQUEST to invite or update, CANCEL to call it off, PUBLISH to file it."""
    if method not in METHODS:
        raise ValueError(f"unknown iTIP method {method!r}")
    if method == "REQUEST" and meeting.status == MeetingStatus.CANCELLED:
        raise ValueError("a cancelled meeting is sent as CANCEL, not REQUEST")  # REQUEST has no STATUS:CANCELLED
    facts = meeting_facts(meeting)
    calendar = new_calendar(method=method, name=facts.summary)
    calendar.add_component(meeting_event(facts, method=method, zone=ZoneInfo(facts.center_timezone), base_url=base_url))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def meeting_file(meeting: Meeting, *, base_url: str = "") -> bytes:
    """The .ics a participant downloads: a plain PUBLISH of the meeting, or its CANCEL once cancelled."""
    method = "CANCEL" if meeting.status == MeetingStatus.CANCELLED else "PUBLISH"
    return meeting_invitation(meeting, method, base_url=base_url)


def booking_file(booking: BoothBooking, *, base_url: str = "") -> bytes:
    """The .ics for a booth booking: the fair's days and the booth's build-up and tear-down."""
    fair = booking.booth.fair
    calendar = new_calendar(method="PUBLISH", name=translated(fair.name, fair.name_translations))
    for event in booking_events(booking, base_url=base_url):
        calendar.add_component(event)
    return calendar.to_ical()


def new_calendar(*, method: str | None = None, name: str | None = None) -> Calendar:
    """An empty VCALENDAR with the properties every client wants."""
    calendar = Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    if method:
        calendar.add("METHOD", method)
    if name:
        calendar.add("X-WR-CALNAME", name)
    return calendar


def meeting_facts(meeting: Meeting, fair: Fair | None = None) -> MeetingFacts:
    """A meeting's facts from the ORM; the fair (for the organizer mailbox) is looked up when not given."""
    fair = fair or _fair_of(meeting)
    center = meeting.center
    request = meeting.request
    center_name = translated(center.name, center.name_translations)
    organizer_email, organizer_name = organizer_of(fair, center.email, center_name)
    return MeetingFacts(
        id=meeting.id,
        uid=meeting.uid,
        sequence=meeting.sequence,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        cancelled=meeting.status == MeetingStatus.CANCELLED,
        subject=meeting.subject,
        center_name=center_name,
        center_address=translated(center.address, center.address_translations),
        center_timezone=center.timezone,
        room_name=meeting.room.name if meeting.room else None,
        video_url=meeting.video_url,
        sides=meeting_sides(meeting),
        message=request.message if request else None,
        language=request.language if request else None,
        organizer_email=organizer_email,
        organizer_name=organizer_name,
        people=tuple(Person(p.user.email, p.user.name, p.user.name_local, p.user.timezone) for p in attending(meeting)),
    )


def attending(meeting: Meeting) -> list:
    """The participants a file names: the active ones, or everybody once cancelled (cancelling frees them all)."""
    cancelled = meeting.status == MeetingStatus.CANCELLED
    return [p for p in meeting.participants if p.is_active or cancelled]


def meeting_event(
    facts: MeetingFacts, *, method: str, zone: tzinfo = UTC, base_url: str = "", stamp: datetime | None = None
) -> Event:
    """The VEVENT of a meeting as RFC 5546 §3.2 has it for `method`, times in `zone` (the caller adds VTIMEZONE).

    PUBLISH names nobody as ATTENDEE (its table forbids them; the DESCRIPTION lists the participants), REQUEST
    asks every participant to answer, CANCEL names everybody it frees and carries no VALARM.
    """
    event = Event()
    event.add("UID", facts.uid)
    event.add("SEQUENCE", facts.sequence)
    event.add("DTSTAMP", stamp or utcnow())
    event.add("DTSTART", facts.starts_at.astimezone(zone))
    event.add("DTEND", facts.ends_at.astimezone(zone))
    event.add("SUMMARY", facts.summary)
    event.add("DESCRIPTION", facts.description)
    event.add("LOCATION", facts.location)
    if facts.video_url:
        event.add("CONFERENCE", facts.video_url, parameters={"VALUE": "URI", "FEATURE": "VIDEO"})
    event.add("STATUS", "CANCELLED" if facts.cancelled or method == "CANCEL" else "CONFIRMED")
    event.add("URL", facts.url(base_url))
    event.add("ORGANIZER", organizer(facts.organizer_email, facts.organizer_name), encode=False)
    if method != "PUBLISH":
        for person in facts.people:
            event.add("ATTENDEE", attendee(person, answer=method == "REQUEST"), encode=False)
    if method != "CANCEL":
        event.add_component(reminder(facts.summary))
    return event


def write_meeting(lines: LineWriter, facts: MeetingFacts, *, base_url: str, stamp: str) -> None:
    """The same VEVENT as meeting_event(method="PUBLISH") in UTC, written straight to lines for feeds of thousands."""
    lines.lines.append("BEGIN:VEVENT")
    lines.text("UID", facts.uid)
    lines.raw("SEQUENCE", str(facts.sequence))
    lines.raw("DTSTAMP", stamp)
    lines.raw("DTSTART", utc_stamp(facts.starts_at))
    lines.raw("DTEND", utc_stamp(facts.ends_at))
    lines.text("SUMMARY", facts.summary)
    lines.text("DESCRIPTION", facts.description)
    lines.text("LOCATION", facts.location)
    if facts.video_url:
        lines.raw("CONFERENCE", facts.video_url, ";FEATURE=VIDEO;VALUE=URI")
    lines.raw("STATUS", "CANCELLED" if facts.cancelled else "CONFIRMED")
    lines.raw("URL", facts.url(base_url))
    lines.raw("ORGANIZER", f"mailto:{facts.organizer_email}", f";CN={param_value(facts.organizer_name)}")
    lines.lines += ["BEGIN:VALARM", "ACTION:DISPLAY"]
    lines.text("DESCRIPTION", facts.summary)
    lines.lines += ["TRIGGER:-PT15M", "END:VALARM", "END:VEVENT"]


#: Who every ATTENDEE is: a person asked to take part.
ATTENDEE_PARAMS = "CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT"
#: What a REQUEST adds: the person has not answered yet and is asked to.
ANSWER_PARAMS = "PARTSTAT=NEEDS-ACTION;RSVP=TRUE"


def attendee(person: Person | User, *, answer: bool = True) -> vCalAddress:
    """An ATTENDEE, CN in the person's own script; asked to answer (PARTSTAT=NEEDS-ACTION, RSVP=TRUE) in a REQUEST."""
    address = vCalAddress(f"mailto:{person.email}")
    address.params["CN"] = vText(display_name(person))
    for pair in (f"{ATTENDEE_PARAMS};{ANSWER_PARAMS}" if answer else ATTENDEE_PARAMS).split(";"):
        key, value = pair.split("=")
        address.params[key] = value
    return address


def organizer(email: str, name: str) -> vCalAddress:
    """The ORGANIZER every method's VEVENT must have: where replies and questions go."""
    address = vCalAddress(f"mailto:{email}")
    address.params["CN"] = vText(name)
    return address


def reminder(summary: str) -> Alarm:
    """A display alarm 15 minutes before the start."""
    alarm = Alarm()
    alarm.add("ACTION", "DISPLAY")
    alarm.add("DESCRIPTION", summary)
    alarm.add("TRIGGER", -REMINDER)
    return alarm


def display_name(person: Person | User) -> str:
    """Both scripts when a person has a local name: "山田 太郎 (Taro Yamada)"."""
    if person.name_local and person.name_local != person.name:
        return f"{person.name_local} ({person.name})"
    return person.name


def meeting_sides(meeting: Meeting) -> tuple[str, str]:
    """The two organizations' names, requester first; from the participants when there is no request."""
    request = meeting.request
    if request is not None:
        return request.requester_organization.name, request.recipient_organization.name
    names = [p.user.organization.name if p.user.organization else p.user.name for p in meeting.participants]
    names = list(dict.fromkeys(names)) + ["?", "?"]
    return names[0], names[1]


def meeting_summary(meeting: Meeting) -> str:
    first, second = meeting_sides(meeting)
    return f"{first} × {second}"


def meeting_description(meeting: Meeting) -> str:
    """Who meets whom about what, in plain text."""
    return meeting_facts(meeting).description


def fair_days_event(fair: Fair, *, base_url: str = "", stamp: datetime | None = None) -> Event:
    """The fair's opening days as one all-day event (DTEND is the day after the last day, RFC 5545), named and
    described in the current language (a feed's owner's) where the organizer wrote it in it."""
    event = Event()
    event.add("UID", f"fair-{fair.id}-days@eventsys")
    event.add("DTSTAMP", stamp or utcnow())
    event.add("DTSTART", fair.starts_on)
    event.add("DTEND", fair.ends_on + timedelta(days=1))
    event.add("SUMMARY", translated(fair.name, fair.name_translations))
    event.add("LOCATION", fair_location(fair, with_city=True))
    event.add("TRANSP", "TRANSPARENT")
    event.add("URL", f"{base_url}/fairs/{fair.slug}")
    event.add("ORGANIZER", organizer(*organizer_of(fair, None, fair.name)), encode=False)
    description = translated(fair.description, fair.description_translations)
    if description:
        event.add("DESCRIPTION", description)
    return event


def fair_location(fair: Fair, hall: str | None = None, *, with_city: bool = False) -> str:
    """Venue, hall, address (and city): venue and address in the current language where the organizer wrote them in
    it (a mail's recipient's, a feed's owner's), else as the fair wrote them."""
    venue, address = (
        translated(fair.venue, fair.venue_translations),
        translated(fair.address, fair.address_translations),
    )
    return ", ".join(filter(None, (venue, hall, address, fair.city if with_city else None)))


def booking_events(booking: BoothBooking, *, base_url: str = "", stamp: datetime | None = None) -> list[Event]:
    """The fair's days plus the booth's build-up and tear-down, where the fair has them, worded in the current
    language (a feed's owner's, a download's page's)."""
    booth = booking.booth
    fair = booth.fair
    events = [fair_days_event(fair, base_url=base_url, stamp=stamp)]
    fair_name, hall_name = (
        translated(fair.name, fair.name_translations),
        translated(booth.hall.name, booth.hall.name_translations),
    )
    windows = (
        ("build-up", fair.build_up_starts_at, fair.build_up_ends_at),
        ("tear-down", fair.tear_down_starts_at, fair.tear_down_ends_at),
    )
    for key, starts_at, ends_at in windows:
        if starts_at is None or ends_at is None:
            continue
        if key == "build-up":
            summary = _("Build-up: booth %(code)s, %(fair)s", code=booth.code, fair=fair_name)
        else:
            summary = _("Tear-down: booth %(code)s, %(fair)s", code=booth.code, fair=fair_name)
        event = Event()
        event.add("UID", f"booking-{booking.id}-{key}@eventsys")
        event.add("DTSTAMP", stamp or utcnow())
        event.add("DTSTART", starts_at.astimezone(UTC))
        event.add("DTEND", ends_at.astimezone(UTC))
        event.add("SUMMARY", summary)
        event.add("LOCATION", fair_location(fair, hall_name))
        event.add("URL", f"{base_url}/fairs/{fair.slug}")
        event.add("ORGANIZER", organizer(*organizer_of(fair, None, fair.name)), encode=False)
        events.append(event)
    return events


def calendar_bytes(
    events: Iterable[Event], *, name: str, meetings: Iterable[MeetingFacts] = (), base_url: str = ""
) -> bytes:
    """A PUBLISH calendar in UTC, as feeds and exports serve it: a few icalendar events, then the meetings."""
    lines = LineWriter()
    lines.lines += ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    lines.text("X-WR-CALNAME", name)
    head = lines.to_bytes()
    lines = LineWriter()
    stamp = utc_stamp(utcnow())
    for facts in meetings:
        write_meeting(lines, facts, base_url=base_url, stamp=stamp)
    lines.lines.append("END:VCALENDAR")
    return head + b"".join(event.to_ical() for event in events) + lines.to_bytes()


def google_calendar_url(
    summary: str, starts: datetime | date, ends: datetime | date, *, details: str = "", location: str = ""
) -> str:
    """A link that opens Google Calendar's "add event" form filled in."""
    query = {"action": "TEMPLATE", "text": summary, "dates": f"{_google_time(starts)}/{_google_time(ends)}"}
    if details:
        query["details"] = details
    if location:
        query["location"] = location
    return "https://calendar.google.com/calendar/render?" + urlencode(query)


def _google_time(moment: datetime | date) -> str:
    if isinstance(moment, datetime):
        return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return moment.strftime("%Y%m%d")


def organizer_of(fair: Fair | None, center_email: str | None, center_name: str) -> tuple[str, str]:
    """The ORGANIZER's mailbox and name: the fair's, else the center's; replies and acceptances go there."""
    if fair is not None and fair.contact_email:
        return fair.contact_email, translated(fair.name, fair.name_translations)
    return center_email or "no-reply@eventsys.local", center_name


def _fair_of(meeting: Meeting) -> Fair | None:
    session = object_session(meeting)
    return session.get(Fair, meeting.fair_id) if session is not None and meeting.fair_id else None
