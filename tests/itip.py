"""A checker of parsed calendars against the restriction tables of RFC 5546 §3.2 for VEVENT methods.

Each table says, for one METHOD, which VEVENT properties must appear exactly once, which at least once, which
must not appear, and which at most once; the VCALENDAR table is the same for every method (§3.2, and RFC 5545
§3.6 for PRODID and VERSION). Only what eventsys writes is covered: PUBLISH, REQUEST and CANCEL.
"""

from __future__ import annotations

from dataclasses import dataclass

import icalendar

#: 0 or 1 in every VEVENT table (RFC 5546 §3.2.1, §3.2.2, §3.2.5).
AT_MOST_ONCE = frozenset(
    [
        "CLASS",
        "CREATED",
        "DESCRIPTION",
        "DTEND",
        "DURATION",
        "GEO",
        "LAST-MODIFIED",
        "LOCATION",
        "PRIORITY",
        "RECURRENCE-ID",
        "RESOURCES",
        "RRULE",
        "SEQUENCE",
        "STATUS",
        "TRANSP",
        "URL",
    ]
)


@dataclass(frozen=True)
class Table:
    """One METHOD's VEVENT restrictions."""

    exactly_once: frozenset[str]
    at_least_once: frozenset[str] = frozenset()
    forbidden: frozenset[str] = frozenset({"REQUEST-STATUS"})
    at_most_once: frozenset[str] = AT_MOST_ONCE
    statuses: frozenset[str] = frozenset({"TENTATIVE", "CONFIRMED", "CANCELLED"})
    alarms: bool = True
    one_uid: bool = False


TABLES = {
    # §3.2.1: "The Organizer MUST be present in a published iCalendar component. Attendees MUST NOT be present."
    "PUBLISH": Table(
        exactly_once=frozenset({"DTSTAMP", "DTSTART", "ORGANIZER", "SUMMARY", "UID"}),
        forbidden=frozenset({"ATTENDEE", "REQUEST-STATUS"}),
        at_most_once=AT_MOST_ONCE | {"CONTACT"},
    ),
    # §3.2.2: one event (every VEVENT the same UID) with its Organizer and at least one Attendee.
    "REQUEST": Table(
        exactly_once=frozenset({"DTSTAMP", "DTSTART", "ORGANIZER", "SUMMARY", "UID"}),
        at_least_once=frozenset({"ATTENDEE"}),
        statuses=frozenset({"TENTATIVE", "CONFIRMED"}),
        one_uid=True,
    ),
    # §3.2.5: SEQUENCE is required, STATUS (if any) is CANCELLED, and there is no VALARM.
    "CANCEL": Table(
        exactly_once=frozenset({"DTSTAMP", "ORGANIZER", "SEQUENCE", "UID"}),
        at_most_once=AT_MOST_ONCE | {"DTSTART", "SUMMARY"},
        statuses=frozenset({"CANCELLED"}),
        alarms=False,
        one_uid=True,
    ),
}
CALENDAR_ONCE = ("METHOD", "PRODID", "VERSION")


def count(component: icalendar.cal.Component, name: str) -> int:
    """How often a property appears on the component itself (not in its subcomponents)."""
    value = component.get(name)
    if value is None:
        return 0
    return len(value) if isinstance(value, list) else 1


def itip_problems(calendar: icalendar.Calendar) -> list[str]:
    """Every way the calendar breaks its METHOD's table; empty when it follows RFC 5546."""
    problems = [
        f"VCALENDAR has {name} {count(calendar, name)} times" for name in CALENDAR_ONCE if count(calendar, name) != 1
    ]
    if count(calendar, "CALSCALE") > 1:
        problems.append("VCALENDAR has CALSCALE more than once")
    method = str(calendar.get("METHOD", "")).upper()
    table = TABLES.get(method)
    if table is None:
        return [*problems, f"no table for METHOD {method!r}"]
    events = [c for c in calendar.subcomponents if c.name == "VEVENT"]
    others = {c.name for c in calendar.subcomponents} - {"VEVENT", "VTIMEZONE"}
    if not events:
        problems.append("no VEVENT")
    if others:
        problems.append(f"components a VEVENT method does not allow: {sorted(others)}")
    if table.one_uid and len({str(e.get("UID")) for e in events}) > 1:
        problems.append(f"{method} with more than one UID")
    for event in events:
        problems += [f"{event.get('UID')}: {problem}" for problem in _event_problems(event, method, table)]
    return problems + _timezone_problems(calendar)


def _event_problems(event: icalendar.cal.Component, method: str, table: Table) -> list[str]:
    problems = [
        f"{name} {count(event, name)} times, must be once" for name in table.exactly_once if count(event, name) != 1
    ]
    problems += [f"no {name}" for name in table.at_least_once if count(event, name) == 0]
    problems += [f"{name} is not allowed in {method}" for name in table.forbidden if count(event, name)]
    problems += [f"{name} more than once" for name in table.at_most_once if count(event, name) > 1]
    if count(event, "DTEND") and count(event, "DURATION"):
        problems.append("both DTEND and DURATION")
    if "STATUS" in event and str(event["STATUS"]).upper() not in table.statuses:
        problems.append(f"STATUS {event['STATUS']} in {method}")
    if "SEQUENCE" in event and int(event["SEQUENCE"]) < 0:
        problems.append("negative SEQUENCE")
    alarms = [c for c in event.subcomponents if c.name == "VALARM"]
    if alarms and not table.alarms:
        problems.append(f"VALARM is not allowed in {method}")
    if {c.name for c in event.subcomponents} - {"VALARM"}:
        problems.append("a VEVENT holds something other than VALARM")
    return problems


def _timezone_problems(calendar: icalendar.Calendar) -> list[str]:
    """§3.2: VTIMEZONE MUST be present for every TZID a date-time refers to."""
    defined = {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")}
    used = set()
    for event in calendar.walk("VEVENT"):
        for name in ("DTSTART", "DTEND", "RECURRENCE-ID"):
            if name in event and "TZID" in event[name].params:
                used.add(str(event[name].params["TZID"]))
    return [f"no VTIMEZONE for {tzid}" for tzid in sorted(used - defined)]


def assert_follows_itip(data: bytes, method: str) -> icalendar.Calendar:
    """Parse the file, check it is a `method` message that follows its table, and return it."""
    calendar = icalendar.Calendar.from_ical(data)
    assert str(calendar.get("METHOD")) == method, f"METHOD {calendar.get('METHOD')}, expected {method}"
    problems = itip_problems(calendar)
    assert not problems, "\n".join(problems)
    return calendar
