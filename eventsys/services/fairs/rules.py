"""The rules a fair's settings must keep, each refusal with a message for the field it is about.

Times arrive as the organizer typed them: wall-clock times in the fair's own zone (FairSettings). They are checked
against the fair's days in that zone, so "booking closes by the end of the last day" means the last day there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from eventsys.models import BookingMode, Booth, Fair, Sector
from eventsys.services.errors import InvalidInput
from eventsys.time_zones import time_zones

#: Lowercase words of letters and digits joined by single hyphens: sushi-tech-tokyo-2028.
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
#: Dates outside these years are typing mistakes (and would overflow date arithmetic near year 9999).
FIRST_YEAR, LAST_YEAR = 2000, 2100
#: Booking may open at most this long before the fair's first day.
LONGEST_LEAD = timedelta(days=731)
HOLD_MINUTES = (5, 1440)
BOOTHS_PER_ORGANIZATION = (1, 1000)
#: Longest texts, as the columns store them.
LENGTHS = {
    "name": 160,
    "venue": 160,
    "city": 80,
    "address": 255,
    "description": 5000,
    "contact_email": 254,
    "website": 255,
}


@dataclass
class FairSettings:
    """A fair's settings as the organizer enters them: datetimes are naive wall-clock times in `timezone`."""

    name: str
    slug: str
    venue: str
    city: str
    timezone: str
    starts_on: date
    ends_on: date
    booking_opens: datetime
    booking_closes: datetime
    booking_mode: BookingMode = BookingMode.FIRST_COME
    hold_minutes: int = 15
    max_booths_per_organization: int = 1
    description: str | None = None
    #: Name, description, venue and address in the interface languages other than English, keyed by locale ("ja").
    name_translations: dict[str, str] = field(default_factory=dict)
    description_translations: dict[str, str] = field(default_factory=dict)
    venue_translations: dict[str, str] = field(default_factory=dict)
    address_translations: dict[str, str] = field(default_factory=dict)
    address: str | None = None
    build_up_starts: datetime | None = None
    build_up_ends: datetime | None = None
    tear_down_starts: datetime | None = None
    tear_down_ends: datetime | None = None
    contact_email: str | None = None
    website: str | None = None
    sector_ids: list[int] = field(default_factory=list)
    #: Online meetings from this day to the fair's last day, between these times in each center's zone; all None:
    #: no online meetings.
    online_from: date | None = None
    online_opens_at: time | None = None
    online_closes_at: time | None = None


def start_of(day: date, zone: str) -> datetime:
    """Midnight at the start of `day` in `zone`, as an aware datetime."""
    return datetime.combine(day, time(0), ZoneInfo(zone))


def check_settings(session: Session, settings: FairSettings, fair: Fair | None = None) -> None:
    """Refuse the first setting that breaks a rule; `fair` is the fair being edited (None for a new one)."""
    check_texts(settings)
    check_slug(session, settings.slug, fair)
    check_time_zone(settings.timezone)
    check_dates(settings)
    check_wall_clock_times(settings)
    check_booking_window(settings)
    check_build_up_and_tear_down(settings)
    check_numbers(settings)
    check_online_window(settings)
    check_sectors(session, settings.sector_ids, fair)


def check_texts(settings: FairSettings) -> None:
    for name in ("name", "venue", "city"):
        if not (getattr(settings, name) or "").strip():
            raise InvalidInput(_l("This field is required."), field=name)
    for name, longest in LENGTHS.items():
        if len(getattr(settings, name) or "") > longest:
            raise InvalidInput(_l("At most %(count)d characters.", count=longest), field=name)
    for kind, translations in (
        ("name", settings.name_translations),
        ("description", settings.description_translations),
        ("venue", settings.venue_translations),
        ("address", settings.address_translations),
    ):
        for language, text in translations.items():
            if len(text or "") > LENGTHS[kind]:
                raise InvalidInput(_l("At most %(count)d characters.", count=LENGTHS[kind]), field=f"{kind}_{language}")
    if settings.contact_email and not EMAIL.fullmatch(settings.contact_email.strip()):
        raise InvalidInput(_l("Enter a valid e-mail address."), field="contact_email")
    if settings.website and not settings.website.strip().startswith(("https://", "http://")):
        raise InvalidInput(_l("Enter the website's address, starting with https://."), field="website")


def check_slug(session: Session, slug: str, fair: Fair | None = None) -> None:
    """A lowercase kebab-case address that no other fair has."""
    if not SLUG.fullmatch(slug or "") or len(slug) > 80:
        raise InvalidInput(
            _l("Use lowercase letters, digits and single hyphens (at most 80), such as sushi-tech-tokyo-2028."),
            field="slug",
        )
    taken = select(Fair.id).where(Fair.slug == slug)
    if fair is not None and fair.id is not None:
        taken = taken.where(Fair.id != fair.id)
    if session.scalar(taken) is not None:
        raise InvalidInput(_l("Another fair already has the address %(slug)s.", slug=slug), field="slug")


def check_time_zone(zone: str) -> None:
    if zone not in time_zones():
        raise InvalidInput(_l("Unknown time zone %(zone)s: choose one from the list.", zone=zone), field="timezone")


def check_dates(settings: FairSettings) -> None:
    """Sane years everywhere, and a last day on or after the first."""
    named = {
        "starts_on": settings.starts_on,
        "ends_on": settings.ends_on,
        "booking_opens": settings.booking_opens,
        "booking_closes": settings.booking_closes,
        "build_up_starts": settings.build_up_starts,
        "build_up_ends": settings.build_up_ends,
        "tear_down_starts": settings.tear_down_starts,
        "tear_down_ends": settings.tear_down_ends,
    }
    for name, value in named.items():
        if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
            raise InvalidInput(
                _l("Enter a date between %(first)d and %(last)d.", first=FIRST_YEAR, last=LAST_YEAR), field=name
            )
    if settings.ends_on < settings.starts_on:
        raise InvalidInput(_l("The fair cannot end before it starts."), field="ends_on")


#: The settings entered as wall-clock times in the fair's zone.
WALL_CLOCK_TIMES = (
    "booking_opens",
    "booking_closes",
    "build_up_starts",
    "build_up_ends",
    "tear_down_starts",
    "tear_down_ends",
)


def exists_in_zone(value: datetime, zone: str) -> bool:
    """Whether the wall-clock time `value` happens in `zone`: not in the hour the clocks skip when they go forward."""
    aware = value.replace(tzinfo=ZoneInfo(zone))
    return aware.astimezone(UTC).astimezone(ZoneInfo(zone)).replace(tzinfo=None) == value


def check_wall_clock_times(settings: FairSettings) -> None:
    """Each time happens in the fair's zone. One the clocks skip would be saved an hour later, and could put a
    window's end before its start (which the database refuses): the rules below compare wall-clock times."""
    for name in WALL_CLOCK_TIMES:
        value = getattr(settings, name)
        if value is not None and not exists_in_zone(value, settings.timezone):
            raise InvalidInput(
                _l(
                    "There is no %(time)s on %(day)s in %(zone)s: the clocks skip it. Choose another time.",
                    time=value.strftime("%H:%M"),
                    day=value.date().isoformat(),
                    zone=settings.timezone,
                ),
                field=name,
            )


def check_booking_window(settings: FairSettings) -> None:
    """Booking opens before it closes, at most two years before the fair, and closes by the end of its last day."""
    if settings.booking_closes <= settings.booking_opens:
        raise InvalidInput(_l("Booking must close after it opens."), field="booking_closes")
    last_moment = datetime.combine(settings.ends_on + timedelta(days=1), time(0))
    if settings.booking_closes > last_moment:
        raise InvalidInput(_l("Booking must close by the end of the fair's last day."), field="booking_closes")
    if settings.booking_opens < datetime.combine(settings.starts_on, time(0)) - LONGEST_LEAD:
        raise InvalidInput(_l("Booking may open at most two years before the fair."), field="booking_opens")


def check_build_up_and_tear_down(settings: FairSettings) -> None:
    """Build-up ends by the end of the first day; tear-down starts on or after the last day; each in order."""
    _check_window(settings.build_up_starts, settings.build_up_ends, "build_up")
    _check_window(settings.tear_down_starts, settings.tear_down_ends, "tear_down")
    first_day_ends = datetime.combine(settings.starts_on + timedelta(days=1), time(0))
    if settings.build_up_ends is not None and settings.build_up_ends > first_day_ends:
        raise InvalidInput(_l("Build-up must end by the end of the fair's first day."), field="build_up_ends")
    last_day_starts = datetime.combine(settings.ends_on, time(0))
    if settings.tear_down_starts is not None and settings.tear_down_starts < last_day_starts:
        raise InvalidInput(_l("Tear-down must start on or after the fair's last day."), field="tear_down_starts")


def _check_window(starts: datetime | None, ends: datetime | None, name: str) -> None:
    if (starts is None) != (ends is None):
        missing = f"{name}_ends" if ends is None else f"{name}_starts"
        raise InvalidInput(_l("Give both the start and the end, or neither."), field=missing)
    if starts is not None and ends <= starts:
        raise InvalidInput(_l("The end must come after the start."), field=f"{name}_ends")


#: How long before the fair online meetings may start.
LONGEST_ONLINE_LEAD = timedelta(days=366)


def check_online_window(settings: FairSettings) -> None:
    """Online meetings: a first day, on or before the fair's last and at most a year before its first, and hours
    in order; or none of the three."""
    values = (settings.online_from, settings.online_opens_at, settings.online_closes_at)
    if all(value is None for value in values):
        return
    for name, value in zip(("online_from", "online_opens_at", "online_closes_at"), values, strict=True):
        if value is None:
            raise InvalidInput(
                _l("For online meetings give the first day and both times, or leave all three empty."), field=name
            )
    if settings.online_from > settings.ends_on:
        raise InvalidInput(_l("Online meetings must start by the fair's last day."), field="online_from")
    if settings.online_from < settings.starts_on - LONGEST_ONLINE_LEAD:
        raise InvalidInput(_l("Online meetings may start at most a year before the fair."), field="online_from")
    if settings.online_closes_at <= settings.online_opens_at:
        raise InvalidInput(_l("The end must come after the start."), field="online_closes_at")


def check_numbers(settings: FairSettings) -> None:
    low, high = HOLD_MINUTES
    if not low <= settings.hold_minutes <= high:
        raise InvalidInput(
            _l("A hold lasts from %(low)d to %(high)d minutes.", low=low, high=high), field="hold_minutes"
        )
    low, high = BOOTHS_PER_ORGANIZATION
    if not low <= settings.max_booths_per_organization <= high:
        raise InvalidInput(
            _l("Allow from %(low)d to %(high)d booths per company.", low=low, high=high),
            field="max_booths_per_organization",
        )


def check_sectors(session: Session, sector_ids: list[int], fair: Fair | None) -> None:
    """Known sectors only; and a sector that zones booths of the fair stays offered (its booths would have an
    unknown zone)."""
    wanted = set(sector_ids)
    known = set(session.scalars(select(Sector.id).where(Sector.id.in_(wanted)))) if wanted else set()
    if wanted - known:
        raise InvalidInput(_l("Choose sectors from the list."), field="sectors")
    if fair is None or fair.id is None:
        return
    in_use = session.execute(
        select(Sector.name, func.count(Booth.id))
        .join(Booth, Booth.sector_id == Sector.id)
        .where(Booth.fair_id == fair.id, Sector.id.not_in(wanted) if wanted else Sector.id.is_not(None))
        .group_by(Sector.id, Sector.name)
        .order_by(Sector.name)
        .limit(1)
    ).first()
    if in_use is not None:
        raise InvalidInput(
            _l(
                "The zone %(zone)s has %(count)d booths: give them another zone on the floor plan before you stop "
                "offering it, or they would be in an unknown zone.",
                zone=in_use[0],
                count=in_use[1],
            ),
            field="sectors",
        )
