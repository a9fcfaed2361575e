"""Request-free formatting for pages and mails: times in a fair's or center's own zone, yen, country names.

No request, no Jinja: services (mail texts) call these directly; `templating` registers them as filters.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from babel import Locale, dates
from flask import current_app, has_app_context
from flask_babel import format_date, format_decimal, get_locale
from flask_babel import gettext as _


def local_datetime(value: datetime | None, zone: str, format: str = "medium") -> str:
    """A UTC datetime shown in `zone` (the fair's or center's): the date in `format` ("short", "medium", "long"),
    the time always in the locale's short form (no seconds), and the zone named once by its abbreviation."""
    if value is None:
        return ""
    local = value.astimezone(ZoneInfo(zone))
    return f"{_date_and_time(local, format)} {_zone_name(local)}"


def local_time(value: datetime | None, zone: str) -> str:
    """Only the time of day in `zone`, in the locale's short form ("10:00 AM", "10:00"), the zone not named: for
    rows under a heading that names the day and the zone."""
    if value is None:
        return ""
    return dates.format_time(value.astimezone(ZoneInfo(zone)), "short", locale=_locale())


def local_range(start: datetime | None, end: datetime | None, zone: str, format: str = "medium") -> str:
    """From `start` to `end` in `zone` with the zone named once: "Dec 2, 2026, 9:00 AM – 5:00 PM JST"; the date
    is repeated only when the range crosses midnight."""
    if start is None or end is None:
        return local_datetime(start or end, zone, format)
    first, last = start.astimezone(ZoneInfo(zone)), end.astimezone(ZoneInfo(zone))
    if first.date() == last.date():
        until = dates.format_time(last, "short", locale=_locale())
    else:
        until = _date_and_time(last, format)
    return f"{_date_and_time(first, format)} – {until} {_zone_name(last)}"


def clock(value: time | None) -> str:
    """A wall-clock time without a date or zone (opening hours), in the locale's short form."""
    if value is None:
        return ""
    return dates.format_time(value, "short", locale=_locale())


def wall_datetime(value: datetime | None, format: str = "medium") -> str:
    """A datetime that already carries its zone (a center's local time), in the one style of local_datetime."""
    if value is None:
        return ""
    return f"{_date_and_time(value, format)} {_zone_name(value)}" if value.tzinfo else _date_and_time(value, format)


def _date_and_time(local: datetime, format: str) -> str:
    locale = _locale()
    pattern = locale.datetime_formats.get(format) or locale.datetime_formats["medium"]
    day = dates.format_date(local, format, locale=locale)
    hour = dates.format_time(local, "short", locale=locale)
    return str(pattern).replace("{1}", day).replace("{0}", hour)


def _zone_name(local: datetime) -> str:
    return local.tzname() or ""


def meeting_time(value: datetime | None, zone: str, viewer_zone: str | None = None, format: str = "medium") -> str:
    """A meeting's start in its center's zone and, where the viewer's own zone differs, theirs too:
    "13 May 2031, 10:00:00 JST (19:00 Mexico City, previous day)". `format` "time": only the time of day, for rows
    under a heading that names the day: "10:00 JST (19:00 Mexico City, previous day)"."""
    if format == "time":
        here = f"{local_time(value, zone)} {_zone_name(value.astimezone(ZoneInfo(zone)))}" if value else ""
    else:
        here = local_datetime(value, zone, format)
    theirs = viewer_time(value, zone, viewer_zone)
    return _("%(here)s (%(there)s)", here=here, there=theirs) if theirs else here


def viewer_time(value: datetime | None, zone: str, viewer_zone: str | None) -> str:
    """The viewer's own time of a moment shown in `zone`, with their city and the day when it differs
    ("19:00 Mexico City, previous day"); empty when the viewer's zone keeps the same clock."""
    if value is None or not viewer_zone or viewer_zone == zone:
        return ""
    at_center, there = value.astimezone(ZoneInfo(zone)), value.astimezone(ZoneInfo(viewer_zone))
    if at_center.utcoffset() == there.utcoffset():
        return ""
    locale = _locale()
    clock = dates.format_time(there, "short", tzinfo=there.tzinfo, locale=locale)
    city = dates.get_timezone_location(there.tzinfo, locale=locale, return_city=True)
    days = (there.date() - at_center.date()).days
    if days < 0:
        return _("%(time)s %(city)s, previous day", time=clock, city=city)
    if days > 0:
        return _("%(time)s %(city)s, next day", time=clock, city=city)
    return _("%(time)s %(city)s", time=clock, city=city)


def date_range(start: date, end: date) -> str:
    if start == end:
        return format_date(start, "long")
    return _("%(start)s – %(end)s", start=format_date(start, "long"), end=format_date(end, "long"))


def metres(value: float | None) -> str:
    """A length on the 0.5 m grid without a needless ".0": 6 and 2.5, never 6.0."""
    if value is None:
        return ""
    return f"{value:g}"


def translated(text: str | None, translations: dict[str, str] | None) -> str:
    """`text` in the page's language where the organizer wrote it in that language, else as written (English)."""
    return (translations or {}).get(_locale().language) or text or ""


def current_language() -> str:
    """The language pages and mails are being worded in now ("ja"), for what varies with it (cache keys)."""
    return _locale().language


def yen(amount: int | None) -> str:
    return "" if amount is None else f"¥{format_decimal(amount)}"


def country_name(code: str | None) -> str:
    """The country's name in the page's language, from Babel's CLDR data."""
    if not code:
        return ""
    return _locale().territories.get(code.upper(), code.upper())


def _locale() -> Locale:
    if not has_app_context():
        return Locale("en")
    return get_locale() or Locale.parse(current_app.config["BABEL_DEFAULT_LOCALE"])


def load_locale_data(languages: list[str], zone: str) -> None:
    """Read Babel's CLDR data for every page language now: a worker that reads it lazily spends about 0.1 s of
    its first request on it (its first booking mail, say), which a rush at opening time feels."""
    for language in languages:
        locale = Locale.parse(language)
        dates.format_datetime(datetime.now(UTC), "medium", tzinfo=ZoneInfo(zone), locale=locale)
        dates.format_date(datetime.now(UTC).date(), "long", locale=locale)
        locale.territories  # noqa: B018 — country names load on first access
